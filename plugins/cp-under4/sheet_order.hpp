#pragma once
// The order and grouping of the review sheets: by team, then by allocated worker, so a team
// manager or an IRO takes one team's children (and each worker's) together.
#include <compare>
#include <string>

#include "plan_facts.hpp"
#include "sgaudit/sdk.hpp"

namespace cp4 {

// Compared member by member: teams by id, plans with no team last; within a team, the children
// with no allocated worker first (they need one today), then those whose allocation cannot be
// read, then each worker's by worker id (PlanView::Allocation is declared in that order); within
// those, by plan id.
struct SheetKey {
    bool no_team = false;
    std::string team;
    PlanView::Allocation allocation = PlanView::Allocation::none;
    std::string worker, plan;
    auto operator<=>(const SheetKey&) const = default;
};

SheetKey sheet_key(const PlanView& v, const std::string& plan_id);

// The group (the team, keyed by its id) and subgroup (the worker) headings the host draws.
void label_group(sgaudit::ReportSection& sheet, const SheetKey& key, const std::string& team_name);

}  // namespace cp4
