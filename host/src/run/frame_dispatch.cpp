#include "sgaudit/run/frame_dispatch.hpp"

#include "sgaudit/run/wire.hpp"

namespace sgaudit::run {

void FrameDispatch::bytes(std::string_view data) {
    if (!seen_.malformed.empty()) return;
    reader_.feed(data);
    while (seen_.malformed.empty()) {
        auto frame = reader_.next();
        if (!frame) break;
        handle(*frame);
    }
    if (seen_.malformed.empty() && !reader_.error().empty()) malformed(reader_.error());
}

void FrameDispatch::end() { seen_.truncated = reader_.partial(); }

void FrameDispatch::malformed(std::string why) {
    if (seen_.malformed.empty()) seen_.malformed = std::move(why);
}

void FrameDispatch::handle(const frames::Frame& frame) {
    using frames::Type;
    if (!greeted_ && frame.type != Type::hello) return malformed("it did not begin with the worker's greeting");
    if (seen_.done_ok) return malformed("it sent more after it had finished");
    wire::Reader in(frame.payload);
    auto decoded = [&](const char* what) {
        if (in.finish()) return true;
        malformed(std::string("a ") + what + " that could not be read: " + in.error());
        return false;
    };
    switch (frame.type) {
        case Type::hello: {
            auto version = in.u32();
            if (!decoded("greeting")) return;
            if (greeted_ || version != frames::kProtocol) return malformed("an unexpected greeting");
            greeted_ = true;
            return;
        }
        case Type::result: {
            Result r = in.result();
            if (!decoded("result")) return;
            if (r.plugin != plugin_) return malformed("a result for another plugin, '" + r.plugin + "'");
            return out_.add(std::move(r));
        }
        case Type::section: {
            ReportSection s = in.section();
            if (decoded("report section")) out_.section(std::move(s));
            return;
        }
        case Type::log: {
            auto level = static_cast<LogLevel>(in.below(4, "log level"));
            std::string message = in.str();
            if (!decoded("log line")) return;
            seen_.last_log = message;
            return out_.log(level, message);
        }
        case Type::progress: {
            auto done = in.u64(), total = in.u64();
            if (decoded("progress report")) out_.progress(done, total);
            return;
        }
        case Type::expired_waiver: {
            auto w = in.expired_waiver();
            if (decoded("expired waiver")) out_.expired_waiver(w);
            return;
        }
        case Type::out_of_memory:
            if (decoded("memory report")) seen_.out_of_memory = true;
            return;
        case Type::done: {
            bool ok = in.below(2, "flag") == 1;
            std::string message = in.str();
            if (!decoded("final status")) return;
            seen_.done_ok = ok;
            seen_.done_message = std::move(message);
            return;
        }
    }
}

}  // namespace sgaudit::run
