#pragma once
// Cells, styles and sheet names shared by the XLSX report's sheets (internal to it).
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "sgaudit/sdk/result.hpp"

namespace sgaudit::report::xlsx {

// Excel's own limit on rows per sheet; a plugin with more results continues on another sheet.
constexpr lxw_row_t kMaxRows = 1048576;

struct Styles {
    lxw_format *header, *percent, *wrap, *date;
    std::map<Outcome, lxw_format*> outcome;
};

Styles make_styles(lxw_workbook* wb);

// Sheet names: at most 31 characters, none of []:*?/\, not empty, no apostrophe at either end,
// unique regardless of case.
std::string sheet_name(std::string want, std::set<std::string>& used);

// Bold first row, frozen; `widths` in characters, one per column.
void header_row(lxw_worksheet* ws, const std::vector<std::string>& cols, const Styles& st, const std::vector<double>& widths = {});

// Text is always written as text, never as a formula, so a cell from case data cannot run.
// Excel holds at most 32,767 characters a cell; longer text is cut and says so.
void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f = nullptr);

// A real date cell (sorts and filters as a date), shown as "31 Mar 2009".
void date(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, Date d, const Styles& st);

}  // namespace sgaudit::report::xlsx
