#pragma once
// The timeline on an Independent Reviewing Officer's review sheet: from the strategy discussion
// to the audit date, a lane each for conferences, core groups and visits, with the intervals
// over the visiting limit shaded, date ticks and a legend, so it reads without its caption.
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace cp4 {

struct Gap {
    sgaudit::Date from, to;
    int working_days = 0;
};

struct TimelineInput {
    sgaudit::Date as_of, plan_start;
    std::optional<sgaudit::Date> s47_start, icpc;
    std::vector<sgaudit::Date> core_groups, reviews;
    std::vector<std::pair<sgaudit::Date, bool>> visits;  // date, child seen
    std::vector<Gap> gaps;                               // intervals over the visiting limit
    int visit_limit = 0;
};

// Intervals between seen visits (plan start -> seen visits -> audit date) longer than `limit`
// working days, by the gap convention of domain.md.
std::vector<Gap> visit_gaps(const sgaudit::WorkingCalendar& cal, sgaudit::Date start, const sgaudit::DateList& seen,
                            sgaudit::Date until, int limit);

std::string timeline_svg(const TimelineInput& t);

}  // namespace cp4
