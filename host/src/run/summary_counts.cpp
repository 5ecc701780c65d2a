#include "sgaudit/run/summary_counts.hpp"

namespace sgaudit::run {

namespace {

void add_counts(RuleCounts& into, const RuleCounts& c) {
    into.evaluated += c.evaluated;
    into.pass += c.pass;
    into.fail += c.fail;
    into.not_applicable += c.not_applicable;
    into.waived += c.waived;
    into.error += c.error;
}

}  // namespace

void SummaryCounts::plugin_started(const std::string& plugin, const rules::RuleSet& rules) {
    PluginCounts p;
    p.plugin = plugin;
    std::unordered_map<std::string, std::size_t> index;
    // Every enabled rule appears in the summary, even one that met no subject.
    for (const auto& r : rules.rules) {
        if (!r.enabled) continue;
        if (measuring_rule(r)) p.measuring.insert(r.id);
        index[r.id] = p.rules.size();
        p.rules.push_back(RuleCounts{plugin, r.id, r.title, r.severity});
    }
    plugins_.push_back(std::move(p));
    rule_index_.push_back(std::move(index));
    current_ = plugins_.size() - 1;
}

SummaryCounts::PluginCounts* SummaryCounts::current(const std::string& plugin) {
    // Results come plugin by plugin: the one that started last, almost always.
    if (current_ < plugins_.size() && plugins_[current_].plugin == plugin) return &plugins_[current_];
    for (std::size_t i = 0; i < plugins_.size(); ++i)
        if (plugins_[i].plugin == plugin) {
            current_ = i;
            return &plugins_[i];
        }
    // A result from a plugin that was never started: counted, without a rule summary.
    plugins_.push_back(PluginCounts{plugin, {}, {}, {}, {}, {}, true});
    rule_index_.emplace_back();
    current_ = plugins_.size() - 1;
    return &plugins_.back();
}

void SummaryCounts::add(const Result& result) {
    PluginCounts* p = current(result.plugin);
    const auto& index = rule_index_[current_];
    if (auto it = index.find(result.rule); it != index.end()) p->rules[it->second].add(result.outcome);
    p->totals.add(result.outcome);
    if (p->measuring.count(result.rule)) return;  // an indicator's figure is no check of a subject in an area
    p->by_area[result.subject.area].add(result.outcome);
    p->by_team[result.subject.team].add(result.outcome);
}

void SummaryCounts::plugin_ended(const std::string& plugin, bool complete) {
    for (auto& p : plugins_)
        if (p.plugin == plugin) p.complete = p.complete && complete;
}

void SummaryCounts::fill(RunResult& run) const {
    run.rule_summary.clear();
    run.totals = RuleCounts{};
    run.by_area.clear();
    run.by_team.clear();
    for (const auto& p : plugins_) {
        if (!p.complete) continue;
        run.rule_summary.insert(run.rule_summary.end(), p.rules.begin(), p.rules.end());
        add_counts(run.totals, p.totals);
        for (const auto& [area, c] : p.by_area) add_counts(run.by_area[area], c);
        for (const auto& [team, c] : p.by_team) add_counts(run.by_team[team], c);
    }
}

std::vector<const SummaryCounts::PluginCounts*> SummaryCounts::set_aside() const {
    std::vector<const PluginCounts*> out;
    for (const auto& p : plugins_)
        if (!p.complete) out.push_back(&p);
    return out;
}

const SummaryCounts::PluginCounts* SummaryCounts::find(const std::string& plugin) const {
    for (const auto& p : plugins_)
        if (p.plugin == plugin) return &p;
    return nullptr;
}

}  // namespace sgaudit::run
