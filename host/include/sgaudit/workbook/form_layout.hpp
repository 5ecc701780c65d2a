#pragma once
// Where a Form's parts go in the XLSX workbook `sgaudit workbook` writes and `sgaudit collect`
// reads back (docs/workbooks.md): the one place both sides take the layout from.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/form.hpp"

namespace sgaudit::workbook {

inline constexpr const char* kMarkerSheet = "sgaudit";          // hidden: what the workbook is for
inline constexpr const char* kListsSheet = "Drop-down lists";   // hidden: the drop-downs' entries
inline constexpr const char* kInstructionsSheet = "Instructions";
inline constexpr const char* kMarkerFormat = "sgaudit-workbook/1";
// Marker rows recording a stamped sheet's pre-filled rows (written_rows.hpp):
//   "written rows" | sheet | how many        (present even when none: the sheet was recorded)
//   "written row"  | sheet | fingerprint | key part 1 | key part 2 ...
inline constexpr const char* kWrittenRowsKey = "written rows";
inline constexpr const char* kWrittenRowKey = "written row";

// The largest number a form's number cell takes (the writer's validation and the checker agree),
// and the most characters a cell holds (Excel's limit).
inline constexpr double kLargestFormNumber = 1e15;
inline constexpr std::size_t kMaxCellCharacters = 32767;

// 0-based rows and columns. Row 0 holds the sheet's title, row 1 its intro.
inline constexpr std::uint32_t kHeaderRow = 3;     // table layout: the column headings
inline constexpr std::uint32_t kFirstDataRow = 4;  // table layout: the first record
inline constexpr std::uint32_t kFirstFieldRow = 3; // record layout: the first label and cell

// The 0-based cell of column `column` of record `row` on a sheet.
inline std::pair<std::uint32_t, std::uint32_t> form_cell(const FormSheet& sheet, std::size_t row, std::size_t column) {
    if (sheet.layout == FormLayout::record) return {kFirstFieldRow + static_cast<std::uint32_t>(column), 1};
    return {kFirstDataRow + static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(column)};
}

// What the hidden marker sheet holds, read back.
struct Marker {
    std::string plugin, form;
    int version = 0;
    std::vector<std::pair<std::string, std::string>> pairs;  // the Form's marker
    // By sheet, what each pre-filled row of a stamped sheet said when written: joined key ->
    // fingerprint (written_rows.hpp). A stamped sheet absent here was written by an sgaudit
    // that did not record it.
    std::map<std::string, std::map<std::string, std::string>> written;
    std::string value(const std::string& key) const {
        for (const auto& [k, v] : pairs)
            if (k == key) return v;
        return {};
    }
};

// "org_id=O3, round=2009-10": a marker's pairs for messages.
std::string describe_marker(const std::vector<std::pair<std::string, std::string>>& pairs);

// Why a plugin's Form cannot be written or collected (a bad sheet or file name, a row with the
// wrong number of values, a choice column without choices, a table that is not sga_, a column
// the table does not have...), or empty when it is sound. Names the plugin's form and sheet.
std::string form_problem(const Form& form);

}  // namespace sgaudit::workbook
