#pragma once
// How each indicator is counted (docs/indicators.md gives the definitions, from
// docs/domain.md's table of national indicators): one function per indicator, each filling a
// Tallies for every reporting year. Every timescale comes from the rule set.
#include <functional>
#include <string>

#include "case_data.hpp"
#include "tally.hpp"

namespace indicators {

// Every timescale is the rule set's (rules/indicators.toml); read() fills each or refuses the run.
struct Settings {
    int initial_assessment_working_days = 0, core_assessment_working_days = 0;
    int long_plan_months = 0, reviewed_plan_min_months = 0, first_review_months = 0, review_interval_months = 0;
    int repeat_referral_months = 0;
    int cla_first_review_days = 0, cla_second_review_months = 0, cla_review_interval_months = 0;
    std::string allocated_role;
    int years = 0;
    // Reads the rule set's parameters; an error names the parameter that is missing or out of range.
    Status read(const Context& ctx);
};

struct Counting {
    const CaseData& data;
    const Settings& settings;
    const WorkingCalendar& calendar;
    Date as_of;
    std::string area_of(const std::string& team) const;
};

using Counter = std::function<void(const Counting&, Tallies&)>;

// The indicator keys (the prefix of their facts: ni59_numerator, ...) and how each is counted.
struct IndicatorCount {
    const char* key;
    Counter count;
};
const std::vector<IndicatorCount>& indicator_counts();

// Referrals (referrals.cpp).
void count_referral_rate(const Counting& c, Tallies& t);
void count_repeat_referrals(const Counting& c, Tallies& t);
void count_ni68(const Counting& c, Tallies& t);
// Assessments (assessments.cpp).
void count_ni59(const Counting& c, Tallies& t);
void count_ni60(const Counting& c, Tallies& t);
// Child protection plans (plans.cpp).
void count_ni64(const Counting& c, Tallies& t);
void count_ni65(const Counting& c, Tallies& t);
void count_ni67(const Counting& c, Tallies& t);
void count_cp_not_qualified(const Counting& c, Tallies& t);
// Looked-after children (care.cpp).
void count_looked_after_qualified(const Counting& c, Tallies& t);
void count_looked_after_reviews(const Counting& c, Tallies& t);
// Open cases per qualified FTE (caseload.cpp).
void count_caseload(const Counting& c, Tallies& t);

// Whether every review held from `start` up to `on` came by its due date, and the next is not
// overdue on `on` (docs/domain.md: intervals run from the actual date of the previous review;
// overdue only when `on` is after the due date). `due_after(i, previous)` is the last day the
// i-th review (from 0) could be held.

// The dates of the reviews held for `id` (a plan or a period of care); `error` names the first
// that cannot be read.
std::vector<Date> held_dates(const std::map<std::string, std::vector<HeldReview>>& reviews, const std::string& id, std::string& error);

// Whether a date is by the N-th working day after `from`; an error when the calendar does not cover it.
bool within_working_days(const WorkingCalendar& cal, Date from, Date to, int days, std::string& error);

// The area a child's case sits in on `on` (placement.hpp); when that cannot be told (an
// unreadable allocation date), every area's figure for the year becomes an error and "" comes back.
std::string area_on(const Counting& c, Tallies& t, std::size_t year, const std::string& person, Date on);

// Whether a child allocated on `on` has a qualified social worker: 1 yes, 0 no (none, or not
// qualified), -1 cannot tell (`why` says which value); `area` is where the case sits.
int allocated_qualified(const Counting& c, const std::string& person, Date on, std::string& area, std::string& why);

// "left out: ..." and the like, for the explanation.
inline const char* counted_in(bool numerator) { return numerator ? "numerator and denominator" : "denominator only"; }

}  // namespace indicators
