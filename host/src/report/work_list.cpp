#include "sgaudit/report/work_list.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace sgaudit::report {

namespace {

using RuleIndex = std::map<std::pair<std::string, std::string>, const rules::Rule*>;

RuleIndex rules_of(const run::RunResult& run) {
    RuleIndex out;
    for (const auto& p : run.plugins)
        if (p.has_ruleset)
            for (const auto& r : p.ruleset.rules) out[{p.name, r.id}] = &r;
    return out;
}

WorkItem item_of(const Result& r, const RuleIndex& rules, Date as_of) {
    WorkItem w{r, r.rule, {}, std::nullopt};
    if (auto it = rules.find({r.plugin, r.rule}); it != rules.end()) {
        w.title = it->second->title;
        w.action = r.lapse == Lapse::over && !it->second->action_over.empty() ? it->second->action_over : it->second->action;
    }
    if (r.due && r.lapse != Lapse::over) w.days_overdue = as_of - *r.due;
    return w;
}

// Lower sorts first: unwaived before waived, most severe, longest overdue, then a finding with
// no deadline, then by rule.
auto urgency(const WorkItem& w) {
    return std::make_tuple(w.result.outcome == Outcome::waived, -static_cast<int>(w.result.severity), -w.days_overdue.value_or(-1),
                           w.result.rule);
}
using Urgency = decltype(urgency(std::declval<const WorkItem&>()));

// Teams with most children with a critical finding first, then high, then any; then longest overdue.
auto team_rank(const TeamWork& t) {
    return std::make_tuple(-static_cast<long>(t.children_critical), -static_cast<long>(t.children_high),
                           -static_cast<long>(t.children), -t.longest_overdue.value_or(-1), t.team);
}

std::vector<TeamWork> team_counts(const std::vector<WorkItem>& open) {
    std::map<std::string, TeamWork> teams;
    std::map<std::string, std::set<std::string>> critical, high, any;
    for (const auto& w : open) {
        const std::string& team = w.result.subject.team;
        TeamWork& t = teams[team];
        t.team = team;
        ++t.items;
        any[team].insert(w.child());
        if (w.result.severity == Severity::critical) critical[team].insert(w.child());
        if (w.result.severity == Severity::high) high[team].insert(w.child());
        if (w.days_overdue && (!t.longest_overdue || *w.days_overdue > *t.longest_overdue)) t.longest_overdue = w.days_overdue;
    }
    std::vector<TeamWork> out;
    for (auto& [name, t] : teams) {
        t.children = any[name].size();
        t.children_critical = critical[name].size();
        t.children_high = high[name].size();
        out.push_back(t);
    }
    std::sort(out.begin(), out.end(), [](const TeamWork& a, const TeamWork& b) { return team_rank(a) < team_rank(b); });
    return out;
}

// Team, then worker, then child, each ranked by its most urgent finding.
void order_open(std::vector<WorkItem>& open, const std::vector<TeamWork>& teams) {
    std::map<std::string, std::size_t> team_pos;
    for (std::size_t i = 0; i < teams.size(); ++i) team_pos[teams[i].team] = i;
    std::map<std::pair<std::string, std::string>, Urgency> worker_best;
    std::map<std::tuple<std::string, std::string, std::string>, Urgency> child_best;
    auto keep_best = [](auto& m, const auto& key, const Urgency& u) {
        auto [it, fresh] = m.try_emplace(key, u);
        if (!fresh && u < it->second) it->second = u;
    };
    for (const auto& w : open) {
        const auto& s = w.result.subject;
        keep_best(worker_best, std::make_pair(s.team, s.worker), urgency(w));
        keep_best(child_best, std::make_tuple(s.team, s.worker, w.child()), urgency(w));
    }
    auto key = [&](const WorkItem& w) {
        const auto& s = w.result.subject;
        return std::make_tuple(team_pos.at(s.team), worker_best.at({s.team, s.worker}), s.worker,
                               child_best.at({s.team, s.worker, w.child()}), w.child(), urgency(w), s.id);
    };
    std::stable_sort(open.begin(), open.end(), [&](const WorkItem& a, const WorkItem& b) { return key(a) < key(b); });
}

void order_by_rule(std::vector<WorkItem>& items) {
    std::stable_sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
        return std::make_tuple(-static_cast<int>(a.result.severity), a.result.plugin, a.result.rule, a.child(), a.result.subject.id) <
               std::make_tuple(-static_cast<int>(b.result.severity), b.result.plugin, b.result.rule, b.child(), b.result.subject.id);
    });
}

}  // namespace

std::string team_label(const run::RunResult& run, const std::string& team) {
    if (team.empty()) return "No team recorded (unallocated, or not known)";
    auto it = run.team_names.find(team);
    return it == run.team_names.end() ? team : team + " " + it->second;
}

// An empty worker is also what a plugin gives when the allocation could not be read (its
// results for that say `error`), so the heading does not claim there is none.
std::string worker_label(const std::string& worker) {
    return worker.empty() ? "No allocated worker known (none recorded, or the allocation could not be read)" : "Worker " + worker;
}

bool feeds_work_list(const run::RunResult& run, const std::string& plugin) {
    for (const auto& p : run.plugins)
        if (p.name == plugin) return !p.incomplete() && !(p.has_ruleset && p.ruleset.data_quality());
    return false;
}

std::string unplaced_note(const WorkList& list) {
    std::string figures;
    if (list.figures > 0)
        figures = std::to_string(list.figures) + " indicator figure" + (list.figures == 1 ? "" : "s") +
                  " judged red against a comparator " + (list.figures == 1 ? "is" : "are") +
                  " not on this list either: each measures the council or an area over a year, not a child; they are under "
                  "Findings and in the indicators' own tables.";
    if (list.unplaced == 0) return figures.empty() ? figures : figures.replace(figures.find(" either"), 7, "");
    std::string plugins;
    for (const auto& p : list.unplaced_plugins) plugins += (plugins.empty() ? "" : " and ") + p;
    return std::to_string(list.unplaced) + " finding" + (list.unplaced == 1 ? "" : "s") + " of " + plugins +
           " about subjects with no team that are not children (agencies, say) are not on this list: they are under "
           "Findings, rule by rule, and in the audit's own pages." + (figures.empty() ? "" : " " + figures);
}

WorkList build_work_list(const run::RunResult& run, const std::vector<Result>& kept) {
    const RuleIndex rules = rules_of(run);
    std::map<std::string, bool> feeds;
    std::map<std::string, const std::vector<std::string>*> unplaced_kinds;
    for (const auto& p : run.plugins) unplaced_kinds[p.name] = &p.unplaced_subject_kinds;
    WorkList out;
    for (const auto& r : kept) {
        if (r.outcome != Outcome::fail && r.outcome != Outcome::waived) continue;
        auto [f, fresh] = feeds.try_emplace(r.plugin, false);
        if (fresh) f->second = feeds_work_list(run, r.plugin);
        if (!f->second) continue;
        if (r.measure) {
            ++out.figures;
            continue;
        }
        if (auto k = unplaced_kinds.find(r.plugin);
            k != unplaced_kinds.end() && std::find(k->second->begin(), k->second->end(), r.subject.kind) != k->second->end()) {
            ++out.unplaced;
            out.unplaced_plugins.insert(r.plugin);
            continue;
        }
        WorkItem w = item_of(r, rules, run.as_of);
        if (r.severity == Severity::info) out.prompts.push_back(std::move(w));
        else if (r.lapse == Lapse::over) out.learning.push_back(std::move(w));
        else out.open.push_back(std::move(w));
    }
    out.teams = team_counts(out.open);
    order_open(out.open, out.teams);
    order_by_rule(out.learning);
    order_by_rule(out.prompts);
    return out;
}

}  // namespace sgaudit::report
