#include "sgaudit/report/scope_note.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sgaudit/report/region_report.hpp"

namespace sgaudit::report {

namespace {

std::string filters_given(const run::RunResult& run) {
    std::string f;
    if (!run.area_filter.empty()) f = "--area " + run.area_filter;
    if (!run.team_filter.empty()) f += (f.empty() ? "" : " and ") + std::string("--team ") + run.team_filter;
    return f;
}

// "a", "a and b", "a, b and c"
std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return out;
}

// Subjects judged per kind: every subject of a kind gets one result from each enabled rule of it.
std::map<std::string, std::size_t> judged_per_kind(const run::RunResult& run, const run::PluginRun& p) {
    std::map<std::string, std::size_t> out;
    for (const auto& c : run.rule_summary) {
        if (c.plugin != p.name) continue;
        const auto* rule = p.ruleset.find_rule(c.rule);
        if (!rule) continue;
        auto& n = out[rule->subject];
        n = std::max(n, c.evaluated);
    }
    return out;
}

UnplacedNote note_for(const run::RunResult& run, const run::PluginRun& p, const std::string& filters) {
    UnplacedNote note{p.name, {}, {}};
    const auto judged = judged_per_kind(run, p);
    std::vector<std::string> kinds, counts;
    for (const auto& kind : p.unplaced_subject_kinds) {
        auto it = judged.find(kind);
        if (it == judged.end()) continue;  // no enabled rule judges this kind
        std::optional<std::size_t> n;
        if (p.status == run::PluginStatus::ok) n = it->second;
        note.kinds.emplace_back(kind, n);
        kinds.push_back(kind);
        if (n) counts.push_back(std::to_string(*n) + " " + kind);
    }
    note.text = filters + " does not apply to " + p.name + "'s " + joined(kinds) + " subjects, which have no area or team: " +
                "the filter leaves none of them out" + (counts.empty() ? std::string(".") : " (judged: " + joined(counts) + ").");
    return note;
}

}  // namespace

std::vector<UnplacedNote> unplaced_notes(const run::RunResult& run) {
    std::vector<UnplacedNote> out;
    const std::string filters = filters_given(run);
    if (filters.empty()) return out;
    for (const auto& p : run.plugins) {
        if (p.unplaced_subject_kinds.empty() || !p.has_ruleset) continue;
        UnplacedNote note = note_for(run, p, filters);
        if (!note.kinds.empty()) out.push_back(std::move(note));
    }
    return out;
}

std::string unfinished_note(const run::RunResult& run) {
    std::string which;
    for (const auto& p : run.plugins) {
        if (p.status == run::PluginStatus::ok) continue;
        const char* what = p.status == run::PluginStatus::skipped     ? "was skipped"
                           : p.status == run::PluginStatus::crashed   ? "crashed"
                           : p.status == run::PluginStatus::timed_out ? "was stopped at its time limit"
                                                                      : "failed";
        which += (which.empty() ? "" : ", ") + p.name + " " + what;
    }
    std::string note;
    if (!which.empty())
        note = "Not every audit ran to the end, so this report is not the whole picture: " + which +
               ". What they would have found is not in it; each audit's status in this report says why.";
    // A regional report (run --sources): the councils whose runs did not complete (each
    // plugin's pages list them; named once).
    std::string councils;
    std::set<std::string> named;
    for (const auto& p : run.plugins)
        for (const auto& s : p.sections)
            if (s.id == kNotMeasuredSection)
                for (const auto& row : s.table_rows)
                    if (!row.empty() && named.insert(row[0]).second) councils += (councils.empty() ? "" : ", ") + row[0];
    if (!councils.empty())
        note += (note.empty() ? "" : " ") + std::string("Not every council was measured, so this report is not the whole picture: ") +
                councils + ". The regional figures leave them out; Councils not measured says why.";
    return note;
}

}  // namespace sgaudit::report
