#include "sheet_order.hpp"

namespace cp4 {

SheetKey sheet_key(const PlanView& v, const std::string& plan_id) { return {v.team.empty(), v.team, v.allocation, v.worker, plan_id}; }

void label_group(sgaudit::ReportSection& sheet, const SheetKey& key, const std::string& team_name) {
    sheet.group = key.no_team ? "No team recorded" : "Team " + key.team + (team_name.empty() ? "" : ": " + team_name);
    sheet.group_key = key.team;
    switch (key.allocation) {
        case PlanView::Allocation::none: sheet.subgroup = "No allocated worker"; break;
        case PlanView::Allocation::unreadable: sheet.subgroup = "Allocated worker cannot be read"; break;
        default: sheet.subgroup = "Worker " + key.worker;
    }
}

}  // namespace cp4
