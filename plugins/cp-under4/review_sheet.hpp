#pragma once
// What the Independent Reviewing Officer reads for one plan, one printed page: who the child is
// (identifiers and age in words only, never a date of birth), the next dates due, every check in
// plain words, and the timeline.
#include <string>
#include <vector>

#include "plan_data.hpp"
#include "plan_facts.hpp"
#include "sgaudit/sdk.hpp"

namespace cp4 {

// `decided`: the plan is in the review (else it is one whose place cannot be decided until its
// record is corrected, and the sheet says why). Fills in v's visit gaps for the timeline.
sgaudit::ReportSection review_sheet(const sgaudit::Context& ctx, const PlanRow& plan, const sgaudit::Subject& subject, PlanView& v,
                                    const std::vector<sgaudit::RuleOutcome>& outcomes, bool decided);

}  // namespace cp4
