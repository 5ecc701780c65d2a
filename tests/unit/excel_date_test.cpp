// Excel's serial dates, date number formats and A1 references, with values worked out by hand.
#include <doctest/doctest.h>

#include "sgaudit/workbook/cell_ref.hpp"
#include "sgaudit/workbook/excel_date.hpp"

using namespace sgaudit::workbook;
using sgaudit::Date;

namespace {
std::optional<Date> day(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }
}  // namespace

TEST_CASE("Excel 1900 serials: 1 is 1900-01-01, 60 is the 29 February that never was, 61 is 1 March") {
    CHECK(excel_serial_to_date(1, false) == day(1900, 1, 1));
    CHECK(excel_serial_to_date(59, false) == day(1900, 2, 28));
    CHECK_FALSE(excel_serial_to_date(60, false).has_value());
    CHECK(excel_serial_to_date(61, false) == day(1900, 3, 1));
    CHECK(excel_serial_to_date(36526, false) == day(2000, 1, 1));
    CHECK(excel_serial_to_date(39903, false) == day(2009, 3, 31));
    CHECK(excel_serial_to_date(2958465, false) == day(9999, 12, 31));
    CHECK_FALSE(excel_serial_to_date(2958466, false).has_value());
    CHECK_FALSE(excel_serial_to_date(0, false).has_value());
    CHECK_FALSE(excel_serial_to_date(-1, false).has_value());
}

TEST_CASE("Excel serials: the time of day is dropped, a hair before midnight is the next day, as Excel shows it") {
    CHECK(excel_serial_to_date(39903.999, false) == day(2009, 3, 31));
    CHECK(excel_serial_to_date(39903.9999999999, false) == day(2009, 4, 1));
}

TEST_CASE("Excel 1904 serials: 0 is 1904-01-01, 1462 days behind the 1900 system") {
    CHECK(excel_serial_to_date(0, true) == day(1904, 1, 1));
    CHECK(excel_serial_to_date(59, true) == day(1904, 2, 29));
    CHECK(excel_serial_to_date(35155, true) == day(2000, 4, 1));
    CHECK(excel_serial_to_date(36617, false) == day(2000, 4, 1));
    CHECK(excel_serial_to_date(2957003, true) == day(9999, 12, 31));
    CHECK_FALSE(excel_serial_to_date(-1, true).has_value());
}

TEST_CASE("built-in number formats: 14-17 and 22 are dates, times and durations are not") {
    for (unsigned id : {14u, 15u, 16u, 17u, 22u}) CHECK(is_builtin_date_format(id));
    for (unsigned id : {0u, 1u, 9u, 13u, 18u, 19u, 20u, 21u, 45u, 46u, 47u, 49u, 164u}) CHECK_FALSE(is_builtin_date_format(id));
}

TEST_CASE("custom number formats: dates by their d, m and y outside quotes, escapes and brackets") {
    for (const char* code : {"dd/mm/yyyy", "d mmm yyyy", "yyyy-mm-dd hh:mm", "mmmm yyyy", "mmm", "[$-809]dd mmmm yyyy",
                             "[$-F800]dddd, mmmm dd, yyyy", "dd/mm/yyyy;@", "d-mmm-yy h:mm AM/PM", "[Red]dd/mm/yy"})
        CHECK_MESSAGE(is_date_format_code(code), code);
    for (const char* code : {"General", "0", "0.00", "0%", "#,##0.00 \"days\"", "h:mm", "hh:mm:ss", "mm:ss", "h:mm AM/PM",
                             "[h]:mm", "[mm]:ss", "[ss]", "0.00E+00", "\"dd/mm/yyyy\"", "\\d\\a\\y 0", "@", "_(* #,##0_)",
                             "[Blue]0;[Red]-0", ""})
        CHECK_FALSE_MESSAGE(is_date_format_code(code), code);
}

TEST_CASE("A1 references: letters then a row, within Excel's grid") {
    CHECK(parse_cell_ref("A1") == CellPosition{1, 1});
    CHECK(parse_cell_ref("b3") == CellPosition{3, 2});
    CHECK(parse_cell_ref("Z9") == CellPosition{9, 26});
    CHECK(parse_cell_ref("AA10") == CellPosition{10, 27});
    CHECK(parse_cell_ref("XFD1048576") == CellPosition{1048576, 16384});
    for (const char* bad : {"", "A", "1", "A0", "A01", "XFE1", "A1048577", "$A$1", "A1:B2", "AAAA1", "A-1", "A 1"})
        CHECK_FALSE_MESSAGE(parse_cell_ref(bad).has_value(), bad);
    CHECK(cell_ref(1, 1) == "A1");
    CHECK(cell_ref(3, 28) == "AB3");
    CHECK(cell_ref(1048576, 16384) == "XFD1048576");
}
