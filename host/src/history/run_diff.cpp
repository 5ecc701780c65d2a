#include "sgaudit/history/run_diff.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sgaudit/report/html_report.hpp"

namespace sgaudit::history {

namespace {

std::set<std::string> plugin_names(const run::RunResult& run) {
    std::set<std::string> out;
    for (const auto& p : run.plugins) out.insert(p.name);
    return out;
}

const run::PluginRun* find_plugin(const run::RunResult& run, const std::string& name) {
    for (const auto& p : run.plugins)
        if (p.name == name) return &p;
    return nullptr;
}

// A missing result is a pass that was not listed when the run kept failures only.
std::string outcome_text(std::optional<Outcome> o, bool failures_only) {
    if (o) return to_string(*o);
    return failures_only ? "not failing (passes not kept)" : "not in the run";
}

bool same_subject(const SubjectOutcome& a, const SubjectOutcome& b) {
    return a.id == b.id && a.kind == b.kind && a.rule == b.rule && a.plugin == b.plugin;
}

// What makes the comparison less than like for like.
void add_notes(RunDiff& d, const run::RunResult& before, const run::RunResult& after, const std::set<std::string>& common) {
    auto pa = plugin_names(before), pb = plugin_names(after);
    for (const auto& p : pa)
        if (!common.count(p)) d.notes.push_back("plugin " + p + " is only in the earlier run and is not compared");
    for (const auto& p : pb)
        if (!common.count(p)) d.notes.push_back("plugin " + p + " is only in the later run and is not compared");
    if (pa != pb) d.notes.push_back("the failing counts by area include every plugin each run had");
    for (const auto& name : common) {
        const auto *x = find_plugin(before, name), *y = find_plugin(after, name);
        if (x->version != y->version)
            d.notes.push_back("plugin " + name + " changed version (" + x->version + " then " + y->version + ")");
        std::vector<std::string> fx, fy;
        for (const auto& f : x->ruleset.files) fx.push_back(f.sha256);
        for (const auto& f : y->ruleset.files) fy.push_back(f.sha256);
        if (x->calendar_sha256 != y->calendar_sha256)
            d.notes.push_back("the bank-holiday calendar of " + name + " changed between the runs: working-day "
                              "deadlines may have moved");
        if (fx != fy || x->ruleset.overrides != y->ruleset.overrides)
            d.notes.push_back("the rules of " + name + " changed between the runs (different rule files or --set values): "
                              "some changes may come from the rules rather than from practice");
        if (x->status != run::PluginStatus::ok || y->status != run::PluginStatus::ok)
            d.notes.push_back("plugin " + name + " did not complete in " +
                              (x->status != run::PluginStatus::ok ? std::string("the earlier") : std::string("the later")) +
                              " run, so its results there are partial or missing");
    }
    for (const auto* run : {&before, &after})
        if (run->failures_only)
            d.notes.push_back("run " + run->id + " kept failures only (--results failures): the history holds its passes as "
                              "counts per rule, area and team, not subject by subject");
    if (before.failures_only || after.failures_only)
        d.notes.push_back("a run kept failures only, so a subject that stopped failing cannot be told apart from one that "
                          "left the audit, and changes between passes and not applicable are not seen");
}

// The five ways a subject's outcome can change that a diff lists.
enum class Kind { new_failure, resolved, left, joined, changed };

// Which way a subject moved, when it is listed at all. A missing result means that the subject
// joined (`joins`) or left (`leaves`) the audit only when that run lists every result (one that
// kept failures only may have passed it unlisted) and, for joining, it was not judged there at all.
std::optional<Kind> kind_of(std::optional<Outcome> b, std::optional<Outcome> a, bool joins, bool leaves) {
    if (a == Outcome::fail) return !b && joins ? Kind::joined : Kind::new_failure;
    if (b == Outcome::fail && !a) return leaves ? Kind::left : Kind::resolved;
    if (b == Outcome::fail && (*a == Outcome::pass || *a == Outcome::not_applicable)) return Kind::resolved;
    if (a && b) return Kind::changed;
    return std::nullopt;  // a pass or not-applicable subject joining or leaving the audit
}

std::size_t& counter(ChangeCounts& c, Kind k) {
    switch (k) {
        case Kind::new_failure: return c.new_failures;
        case Kind::resolved: return c.resolved;
        case Kind::left: return c.left;
        case Kind::joined: return c.joined;
        default: return c.changed;
    }
}

std::vector<SubjectChange>& list_of(RunDiff& d, Kind k) {
    switch (k) {
        case Kind::new_failure: return d.new_failures;
        case Kind::resolved: return d.resolved;
        case Kind::left: return d.left;
        case Kind::joined: return d.joined;
        default: return d.changed;
    }
}

// Counts and sorts the changes subject by subject, per rule and per area.
class Changes {
public:
    Changes(RunDiff& d, const run::RunResult& before, const run::RunResult& after, const std::set<std::string>& common)
        : d_(d), before_failures_only_(before.failures_only), after_failures_only_(after.failures_only) {
        for (const auto* run : {&before, &after})
            for (const auto& c : run->rule_summary) {
                if (!common.count(c.plugin)) continue;
                auto& rc = rules_[{c.plugin, c.rule}];
                rc.plugin = c.plugin;
                rc.rule = c.rule;
                rc.title = c.title;  // the later run's wording wins
                (run == &before ? rc.failing_before : rc.failing_after) = c.fail;
            }
        for (const auto& [name, c] : before.by_area) areas_[name].failing_before = c.fail;
        for (const auto& [name, c] : after.by_area) areas_[name].failing_after = c.fail;
    }

    // `in_earlier`: the subject was in the earlier run even when `was` is not given (a further
    // result of a subject judged more than once), so it did not join the audit.
    void record(const SubjectOutcome* was, const SubjectOutcome* now, bool in_earlier = false) {
        std::optional<Outcome> b = was ? std::optional<Outcome>(was->outcome) : std::nullopt;
        std::optional<Outcome> a = now ? std::optional<Outcome>(now->outcome) : std::nullopt;
        if (b == a) return;
        auto kind = kind_of(b, a, !before_failures_only_ && !in_earlier, !after_failures_only_);
        if (!kind) return;
        const SubjectOutcome& r = now ? *now : *was;
        auto& rc = rules_[{r.plugin, r.rule}];
        if (rc.rule.empty()) rc.plugin = r.plugin, rc.rule = r.rule, rc.title = r.rule;  // a rule the summary lacks
        ++counter(rc, *kind);
        ++counter(areas_[r.area], *kind);
        list_of(d_, *kind).push_back(SubjectChange{r.plugin, r.rule, r.kind, r.id, r.team, r.area, b, a, r.message});
    }

    void done() {
        for (auto& [name, ac] : areas_) ac.area = name;
        for (auto& [k, rc] : rules_) d_.rules.push_back(rc);
        for (auto& [k, ac] : areas_) d_.areas.push_back(ac);
        auto order = [](const SubjectChange& x, const SubjectChange& y) {
            return std::tie(x.plugin, x.rule, x.area, x.team, x.subject_id) < std::tie(y.plugin, y.rule, y.area, y.team, y.subject_id);
        };
        for (auto* v : {&d_.new_failures, &d_.resolved, &d_.left, &d_.joined, &d_.changed})
            std::stable_sort(v->begin(), v->end(), order);
    }

private:
    RunDiff& d_;
    bool before_failures_only_, after_failures_only_;
    std::map<std::pair<std::string, std::string>, RuleChange> rules_;
    std::map<std::string, AreaChange> areas_;
};

// One side of the merge: the current result, and the next of a plugin both runs have.
struct Side {
    SubjectStream& stream;
    const std::set<std::string>& common;
    SubjectOutcome at;
    bool has = false;
    void advance() {
        while ((has = stream.next(at)) && !common.count(at.plugin)) {}
    }
};

}  // namespace

RunScope scope_of(const run::RunResult& run) { return {run.source, run.area_filter, run.team_filter}; }

std::string filters_text(const std::string& area, const std::string& team) {
    if (area.empty() && team.empty()) return "all areas and teams";
    if (team.empty()) return "area " + area;
    return area.empty() ? "team " + team : "area " + area + ", team " + team;
}

std::string scope_text(const RunScope& scope) { return filters_text(scope.area, scope.team) + " of " + scope.source; }

// A subject judged more than once by a rule in one run is matched as a map of the runs would:
// the later run's first result against the earlier run's last, any further later ones as new.
Status diff_runs(const run::RunResult& before, SubjectStream& was, const run::RunResult& after, SubjectStream& now, RunDiff& d) {
    d = RunDiff{};
    d.scopes_differ = scope_of(before) != scope_of(after);
    auto pa = plugin_names(before), pb = plugin_names(after);
    std::set<std::string> common;
    std::set_intersection(pa.begin(), pa.end(), pb.begin(), pb.end(), std::inserter(common, common.end()));
    add_notes(d, before, after, common);
    Changes changes(d, before, after, common);
    Side b{was, common, {}, false}, a{now, common, {}, false};
    b.advance();
    a.advance();
    while (b.has || a.has) {
        bool old_first = b.has && (!a.has || subject_before(b.at, a.at));
        bool new_first = a.has && (!b.has || subject_before(a.at, b.at));
        std::optional<SubjectOutcome> last_before;
        if (!new_first) {  // this subject's results in the earlier run: the last one counts
            SubjectOutcome key = b.at;
            for (; b.has && same_subject(b.at, key); b.advance()) last_before = b.at;
        }
        if (old_first) {
            changes.record(&*last_before, nullptr);
            continue;
        }
        SubjectOutcome key = a.at;
        for (bool first = true; a.has && same_subject(a.at, key); a.advance(), first = false)
            changes.record(first && last_before ? &*last_before : nullptr, &a.at, last_before.has_value());
    }
    if (!b.stream.status()) return b.stream.status();
    if (!a.stream.status()) return a.stream.status();
    changes.done();
    return Status::ok();
}

namespace {

std::string counts_text(const ChangeCounts& c) {
    return std::to_string(c.failing_before) + " -> " + std::to_string(c.failing_after) + "; new " + std::to_string(c.new_failures) +
           ", resolved " + std::to_string(c.resolved) + ", left " + std::to_string(c.left) + ", joined " +
           std::to_string(c.joined) + ", changed " + std::to_string(c.changed);
}

bool any_change(const ChangeCounts& c) {
    return c.failing_before != c.failing_after || c.new_failures || c.resolved || c.left || c.joined || c.changed;
}

void write_runs_text(const RunDiff& d, const run::RunResult& before, const run::RunResult& after, std::ostream& out) {
    if (d.scopes_differ)
        out << "SCOPES DIFFER (compared with --across-scopes): the earlier run covers " << scope_text(scope_of(before))
            << "; the later run covers " << scope_text(scope_of(after)) << ". A subject outside one of them shows as "
            << "leaving or joining the audit, and the counts by rule and area are not like for like.\n\n";
    for (const auto* run : {&before, &after})
        out << (run == &before ? "Earlier: run " : "Later:   run ") << run->id << ", as of " << report::uk_date(run->as_of)
            << ", started " << run->started_at << ", " << filters_text(run->area_filter, run->team_filter) << "\n";
    for (const auto& n : d.notes) out << "Note: " << n << "\n";
    out << "\n" << d.new_failures.size() << " new failure(s), " << d.resolved.size() << " resolved, " << d.left.size()
        << " left the audit, " << d.joined.size() << " joined the audit, " << d.changed.size() << " other changed outcome(s).\n";
}

void write_counts_text(const RunDiff& d, const run::RunResult& after, std::ostream& out) {
    out << "\nBy rule (failing before -> after; new, resolved, left the audit, joined the audit, changed)\n";
    std::size_t shown = 0;
    for (const auto& r : d.rules) {
        if (!any_change(r)) continue;
        ++shown;
        out << "  " << r.rule << "  " << r.title << ": " << counts_text(r) << "\n";
    }
    if (shown == 0) out << "  no rule changed: the same subjects fail every rule (" << d.rules.size() << " rules compared)\n";
    out << "\nBy area (failing before -> after, all rules; new, resolved, left the audit, joined the audit, changed)\n";
    for (const auto& a : d.areas) {
        auto it = after.area_names.find(a.area);
        out << "  " << (a.area.empty() ? std::string("(no area)") : it == after.area_names.end() ? a.area : a.area + " " + it->second)
            << ": " << counts_text(a) << "\n";
    }
}

}  // namespace

void write_diff_text(const RunDiff& d, const run::RunResult& before, const run::RunResult& after, std::ostream& out) {
    write_runs_text(d, before, after, out);
    write_counts_text(d, after, out);
    auto list = [&](const char* heading, const std::vector<SubjectChange>& v) {
        if (v.empty()) return;
        out << "\n" << heading << "\n";
        for (const auto& c : v) {
            out << "  " << c.rule << "  " << c.subject_kind << " " << c.subject_id;
            if (!c.team.empty() || !c.area.empty()) out << " (team " << (c.team.empty() ? "-" : c.team) << ", area "
                                                        << (c.area.empty() ? "-" : c.area) << ")";
            out << ": " << outcome_text(c.before, before.failures_only) << " -> " << outcome_text(c.after, after.failures_only);
            if (!c.message.empty()) out << "  " << c.message;
            out << "\n";
        }
    };
    list("New failures", d.new_failures);
    list("Joined the audit, failing (not in the earlier run)", d.joined);
    list("Resolved", d.resolved);
    list("Left the audit (failing in the earlier run and not in the later one, e.g. the child turned 4 or the plan "
         "ended): not resolved", d.left);
    list("Other changed outcomes", d.changed);
}

namespace {

using nlohmann::ordered_json;

ordered_json changes_json(const std::vector<SubjectChange>& v) {
    ordered_json a = ordered_json::array();
    for (const auto& c : v)
        a.push_back({{"plugin", c.plugin}, {"rule", c.rule}, {"subject", {{"kind", c.subject_kind}, {"id", c.subject_id}}},
                     {"team", c.team}, {"area", c.area},
                     {"before", c.before ? ordered_json(to_string(*c.before)) : ordered_json(nullptr)},
                     {"after", c.after ? ordered_json(to_string(*c.after)) : ordered_json(nullptr)},
                     {"message", c.message}});
    return a;
}

// `head` (what the counts are of), then the counts.
ordered_json counts_json(ordered_json head, const ChangeCounts& c) {
    head.update({{"failing_before", c.failing_before}, {"failing_after", c.failing_after}, {"new_failures", c.new_failures},
                 {"resolved", c.resolved}, {"left_the_audit", c.left}, {"joined_the_audit", c.joined}, {"changed", c.changed}});
    return head;
}

ordered_json run_json(const run::RunResult& run) {
    auto filter = [](const std::string& f) { return f.empty() ? ordered_json(nullptr) : ordered_json(f); };
    return {{"run", run.id}, {"as_of", run.as_of.iso()}, {"results_mode", run.failures_only ? "failures" : "all"},
            {"scope", {{"source", run.source}, {"area", filter(run.area_filter)}, {"team", filter(run.team_filter)}}}};
}

}  // namespace

void write_diff_json(const RunDiff& d, const run::RunResult& before, const run::RunResult& after, std::ostream& out) {
    ordered_json rules = ordered_json::array(), areas = ordered_json::array();
    for (const auto& r : d.rules) rules.push_back(counts_json({{"plugin", r.plugin}, {"rule", r.rule}, {"title", r.title}}, r));
    for (const auto& a : d.areas)
        areas.push_back(counts_json({{"area", a.area.empty() ? ordered_json(nullptr) : ordered_json(a.area)}}, a));
    ordered_json j = {{"format", "sgaudit-diff/2"},
                      {"before", run_json(before)},
                      {"after", run_json(after)},
                      {"scopes_differ", d.scopes_differ},
                      {"notes", d.notes},
                      {"new_failures", changes_json(d.new_failures)},
                      {"resolved", changes_json(d.resolved)},
                      {"left_the_audit", changes_json(d.left)},
                      {"joined_the_audit", changes_json(d.joined)},
                      {"changed", changes_json(d.changed)},
                      {"rules", rules},
                      {"areas", areas}};
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace sgaudit::history
