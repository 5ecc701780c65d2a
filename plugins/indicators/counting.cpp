#include "counting.hpp"

#include <algorithm>

namespace indicators {
namespace {

Status whole(const Context& ctx, const char* name, int min, int max, int& out) {
    auto v = whole_parameter(ctx.parameter(name), min, max);
    if (!v) return Status::error(std::string("the rule set's parameter '") + name + "' is missing or not a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max));
    out = *v;
    return Status::ok();
}

}  // namespace

Status Settings::read(const Context& ctx) {
    const std::pair<const char*, int*> wholes[] = {
        {"initial_assessment_working_days", &initial_assessment_working_days},
        {"core_assessment_working_days", &core_assessment_working_days},
        {"long_plan_months", &long_plan_months},
        {"reviewed_plan_min_months", &reviewed_plan_min_months},
        {"first_review_months", &first_review_months},
        {"review_interval_months", &review_interval_months},
        {"repeat_referral_months", &repeat_referral_months},
        {"cla_first_review_days", &cla_first_review_days},
        {"cla_second_review_months", &cla_second_review_months},
        {"cla_review_interval_months", &cla_review_interval_months},
    };
    for (const auto& [name, out] : wholes)
        if (auto st = whole(ctx, name, 0, 1200, *out); !st) return st;
    if (auto st = whole(ctx, "years", 1, 20, years); !st) return st;
    auto role = ctx.parameter("allocated_role");
    if (!role || !role->is_text() || role->as_text().empty()) return Status::error("the rule set's parameter 'allocated_role' is missing");
    allocated_role = role->as_text();
    if (ctx.years() > 0) years = std::min(ctx.years(), 20);
    return Status::ok();
}

std::string Counting::area_of(const std::string& team) const {
    auto it = data.area_of_team.find(team);
    return it == data.area_of_team.end() ? std::string() : it->second;
}

const std::vector<IndicatorCount>& indicator_counts() {
    static const std::vector<IndicatorCount> all = {
        {"referral_rate", count_referral_rate},
        {"repeat_referrals", count_repeat_referrals},
        {"ni68", count_ni68},
        {"ni59", count_ni59},
        {"ni60", count_ni60},
        {"ni64", count_ni64},
        {"ni65", count_ni65},
        {"ni67", count_ni67},
        {"cp_not_qualified", count_cp_not_qualified},
        {"looked_after_qualified", count_looked_after_qualified},
        {"looked_after_reviews", count_looked_after_reviews},
        {"caseload", count_caseload},
    };
    return all;
}

std::string area_on(const Counting& c, Tallies& t, std::size_t year, const std::string& person, Date on) {
    Placement p = c.data.place(person, on);
    if (p.by == Placement::By::unknown) {
        t.fail_areas(year, p.error);
        return {};
    }
    return p.area;
}

int allocated_qualified(const Counting& c, const std::string& person, Date on, std::string& area, std::string& why) {
    Placement p = c.data.place(person, on);
    area = p.area;
    if (!p.allocation_error.empty()) {
        why = p.allocation_error;
        return -1;
    }
    if (p.by != Placement::By::allocation) {
        why = "no allocated worker";
        return 0;
    }
    auto w = c.data.workers.find(p.worker);
    if (w == c.data.workers.end()) {
        why = "ssd_involvements.invo_professional_id (invo_involvements_id=" + p.involvement_id + ") names no worker in ssd_professionals";
        return -1;
    }
    why = w->second.qualified ? "allocated to " + p.worker + ", qualified" : "allocated to " + p.worker + ", not a qualified social worker";
    return w->second.qualified ? 1 : 0;
}

std::vector<Date> held_dates(const std::map<std::string, std::vector<HeldReview>>& reviews, const std::string& id, std::string& error) {
    std::vector<Date> held;
    if (auto it = reviews.find(id); it != reviews.end())
        for (const auto& r : it->second) {
            if (!r.date.ok() && error.empty()) error = r.date.error;
            if (r.date.value) held.push_back(*r.date.value);
        }
    return held;
}

bool within_working_days(const WorkingCalendar& cal, Date from, Date to, int days, std::string& error) {
    if (!cal.covers(from) || !cal.covers(to)) {
        error = "the working-day calendar '" + cal.id() + "' does not cover " + (cal.covers(from) ? to : from).iso() +
                "; extend rules/calendars/" + cal.id() + ".toml";
        return false;
    }
    Date due = cal.nth_working_day_after(from, days);
    if (!cal.covers(due)) {
        error = "the working-day calendar '" + cal.id() + "' does not cover " + due.iso();
        return false;
    }
    return to <= due;
}

}  // namespace indicators
