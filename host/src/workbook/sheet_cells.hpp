#pragma once

// The cells of one worksheet part (<sheetData>), with their values typed.

#include <cstddef>
#include <string>
#include <vector>

#include "cell_styles.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"
#include "xml_part.hpp"

namespace sgaudit::workbook {

struct CellContext {
    const std::string& sheet;  // its name, for errors
    const std::vector<std::string>& shared_strings;
    const CellStyles& styles;
    bool date1904 = false;
    std::size_t max_cells = 0;  // all sheets together
    std::size_t& cells_read;    // so far, all sheets together
};

// The cells that hold a value, by row then column. A cell without a value, or whose text is
// empty, is left out. Throws ReadFailure naming the cell for a reference, number, boolean, date,
// type or shared-string index that cannot be read, a cell written twice, or too many cells.
std::vector<Cell> read_sheet_cells(const XmlPart& worksheet, const CellContext& context);

}  // namespace sgaudit::workbook
