#pragma once
// Counts every result per rule and keeps the ones the run asked for: with --results failures
// passes are counted but not kept, so memory stays flat on national-size data.
#include <map>
#include <utility>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::run {

class ResultCollector final : public rules::ResultSink {
public:
    ResultCollector(RunResult& run, const std::string& plugin, const rules::RuleSet& rules);
    void add(Result&& result) override;

private:
    RunResult& run_;
    std::map<std::string, std::size_t> index_;  // rule id -> position in run_.rule_summary
};

}  // namespace sgaudit::run
