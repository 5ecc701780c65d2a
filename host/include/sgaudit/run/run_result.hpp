#pragma once
// Everything one `sgaudit run` produced, but its results, which stream (result_stream.hpp).
// Every report format is a view of this and of those results.
#include <map>
#include <string>
#include <vector>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/sdk/context.hpp"

namespace sgaudit::run {

enum class PluginStatus { ok, failed, skipped };
inline const char* to_string(PluginStatus s) {
    return s == PluginStatus::ok ? "ok" : s == PluginStatus::failed ? "failed" : "skipped";
}

struct RuleCounts {
    std::string plugin, rule, title;
    Severity severity = Severity::medium;
    std::size_t evaluated = 0, pass = 0, fail = 0, not_applicable = 0, waived = 0, error = 0;
    void add(Outcome o);
};

struct PluginRun {
    std::string name, version, file;
    PluginStatus status = PluginStatus::ok;
    std::string error;
    bool has_ruleset = false;
    rules::RuleSet ruleset;
    std::string calendar_file, calendar_sha256;
    std::vector<rules::ExpiredWaiver> expired_waivers;
    std::vector<ReportSection> sections;
};

struct RunResult {
    std::string id, started_at, finished_at, tool_version, source, operator_name, host_name;
    Date as_of;
    Period period;
    std::string area_filter, team_filter;
    bool failures_only = false;
    std::uint64_t seed = 0;
    std::vector<std::string> waiver_files;
    std::vector<PluginRun> plugins;
    // Empty in a run made by `sgaudit run` (its results flow to the history and the reports as
    // they are produced, see result_stream.hpp); filled only in a run built or loaded whole.
    std::vector<Result> results;
    std::vector<RuleCounts> rule_summary;
    RuleCounts totals;
    // Outcomes per area and per team (all rules), counted as results arrive (SummaryCounts) so
    // they survive --results failures. Subjects with no area or team count under "".
    std::map<std::string, RuleCounts> by_area, by_team;
    // Names of areas and teams from ssd_department, for people reading the report.
    std::map<std::string, std::string> area_names, team_names;
};

}  // namespace sgaudit::run
