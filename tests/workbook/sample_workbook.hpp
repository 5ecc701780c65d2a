#pragma once
// The sample workbook the XLSX reader's tests read back: written by libxlsxwriter as sgaudit
// writes workbooks, filled in by openpyxl (fill_workbook.py), re-saved by LibreOffice. The
// values each should read back as are written out by hand in sample_workbook.cpp.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/workbook/xlsx_reader.hpp"

namespace sample {

struct ExpectedCell {
    std::string sheet;
    std::string ref;
    sgaudit::workbook::CellValue value;
    bool date_style = false;
};

// Writes the template: sheets Instructions, Returns and Lists (hidden), two defined names and
// two drop-down lists.
void write_template(const std::filesystem::path& out);

std::vector<ExpectedCell> template_cells();  // every cell with a value in the template
std::vector<ExpectedCell> filled_cells();    // those and what fill_workbook.py types in (Marker included)

// The program that last saved the sample, and so what it should read back as.
enum class Program {
    libxlsxwriter,  // the template as written: template_cells(), no Marker sheet
    openpyxl,       // filled in by fill_workbook.py: filled_cells()
    libreoffice,    // that re-saved by LibreOffice Calc, which changes what the next lines say
};

// Checks the sheets (names, order, states), defined names and drop-down lists, and that the
// workbook holds exactly the cells the program should have left. LibreOffice has no "very
// hidden" sheets and saves the Marker sheet as hidden (a person can show it again); it saves
// TRUE and FALSE as the formulas TRUE() and FALSE().
void check_workbook(const sgaudit::workbook::Workbook& book, Program program);

// The result as a workbook, failing the test with the error when it is none.
const sgaudit::workbook::Workbook& workbook_of(const sgaudit::workbook::XlsxResult& result);

}  // namespace sample
