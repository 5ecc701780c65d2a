#include "review_sections.hpp"

#include <map>
#include <set>
#include <tuple>

#include "grades.hpp"
#include "grade_chart.hpp"
#include "review_lists.hpp"

namespace ca {
using namespace sgaudit;

namespace {

std::string percent(std::size_t part, std::size_t whole) {
    return whole ? std::to_string(100 * part / whole) + "%" : std::string("no value");
}

ReportSection actions_section(const std::vector<FollowUp>& actions, const GradeScale& scale, const ActionDays& days) {
    ReportSection s = grades_section("actions", "Follow-up actions: safeguarding concerns first");
    std::size_t concerns = 0;
    for (const auto& a : actions) concerns += a.concern ? 1 : 0;
    std::string follow;
    for (const auto& g : scale.grades)
        if (g.follow_up) follow += (follow.empty() ? "" : " or ") + g.label;
    s.text = std::to_string(concerns) + " safeguarding concern(s) flagged by auditors: each is an action for the team manager due " +
             (days.concern == 0 ? std::string("the day") : std::to_string(days.concern) + " working day(s) after") +
             " the grades were collected. " + std::to_string(actions.size() - concerns) + " case(s) graded " +
             (follow.empty() ? std::string("(no grade calls for one)") : follow) + " after moderation: an action for the team "
             "manager due " + std::to_string(days.inadequate) + " working days after the grades were collected.";
    s.table_header = {"Due", "Action", "Case", "Area", "Team", "Allocated worker", "Grade", "Auditor"};
    s.column_types = {"date", "", "", "", "", "", "", ""};
    for (const auto& a : actions) {
        const std::string action = a.concern ? "Safeguarding concern: the team manager acts on it and records what was done"
                                             : "Graded " + scale.label(a.grade->final_grade()) +
                                                   ": the team manager agrees with the worker how the case will be put right";
        s.table_rows.push_back({a.due.iso(), action, a.c->id, a.c->area, a.c->team, a.c->worker, scale.label(a.grade->final_grade()),
                                a.grade->auditor});
        s.cell_fills.push_back({"", a.concern ? "#F8D7DA" : "#FFF3CD"});
    }
    if (actions.empty()) s.text += " None is due.";
    s.sheet = "Actions";
    return s;
}

// Per area and team, and each area's "(all teams)" and the council's "All areas".
struct Tally {
    std::size_t sampled = 0, returned = 0, moderated_changed = 0, met = 0, applicable = 0;
    std::map<std::string, std::size_t> final_grades, auditor_grades;
};

std::map<std::pair<std::string, std::string>, Tally> tally(const std::vector<SampledCase>& cases, const Judged& judged) {
    std::map<std::pair<std::string, std::string>, Tally> out;
    for (const auto& c : cases) {
        const std::string area = c.area.empty() ? "(none)" : c.area, team = c.team.empty() ? "(none)" : c.team;
        auto g = judged.grades.find(c.id);
        for (const auto& key : {std::pair{area, team}, std::pair{area, std::string("(all teams)")},
                                std::pair{std::string("All areas"), std::string("")}}) {
            Tally& t = out[key];
            ++t.sampled;
            t.met += c.score.met;
            t.applicable += c.score.applicable;
            if (g == judged.grades.end()) continue;
            ++t.returned;
            ++t.final_grades[g->second.final_grade()];
            ++t.auditor_grades[g->second.grade];
            if (!g->second.moderated.empty() && g->second.moderated != g->second.grade) ++t.moderated_changed;
        }
    }
    return out;
}

ReportSection distribution_section(const std::vector<SampledCase>& cases, const Judged& judged, const GradeScale& scale) {
    ReportSection s = grades_section("distribution", "Grades by area and team, beside the record's compliance");
    s.text = "Each grade cell: cases with that grade after moderation, then (in brackets) as the auditors gave it. The record's "
             "compliance is the share of applicable items met in the sampled cases, counted by sgaudit.";
    s.table_header = {"Area", "Team", "Sampled", "Graded", "Not yet returned", "Items met (record)"};
    for (const auto& g : scale.grades) s.table_header.push_back(g.label);
    s.table_header.push_back("Changed by moderation");
    s.column_types = {"", "", "number", "number", "number"};  // the grade cells hold two counts: text
    const auto t = tally(cases, judged);
    std::vector<GradeBar> bars;
    for (const auto& [key, n] : t) {
        std::vector<std::string> row = {key.first, key.second, std::to_string(n.sampled), std::to_string(n.returned),
                                        std::to_string(n.sampled - n.returned), percent(n.met, n.applicable)};
        GradeBar bar{key.first, {}};
        for (const auto& g : scale.grades) {
            auto count = [&](const std::map<std::string, std::size_t>& m) { auto it = m.find(g.code); return it == m.end() ? 0 : it->second; };
            row.push_back(std::to_string(count(n.final_grades)) + " (" + std::to_string(count(n.auditor_grades)) + ")");
            bar.counts.push_back(count(n.final_grades));
        }
        row.push_back(std::to_string(n.moderated_changed));
        s.table_rows.push_back(std::move(row));
        if (key.second == "(all teams)" || key.first == "All areas") bars.push_back(std::move(bar));
    }
    s.svg = grade_chart(bars, scale);
    s.svg_alt = "Grades after moderation, by area: the same numbers as the table";
    s.sheet = "Grades";
    return s;
}

ReportSection moderation_section(const Judged& judged, const GradeScale& scale) {
    ReportSection s = grades_section("moderation", "Moderation: the share of grades the moderator kept, by auditor");
    struct M { std::size_t graded = 0, moderated = 0, kept = 0; };
    std::map<std::string, M> by;
    for (const auto& [id, g] : judged.grades) {
        M& m = by[g.auditor];
        ++m.graded;
        if (g.moderated.empty()) continue;
        ++m.moderated;
        if (g.moderated == g.grade) ++m.kept;
    }
    s.table_header = {"Auditor", "Cases graded", "Moderated", "Grade kept", "Grade changed", "Agreement"};
    s.column_types = {"", "number", "number", "number", "number", ""};
    std::size_t moderated = 0, kept = 0;
    for (const auto& [auditor, m] : by) {
        s.table_rows.push_back({auditor, std::to_string(m.graded), std::to_string(m.moderated), std::to_string(m.kept),
                                std::to_string(m.moderated - m.kept), percent(m.kept, m.moderated)});
        moderated += m.moderated;
        kept += m.kept;
    }
    s.text = std::to_string(moderated) + " grade(s) moderated; the moderator kept " + std::to_string(kept) + " (" +
             percent(kept, moderated) + "). A moderated grade replaces the auditor's everywhere in this report; both are kept. "
             "Grades are on the scale " + [&] {
                 std::string labels;
                 for (const auto& g : scale.grades) labels += (labels.empty() ? "" : ", ") + g.label;
                 return labels;
             }() + ".";
    return s;
}

// Which workbooks the grades come from and when each was collected: every due date counts from it.
std::vector<std::pair<std::string, std::string>> collections(const RunReview& review) {
    std::string from;
    for (const auto& j : review.judgements)
        from += (from.empty() ? "" : "; ") + j.file_name + ", collected " + j.collected_on.iso() + " by " + j.collected_by;
    std::vector<std::pair<std::string, std::string>> d = {{"Grades collected", from}};
    if (review.superseded)
        d.push_back({"Earlier collections", std::to_string(review.superseded) + " of the same workbook(s), superseded by the "
                                            "latest (kept in the run history)"});
    return d;
}

}  // namespace

Status audit_review(Context& ctx, const RunReview& review, std::vector<ReportSection>& out) {
    GradeScale scale;
    if (auto st = GradeScale::read(ctx, scale); !st) return st;
    auto concern = whole_parameter(ctx.parameter("concern_action_working_days"), 0, 30);
    auto inadequate = whole_parameter(ctx.parameter("inadequate_action_working_days"), 1, 365);
    if (!concern || !inadequate)
        return Status::error("the rule set lacks concern_action_working_days (0 to 30) or inadequate_action_working_days "
                             "(1 to 365): the case-audit rule set gives both");
    const ActionDays days{*concern, *inadequate};
    const std::vector<SampledCase> cases = sampled_cases(review.run);
    const Judged judged = read_judged(review);
    std::vector<FollowUp> actions;
    if (auto st = follow_ups(cases, judged, scale, days, ctx.calendar(), actions); !st) return st;
    out.push_back(actions_section(actions, scale, days));
    out.back().details = collections(review);
    out.push_back(distribution_section(cases, judged, scale));
    out.push_back(moderation_section(judged, scale));
    out.push_back(disagreement_section(cases, judged));
    out.push_back(not_returned_section(cases, judged));
    return Status::ok();
}

}  // namespace ca
