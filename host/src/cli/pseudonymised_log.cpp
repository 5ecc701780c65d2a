#include "sgaudit/cli/pseudonymised_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sgaudit::cli {
namespace {

// Each line's text replaced, then handed to the logger's own sinks (colours and all).
class PseudonymisingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    PseudonymisingSink(const report::Pseudonyms& p, std::vector<spdlog::sink_ptr> inner) : p_(p), inner_(std::move(inner)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string text = p_.text(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg shown(msg.time, msg.source, msg.logger_name, msg.level, text);
        for (auto& s : inner_)
            if (s->should_log(shown.level)) s->log(shown);
    }
    void flush_() override {
        for (auto& s : inner_) s->flush();
    }

private:
    const report::Pseudonyms& p_;
    std::vector<spdlog::sink_ptr> inner_;
};

}  // namespace

PseudonymisedLog::PseudonymisedLog(const report::Pseudonyms& p) : own_(spdlog::default_logger()->sinks()) {
    spdlog::default_logger()->sinks().assign(1, std::make_shared<PseudonymisingSink>(p, own_));
}

PseudonymisedLog::~PseudonymisedLog() { spdlog::default_logger()->sinks() = own_; }

}  // namespace sgaudit::cli
