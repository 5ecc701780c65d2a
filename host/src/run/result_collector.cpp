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

namespace {
void merge_counts(RuleCounts& into, const RuleCounts& from) {
    into.evaluated += from.evaluated;
    into.pass += from.pass;
    into.fail += from.fail;
    into.not_applicable += from.not_applicable;
    into.waived += from.waived;
    into.error += from.error;
}
}  // namespace

ResultCollector::ResultCollector(RunResult& run, const std::string& plugin, const rules::RuleSet& rules) : run_(run) {
    // Every enabled rule appears in the summary, even one that met no subject.
    for (const auto& r : rules.rules) {
        if (!r.enabled) continue;
        index_[r.id] = rules_.size();
        rules_.push_back(RuleCounts{plugin, r.id, r.title, r.severity});
    }
}

void ResultCollector::add(Result&& result) {
    auto it = index_.find(result.rule);
    if (it != index_.end()) rules_[it->second].add(result.outcome);
    totals_.add(result.outcome);
    by_area_[result.subject.area].add(result.outcome);
    by_team_[result.subject.team].add(result.outcome);
    if (run_.failures_only && result.outcome == Outcome::pass) return;
    run_.results.push_back(std::move(result));
}

void ResultCollector::finish(bool completed) {
    if (!completed) return;
    for (auto& c : rules_) run_.rule_summary.push_back(std::move(c));
    merge_counts(run_.totals, totals_);
    for (const auto& [area, c] : by_area_) merge_counts(run_.by_area[area], c);
    for (const auto& [team, c] : by_team_) merge_counts(run_.by_team[team], c);
    rules_.clear();
}

}  // namespace sgaudit::run
