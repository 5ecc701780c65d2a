#pragma once
// The sections a plugin asks to have on a sheet of their own (ReportSection::sheet): the table
// with its cell colours, dates as real dates and numbers as numbers (internal to the XLSX report).
#include <set>
#include <string>

#include "sgaudit/run/run_result.hpp"
#include "xlsx_cells.hpp"

namespace sgaudit::report::xlsx {

// One sheet per such section, in the plugins' order, after the sheets already in the workbook.
void section_sheets(lxw_workbook* wb, const run::RunResult& run, const Styles& st, std::set<std::string>& used);

}  // namespace sgaudit::report::xlsx
