#pragma once
// With --pseudonymise, what `run` says on the terminal names no child either: every log line
// (the host's and each plugin's, relayed from its worker) passes through Pseudonyms::text
// before it is printed, as the reports do.
#include <spdlog/sinks/sink.h>

#include <memory>
#include <vector>

#include "sgaudit/report/pseudonyms.hpp"

namespace sgaudit::cli {

// Routes the default logger's lines through `p` while it lives; its end gives the logger its
// own sinks back (so nothing refers to `p` after; `p` must outlive it).
class PseudonymisedLog {
public:
    explicit PseudonymisedLog(const report::Pseudonyms& p);
    ~PseudonymisedLog();
    PseudonymisedLog(const PseudonymisedLog&) = delete;
    PseudonymisedLog& operator=(const PseudonymisedLog&) = delete;

private:
    std::vector<std::shared_ptr<spdlog::sinks::sink>> own_;
};

}  // namespace sgaudit::cli
