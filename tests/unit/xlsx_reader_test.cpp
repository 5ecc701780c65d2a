// The XLSX reader on workbooks written by libxlsxwriter (as sgaudit writes them) and on small
// hand-written ones for what other programs write. Expected values are written out by hand.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "sample_workbook.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"
#include "test_zip.hpp"

using namespace sgaudit::workbook;
using sample::one_sheet_parts;
using sample::Parts;
using sample::styles_xml;
using sample::workbook_of;
using sample::zip_bytes;
using sgaudit::Date;

namespace {

std::filesystem::path scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("sgaudit-xlsx-unit-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

XlsxResult read_parts(const Parts& parts) { return read_xlsx_bytes(zip_bytes(parts), "t.xlsx"); }

Sheet only_sheet(const XlsxResult& result) {
    const Workbook& book = workbook_of(result);
    REQUIRE(book.sheets.size() == 1);
    return book.sheets[0];
}

CellValue value_at(const Sheet& sheet, const char* ref) {
    const Cell* cell = sheet.find(ref);
    REQUIRE_MESSAGE(cell != nullptr, ref);
    return cell->value;
}

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }

}  // namespace

TEST_CASE("a workbook written by libxlsxwriter reads back exactly: texts, numbers, booleans, dates, sheets, names, drop-downs") {
    const auto file = scratch("template.xlsx");
    sample::write_template(file);
    const XlsxResult result = read_xlsx_file(file);
    const Workbook& book = workbook_of(result);
    CHECK(book.file == file.string());
    sample::check_workbook(book, sample::Program::libxlsxwriter);
    CHECK(book.sheets[1].part == "xl/worksheets/sheet2.xml");
    CHECK(book.sheets[1].kind == SheetKind::worksheet);
    std::filesystem::remove_all(file.parent_path());
}

TEST_CASE("cells: inline strings, rich text without phonetic guides, escapes, formula results, errors, ISO dates") {
    const Sheet sheet = only_sheet(read_parts(one_sheet_parts(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>runs</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>a_x000D_b_x005F_x0041_ c_xD83D__xDE00_</t></is></c>"
        "<c r=\"D1\" t=\"str\"><f>\"Team \"&amp;\"A\"</f><v>Team A</v></c>"
        "<c r=\"E1\"><f>1+2</f><v>3</v></c>"
        "<c r=\"F1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
        "<c r=\"G1\" t=\"d\"><v>2009-03-31T00:00:00</v></c>"
        "<c r=\"H1\" t=\"b\"><v>1</v></c><c r=\"I1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> </t></is></c></row>")));
    CHECK(value_at(sheet, "A1") == CellValue{std::string("inline")});
    CHECK(value_at(sheet, "B1") == CellValue{std::string("rich runs")});
    CHECK(value_at(sheet, "C1") == CellValue{std::string("a\rb_x0041_ c\xF0\x9F\x98\x80")});
    CHECK(value_at(sheet, "D1") == CellValue{std::string("Team A")});
    CHECK(sheet.find("D1")->formula);
    CHECK(value_at(sheet, "E1") == CellValue{3.0});
    CHECK(sheet.find("E1")->formula);
    CHECK(value_at(sheet, "F1") == CellValue{ErrorValue{"#DIV/0!"}});
    CHECK(value_at(sheet, "G1") == CellValue{day(2009, 3, 31)});
    CHECK(sheet.find("G1")->date_style);
    CHECK(value_at(sheet, "H1") == CellValue{true});
    CHECK(value_at(sheet, "I1") == CellValue{std::string(" ")});
    CHECK_FALSE(sheet.find("A1")->formula);
}

TEST_CASE("cells without a value are left out: empty, styled only, a formula not yet calculated, empty text") {
    const Sheet sheet = only_sheet(read_parts(one_sheet_parts(
        "<row r=\"2\"><c r=\"A2\" s=\"0\"/><c r=\"B2\"><f>A2</f></c><c r=\"C2\" t=\"inlineStr\"><is><t></t></is></c>"
        "<c r=\"D2\" t=\"str\"><f>\"\"</f><v></v></c><c r=\"E2\"><v>5</v></c></row><row r=\"3\"/>")));
    REQUIRE(sheet.cells.size() == 1);
    CHECK(sheet.cells[0].ref() == "E2");
    CHECK(sheet.cells[0].row == 2);
    CHECK(sheet.cells[0].column == 5);
}

TEST_CASE("cells and rows without references follow the one before, cells come back by row then column") {
    const Sheet sheet = only_sheet(read_parts(one_sheet_parts(
        "<row r=\"4\"><c r=\"C4\"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c r=\"B5\"><v>4</v></c></row>"
        "<row r=\"2\"><c r=\"Z2\"><v>5</v></c></row>")));
    std::vector<std::string> refs;
    for (const Cell& c : sheet.cells) refs.push_back(c.ref());
    CHECK(refs == std::vector<std::string>{"Z2", "C4", "D4", "A5", "B5"});
    CHECK(value_at(sheet, "D4") == CellValue{2.0});
    CHECK(value_at(sheet, "A5") == CellValue{3.0});
    CHECK(sheet.find(5, 2) != nullptr);
    CHECK(sheet.find(5, 3) == nullptr);
    CHECK(sheet.find("not a ref") == nullptr);
}

TEST_CASE("dates by style: built-in and custom date formats, times and durations stay numbers") {
    Parts parts = one_sheet_parts(
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>39903</v></c><c r=\"B1\" s=\"2\"><v>39903.75</v></c>"
        "<c r=\"C1\" s=\"3\"><v>0.75</v></c><c r=\"D1\" s=\"4\"><v>1.5</v></c><c r=\"E1\" s=\"0\"><v>39903</v></c>"
        "<c r=\"F1\" s=\"5\"><v>39903</v></c><c r=\"G1\" s=\"6\"><v>39903</v></c><c r=\"H1\" s=\"99\"><v>39903</v></c>"
        "<c r=\"I1\" s=\"1\"><v>60</v></c><c r=\"J1\" s=\"1\"><v>-3</v></c></row>");
    parts["xl/styles.xml"] = styles_xml("0,14,164,165,166,167,14", {"dd/mm/yyyy hh:mm", "h:mm", "[h]:mm:ss", "0.0"});
    parts["xl/_rels/workbook.xml.rels"].insert(parts["xl/_rels/workbook.xml.rels"].find("</Relationships>"),
        "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
    const Sheet sheet = only_sheet(read_parts(parts));
    CHECK(value_at(sheet, "A1") == CellValue{day(2009, 3, 31)});
    CHECK(value_at(sheet, "B1") == CellValue{day(2009, 3, 31)});
    CHECK(value_at(sheet, "C1") == CellValue{0.75});
    CHECK(value_at(sheet, "D1") == CellValue{1.5});
    CHECK(value_at(sheet, "E1") == CellValue{39903.0});
    CHECK(value_at(sheet, "F1") == CellValue{39903.0});
    CHECK(value_at(sheet, "G1") == CellValue{day(2009, 3, 31)});
    CHECK(value_at(sheet, "H1") == CellValue{39903.0});  // a style the workbook does not have
    CHECK(value_at(sheet, "I1") == CellValue{60.0});
    CHECK(sheet.find("I1")->date_style);
    CHECK(value_at(sheet, "J1") == CellValue{-3.0});
    CHECK_FALSE(sheet.find("C1")->date_style);
}
