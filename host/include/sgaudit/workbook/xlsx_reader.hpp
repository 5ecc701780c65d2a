#pragma once

// Reads XLSX workbooks back after people filled them in with Excel, LibreOffice Calc or another
// spreadsheet program, for `sgaudit collect`.
//
// The zip container is read with libzip and its XML parts with pugixml. Parts are found the way
// spreadsheet programs find them (the package's relationships), never by assumed names, because
// programs rename and reorder what the writer wrote. The whole workbook is read at once and kept
// in memory; limits (XlsxLimits) keep a hostile or wrong file from exhausting memory or time.
//
// Errors name the file and, where it applies, the sheet and cell (`file:sheet!B3: ...`), say what
// is wrong and what to do. They never quote what a cell holds: a cell's text may be case data.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sgaudit/sdk/date.hpp"

namespace sgaudit::workbook {

struct XlsxLimits {
    std::uint64_t max_file_bytes = std::uint64_t{64} << 20;    // the .xlsx file as stored
    std::uint64_t max_part_bytes = std::uint64_t{64} << 20;    // one part, unpacked
    std::uint64_t max_total_bytes = std::uint64_t{256} << 20;  // every part read, unpacked
    std::size_t max_cells = 1'000'000;                         // cells with a value, all sheets
    std::size_t max_shared_strings = 1'000'000;
};

enum class SheetState { visible, hidden, very_hidden };
enum class SheetKind { worksheet, chartsheet, other };  // other: dialog or macro sheets (no cells read)

// A cell holding an error such as "#N/A" or "#DIV/0!" (t="e").
struct ErrorValue {
    std::string code;
    friend bool operator==(const ErrorValue&, const ErrorValue&) = default;
};

// Text (shared, inline, or a formula's text result), number, boolean, date or error.
using CellValue = std::variant<std::string, double, bool, Date, ErrorValue>;

struct Cell {
    std::uint32_t row = 0;     // 1-based
    std::uint32_t column = 0;  // 1-based: A = 1
    CellValue value;
    // The cell's style shows a date (a date number format). Its value is then a Date, or the
    // number itself when that number is no day at all: before 1900-01-01 (1904-01-01 in the 1904
    // system), Excel's non-existent 1900-02-29 (serial 60), or after 9999-12-31. A time of day
    // in a date cell is dropped; a format showing only a time or a duration is no date format.
    bool date_style = false;
    // The value is the result a formula had when the file was saved. LibreOffice saves TRUE and
    // FALSE typed into a cell as the formulas TRUE() and FALSE(), so a boolean may carry this.
    bool formula = false;

    std::string ref() const;  // "B3"
};

struct DataValidation {
    std::string type;   // "list", "whole", "decimal", "date", ...; "" when any value is allowed
    std::string sqref;  // the cells it covers, as written: "B2:B20 D4"
    std::string formula1;  // as written, without a leading '=': "\"Yes,No\"", "Lists!$A$1:$A$4", "Scale"
    std::string formula2;  // LibreOffice writes "0" here for a list
    std::vector<std::string> list_items;  // a list typed into the validation itself ("Yes,No"), split
    bool allow_blank = false;
};

struct Sheet {
    std::string name;
    SheetState state = SheetState::visible;
    SheetKind kind = SheetKind::worksheet;
    std::string part;                         // its part in the zip, e.g. "xl/worksheets/sheet1.xml"
    std::vector<Cell> cells;                  // cells with a value, by row then column
    std::vector<DataValidation> validations;  // including Excel 2010's (in the sheet's extLst)

    const Cell* find(std::uint32_t row, std::uint32_t column) const;
    const Cell* find(std::string_view ref) const;  // "B3"; nullptr when empty or not a reference
};

struct DefinedName {
    std::string name;
    std::string formula;               // as written, without a leading '=': "Lists!$A$1:$A$4"
    std::optional<std::size_t> sheet;  // index into Workbook::sheets when local to one sheet
    bool hidden = false;
};

struct Workbook {
    std::string file;
    bool date1904 = false;       // dates count from 1904-01-01 (workbookPr date1904)
    std::vector<Sheet> sheets;   // in workbook order (the order of the tabs)
    std::vector<DefinedName> names;

    const Sheet* sheet(std::string_view name) const;  // case-insensitive (ASCII), as Excel compares
};

struct XlsxError {
    std::string file;
    std::string sheet;  // "" when the problem is not in one sheet
    std::string cell;   // "" when not tied to one cell
    std::string message;

    // "file:sheet!cell: message", "file:sheet: message" or "file: message".
    std::string to_string() const;
};

using XlsxResult = std::variant<Workbook, XlsxError>;

// Reads the workbook at `path`. Only a regular file (or a link to one) is read: a folder, pipe
// or device is refused without waiting on it, as is a file over limits.max_file_bytes.
XlsxResult read_xlsx_file(const std::filesystem::path& path, const XlsxLimits& limits = {});

// Reads a workbook from bytes in memory; `file_label` names it in errors and Workbook::file.
// Any bytes at all give a Workbook or an XlsxError, never a crash or a hang (fuzzing entry point).
XlsxResult read_xlsx_bytes(std::string_view bytes, const std::string& file_label, const XlsxLimits& limits = {});

}  // namespace sgaudit::workbook
