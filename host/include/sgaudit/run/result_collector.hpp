#pragma once
// Where one plugin's results leave the rule engine: each is made storable (so every report and
// the history say the same) and passed on at once to the run's stream, which counts it and hands
// it to the history and the reports. Nothing here keeps a result.
#include <string>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::run {

class ResultCollector final : public rules::ResultSink {
public:
    // Tells `stream` the plugin is starting, with its rules.
    ResultCollector(ResultStream& stream, const std::string& plugin, const rules::RuleSet& rules);
    void add(Result&& result) override;
    // The plugin ended; `complete` is false when it stopped part-way.
    void ended(bool complete);
    // Every result handed over so far (for the plugin's record: what it delivered).
    std::size_t delivered() const { return delivered_; }
    // Once, when the plugin has ended: its counts join the run's only if it completed (the
    // stream keeps them apart until then); its results have streamed on either way.
    void finish(bool completed) { ended(completed); }

private:
    ResultStream& stream_;
    std::string plugin_;
    std::size_t delivered_ = 0;
};

// A stream that drops everything, for a run nobody listens to.
ResultStream& discard_stream();

}  // namespace sgaudit::run
