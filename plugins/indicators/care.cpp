// Looked-after children allocated to a qualified social worker, and their reviews on time
// (docs/indicators.md).
#include <algorithm>

#include "sgaudit/sdk/review_schedule.hpp"
#include "counting.hpp"

namespace indicators {
namespace {

struct PeriodOfCare {
    std::string id, person;
    std::vector<const CareEpisode*> episodes;
};

std::vector<PeriodOfCare> periods_of_care(const CaseData& d) {
    std::map<std::string, PeriodOfCare> by_id;
    for (const auto& e : d.care_episodes) {
        auto& p = by_id[e.care];
        p.id = e.care;
        p.person = e.person;
        p.episodes.push_back(&e);
    }
    std::vector<PeriodOfCare> out;
    for (auto& [id, p] : by_id) out.push_back(std::move(p));
    return out;
}

// Looked after on D: an episode with start <= D and (no ceased date, or ceased > D). 1, 0, or -1
// (`why` names the date that cannot be read). `first` is the period's first day.
int looked_after_on(const PeriodOfCare& p, Date d, Date& first, std::string& why) {
    int result = 0;
    bool have_first = false;
    for (const CareEpisode* e : p.episodes) {
        if (!e->start.ok() || !e->ceased.ok()) {
            why = e->start.ok() ? e->ceased.error : e->start.error;
            return -1;
        }
        if (!e->start.value) continue;
        if (!have_first || *e->start.value < first) first = *e->start.value;
        have_first = true;
        if (*e->start.value <= d && (!e->ceased.value || *e->ceased.value > d)) result = 1;
    }
    return result;
}

}  // namespace

void count_looked_after_qualified(const Counting& c, Tallies& t) {
    const auto periods = periods_of_care(c.data);
    for (std::size_t y = 0; y < t.years().size(); ++y) {
        const Date d = t.years()[y].end;
        std::map<std::string, bool> children;  // each child once, whatever their periods of care
        for (const auto& p : periods) {
            Date first;
            std::string why;
            int o = looked_after_on(p, d, first, why);
            if (o < 0) t.fail(y, area_on(c, t, y, p.person, d), why);
            if (o == 1) children[p.person] = true;
        }
        for (const auto& [person, yes] : children) {
            std::string area, why;
            const int qualified = allocated_qualified(c, person, d, area, why);
            if (qualified < 0) {
                t.fail(y, area, why);
                if (area.empty()) t.fail_areas(y, why);
                continue;
            }
            t.add(y, area, qualified, 1);
            t.note(y, area, person, person, std::string(counted_in(qualified == 1)) + " (" + why + ")");
        }
    }
}

void count_looked_after_reviews(const Counting& c, Tallies& t) {
    const auto& s = c.settings;
    auto due_after = [&](std::size_t i, Date previous) {
        if (i == 0) return previous.plus_days(s.cla_first_review_days);
        return add_months(previous, i == 1 ? s.cla_second_review_months : s.cla_review_interval_months);
    };
    const auto periods = periods_of_care(c.data);
    for (std::size_t y = 0; y < t.years().size(); ++y) {
        const Date d = t.years()[y].end;
        for (const auto& p : periods) {
            Date first;
            std::string why;
            const int o = looked_after_on(p, d, first, why);
            if (o == 0) continue;
            const std::string area = area_on(c, t, y, p.person, d);
            if (o < 0) {
                t.fail(y, area, why);
                continue;
            }
            if (first.plus_days(s.cla_first_review_days) > d) {
                t.note(y, area, p.id, p.person, "left out: the first review was not yet due on " + d.iso());
                continue;
            }
            std::string error;
            const std::vector<Date> held = held_dates(c.data.care_reviews, p.id, error);
            if (!error.empty()) {
                t.fail(y, area, error);
                continue;
            }
            const bool on_time = review_schedule(first, held, d, due_after).on_time();
            t.add(y, area, on_time ? 1 : 0, 1);
            t.note(y, area, p.id, p.person, std::string(counted_in(on_time)) + (on_time ? "" : " (a review was late or is overdue)"));
        }
    }
}

}  // namespace indicators
