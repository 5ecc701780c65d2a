#pragma once
// The dates an Independent Reviewing Officer plans around, for one plan's review sheet: the next
// review conference, the next visit at which the child must be seen, the first core group (until
// it is held), and the next chronology update and management oversight.
#include <string>
#include <utility>
#include <vector>

#include "plan_facts.hpp"
#include "sgaudit/sdk.hpp"

namespace cp4 {

using Details = std::vector<std::pair<std::string, std::string>>;

// Each from its rule's evidence (the date it is due), and the next visit from the seen visits and
// the visiting limit; a date that depends on a check that could not be judged is "Not known".
Details next_dates(const std::vector<sgaudit::RuleOutcome>& outcomes, const PlanView& v, const sgaudit::WorkingCalendar& cal);

}  // namespace cp4
