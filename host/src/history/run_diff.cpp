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
    if (before.area_filter != after.area_filter || before.team_filter != after.team_filter)
        d.notes.push_back("the runs cover different areas or teams (--area/--team)");
    for (const auto* run : {&before, &after})
        if (run->failures_only)
            d.notes.push_back("run " + run->id + " kept failures only (--results failures): the history holds its passes as "
                              "counts per rule, area and team, not subject by subject");
    if (before.failures_only || after.failures_only)
        d.notes.push_back("a run kept failures only, so a subject that stopped failing cannot be told apart from one that "
                          "left the audit, and changes between passes and not applicable are not seen");
}

// Counts and sorts the changes subject by subject, per rule and per area.
class Changes {
public:
    Changes(RunDiff& d, const run::RunResult& before, const run::RunResult& after, const std::set<std::string>& common) : d_(d) {
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

    void record(const SubjectOutcome* was, const SubjectOutcome* now) {
        std::optional<Outcome> b = was ? std::optional<Outcome>(was->outcome) : std::nullopt;
        std::optional<Outcome> a = now ? std::optional<Outcome>(now->outcome) : std::nullopt;
        if (b == a) return;
        const SubjectOutcome& r = now ? *now : *was;
        std::vector<SubjectChange>* bucket = nullptr;
        if (a == Outcome::fail) bucket = &d_.new_failures;
        else if (b == Outcome::fail && (!a || *a == Outcome::pass || *a == Outcome::not_applicable)) bucket = &d_.resolved;
        else if (a && b) bucket = &d_.changed;
        if (!bucket) return;  // a pass or not-applicable subject joining or leaving the audit
        auto& rc = rules_[{r.plugin, r.rule}];
        if (rc.rule.empty()) rc.plugin = r.plugin, rc.rule = r.rule, rc.title = r.rule;  // a rule the summary lacks
        auto& ac = areas_[r.area];
        (bucket == &d_.new_failures ? rc.new_failures : bucket == &d_.resolved ? rc.resolved : rc.changed)++;
        (bucket == &d_.new_failures ? ac.new_failures : bucket == &d_.resolved ? ac.resolved : ac.changed)++;
        bucket->push_back(SubjectChange{r.plugin, r.rule, r.kind, r.id, r.team, r.area, b, a, r.message});
    }

    void done() {
        for (auto& [name, ac] : areas_) ac.area = name;
        for (auto& [k, rc] : rules_) d_.rules.push_back(rc);
        for (auto& [k, ac] : areas_) d_.areas.push_back(ac);
        auto order = [](const SubjectChange& x, const SubjectChange& y) {
            return std::tie(x.plugin, x.rule, x.area, x.team, x.subject_id) < std::tie(y.plugin, y.rule, y.area, y.team, y.subject_id);
        };
        for (auto* v : {&d_.new_failures, &d_.resolved, &d_.changed}) std::stable_sort(v->begin(), v->end(), order);
    }

private:
    RunDiff& d_;
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

// A subject judged more than once by a rule in one run is matched as a map of the runs would:
// the later run's first result against the earlier run's last, any further later ones as new.
Status diff_runs(const run::RunResult& before, SubjectStream& was, const run::RunResult& after, SubjectStream& now, RunDiff& d) {
    d = RunDiff{};
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
            changes.record(first && last_before ? &*last_before : nullptr, &a.at);
    }
    if (!b.stream.status()) return b.stream.status();
    if (!a.stream.status()) return a.stream.status();
    changes.done();
    return Status::ok();
}

void write_diff_text(const RunDiff& d, const run::RunResult& before, const run::RunResult& after, std::ostream& out) {
    out << "Earlier: run " << before.id << ", as of " << report::uk_date(before.as_of) << ", started " << before.started_at << "\n"
        << "Later:   run " << after.id << ", as of " << report::uk_date(after.as_of) << ", started " << after.started_at << "\n";
    for (const auto& n : d.notes) out << "Note: " << n << "\n";
    out << "\n" << d.new_failures.size() << " new failure(s), " << d.resolved.size() << " resolved, " << d.changed.size()
        << " other changed outcome(s).\n";

    auto area_label = [&](const std::string& a) {
        if (a.empty()) return std::string("(no area)");
        auto it = after.area_names.find(a);
        return it == after.area_names.end() ? a : a + " " + it->second;
    };
    out << "\nBy rule (failing before -> after; new, resolved, changed)\n";
    std::size_t shown = 0;
    for (const auto& r : d.rules) {
        if (r.failing_before == r.failing_after && !r.new_failures && !r.resolved && !r.changed) continue;
        ++shown;
        out << "  " << r.rule << "  " << r.title << ": " << r.failing_before << " -> " << r.failing_after << "; new "
            << r.new_failures << ", resolved " << r.resolved << ", changed " << r.changed << "\n";
    }
    if (shown == 0) out << "  no rule changed: the same subjects fail every rule (" << d.rules.size() << " rules compared)\n";
    out << "\nBy area (failing before -> after, all rules; new, resolved, changed)\n";
    for (const auto& a : d.areas)
        out << "  " << area_label(a.area) << ": " << a.failing_before << " -> " << a.failing_after << "; new " << a.new_failures
            << ", resolved " << a.resolved << ", changed " << a.changed << "\n";

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
    list("Resolved", d.resolved);
    list("Other changed outcomes", d.changed);
}

void write_diff_json(const RunDiff& d, const run::RunResult& before, const run::RunResult& after, std::ostream& out) {
    using nlohmann::ordered_json;
    auto changes = [&](const std::vector<SubjectChange>& v) {
        ordered_json a = ordered_json::array();
        for (const auto& c : v)
            a.push_back({{"plugin", c.plugin}, {"rule", c.rule}, {"subject", {{"kind", c.subject_kind}, {"id", c.subject_id}}},
                         {"team", c.team}, {"area", c.area},
                         {"before", c.before ? ordered_json(to_string(*c.before)) : ordered_json(nullptr)},
                         {"after", c.after ? ordered_json(to_string(*c.after)) : ordered_json(nullptr)},
                         {"message", c.message}});
        return a;
    };
    ordered_json rules = ordered_json::array(), areas = ordered_json::array();
    for (const auto& r : d.rules)
        rules.push_back({{"plugin", r.plugin}, {"rule", r.rule}, {"title", r.title}, {"failing_before", r.failing_before},
                         {"failing_after", r.failing_after}, {"new_failures", r.new_failures}, {"resolved", r.resolved},
                         {"changed", r.changed}});
    for (const auto& a : d.areas)
        areas.push_back({{"area", a.area.empty() ? ordered_json(nullptr) : ordered_json(a.area)}, {"failing_before", a.failing_before},
                         {"failing_after", a.failing_after}, {"new_failures", a.new_failures}, {"resolved", a.resolved},
                         {"changed", a.changed}});
    ordered_json j = {{"format", "sgaudit-diff/1"},
                      {"before", {{"run", before.id}, {"as_of", before.as_of.iso()}, {"results_mode", before.failures_only ? "failures" : "all"}}},
                      {"after", {{"run", after.id}, {"as_of", after.as_of.iso()}, {"results_mode", after.failures_only ? "failures" : "all"}}},
                      {"notes", d.notes},
                      {"new_failures", changes(d.new_failures)},
                      {"resolved", changes(d.resolved)},
                      {"changed", changes(d.changed)},
                      {"rules", rules},
                      {"areas", areas}};
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace sgaudit::history
