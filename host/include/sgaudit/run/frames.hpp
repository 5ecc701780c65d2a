#pragma once
// The pipe between a worker and the host. A frame is a 32-bit little-endian length, then a type
// byte and a payload (wire.hpp) of that length less one. The first frame is `hello` with the
// protocol version, the last is `done` with the plugin's Status; anything else — an unknown type,
// a length over kMaxFrame, a payload that does not decode, bytes after `done`, a stream that ends
// inside a frame — is malformed output, and the host stops the worker.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sgaudit/run/plugin_output.hpp"

namespace sgaudit::run::frames {

enum class Type : std::uint8_t {
    hello = 1,           // u32 protocol version
    result = 2,          // wire::Result
    section = 3,         // wire::ReportSection
    log = 4,             // u8 level, text
    progress = 5,        // u64 done, u64 total
    expired_waiver = 6,  // wire::ExpiredWaiver
    out_of_memory = 7,   // no payload: an allocation failed at the memory limit
    done = 8,            // u8 ok, text message: the plugin returned
};

inline constexpr std::uint32_t kProtocol = 2;  // 2: sections carry cell fills, column types and a sheet name
inline constexpr std::size_t kMaxFrame = 64u << 20;  // a report section with a large picture fits
inline constexpr std::size_t kFlushBytes = 64u << 10;

// Appends one whole frame of `type` with `payload` to `out`.
void append(std::string& out, Type type, std::string_view payload);

// The worker's side: a PluginOutput that frames everything it is given onto `fd`. Buffered: it
// writes when 64 KiB are waiting, when 100 ms have passed since the last write, on every log line,
// and at done(), so what a plugin delivered before it crashed has mostly reached the host.
class Writer final : public PluginOutput {
public:
    explicit Writer(int fd);
    void add(Result&& result) override;
    void section(ReportSection&& section) override;
    void log(LogLevel level, std::string_view message) override;
    void progress(std::uint64_t done, std::uint64_t total) override;
    void expired_waiver(const rules::ExpiredWaiver& waiver) override;
    // The last frame: the plugin's own Status, or why its output could not all be sent. Writes
    // everything still buffered.
    void done(const Status& status);
    // False once a write failed (the host has gone); nothing more is sent.
    bool healthy() const { return healthy_; }

private:
    void put(Type type, const std::string& payload, bool flush_now);
    void flush();
    int fd_;
    bool healthy_ = true;
    std::string failure_;  // a result that could not be sent: the plugin cannot have finished
    std::string buffer_, scratch_;
    std::chrono::steady_clock::time_point last_flush_;
};

// The host's side: bytes in, whole frames out.
struct Frame {
    Type type;
    std::string_view payload;  // valid until the next call to feed() or next()
};

class Reader {
public:
    void feed(std::string_view bytes);
    // The next whole frame; nothing when more bytes are needed or when the stream is malformed
    // (then error() says why and stays set).
    std::optional<Frame> next();
    const std::string& error() const { return error_; }
    // Bytes of an unfinished frame are waiting: at the end of the stream, that is malformed.
    bool partial() const { return buffer_.size() > offset_; }

private:
    std::string buffer_;
    std::size_t offset_ = 0;
    std::string error_;
};

}  // namespace sgaudit::run::frames
