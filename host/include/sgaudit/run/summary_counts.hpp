#pragma once
// The counts every report draws (per rule, per area, per team, in total), kept per plugin as
// results arrive, so they hold for every result even when the results themselves are not kept
// (--results failures) and a plugin that ended incomplete can be set apart.
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::run {

class SummaryCounts final : public ResultStream {
public:
    struct PluginCounts {
        std::string plugin;
        std::vector<RuleCounts> rules;  // every enabled rule, in rule-set order
        RuleCounts totals;
        std::unordered_map<std::string, RuleCounts> by_area, by_team;  // "" for none recorded
        std::set<std::string> measuring;  // rules whose results are figures (run_result.hpp, measuring_rule)
        bool complete = true;
    };

    void plugin_started(const std::string& plugin, const rules::RuleSet& rules) override;
    void add(const Result& result) override;
    // A plugin that ended incomplete has its counts set aside: they no longer count towards the
    // rule summary, totals, areas or teams that fill() gives, and set_aside() lists them.
    void plugin_ended(const std::string& plugin, bool complete) override;

    // rule_summary, totals, by_area and by_team of `run`, from the plugins that completed.
    void fill(RunResult& run) const;
    std::vector<const PluginCounts*> set_aside() const;
    const PluginCounts* find(const std::string& plugin) const;

private:
    PluginCounts* current(const std::string& plugin);
    std::vector<PluginCounts> plugins_;
    std::vector<std::unordered_map<std::string, std::size_t>> rule_index_;  // per plugin: rule id -> position
    std::size_t current_ = 0;
};

}  // namespace sgaudit::run
