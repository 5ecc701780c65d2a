// NI 59 and NI 60: assessments completed in the year within their timescale (docs/indicators.md).
#include "counting.hpp"

namespace indicators {
namespace {

// Completed (authorised) in a year: in its denominator; on time from `from` within `days`
// working days: in its numerator too.
void count_completed(const Counting& c, Tallies& t, const char* stage, int days, bool from_referral) {
    std::map<std::string, const Referral*> referral;
    if (from_referral)
        for (const auto& r : c.data.referrals) referral.emplace(r.id, &r);
    for (const auto& a : c.data.assessments) {
        if (a.stage != stage) continue;
        std::string area = c.area_of(a.team);
        const Referral* ref = nullptr;
        if (auto it = referral.find(a.referral); it != referral.end()) ref = it->second;
        if (area.empty() && ref) area = c.area_of(ref->team);
        if (!a.auth.ok()) {
            t.fail(std::nullopt, area, a.auth.error);
            continue;
        }
        if (!a.auth.value) continue;  // not completed
        auto y = year_of(t.years(), *a.auth.value);
        if (!y) continue;
        const Read<Date>& from = from_referral ? (ref ? ref->date : Read<Date>{}) : a.start;
        if (!from.ok()) {
            t.fail(*y, area, from.error);
            continue;
        }
        if (!from.value) {
            t.note(*y, area, a.id, a.person, from_referral ? "left out: no referral date (ssd_cin_assessments.cina_referral_id links none)"
                                                           : "left out: no start date");
            continue;
        }
        if (*a.auth.value < *from.value) {  // the data-quality audit reports it
            t.note(*y, area, a.id, a.person, "left out: authorised (" + a.auth.value->iso() + ") before " +
                                                 (from_referral ? "its referral (" : "its start (") + from.value->iso() + ")");
            continue;
        }
        std::string error;
        const bool on_time = within_working_days(c.calendar, *from.value, *a.auth.value, days, error);
        if (!error.empty()) {
            t.fail(*y, area, error);
            continue;
        }
        t.add(*y, area, on_time ? 1 : 0, 1);
        t.note(*y, area, a.id, a.person,
               std::string(counted_in(on_time)) + " (from " + from.value->iso() + " to " + a.auth.value->iso() + ": " +
                   std::to_string(c.calendar.working_days_after(*from.value, *a.auth.value)) + " working days)");
    }
}

}  // namespace

void count_ni59(const Counting& c, Tallies& t) {
    count_completed(c, t, "initial", c.settings.initial_assessment_working_days, true);
}

void count_ni60(const Counting& c, Tallies& t) { count_completed(c, t, "core", c.settings.core_assessment_working_days, false); }

}  // namespace indicators
