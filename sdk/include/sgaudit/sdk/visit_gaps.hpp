#pragma once
// The visit-gap convention (docs/domain.md, "Visit gaps"), written once for the host's built-in
// checks (max_working_days_gap, max_days_gap) and for plugins that draw the gaps (cp-under4's
// timeline): the gaps run from `start` to the first date the child was seen, from seen date to
// seen date, and from the last one to `until` (the audit date, or the case's end if earlier).
// Dates not after the previous one, or after `until`, close no gap. A gap of exactly the limit
// is within it.
#include <vector>

#include "sgaudit/sdk/calendar.hpp"
#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

struct VisitGap {
    Date from, to;
    int length = 0;  // in the unit asked for: working days (working_days_after) or calendar days
};

enum class GapUnit { working_days, days };

// Every gap, in order; the last one ends on `until`. `seen` must be sorted. Working days need a
// calendar that covers `start` to `until` (check WorkingCalendar::covers first).
inline std::vector<VisitGap> visit_gaps(Date start, const DateList& seen, Date until, GapUnit unit, const WorkingCalendar& cal) {
    std::vector<VisitGap> out;
    Date prev = start;
    auto close = [&](Date d) {
        out.push_back({prev, d, unit == GapUnit::working_days ? cal.working_days_after(prev, d) : d - prev});
        prev = d;
    };
    for (Date d : seen)
        if (d > prev && d <= until) close(d);
    close(until);
    return out;
}

}  // namespace sgaudit
