#include "sgaudit/run/result_collector.hpp"

namespace sgaudit::run {

void RuleCounts::add(Outcome o) {
    ++evaluated;
    switch (o) {
        case Outcome::pass: ++pass; break;
        case Outcome::fail: ++fail; break;
        case Outcome::not_applicable: ++not_applicable; break;
        case Outcome::waived: ++waived; break;
        case Outcome::error: ++error; break;
    }
}

ResultCollector::ResultCollector(RunResult& run, const std::string& plugin, const rules::RuleSet& rules) : run_(run) {
    // Every enabled rule appears in the summary, even one that met no subject.
    for (const auto& r : rules.rules) {
        if (!r.enabled) continue;
        index_[r.id] = run_.rule_summary.size();
        run_.rule_summary.push_back(RuleCounts{plugin, r.id, r.title, r.severity});
    }
}

void ResultCollector::add(Result&& result) {
    auto it = index_.find(result.rule);
    if (it != index_.end()) run_.rule_summary[it->second].add(result.outcome);
    run_.totals.add(result.outcome);
    run_.by_area[result.subject.area].add(result.outcome);
    run_.by_team[result.subject.team].add(result.outcome);
    if (run_.failures_only && result.outcome == Outcome::pass) return;
    run_.results.push_back(std::move(result));
}

}  // namespace sgaudit::run
