// The XLSX reader finds parts the way spreadsheet programs do: through the package's
// relationships, whatever the parts are called, with or without namespace prefixes.
#include <doctest/doctest.h>

#include "sample_workbook.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"
#include "test_zip.hpp"

using namespace sgaudit::workbook;
using sample::Parts;
using sample::workbook_of;
using sample::zip_bytes;
using sgaudit::Date;

namespace {

const std::string kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const std::string kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

std::string relationships(const std::string& body) {
    return "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + body +
           "</Relationships>";
}

std::string relationship(const std::string& id, const std::string& type, const std::string& target) {
    return "<Relationship Id=\"" + id + "\" Type=\"" + kRelType + type + "\" Target=\"" + target + "\"/>";
}

// Parts under unusual names, prefixed XML, three sheets (one very hidden, one a chart sheet),
// the 1904 date system, local and workbook-level names, and Excel 2010's validations.
Parts unusual_package() {
    const std::string x = "xmlns:x=\"" + kMain + "\" xmlns:r=\"" + kRelType.substr(0, kRelType.size() - 1) + "\"";
    return {
        {"_rels/.rels", relationships(relationship("r1", "officeDocument", "/book/main.xml"))},
        {"book/main.xml",
         "<x:workbook " + x + "><x:workbookPr date1904=\"true\"/><x:sheets>"
         "<x:sheet name=\"Second\" sheetId=\"7\" r:id=\"s2\"/><x:sheet name=\"Chart\" sheetId=\"8\" r:id=\"c1\"/>"
         "<x:sheet name=\"Marker\" sheetId=\"9\" state=\"veryHidden\" r:id=\"s1\"/></x:sheets>"
         "<x:definedNames><x:definedName name=\"Scale\">=Second!$A$1:$A$2</x:definedName>"
         "<x:definedName name=\"Here\" localSheetId=\"2\" hidden=\"1\">Marker!$A$1</x:definedName>"
         "<x:definedName name=\"Nowhere\" localSheetId=\"5\">Marker!$A$1</x:definedName></x:definedNames></x:workbook>"},
        {"book/_rels/main.xml.rels",
         relationships(relationship("s1", "worksheet", "sheets/a.xml") + relationship("s2", "worksheet", "/book/sheets/b.xml") +
                       relationship("c1", "chartsheet", "charts/c.xml") + relationship("t", "sharedStrings", "../text/words.xml") +
                       relationship("y", "styles", "look.xml") +
                       "<Relationship Id=\"h\" Type=\"" + kRelType + "hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/>")},
        {"text/words.xml", "<x:sst " + x + "><x:si><x:t>Fully met</x:t></x:si><x:si><x:t>Not met</x:t></x:si></x:sst>"},
        {"book/look.xml", "<styleSheet xmlns=\"" + kMain + "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
        {"book/sheets/a.xml", "<x:worksheet " + x + "><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" s=\"1\"><x:v>0</x:v></x:c>"
                              "<x:c r=\"B1\" s=\"1\"><x:v>35155</x:v></x:c></x:row></x:sheetData></x:worksheet>"},
        {"book/sheets/b.xml",
         "<worksheet xmlns=\"" + kMain + "\" xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\" "
         "xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
         "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row></sheetData>"
         "<dataValidations count=\"1\"><dataValidation type=\"whole\" allowBlank=\"1\" sqref=\"C1:C9\"><formula1>0</formula1>"
         "<formula2>100</formula2></dataValidation></dataValidations>"
         "<extLst><ext uri=\"{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}\"><x14:dataValidations count=\"1\">"
         "<x14:dataValidation type=\"list\" allowBlank=\"1\"><x14:formula1><xm:f>Second!$A$1:$A$2</xm:f></x14:formula1>"
         "<xm:sqref>B1:B9</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"},
    };
}

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }

}  // namespace

TEST_CASE("parts are found through relationships, whatever their names, namespace prefixes are ignored") {
    const XlsxResult result = read_xlsx_bytes(zip_bytes(unusual_package()), "odd.xlsx");
    const Workbook& book = workbook_of(result);
    REQUIRE(book.sheets.size() == 3);
    CHECK(book.sheets[0].name == "Second");
    CHECK(book.sheets[0].part == "book/sheets/b.xml");
    CHECK(book.sheets[1].name == "Chart");
    CHECK(book.sheets[1].kind == SheetKind::chartsheet);
    CHECK(book.sheets[1].cells.empty());
    CHECK(book.sheets[2].name == "Marker");
    CHECK(book.sheets[2].state == SheetState::very_hidden);
    CHECK(book.sheets[2].part == "book/sheets/a.xml");
    CHECK(book.sheet("second") == &book.sheets[0]);
    CHECK(book.sheet("Third") == nullptr);
    CHECK(std::get<std::string>(book.sheets[0].find("A1")->value) == "Fully met");
    CHECK(std::get<std::string>(book.sheets[0].find("A2")->value) == "Not met");
}

TEST_CASE("a 1904-system workbook: serial 0 is 1904-01-01 and 35155 is 2000-04-01") {
    const XlsxResult result = read_xlsx_bytes(zip_bytes(unusual_package()), "mac.xlsx");
    const Workbook& book = workbook_of(result);
    CHECK(book.date1904);
    const Sheet& marker = book.sheets[2];
    CHECK(marker.find("A1")->value == CellValue{day(1904, 1, 1)});
    CHECK(marker.find("B1")->value == CellValue{day(2000, 4, 1)});
}

TEST_CASE("defined names: workbook-level and local to a sheet, a name local to a sheet that is not there is left out") {
    const XlsxResult result = read_xlsx_bytes(zip_bytes(unusual_package()), "odd.xlsx");
    const Workbook& book = workbook_of(result);
    REQUIRE(book.names.size() == 2);
    CHECK(book.names[0].name == "Scale");
    CHECK(book.names[0].formula == "Second!$A$1:$A$2");
    CHECK_FALSE(book.names[0].sheet.has_value());
    CHECK_FALSE(book.names[0].hidden);
    CHECK(book.names[1].name == "Here");
    CHECK(book.names[1].sheet == std::optional<std::size_t>{2});
    CHECK(book.names[1].hidden);
}

TEST_CASE("data validations: the sheet's own and Excel 2010's in extLst") {
    const XlsxResult result = read_xlsx_bytes(zip_bytes(unusual_package()), "odd.xlsx");
    const Workbook& book = workbook_of(result);
    const auto& validations = book.sheets[0].validations;
    REQUIRE(validations.size() == 2);
    CHECK(validations[0].type == "whole");
    CHECK(validations[0].sqref == "C1:C9");
    CHECK(validations[0].formula1 == "0");
    CHECK(validations[0].formula2 == "100");
    CHECK(validations[0].allow_blank);
    CHECK(validations[1].type == "list");
    CHECK(validations[1].sqref == "B1:B9");
    CHECK(validations[1].formula1 == "Second!$A$1:$A$2");
    CHECK(validations[1].list_items.empty());
}

TEST_CASE("a list typed into a validation splits into its items, doubled quotes are one quote") {
    Parts parts = sample::one_sheet_parts("");
    parts["xl/worksheets/sheet1.xml"] =
        "<worksheet xmlns=\"" + kMain + "\"><sheetData/><dataValidations><dataValidation type=\"list\" sqref=\"A1\">"
        "<formula1>\"Fully met,Not met,Say \"\"no\"\",\"</formula1></dataValidation></dataValidations></worksheet>";
    const XlsxResult result = read_xlsx_bytes(zip_bytes(parts), "t.xlsx");
    const Workbook& book = workbook_of(result);
    CHECK(book.sheets[0].validations.at(0).list_items ==
          std::vector<std::string>{"Fully met", "Not met", "Say \"no\"", ""});
}
