#pragma once
// Everything one `sgaudit run` produced, but its results, which stream (result_stream.hpp).
// Every report format is a view of this and of those results.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/sdk/context.hpp"

namespace sgaudit::run {

// ok: it finished. skipped: it never ran (the data lacks what it needs). failed: it returned an
// error, threw, ran out of memory, or broke the worker protocol. crashed: its worker process died
// (a signal, or exit before finishing). timed_out: stopped at --plugin-timeout.
enum class PluginStatus { ok, failed, skipped, crashed, timed_out };
inline const char* to_string(PluginStatus s) {
    switch (s) {
        case PluginStatus::ok: return "ok";
        case PluginStatus::failed: return "failed";
        case PluginStatus::skipped: return "skipped";
        case PluginStatus::crashed: return "crashed";
        default: return "timed_out";
    }
}

struct RuleCounts {
    std::string plugin, rule, title;
    Severity severity = Severity::medium;
    std::size_t evaluated = 0, pass = 0, fail = 0, not_applicable = 0, waived = 0, error = 0;
    void add(Outcome o);
    // Subjects judged: passed, failed, or failed under a waiver (a waiver explains a finding, it
    // does not make it a pass). Not applicable and could-not-be-judged results are left out.
    std::size_t judged() const { return pass + fail + waived; }
    // pass ÷ judged, the one pass rate every report shows; none when nothing was judged.
    std::optional<double> pass_rate() const {
        return judged() ? std::optional<double>(static_cast<double>(pass) / static_cast<double>(judged())) : std::nullopt;
    }
};

// Where a plugin run's results lie in a stored run (seq first_seq .. first_seq + count - 1: a
// plugin's results are stored together, as it ran) and their SHA-256, taken as the run's content
// hash takes them: one plugin's results can be read and checked without reading the whole run.
struct StoredResults {
    std::int64_t first_seq = 0, count = 0;
    std::string sha256;
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
    // Subject kinds with no area or team (its PluginDescription's): --area and --team do not
    // filter them out, and the reports say so.
    std::vector<std::string> unplaced_subject_kinds;
    // Results it handed over, counting passes that --results failures does not keep.
    std::size_t results_delivered = 0;
    // Set in a run read back from the history, when it was stored with it (since sgaudit-run/3).
    std::optional<StoredResults> stored;
    // It started but did not finish: the results it delivered are kept in `results` (and the
    // history) but are partial, so none of them is counted in rule_summary, totals, by_area or
    // by_team. Derived from the status, so a stored run needs no extra field.
    bool incomplete() const {
        return status == PluginStatus::failed || status == PluginStatus::crashed || status == PluginStatus::timed_out;
    }
};

// One sentence for reports on what became of an incomplete plugin's results; empty otherwise.
inline std::string incomplete_note(const PluginRun& p) {
    if (!p.incomplete()) return {};
    if (p.results_delivered == 0) return "It delivered no results.";
    return "The " + std::to_string(p.results_delivered) + " result(s) it delivered before it stopped are kept (marked "
           "incomplete in the JSON report and the run history) but left out of every count and finding.";
}

struct RunResult {
    std::string id, started_at, finished_at, tool_version, source, operator_name, host_name;
    Date as_of;
    Period period;
    std::string area_filter, team_filter;
    bool failures_only = false;
    std::uint64_t seed = 0;
    // Reporting years a plugin that measures over years computes (--years; 0: its own default),
    // and the rule --explain asks about (not stored: an explanation lists records).
    int years = 0;
    std::string explain;
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

// Whether a rule measures (its check is the built-in `measure`): its results are an indicator's
// figures for places and years, not checks of a child, so the work list, "rules to look at
// first", the practice figures and the counts by area and team leave them out.
inline bool measuring_rule(const rules::Rule& r) { return r.check_kind == "measure"; }
inline bool measuring_rule(const RunResult& run, const std::string& plugin, const std::string& rule) {
    for (const auto& p : run.plugins)
        if (p.name == plugin && p.has_ruleset)
            if (const auto* r = p.ruleset.find_rule(rule)) return measuring_rule(*r);
    return false;
}

// Whether `plugin` stopped part-way in this run, so that its results are partial.
inline bool incomplete_plugin(const RunResult& run, const std::string& plugin) {
    for (const auto& p : run.plugins)
        if (p.name == plugin) return p.incomplete();
    return false;
}

}  // namespace sgaudit::run
