#pragma once
// What a plugin's section table may carry beyond its text (sdk/context.hpp ReportSection): a
// background colour per cell and a type per column. The host accepts them only in the forms the
// reports can use safely: a fill is "#RRGGBB" exactly (it goes into HTML and XLSX styles as it
// is), a column type is "", "date" or "number".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sgaudit/sdk/context.hpp"

namespace sgaudit::report {

bool is_fill_colour(std::string_view s);
bool is_column_type(std::string_view s);

// Leaves out the section's fills, or its column types, when any is not of an accepted form, and
// says what was left out (empty when everything was kept). The host calls it on every section a
// plugin hands over, so the reports draw only accepted values.
std::string accept_cell_styles(ReportSection& s);

// The fill of a cell ("#RRGGBB"), or empty: none given, or not of the accepted form.
std::string fill_at(const ReportSection& s, std::size_t row, std::size_t col);
// The type of a column: "date", "number" or "" (text, also for anything not accepted).
std::string column_type_at(const ReportSection& s, std::size_t col);
// A cell of a "date" column as a date, when it is one (YYYY-MM-DD).
std::optional<Date> date_cell(const ReportSection& s, std::size_t col, const std::string& cell);

}  // namespace sgaudit::report
