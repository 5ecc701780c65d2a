#include "sheet_cells.hpp"

#include <algorithm>
#include <charconv>

#include "cell_value.hpp"
#include "read_failure.hpp"
#include "sgaudit/workbook/cell_ref.hpp"

namespace sgaudit::workbook {

namespace {

// Where the reading of a sheet's rows has got to: references may be left out, and then a row
// follows the one before it and a cell the one before it in its row.
struct Cursor {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
};

[[noreturn]] void damaged(const CellContext& context, std::string what) {
    throw ReadFailure{context.sheet, {}, std::move(what) + "; the file is damaged: " + std::string(kSaveAgain)};
}

std::uint32_t row_number(pugi::xml_node row, const Cursor& cursor, const CellContext& context) {
    const pugi::xml_attribute r = attribute(row, "r");
    if (!r) {
        if (cursor.row >= kMaxRows) damaged(context, "the sheet has more rows than Excel's grid");
        return cursor.row + 1;
    }
    const std::string_view text = r.value();
    std::uint32_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size() || number == 0 || number > kMaxRows)
        damaged(context, "a row's number " + shown_attribute(text) + " cannot be read (after row " +
                             std::to_string(cursor.row) + ")");
    return number;
}

CellPosition cell_position(pugi::xml_node c, const Cursor& cursor, const CellContext& context) {
    const pugi::xml_attribute r = attribute(c, "r");
    if (!r) {
        if (cursor.column >= kMaxColumns) damaged(context, "row " + std::to_string(cursor.row) + " has more cells than Excel's grid");
        return {cursor.row, cursor.column + 1};
    }
    if (const auto position = parse_cell_ref(r.value())) return *position;
    const std::string where = cursor.column == 0 ? "the first cell of row " + std::to_string(cursor.row)
                                                 : "the cell after " + cell_ref(cursor.row, cursor.column);
    damaged(context, "a cell's reference " + shown_attribute(r.value()) + " cannot be read (" + where +
                         "; a reference is a column and a row within Excel's grid, such as B3)");
}

void count_cell(const CellContext& context, const std::string& ref) {
    if (context.cells_read == context.max_cells)
        throw ReadFailure{context.sheet, ref,
                          "the workbook holds more than " + std::to_string(context.max_cells) +
                              " cells with a value, the most a workbook may hold; a workbook people fill in holds "
                              "far fewer: check that this is the right file"};
    ++context.cells_read;
}

void read_row(pugi::xml_node row, Cursor& cursor, const CellContext& context, std::vector<Cell>& cells) {
    for_each_child(row, "c", [&](pugi::xml_node c) {
        const CellPosition position = cell_position(c, cursor, context);
        cursor.column = position.column;
        Cell cell;
        cell.row = position.row;
        cell.column = position.column;
        const std::string ref = cell.ref();
        auto value = read_cell_value(c, context, ref, cell);
        if (!value) return;
        count_cell(context, ref);
        cell.value = std::move(*value);
        cells.push_back(std::move(cell));
    });
}

void sort_and_check_unique(std::vector<Cell>& cells, const CellContext& context) {
    const auto before = [](const Cell& a, const Cell& b) { return a.row != b.row ? a.row < b.row : a.column < b.column; };
    if (!std::is_sorted(cells.begin(), cells.end(), before)) std::stable_sort(cells.begin(), cells.end(), before);
    const auto twice = std::adjacent_find(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
        return a.row == b.row && a.column == b.column;
    });
    if (twice != cells.end())
        throw ReadFailure{context.sheet, twice->ref(),
                          "the sheet holds this cell twice; the file is damaged: " + std::string(kSaveAgain)};
}

}  // namespace

std::vector<Cell> read_sheet_cells(const XmlPart& worksheet, const CellContext& context) {
    std::vector<Cell> cells;
    Cursor cursor;
    for_each_child(child(worksheet.root, "sheetData"), "row", [&](pugi::xml_node row) {
        cursor.row = row_number(row, cursor, context);
        cursor.column = 0;
        read_row(row, cursor, context, cells);
    });
    sort_and_check_unique(cells, context);
    return cells;
}

}  // namespace sgaudit::workbook
