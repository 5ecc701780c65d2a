#include "sample_workbook.hpp"

#include <doctest/doctest.h>
#include <xlsxwriter.h>

#include <map>
#include <sstream>

namespace sample {

using sgaudit::Date;
using sgaudit::workbook::CellValue;
using sgaudit::workbook::SheetState;
using sgaudit::workbook::Workbook;

namespace {

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }

lxw_format* number_format(lxw_workbook* wb, const char* code) {
    lxw_format* f = workbook_add_format(wb);
    format_set_num_format(f, code);
    return f;
}

lxw_format* builtin_format(lxw_workbook* wb, uint8_t id) {
    lxw_format* f = workbook_add_format(wb);
    format_set_num_format_index(f, id);
    return f;
}

void write_dates(lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_datetime due{2009, 3, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 3, &due, number_format(wb, "dd/mm/yyyy"));
    lxw_datetime leap{2008, 2, 29, 0, 0, 0};
    worksheet_write_datetime(ws, 2, 3, &leap, number_format(wb, "d mmm yyyy"));
    worksheet_write_number(ws, 3, 3, 1, builtin_format(wb, 14));  // 1900-01-01
    lxw_datetime evening{2024, 12, 31, 23, 30, 0};
    worksheet_write_datetime(ws, 4, 3, &evening, number_format(wb, "yyyy-mm-dd hh:mm"));
    worksheet_write_number(ws, 5, 3, 60, number_format(wb, "dd/mm/yyyy"));  // 1900-02-29, which never was
    worksheet_write_number(ws, 6, 3, 59, builtin_format(wb, 15));           // 1900-02-28
    worksheet_write_number(ws, 7, 3, 61, number_format(wb, "mmmm yyyy"));   // 1900-03-01
}

void write_numbers(lxw_workbook* wb, lxw_worksheet* ws) {
    worksheet_write_number(ws, 1, 4, 163, nullptr);
    worksheet_write_number(ws, 2, 4, -2.5, nullptr);
    worksheet_write_number(ws, 3, 4, 0.125, number_format(wb, "0%"));
    worksheet_write_number(ws, 4, 4, 0.5, number_format(wb, "hh:mm"));   // a time: no date
    worksheet_write_number(ws, 5, 4, 1.25, number_format(wb, "[h]:mm"));  // a duration: no date
    worksheet_write_boolean(ws, 1, 5, 1, nullptr);
    worksheet_write_boolean(ws, 2, 5, 0, nullptr);
}

void write_texts(lxw_workbook* wb, lxw_worksheet* ws) {
    const char* headers[] = {"Agency", "Standard", "Rating", "Due", "Staff in contact", "Signed off", "Notes", "Evidence"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, headers[c], nullptr);
    worksheet_write_string(ws, 1, 0, "Northshire Police", nullptr);
    worksheet_write_string(ws, 2, 0, "Caf\u00e9 \u2013 \u2018\u00dcn\u00efcode\u2019 & <tags>", nullptr);
    worksheet_write_string(ws, 3, 0, "Line one\nline two", nullptr);
    worksheet_write_string(ws, 1, 1, "S1", nullptr);
    worksheet_write_string(ws, 2, 1, "S2", nullptr);
    worksheet_write_string(ws, 3, 1, "S3", nullptr);
    worksheet_write_string(ws, 1, 2, "Fully met", nullptr);
    worksheet_write_string(ws, 1, 7, "Yes", nullptr);
    worksheet_write_string(ws, 2, 6, "  spaces kept  ", nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_rich_string_tuple plain{nullptr, const_cast<char*>("Evidence: ")};
    lxw_rich_string_tuple strong{bold, const_cast<char*>("annual report")};
    lxw_rich_string_tuple* runs[] = {&plain, &strong, nullptr};
    worksheet_write_rich_string(ws, 1, 6, runs, nullptr);
}

void add_drop_downs(lxw_worksheet* ws) {
    lxw_data_validation scale{};
    scale.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    scale.value_formula = const_cast<char*>("=Scale");
    worksheet_data_validation_range(ws, 1, 2, 19, 2, &scale);
    const char* yes_no[] = {"Yes", "No", nullptr};
    lxw_data_validation evidence{};
    evidence.validate = LXW_VALIDATION_TYPE_LIST;
    evidence.value_list = const_cast<char**>(yes_no);
    worksheet_data_validation_range(ws, 1, 7, 19, 7, &evidence);
}

}  // namespace

void write_template(const std::filesystem::path& out) {
    lxw_workbook* wb = workbook_new(out.c_str());
    REQUIRE(wb != nullptr);
    lxw_worksheet* instructions = workbook_add_worksheet(wb, "Instructions");
    worksheet_write_string(instructions, 0, 0, "Choose a rating in column C from the drop-down list.", nullptr);
    lxw_worksheet* returns = workbook_add_worksheet(wb, "Returns");
    write_texts(wb, returns);
    write_numbers(wb, returns);
    write_dates(wb, returns);
    add_drop_downs(returns);
    lxw_worksheet* lists = workbook_add_worksheet(wb, "Lists");
    const char* scale[] = {"Fully met", "Mostly met", "Partially met", "Not met"};
    for (lxw_row_t r = 0; r < 4; ++r) worksheet_write_string(lists, r, 0, scale[r], nullptr);
    worksheet_hide(lists);
    workbook_define_name(wb, "Scale", "=Lists!$A$1:$A$4");
    workbook_define_name(wb, "Returns!FirstAgency", "=Returns!$A$2");
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
}

std::vector<ExpectedCell> template_cells() {
    const std::string r = "Returns";
    return {
        {"Instructions", "A1", std::string("Choose a rating in column C from the drop-down list.")},
        {r, "A1", std::string("Agency")}, {r, "B1", std::string("Standard")}, {r, "C1", std::string("Rating")},
        {r, "D1", std::string("Due")}, {r, "E1", std::string("Staff in contact")},
        {r, "F1", std::string("Signed off")}, {r, "G1", std::string("Notes")}, {r, "H1", std::string("Evidence")},
        {r, "A2", std::string("Northshire Police")}, {r, "B2", std::string("S1")}, {r, "C2", std::string("Fully met")},
        {r, "D2", day(2009, 3, 31), true}, {r, "E2", 163.0}, {r, "F2", true},
        {r, "G2", std::string("Evidence: annual report")}, {r, "H2", std::string("Yes")},
        {r, "A3", std::string("Caf\u00e9 \u2013 \u2018\u00dcn\u00efcode\u2019 & <tags>")}, {r, "B3", std::string("S2")},
        {r, "D3", day(2008, 2, 29), true}, {r, "E3", -2.5}, {r, "F3", false}, {r, "G3", std::string("  spaces kept  ")},
        {r, "A4", std::string("Line one\nline two")}, {r, "B4", std::string("S3")},
        {r, "D4", day(1900, 1, 1), true}, {r, "E4", 0.125},
        {r, "D5", day(2024, 12, 31), true}, {r, "E5", 0.5},
        {r, "D6", 60.0, true}, {r, "E6", 1.25},
        {r, "D7", day(1900, 2, 28), true},
        {r, "D8", day(1900, 3, 1), true},
        {"Lists", "A1", std::string("Fully met")}, {"Lists", "A2", std::string("Mostly met")},
        {"Lists", "A3", std::string("Partially met")}, {"Lists", "A4", std::string("Not met")},
    };
}

std::vector<ExpectedCell> filled_cells() {
    std::vector<ExpectedCell> cells = template_cells();
    const std::string r = "Returns";
    // openpyxl reads serial 60 in a date cell as 1900-02-28 and saves that day as serial 59.
    for (ExpectedCell& cell : cells)
        if (cell.ref == "D6") cell.value = day(1900, 2, 28);
    const std::vector<ExpectedCell> typed = {
        {r, "C3", std::string("Partially met")}, {r, "H3", std::string("No")}, {r, "C4", std::string("Not met")},
        {r, "F4", true}, {r, "G4", 42.0}, {r, "D10", day(2009, 4, 1), true}, {r, "D11", day(2009, 5, 6), true},
        {r, "E10", 7.5}, {r, "A12", std::string("Filled in")},
        {"Marker", "A1", std::string("sgaudit section11 form 1")},
    };
    cells.insert(cells.end(), typed.begin(), typed.end());
    return cells;
}

}  // namespace sample
