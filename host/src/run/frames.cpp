#include "sgaudit/run/frames.hpp"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "sgaudit/run/wire.hpp"

namespace sgaudit::run::frames {

void append(std::string& out, Type type, std::string_view payload) {
    wire::Writer w(out);
    w.u32(static_cast<std::uint32_t>(payload.size() + 1));
    w.u8(static_cast<std::uint8_t>(type));
    out.append(payload);
}

// ---- the worker's side ------------------------------------------------------------------------

Writer::Writer(int fd) : fd_(fd), last_flush_(std::chrono::steady_clock::now()) {
    buffer_.reserve(kFlushBytes * 2);
    std::string hello;
    wire::Writer(hello).u32(kProtocol);
    put(Type::hello, hello, true);  // first on the pipe, before anything a plugin could cause
}

void Writer::put(Type type, const std::string& payload, bool flush_now) {
    if (!healthy_) return;
    if (payload.size() + 1 > kMaxFrame) {
        // A section can be left out with a word in the log; a result cannot: one missing would
        // make the counts wrong, so the plugin fails.
        std::string what = (type == Type::section ? "a report section of " : "a result of ") + std::to_string(payload.size()) +
                           " bytes, more than the " + std::to_string(kMaxFrame >> 20) + " MiB a worker may send at once";
        if (type == Type::section) return log(LogLevel::error, what + ", was left out of the report");
        failure_ = "it produced " + what;
        throw std::length_error(failure_);
    }
    append(buffer_, type, payload);
    auto now = std::chrono::steady_clock::now();
    if (flush_now || buffer_.size() >= kFlushBytes || now - last_flush_ >= std::chrono::milliseconds(100)) flush();
}

void Writer::flush() {
    std::size_t at = 0;
    while (healthy_ && at < buffer_.size()) {
        ssize_t n = ::write(fd_, buffer_.data() + at, buffer_.size() - at);
        if (n > 0) at += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EINTR) healthy_ = false;
    }
    buffer_.clear();
    last_flush_ = std::chrono::steady_clock::now();
}

void Writer::add(Result&& result) {
    scratch_.clear();
    wire::Writer(scratch_).result(result);
    put(Type::result, scratch_, false);
}

void Writer::section(ReportSection&& section) {
    scratch_.clear();
    wire::Writer(scratch_).section(section);
    put(Type::section, scratch_, false);
}

void Writer::log(LogLevel level, std::string_view message) {
    scratch_.clear();
    wire::Writer w(scratch_);
    w.u8(static_cast<std::uint8_t>(level));
    w.str(message);
    put(Type::log, scratch_, true);
}

void Writer::progress(std::uint64_t done, std::uint64_t total) {
    scratch_.clear();
    wire::Writer w(scratch_);
    w.u64(done);
    w.u64(total);
    put(Type::progress, scratch_, false);
}

void Writer::expired_waiver(const rules::ExpiredWaiver& waiver) {
    scratch_.clear();
    wire::Writer(scratch_).expired_waiver(waiver);
    put(Type::expired_waiver, scratch_, false);
}

void Writer::done(const Status& status) {
    scratch_.clear();
    wire::Writer w(scratch_);
    w.u8(status && failure_.empty() ? 1 : 0);
    w.str(failure_.empty() ? status.message() : failure_);
    put(Type::done, scratch_, true);
}

// ---- the host's side --------------------------------------------------------------------------

void Reader::feed(std::string_view bytes) {
    // Drop what was consumed before growing, so the buffer holds about one frame at most.
    if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
        buffer_.erase(0, offset_);
        offset_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<Frame> Reader::next() {
    if (!error_.empty() || buffer_.size() - offset_ < 4) return std::nullopt;
    wire::Reader head(std::string_view(buffer_).substr(offset_, 4));
    std::uint32_t length = head.u32();
    if (length == 0 || length > kMaxFrame) {
        error_ = "a frame of " + std::to_string(length) + " bytes (at most " + std::to_string(kMaxFrame) + " are allowed)";
        return std::nullopt;
    }
    if (buffer_.size() - offset_ - 4 < length) return std::nullopt;
    auto type = static_cast<std::uint8_t>(buffer_[offset_ + 4]);
    if (type < static_cast<std::uint8_t>(Type::hello) || type > static_cast<std::uint8_t>(Type::done)) {
        error_ = "a frame of unknown type " + std::to_string(type);
        return std::nullopt;
    }
    Frame f{static_cast<Type>(type), std::string_view(buffer_).substr(offset_ + 5, length - 1)};
    offset_ += 4 + length;
    return f;
}

}  // namespace sgaudit::run::frames
