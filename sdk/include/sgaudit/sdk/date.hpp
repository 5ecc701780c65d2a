#pragma once
// Calendar dates and the one date-arithmetic convention of docs/domain.md: months clamp to
// the month's end, ages are completed years, reporting years run 1 April - 31 March.
// Header-only so plugins need nothing but sdk/.
#include <chrono>
#include <compare>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace sgaudit {

class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_days(std::int32_t days_since_1970) { Date d; d.days_ = days_since_1970; return d; }

    static std::optional<Date> from_ymd(int y, unsigned m, unsigned d) {
        std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
        if (!ymd.ok()) return std::nullopt;
        return from_days(static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
    }

    // Accepts YYYY-MM-DD, optionally followed by a time part ("T..." or " ...") that is ignored.
    static std::optional<Date> parse(std::string_view s) {
        if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
        if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
        auto digits = [&](std::size_t from, std::size_t n, int& out) {
            out = 0;
            for (std::size_t i = from; i < from + n; ++i) {
                if (s[i] < '0' || s[i] > '9') return false;
                out = out * 10 + (s[i] - '0');
            }
            return true;
        };
        int y = 0, m = 0, d = 0;
        if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
        return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }

    constexpr std::int32_t days() const { return days_; }
    std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{sys()}; }
    int year() const { return static_cast<int>(ymd().year()); }
    unsigned month() const { return static_cast<unsigned>(ymd().month()); }
    unsigned day() const { return static_cast<unsigned>(ymd().day()); }
    // 1 = Monday ... 7 = Sunday (ISO).
    unsigned iso_weekday() const { return std::chrono::weekday{sys()}.iso_encoding(); }
    bool is_weekend() const { return iso_weekday() >= 6; }

    constexpr Date plus_days(std::int32_t n) const { return from_days(days_ + n); }
    constexpr std::int32_t operator-(Date other) const { return days_ - other.days_; }
    constexpr auto operator<=>(const Date&) const = default;

    std::string iso() const {
        char buf[16];
        auto v = ymd();
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(v.year()),
                      static_cast<unsigned>(v.month()), static_cast<unsigned>(v.day()));
        return buf;
    }

private:
    std::chrono::sys_days sys() const { return std::chrono::sys_days{std::chrono::days{days_}}; }
    std::int32_t days_ = 0;
};

// "31 October 2009": the date as reports write it for people (the one implementation).
inline std::string in_words(Date d) {
    static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    return std::to_string(d.day()) + " " + months[d.month() - 1] + " " + std::to_string(d.year());
}

// "a + N calendar months", clamped to the last day of the target month (30 Nov + 3 = 28/29 Feb).
inline Date add_months(Date a, int n) {
    using namespace std::chrono;
    auto v = a.ymd();
    year_month ym = year_month{v.year(), v.month()} + months{n};
    auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
    auto d = v.day() > last ? last : v.day();
    return *Date::from_ymd(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()),
                           static_cast<unsigned>(d));
}

// Completed years on `on`. Someone born 29 February turns a year older on 1 March in
// non-leap years, because their birthday has not been reached on 28 February.
inline int age_in_years(Date birth, Date on) {
    int years = on.year() - birth.year();
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --years;
    return years;
}

// Completed months on `on` (same convention as ages: a month completes on the same day-of-month).
inline int age_in_months(Date birth, Date on) {
    int m = (on.year() - birth.year()) * 12 + static_cast<int>(on.month()) - static_cast<int>(birth.month());
    if (on.day() < birth.day()) --m;
    return m;
}

// Reporting years run 1 April - 31 March; the year ending 31 March 2009 is "2008/09".
inline int reporting_year_start(Date d) { return d.month() >= 4 ? d.year() : d.year() - 1; }

inline std::string reporting_year_label(Date d) {
    int y = reporting_year_start(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d/%02d", y, (y + 1) % 100);
    return buf;
}

inline Date reporting_year_first_day(Date d) { return *Date::from_ymd(reporting_year_start(d), 4, 1); }
inline Date reporting_year_last_day(Date d) { return *Date::from_ymd(reporting_year_start(d) + 1, 3, 31); }

}  // namespace sgaudit
