#pragma once
// The review sheet's words: where each check stands in plain English ("Met", "Overdue since
// 12 March 2009", "Held 4 working days late"), and dates as people write them. No raw outcome
// token (`fail`, `not_applicable`) reaches the sheet.
#include <string>
#include <string_view>

#include "sgaudit/sdk.hpp"

namespace cp4 {

// "12 March 2009".
std::string long_date(sgaudit::Date d);
// The text with every ISO date in it (2009-03-12) written as above.
std::string long_dates_in(std::string_view text);

// Where a check stands: "Met", "Not yet due (due …)", "Overdue since …" (an open lapse: the day
// after the last day it could have been done on time), "Held N working days late" (a lapse that
// is over), "Not met", "Prompt for the review" (an information rule's finding), "Not applicable",
// "Waived: …" (what the lapse was), "Could not be judged: why".
std::string standing(const sgaudit::RuleOutcome& o, sgaudit::Date as_of, const std::string& plan_id);

// What the rule's message adds (without the plan's id), or nothing where the standing says it all.
std::string check_detail(const sgaudit::RuleOutcome& o, sgaudit::Date as_of, const std::string& plan_id);

// When something is next due: "14 April 2009", "Today, 31 March 2009" or "Overdue since 1 April 2009".
std::string due_words(sgaudit::Date due, sgaudit::Date as_of);

}  // namespace cp4
