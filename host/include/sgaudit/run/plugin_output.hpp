#pragma once
// Everything a running plugin hands back to the run: its results (as the rule engine judged
// them), report sections, log lines, progress and expired waivers. The one seam between where a
// plugin runs (in the host, or in a worker process whose output is framed down a pipe) and where
// its output goes (the run's result sink, the plugin's record, the log).
#include <cstdint>
#include <string_view>

#include "sgaudit/rules/engine.hpp"

namespace sgaudit::run {

class PluginOutput : public rules::ResultSink {
public:
    // add(Result&&), from ResultSink: one result, as it arrives.
    virtual void section(ReportSection&& section) = 0;
    virtual void log(LogLevel level, std::string_view message) = 0;
    virtual void progress(std::uint64_t done, std::uint64_t total) = 0;
    virtual void expired_waiver(const rules::ExpiredWaiver& waiver) = 0;
};

}  // namespace sgaudit::run
