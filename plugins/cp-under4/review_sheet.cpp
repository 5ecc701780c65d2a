#include "review_sheet.hpp"

#include "next_due.hpp"
#include "sheet_words.hpp"
#include "timeline.hpp"

namespace cp4 {
using namespace sgaudit;

namespace {

std::string count_of(std::size_t n, const std::string& thing) { return std::to_string(n) + " " + thing + (n == 1 ? "" : "s"); }

std::string about_the_child(const Subject& subject, const PlanView& v) {
    std::string team = subject.team.empty() ? "No team recorded" : "Team " + subject.team;
    if (!subject.area.empty()) team += ", area " + subject.area;
    return "Child " + subject.person_id + ", " + v.age_text + ". " + team + "; " + v.worker_text + ". Plan started " +
           long_date(v.timeline.plan_start) + "; " + count_of(v.visits, "visit") + " recorded, the child seen at " +
           std::to_string(v.seen) + ".";
}

void add_timeline(const Context& ctx, ReportSection& sheet, PlanView& v) {
    auto& t = v.timeline;
    if (!v.unborn && ctx.calendar().covers(t.plan_start) && ctx.calendar().covers(t.as_of)) {
        const Value* seen = v.facts.find("seen_visits");
        if (seen && seen->is_date_list()) t.gaps = visit_gaps(ctx.calendar(), t.plan_start, seen->as_date_list(), t.as_of, t.visit_limit);
    }
    sheet.svg = timeline_svg(t);
    sheet.svg_alt = "Timeline to the audit date: conferences (" + count_of(t.reviews.size(), "review") + "), " +
                    count_of(t.core_groups.size(), "core group meeting") + " and " + count_of(t.visits.size(), "visit") + "; " +
                    (t.gaps.empty() ? "no interval" : count_of(t.gaps.size(), "interval")) + " of more than " +
                    std::to_string(t.visit_limit) + " working days without the child seen" + (t.gaps.empty() ? "." : ", shaded.");
}

}  // namespace

ReportSection review_sheet(const Context& ctx, const PlanRow& plan, const Subject& subject, PlanView& v,
                           const std::vector<RuleOutcome>& outcomes, bool decided) {
    ReportSection sheet;
    sheet.id = "sheet/" + plan.id;
    sheet.subject_id = plan.id;
    sheet.title = "Plan " + plan.id + ", child " + plan.person;
    sheet.table_header = {"Check", "Where it stands", "Detail"};
    const Date as_of = ctx.as_of();
    for (const auto& o : outcomes)
        sheet.table_rows.push_back({o.title, standing(o, as_of, plan.id), check_detail(o, as_of, plan.id)});
    if (!decided) {
        sheet.text = "This plan " + long_dates_in(v.age_text) + ".";
        return sheet;
    }
    sheet.text = about_the_child(subject, v);
    sheet.details = next_dates(outcomes, v, ctx.calendar());
    add_timeline(ctx, sheet, v);
    return sheet;
}

}  // namespace cp4
