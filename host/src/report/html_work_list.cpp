#include "html_work_list.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/svg_chart.hpp"

namespace sgaudit::report::detail {
using kainjow::mustache::data;

namespace {

std::string count_of(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string days_text(int days) { return std::to_string(days) + (days == 1 ? " day" : " days"); }

std::string waiver_text(const Result& r) {
    if (!r.waiver) return {};
    return "Waived until " + uk_date(r.waiver->expires) + " (" + r.waiver->approver + "): " + r.waiver->justification;
}

data row_of(const WorkItem& w, const SheetLink& link) {
    const Result& r = w.result;
    data row;
    row.set("child", w.child());
    row.set("subject", r.subject.kind + " " + r.subject.id);
    row.set("severity", to_string(r.severity));
    row.set("title", w.title);
    row.set("message", uk_dates_in(r.message));
    row.set("action", w.action);
    if (r.due && r.lapse != Lapse::over) row.set("since", uk_date(r.due->plus_days(1)));
    if (r.due && r.lapse == Lapse::over) row.set("was_due", uk_date(*r.due));
    if (w.days_overdue) row.set("days", days_text(*w.days_overdue));
    if (r.waiver) row.set("waiver", waiver_text(r));
    if (auto href = link(r); !href.empty()) row.set("sheet", href);
    return row;
}

// Each child's first row on the work list, by team: "work-<team>-<n>", in work list order.
struct ChildAnchors {
    struct Child {
        std::string child, id;
        const WorkItem* first;  // its most urgent finding
        std::size_t findings;
    };
    std::map<std::pair<std::string, std::string>, std::string> anchor;  // (team, child) -> id
    std::map<std::string, std::vector<Child>> in_team;                  // team -> children in work list order
};

ChildAnchors child_anchors(const WorkList& list) {
    std::map<std::string, std::size_t> team_index;
    for (std::size_t i = 0; i < list.teams.size(); ++i) team_index[list.teams[i].team] = i;
    ChildAnchors out;
    for (const auto& w : list.open) {
        const std::string& team = w.result.subject.team;
        auto key = std::make_pair(team, w.child());
        auto& children = out.in_team[team];
        if (out.anchor.count(key)) {
            for (auto& c : children)
                if (c.child == w.child()) ++c.findings;
            continue;
        }
        std::string id = "work-" + std::to_string(team_index.at(team)) + "-" + std::to_string(children.size());
        out.anchor[key] = id;
        children.push_back({w.child(), id, &w, 1});
    }
    return out;
}

// The work list drawn by team, then worker: a new heading whenever either changes.
data work_teams(const run::RunResult& run, const WorkList& list, const SheetLink& link, const ChildAnchors& anchors) {
    std::set<std::pair<std::string, std::string>> placed;
    std::map<std::string, const TeamWork*> counts;
    for (const auto& t : list.teams) counts[t.team] = &t;
    data teams{data::type::list};
    std::size_t i = 0;
    while (i < list.open.size()) {
        const std::string team = list.open[i].result.subject.team;
        const TeamWork& tc = *counts.at(team);
        data td;
        td.set("team", team_label(run, team));
        td.set("anchor", "work-" + std::to_string(&tc - list.teams.data()));
        td.set("children", count_of(tc.children, "child", "children"));
        td.set("items", count_of(tc.items, "open finding", "open findings"));
        data workers{data::type::list};
        while (i < list.open.size() && list.open[i].result.subject.team == team) {
            const std::string worker = list.open[i].result.subject.worker;
            data wd("worker", worker_label(worker));
            data rows{data::type::list};
            for (; i < list.open.size() && list.open[i].result.subject.team == team && list.open[i].result.subject.worker == worker; ++i) {
                data row = row_of(list.open[i], link);
                if (placed.insert({team, list.open[i].child()}).second) row.set("row_anchor", anchors.anchor.at({team, list.open[i].child()}));
                rows << row;
            }
            wd.set("rows", rows);
            workers << wd;
        }
        td.set("workers", workers);
        teams << td;
    }
    return teams;
}

// The headline by team: children first, every team listed.
data team_rows(const run::RunResult& run, const WorkList& list, const ChildAnchors& anchors) {
    data rows{data::type::list};
    for (std::size_t i = 0; i < list.teams.size(); ++i) {
        const TeamWork& t = list.teams[i];
        data row;
        row.set("team", team_label(run, t.team));
        row.set("anchor", "work-" + std::to_string(i));
        row.set("critical", std::to_string(t.children_critical));
        row.set("high", std::to_string(t.children_high));
        row.set("children", std::to_string(t.children));
        row.set("items", std::to_string(t.items));
        row.set("longest", t.longest_overdue ? days_text(*t.longest_overdue) : "–");
        row.set("has_critical", t.children_critical > 0);
        data children{data::type::list};
        for (const auto& c : anchors.in_team.at(t.team)) {
            data cd("child", c.child);
            cd.set("anchor", c.id);
            // What is due first for this child, so the first screen says it.
            std::string due = c.first->title;
            if (c.first->result.due) due += ", overdue since " + uk_date(c.first->result.due->plus_days(1));
            if (c.first->result.outcome == Outcome::waived) due += " (waived)";
            if (c.findings > 1) due += "; and " + count_of(c.findings - 1, "more", "more");
            cd.set("due", due);
            children << cd;
        }
        row.set("child_list", children);
        rows << row;
    }
    return rows;
}

// Learning and prompts: one row per rule, its children listed in full.
data by_rule(const std::vector<WorkItem>& items, const SheetLink& link) {
    data rules{data::type::list};
    std::size_t i = 0;
    while (i < items.size()) {
        const WorkItem& first = items[i];
        data rd;
        rd.set("title", first.title);
        rd.set("severity", to_string(first.result.severity));
        rd.set("action", first.action);
        data children{data::type::list};
        std::size_t n = 0;
        for (; i < items.size() && items[i].result.plugin == first.result.plugin && items[i].result.rule == first.result.rule; ++i, ++n)
            children << row_of(items[i], link);
        rd.set("count", std::to_string(n));
        rd.set("children", children);
        rules << rd;
    }
    return rules;
}

std::size_t children_with(const WorkList& list, Severity s) {
    std::set<std::string> children;
    for (const auto& w : list.open)
        if (w.result.severity == s) children.insert(w.child());
    return children.size();
}

// The plugins whose rule sets are about data quality, reported apart from practice.
std::set<std::string> data_quality_plugins(const run::RunResult& run) {
    std::set<std::string> dq;
    for (const auto& p : run.plugins)
        if (p.has_ruleset && p.ruleset.data_quality()) dq.insert(p.name);
    return dq;
}

// The counts of a group of rules, prompts (information rules' failures) apart from failures.
struct Figures {
    run::RuleCounts counts;  // prompts neither pass nor fail here
    std::size_t prompts = 0, rules_failing = 0;
};

data figures_data(const Figures& f) {
    data d;
    d.set("pass", std::to_string(f.counts.pass));
    d.set("fail", std::to_string(f.counts.fail));
    d.set("prompts", std::to_string(f.prompts));
    d.set("not_applicable", std::to_string(f.counts.not_applicable));
    d.set("waived", std::to_string(f.counts.waived));
    d.set("error", std::to_string(f.counts.error));
    d.set("rules_failing", std::to_string(f.rules_failing));
    d.set("judged", std::to_string(f.counts.judged()));
    d.set("pass_rate", f.counts.pass_rate() ? percent_text(*f.counts.pass_rate()) : "–");
    return d;
}

// Practice and data quality counted apart; prompts are not failures.
void add_figures(data& page, const run::RunResult& run) {
    const std::set<std::string> dq = data_quality_plugins(run);
    Figures practice, quality;
    for (const auto& c : run.rule_summary) {
        if (run::measuring_rule(run, c.plugin, c.rule)) continue;  // figures, not checks (the indicators' own tables)
        Figures& f = dq.count(c.plugin) ? quality : practice;
        const bool prompt = c.severity == Severity::info;
        f.counts.pass += prompt ? 0 : c.pass;
        (prompt ? f.prompts : f.counts.fail) += c.fail;
        f.counts.not_applicable += c.not_applicable;
        f.counts.waived += c.waived;
        f.counts.error += c.error;
        f.rules_failing += c.fail > 0 && !prompt ? 1 : 0;
    }
    page.set("practice", figures_data(practice));
    page.set("has_data_quality", !dq.empty());
    page.set("data_quality", figures_data(quality));
}

// Every practice rule with a high or critical failure, or with results that could not be
// judged; most severe first, then most failures.
data look_first(const run::RunResult& run) {
    const std::set<std::string> dq = data_quality_plugins(run);
    std::vector<const run::RuleCounts*> rules;
    for (const auto& c : run.rule_summary)
        if (!dq.count(c.plugin) && !run::measuring_rule(run, c.plugin, c.rule) && ((c.fail > 0 && c.severity >= Severity::high) || c.error > 0))
            rules.push_back(&c);
    std::stable_sort(rules.begin(), rules.end(), [](const auto* a, const auto* b) {
        return std::make_tuple(-static_cast<int>(a->severity), -static_cast<long>(a->fail), -static_cast<long>(a->error)) <
               std::make_tuple(-static_cast<int>(b->severity), -static_cast<long>(b->fail), -static_cast<long>(b->error));
    });
    data rows{data::type::list};
    for (const auto* c : rules) {
        data row;
        row.set("plugin", c->plugin);
        row.set("rule", c->rule);
        row.set("title", c->title);
        row.set("severity", to_string(c->severity));
        row.set("fail", std::to_string(c->fail));
        row.set("error", std::to_string(c->error));
        row.set("judged", std::to_string(c->judged()));
        rows << row;
    }
    return rows;
}

}  // namespace

void add_today(data& page, const run::RunResult& run, const WorkList& list, const SheetLink& link) {
    std::set<std::string> children;
    for (const auto& w : list.open) children.insert(w.child());
    page.set("children_critical", std::to_string(children_with(list, Severity::critical)));
    page.set("children_high", std::to_string(children_with(list, Severity::high)));
    page.set("children_open", std::to_string(children.size()));
    page.set("open_items", std::to_string(list.open.size()));
    page.set("has_work", !list.open.empty());
    if (auto note = unplaced_note(list); !note.empty()) page.set("work_list_unplaced", note);
    const ChildAnchors anchors = child_anchors(list);
    page.set("team_rows", team_rows(run, list, anchors));
    page.set("work_teams", work_teams(run, list, link, anchors));
    page.set("has_learning", !list.learning.empty());
    page.set("learning", by_rule(list.learning, link));
    page.set("learning_count", std::to_string(list.learning.size()));
    page.set("has_prompts", !list.prompts.empty());
    page.set("prompts", by_rule(list.prompts, link));
    add_figures(page, run);
    data first = look_first(run);
    page.set("has_look_first", !first.is_empty_list());
    page.set("look_first", first);
}

}  // namespace sgaudit::report::detail
