#pragma once
// Reads a filled-in workbook back against the Form it was written from (docs/workbooks.md):
// every cell of every form sheet is checked, and either every row to write comes back, or every
// problem found, each as `file:sheet!cell: what is wrong, what to do`. Messages never quote what
// a person typed into a cell (it may be about a child); they quote only identifiers sgaudit wrote.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sgaudit/sdk/form.hpp"
#include "sgaudit/workbook/form_layout.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

namespace sgaudit::workbook {

// The rows one form sheet gives one sga_ table, as text the database converts (dates
// YYYY-MM-DD, flags Y/N, numbers in decimal; nullopt for a blank cell).
struct CollectedRows {
    std::string sheet, table;
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::vector<std::uint32_t> sheet_rows;  // the 0-based sheet row each of `rows` was read from
    std::vector<std::pair<std::string, Value>> replaces;  // FormSheet::replaces
    std::vector<std::string> replace_rows_by;             // FormSheet::replace_rows_by (each among `columns`)
    std::string stamp_changed;                            // FormSheet::stamp_changed
    // How each of `columns` reads (its FormColumn; a constant's reads as text), to compare a
    // collected row with a stored one by value.
    std::vector<FormColumn> reading;
};

// A sheet's CollectedRows with no rows yet: its table, columns (field columns, then constants)
// and how each reads.
CollectedRows rows_shape(const FormSheet& form);

// The hidden marker of a workbook `sgaudit workbook` wrote, or why there is none.
std::variant<Marker, XlsxError> read_marker(const Workbook& wb);

using CheckedForm = std::variant<std::vector<CollectedRows>, std::vector<XlsxError>>;
CheckedForm check_filled_form(const Workbook& wb, const Form& form);

}  // namespace sgaudit::workbook
