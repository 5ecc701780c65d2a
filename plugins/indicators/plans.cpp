// NI 64, NI 65, NI 67 and plans not allocated to a qualified social worker (docs/indicators.md).
#include <algorithm>

#include "sgaudit/sdk/review_schedule.hpp"
#include "counting.hpp"

namespace indicators {
namespace {

// A plan is open on D when start <= D and (no end, or end > D): 1, 0, or -1 when a date that
// decides it cannot be read.
int open_on(const Plan& p, Date d) {
    if (p.start.ok() && (!p.start.value || *p.start.value > d)) return 0;
    if (p.end.ok() && p.end.value && *p.end.value <= d) return 0;
    return p.start.ok() && p.end.ok() ? 1 : -1;
}

std::map<std::string, std::vector<const Plan*>> plans_by_child(const CaseData& d) {
    std::map<std::string, std::vector<const Plan*>> out;
    for (const auto& p : d.plans) out[p.person].push_back(&p);
    return out;
}

const std::string& first_error(const Plan& p) { return p.start.ok() ? p.end.error : p.start.error; }

}  // namespace

void count_ni64(const Counting& c, Tallies& t) {
    for (const auto& p : c.data.plans) {
        if (!p.end.ok()) {
            t.fail(std::nullopt, "", p.end.error);
            continue;
        }
        if (!p.end.value) continue;
        auto y = year_of(t.years(), *p.end.value);
        if (!y) continue;
        const std::string area = area_on(c, t, *y, p.person, *p.end.value);
        if (!p.start.ok()) {
            t.fail(*y, area, p.start.error);
            continue;
        }
        if (!p.start.value) {
            t.note(*y, area, p.id, p.person, "left out: no start date");
            continue;
        }
        if (*p.end.value < *p.start.value) {  // the data-quality audit reports it
            t.note(*y, area, p.id, p.person, "left out: it ends (" + p.end.value->iso() + ") before it starts (" + p.start.value->iso() + ")");
            continue;
        }
        // Lasting N months or more: ended on or after the start + N months.
        const bool long_plan = *p.end.value >= add_months(*p.start.value, c.settings.long_plan_months);
        t.add(*y, area, long_plan ? 1 : 0, 1);
        t.note(*y, area, p.id, p.person, std::string(counted_in(long_plan)) + " (" + p.start.value->iso() + " to " + p.end.value->iso() + ")");
    }
}

void count_ni65(const Counting& c, Tallies& t) {
    for (const auto& [person, plans] : plans_by_child(c.data)) {
        for (const Plan* p : plans) {
            if (!p->start.ok()) {
                t.fail(std::nullopt, "", p->start.error);
                continue;
            }
            if (!p->start.value) continue;
            auto y = year_of(t.years(), *p->start.value);
            if (!y) continue;
            const std::string area = area_on(c, t, *y, person, *p->start.value);
            if (!p->end.ok()) {
                t.fail(*y, area, p->end.error);
                continue;
            }
            if (p->end.value && *p->end.value < *p->start.value) {  // the data-quality audit reports it
                t.note(*y, area, p->id, person, "left out: it ends (" + p->end.value->iso() + ") before it starts");
                continue;
            }
            bool earlier = false, unsure = false;
            for (const Plan* q : plans) {
                if (q == p) continue;
                if (!q->start.ok()) unsure = true;
                else if (q->start.value && *q->start.value < *p->start.value) earlier = true;
            }
            if (unsure && !earlier) {
                t.fail(*y, area, "another plan of the same child has a start date that cannot be read (ssd_cp_plans.cppl_cp_plan_start_date)");
                continue;
            }
            t.add(*y, area, earlier ? 1 : 0, 1);
            t.note(*y, area, p->id, person, std::string(counted_in(earlier)) + (earlier ? " (the child had an earlier plan)" : ""));
        }
    }
}

void count_ni67(const Counting& c, Tallies& t) {
    const auto& s = c.settings;
    auto due_after = [&](std::size_t i, Date previous) { return add_months(previous, i == 0 ? s.first_review_months : s.review_interval_months); };
    for (const auto& [person, plans] : plans_by_child(c.data)) {
        for (std::size_t y = 0; y < t.years().size(); ++y) {
            const Date d = t.years()[y].end;
            // The plan open on D that started first, if it has lasted the minimum.
            const Plan* chosen = nullptr;
            std::string unsure;
            for (const Plan* p : plans) {
                int o = open_on(*p, d);
                if (o < 0 && unsure.empty()) unsure = first_error(*p);
                if (o == 1 && (!chosen || *p->start.value < *chosen->start.value)) chosen = p;
            }
            if (!unsure.empty()) {
                t.fail(y, area_on(c, t, y, person, d), unsure);
                continue;
            }
            if (!chosen) continue;
            const std::string area = area_on(c, t, y, person, d);
            if (add_months(*chosen->start.value, s.reviewed_plan_min_months) > d) {
                t.note(y, area, chosen->id, person, "left out: on the plan less than the minimum on " + d.iso());
                continue;
            }
            std::string error;
            const std::vector<Date> held = held_dates(c.data.plan_reviews, chosen->id, error);
            if (!error.empty()) {
                t.fail(y, area, error);
                continue;
            }
            const bool on_time = review_schedule(*chosen->start.value, held, d, due_after).on_time();
            t.add(y, area, on_time ? 1 : 0, 1);
            t.note(y, area, chosen->id, person, std::string(counted_in(on_time)) + (on_time ? "" : " (a review was late or is overdue)"));
        }
    }
}

void count_cp_not_qualified(const Counting& c, Tallies& t) {
    for (const auto& [person, plans] : plans_by_child(c.data)) {
        for (std::size_t y = 0; y < t.years().size(); ++y) {
            const Date d = t.years()[y].end;
            bool open = false;
            std::string unsure;
            for (const Plan* p : plans) {
                int o = open_on(*p, d);
                if (o < 0 && unsure.empty()) unsure = first_error(*p);
                open = open || o == 1;
            }
            std::string area, why;
            const int qualified = open || !unsure.empty() ? allocated_qualified(c, person, d, area, why) : 0;
            if (!unsure.empty() && !open) {
                t.fail(y, area, unsure);
                continue;
            }
            if (!open) continue;
            if (qualified < 0) {
                t.fail(y, area, why);
                if (area.empty()) t.fail_areas(y, why);
                continue;
            }
            t.add(y, area, qualified ? 0 : 1, 1);
            t.note(y, area, person, person, std::string(counted_in(!qualified)) + " (" + why + ")");
        }
    }
}

}  // namespace indicators
