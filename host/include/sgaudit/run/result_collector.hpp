#pragma once
// Counts every result per rule and keeps the ones the run asked for: with --results failures
// passes are counted but not kept, so memory stays flat on national-size data.
//
// Results go into the run as they arrive. Their counts do not: they are staged per plugin and
// join the run's rule_summary, totals, by_area and by_team only when finish(true) says the plugin
// completed. A plugin that stopped part-way (failed, crashed, timed out) keeps its results — they
// are what it delivered, marked incomplete by its status — but none of its counts, so no total
// ever mixes a partial audit with complete ones.
#include <map>
#include <utility>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::run {

class ResultCollector final : public rules::ResultSink {
public:
    ResultCollector(RunResult& run, const std::string& plugin, const rules::RuleSet& rules);
    void add(Result&& result) override;
    // Every result handed over so far, kept or not.
    std::size_t delivered() const { return totals_.evaluated; }
    // Once, when the plugin has ended: its counts join the run only if it completed.
    void finish(bool completed);

private:
    RunResult& run_;
    // Staged until finish(): the plugin's rows of the rule summary and its share of the totals.
    std::vector<RuleCounts> rules_;
    std::map<std::string, std::size_t> index_;  // rule id -> position in rules_
    RuleCounts totals_;
    std::map<std::string, RuleCounts> by_area_, by_team_;
};

}  // namespace sgaudit::run
