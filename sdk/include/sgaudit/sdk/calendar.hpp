#pragma once
// Working days: Monday-Friday that is not a bank holiday of the calendar (the holidays are
// rule-set data, rules/calendars/*.toml). One convention everywhere: the start day is day 0.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/date.hpp"

namespace sgaudit {

class WorkingCalendar {
public:
    WorkingCalendar() = default;
    // `first`..`last` is the span the holiday list is known to cover; arithmetic outside it
    // would silently treat unknown holidays as working days, so callers check covers().
    WorkingCalendar(std::string id, std::vector<Date> holidays, Date first, Date last)
        : id_(std::move(id)), holidays_(std::move(holidays)), first_(first), last_(last) {
        std::sort(holidays_.begin(), holidays_.end());
        holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
    }

    const std::string& id() const { return id_; }
    Date first_covered() const { return first_; }
    Date last_covered() const { return last_; }
    bool covers(Date d) const { return d >= first_ && d <= last_; }
    const std::vector<Date>& holidays() const { return holidays_; }

    bool is_holiday(Date d) const { return std::binary_search(holidays_.begin(), holidays_.end(), d); }
    bool is_working_day(Date d) const { return !d.is_weekend() && !is_holiday(d); }

    // Number of working days d with a < d <= b; negative when b < a.
    int working_days_after(Date a, Date b) const {
        if (b < a) return -working_days_after(b, a);
        int weekdays = weekdays_up_to(b) - weekdays_up_to(a);
        auto lo = std::upper_bound(holidays_.begin(), holidays_.end(), a);
        auto hi = std::upper_bound(holidays_.begin(), holidays_.end(), b);
        int holidays_on_weekdays = static_cast<int>(std::count_if(lo, hi, [](Date h) { return !h.is_weekend(); }));
        return weekdays - holidays_on_weekdays;
    }

    // The n-th working day after a (n >= 0; n = 0 gives a itself).
    Date nth_working_day_after(Date a, int n) const {
        Date d = a;
        while (n > 0) {
            d = d.plus_days(1);
            if (is_working_day(d)) --n;
        }
        return d;
    }

private:
    // Weekdays in (epoch-anchor, d]; differences between two calls count weekdays in (a, b].
    static int weekdays_up_to(Date d) {
        // 1970-01-05 was a Monday; shift so that day index 0 is a Monday.
        long long x = static_cast<long long>(d.days()) - 4;
        long long weeks = x >= 0 ? x / 7 : -((-x + 6) / 7);
        long long rem = x - weeks * 7;  // 0..6, 0 = Monday
        return static_cast<int>(weeks * 5 + std::min<long long>(rem + 1, 5));
    }

    std::string id_;
    std::vector<Date> holidays_;
    Date first_{}, last_{};
};

}  // namespace sgaudit
