#pragma once

// One <c> element's value, typed by its t="..." and its style.

#include <optional>
#include <string>

#include "sheet_cells.hpp"

namespace sgaudit::workbook {

// The typed value, with cell.date_style and cell.formula set; nullopt when the cell holds no
// value. Throws ReadFailure naming `ref` when the value cannot be read.
std::optional<CellValue> read_cell_value(pugi::xml_node c, const CellContext& context, const std::string& ref,
                                         Cell& cell);

}  // namespace sgaudit::workbook
