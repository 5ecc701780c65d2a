#pragma once
// The review-interval convention (docs/domain.md, "Successive intervals run from actual dates"), written once for the host's
// built-in check max_months_between and for plugins that count reviews held on time (the
// indicators' NI 67 and looked-after reviews): the first review is due a set time after the
// start (the plan's start, the day a child became looked after), each later one a set time after
// the one before. A review held on its due date is on time. Reviews before the start, or after
// `until` (the date judged on: the audit date, or the day before the case ended), count for
// nothing; reviews on the same day as the one before close an interval of 0 days.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>

#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

struct ReviewSchedule {
    int intervals = 0;                  // reviews held from `start` to `until`
    int late = 0;                       // of them, held after their due date
    std::optional<Date> last_late_due;  // the due date of the latest one held late
    Date next_due;                      // the next review's due date, after the latest held
    bool overdue = false;               // `until` is after next_due
    int longest = -1;                   // the longest interval in days (-1: none held)
    Date longest_from, longest_to;
    bool on_time() const { return late == 0 && !overdue; }
};

// `due_after(i, previous)` is the due date of review i (0 for the first after `start`) when the
// one before it (or the start) was on `previous`; e.g. add_months(previous, i == 0 ? 3 : 6).
inline ReviewSchedule review_schedule(Date start, DateList held, Date until, const std::function<Date(std::size_t, Date)>& due_after) {
    std::sort(held.begin(), held.end());
    ReviewSchedule s;
    Date previous = start;
    std::size_t i = 0;
    for (Date d : held) {
        if (d < start || d > until) continue;
        const Date due = due_after(i, previous);
        if (d > due) {
            ++s.late;
            s.last_late_due = due;
        }
        if (d - previous > s.longest) {
            s.longest = d - previous;
            s.longest_from = previous;
            s.longest_to = d;
        }
        previous = d;
        ++i;
    }
    s.intervals = static_cast<int>(i);
    s.next_due = due_after(i, previous);
    s.overdue = until > s.next_due;
    return s;
}

}  // namespace sgaudit
