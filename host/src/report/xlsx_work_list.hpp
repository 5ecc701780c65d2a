#pragma once
// The XLSX report's first sheets (internal to it): the work list, the learning sheet and the
// prompts, one row per finding with real date columns, in the work list's order.
#include <vector>

#include "sgaudit/report/work_list.hpp"
#include "xlsx_cells.hpp"

namespace sgaudit::report::xlsx {

void findings_sheet(lxw_worksheet* ws, const run::RunResult& run, const std::vector<WorkItem>& items, const Styles& st);

}  // namespace sgaudit::report::xlsx
