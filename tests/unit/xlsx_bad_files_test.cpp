// Files the XLSX reader must refuse, each with the exact message a person sees: what is wrong
// and what to do, naming file:sheet!cell where it applies and never quoting a cell's contents.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

#include "sample_workbook.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"
#include "test_zip.hpp"

using namespace sgaudit::workbook;
using sample::one_sheet_parts;
using sample::Parts;
using sample::zip_bytes;

namespace {

const std::string kSaveAgain = "open it in Excel or LibreOffice Calc and save it again as Excel Workbook (.xlsx)";
const std::string kDamaged = "; the file is damaged: " + kSaveAgain;

std::string error_of(const XlsxResult& result) {
    const auto* error = std::get_if<XlsxError>(&result);
    REQUIRE_MESSAGE(error != nullptr, "the file was read as a workbook");
    return error->to_string();
}

std::string error_of_bytes(const std::string& bytes, const XlsxLimits& limits = {}) {
    return error_of(read_xlsx_bytes(bytes, "t.xlsx", limits));
}

std::string error_of_sheet(const std::string& rows, const XlsxLimits& limits = {}) {
    return error_of_bytes(zip_bytes(one_sheet_parts(rows)), limits);
}

// The error for the one-sheet workbook with one part replaced (or, given nullopt, taken out).
std::string error_with_part(const std::string& name, const std::optional<std::string>& content) {
    Parts parts = one_sheet_parts("");
    if (content) parts[name] = *content;
    else parts.erase(name);
    return error_of_bytes(zip_bytes(parts));
}

std::string utf16(const std::string& ascii) {
    std::string out;
    for (char c : ascii) out += std::string{c, '\0'};
    return out;
}

std::string ole_file(const std::string& stream_name) {
    return std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(1000, '\0') + utf16(stream_name) +
           std::string(500, '\0');
}

std::filesystem::path scratch_dir() {
    const auto dir = std::filesystem::temp_directory_path() / ("sgaudit-xlsx-bad-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("an empty file") {
    CHECK(error_of_bytes("") == "t.xlsx: the file is empty (0 bytes), not a workbook; save the workbook again as Excel Workbook (.xlsx)");
}

TEST_CASE("a text file named .xlsx") {
    CHECK(error_of_bytes("Agency,Rating\nNorthshire Police,Fully met\n") ==
          "t.xlsx: this is a text file (such as CSV), not an Excel workbook; " + kSaveAgain);
}

TEST_CASE("a binary file that is no zip archive") {
    CHECK(error_of_bytes(std::string("\x89PNG\r\n\x1a\n\0\0", 10)) ==
          "t.xlsx: this is not an Excel workbook (an .xlsx file is a zip archive, and this is not one); " + kSaveAgain);
}

TEST_CASE("a truncated zip: the first half of a real workbook") {
    const std::string whole = zip_bytes(one_sheet_parts("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"));
    CHECK(error_of_bytes(whole.substr(0, whole.size() / 2)) ==
          "t.xlsx: the file is incomplete or damaged: its zip archive cannot be read (Not a zip archive); copy it again "
          "from where it came, or " + kSaveAgain);
}

TEST_CASE("a zip archive without xl/workbook.xml") {
    CHECK(error_of_bytes(zip_bytes({{"notes.txt", "hello"}})) ==
          "t.xlsx: this is not an Excel workbook: it has no part xl/workbook.xml; " + kSaveAgain);
}

TEST_CASE("an encrypted (password-protected) workbook: an OLE file holding an EncryptedPackage") {
    CHECK(error_of_bytes(ole_file("EncryptedPackage")) ==
          "t.xlsx: the workbook is protected with a password to open (encrypted), so it cannot be read; open it, remove "
          "the password and save it again as Excel Workbook (.xlsx)");
}

TEST_CASE("a zip archive whose parts are encrypted with a password") {
    const std::string bytes = zip_bytes(one_sheet_parts(""), "xl/workbook.xml");
    CHECK(error_of_bytes(bytes) ==
          "t.xlsx: the part xl/workbook.xml is encrypted, so the workbook cannot be read; remove the password and save "
          "it again as Excel Workbook (.xlsx)");
}

TEST_CASE("an Excel 97-2003 .xls saved under .xlsx") {
    CHECK(error_of_bytes(ole_file("Workbook")) ==
          "t.xlsx: this is an Excel 97-2003 workbook (.xls) or another older Office file, not an .xlsx workbook; " + kSaveAgain);
}

TEST_CASE("an .ods renamed .xlsx") {
    const std::string ods = zip_bytes({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                       {"content.xml", "<office:document-content/>"}});
    CHECK(error_of_bytes(ods) == "t.xlsx: this is an OpenDocument spreadsheet (.ods) named as an .xlsx file; " + kSaveAgain);
}

TEST_CASE("an Excel binary workbook (.xlsb) renamed .xlsx") {
    Parts parts = one_sheet_parts("");
    parts["_rels/.rels"] = "<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>";
    parts["xl/workbook.bin"] = std::string("\x83\x01\x00", 3);
    CHECK(error_of_bytes(zip_bytes(parts)) == "t.xlsx: this is an Excel Binary Workbook (.xlsb), not an .xlsx workbook; " + kSaveAgain);
}

TEST_CASE("malformed sheet XML names the sheet and the part") {
    CHECK(error_of_sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>") ==
          "t.xlsx:Data: the part xl/worksheets/sheet1.xml is not well-formed XML (Start-end tags mismatch, at byte 157)" + kDamaged);
}

TEST_CASE("malformed workbook XML") {
    CHECK(error_with_part("xl/workbook.xml", "<workbook><sheets>") ==
          "t.xlsx: the part xl/workbook.xml is not well-formed XML (Start-end tags mismatch, at byte 17)" + kDamaged);
}

TEST_CASE("a sheet's part that is missing") {
    CHECK(error_with_part("xl/worksheets/sheet1.xml", std::nullopt) ==
          "t.xlsx:Data: the sheet's part xl/worksheets/sheet1.xml is missing from the file" + kDamaged);
}

TEST_CASE("a sheet whose relationship is missing") {
    CHECK(error_with_part("xl/_rels/workbook.xml.rels", "<Relationships/>") ==
          "t.xlsx:Data: the workbook does not say which part holds this sheet (its relationship \"rId1\" is missing)" + kDamaged);
}

TEST_CASE("a sheet part that is not a worksheet") {
    CHECK(error_with_part("xl/worksheets/sheet1.xml", "<chartsheet/>") ==
          "t.xlsx:Data: the part xl/worksheets/sheet1.xml is not what the workbook says it is (its root element is "
          "\"chartsheet\", not \"worksheet\")" + kDamaged);
}

TEST_CASE("cell references that cannot be read") {
    CHECK(error_of_sheet("<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>") ==
          "t.xlsx:Data: a cell's reference \"A0\" cannot be read (the first cell of row 1; a reference is a column and a row "
          "within Excel's grid, such as B3)" + kDamaged);
    CHECK(error_of_sheet("<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"XFE3\"><v>1</v></c></row>") ==
          "t.xlsx:Data: a cell's reference \"XFE3\" cannot be read (the cell after B3; a reference is a column and a row "
          "within Excel's grid, such as B3)" + kDamaged);
    CHECK(error_of_sheet("<row r=\"x\"><c><v>1</v></c></row>") ==
          "t.xlsx:Data: a row's number \"x\" cannot be read (after row 0)" + kDamaged);
}

TEST_CASE("values that cannot be read name the cell and never quote its contents") {
    const std::string number = error_of_sheet("<row r=\"2\"><c r=\"B2\"><v>Jane Doe 12</v></c></row>");
    CHECK(number == "t.xlsx:Data!B2: the number in this cell cannot be read" + kDamaged);
    CHECK(number.find("Jane") == std::string::npos);
    CHECK(error_of_sheet("<row r=\"2\"><c r=\"C2\" t=\"b\"><v>yes</v></c></row>") ==
          "t.xlsx:Data!C2: the true/false value in this cell cannot be read" + kDamaged);
    CHECK(error_of_sheet("<row r=\"2\"><c r=\"D2\" t=\"d\"><v>31/03/2009</v></c></row>") ==
          "t.xlsx:Data!D2: the date in this cell cannot be read (it must be written as YYYY-MM-DD)" + kDamaged);
    CHECK(error_of_sheet("<row r=\"2\"><c r=\"E2\" t=\"s\"><v>0</v></c></row>") ==
          "t.xlsx:Data!E2: the cell points to shared text 0, and the workbook has only 0" + kDamaged);
    CHECK(error_of_sheet("<row r=\"2\"><c r=\"F2\" t=\"zz\"><v>1</v></c></row>") ==
          "t.xlsx:Data!F2: the cell's type \"zz\" is not one a workbook may hold" + kDamaged);
    CHECK(error_of_sheet("<row r=\"2\"><c r=\"G2\"><v>1</v></c><c r=\"G2\"><v>2</v></c></row>") ==
          "t.xlsx:Data!G2: the sheet holds this cell twice" + kDamaged);
}

TEST_CASE("a zip bomb: a part that unpacks past the limit is refused while it is unpacked") {
    Parts parts = one_sheet_parts("");
    parts["xl/worksheets/sheet1.xml"] = sample::worksheet_xml("") + std::string((std::size_t{64} << 20) + 1, ' ');
    const std::string bytes = zip_bytes(parts);
    CHECK(bytes.size() < (std::size_t{1} << 20));
    CHECK(error_of_bytes(bytes) ==
          "t.xlsx: the part xl/worksheets/sheet1.xml unpacks to more than 64 MiB, the most one part may hold; a workbook "
          "people fill in is far smaller: check that this is the right file");
}

TEST_CASE("limits: all parts together, cells, shared strings and the file's own size") {
    Parts parts = one_sheet_parts("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c><c r=\"C1\"><v>3</v></c></row>");
    parts["xl/sharedStrings.xml"] = "<sst><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>";
    parts["xl/_rels/workbook.xml.rels"] =
        "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
    const std::string bytes = zip_bytes(parts);
    const auto error_within = [&](auto XlsxLimits::*limit, unsigned value) {  // the default limits but one
        XlsxLimits limits;
        limits.*limit = value;
        return error_of_bytes(bytes, limits);
    };
    CHECK(error_within(&XlsxLimits::max_total_bytes, 700) ==
          "t.xlsx: the workbook's parts unpack to more than 700 bytes together, the most a workbook may hold; a workbook "
          "people fill in is far smaller: check that this is the right file");
    CHECK(error_within(&XlsxLimits::max_file_bytes, 100) ==
          "t.xlsx: the file is larger than 100 bytes, the most a workbook may be; a workbook people fill in is far "
          "smaller: check that this is the right file");
    CHECK(error_within(&XlsxLimits::max_cells, 2) ==
          "t.xlsx:Data!C1: the workbook holds more than 2 cells with a value, the most a workbook may hold; a workbook "
          "people fill in holds far fewer: check that this is the right file");
    CHECK(error_within(&XlsxLimits::max_shared_strings, 2) ==
          "t.xlsx: the workbook holds more than 2 different texts, the most a workbook may hold; a workbook people fill in "
          "holds far fewer: check that this is the right file");
}

TEST_CASE("paths that are no workbook file: missing, a folder, a named pipe (refused, not waited on)") {
    const auto dir = scratch_dir();
    const auto missing = dir / "missing.xlsx";
    CHECK(error_of(read_xlsx_file(missing)) == missing.string() + ": there is no such file; check the file's name and folder");
    CHECK(error_of(read_xlsx_file(dir)) ==
          dir.string() + ": this is not a file but a folder, device or pipe; give the path of the .xlsx workbook");
    const auto fifo = dir / "pipe.xlsx";
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(error_of(read_xlsx_file(fifo)) ==
          fifo.string() + ": this is not a file but a folder, device or pipe; give the path of the .xlsx workbook");
    const auto empty = dir / "empty.xlsx";
    std::ofstream{empty}.close();
    CHECK(error_of(read_xlsx_file(empty)) ==
          empty.string() + ": the file is empty (0 bytes), not a workbook; save the workbook again as Excel Workbook (.xlsx)");
    std::filesystem::remove_all(dir);
}

namespace {

void put_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Makes the zip say that the part `name` unpacks to `stated` bytes, in its local header and its
// central directory entry, as a zip bomb that lies about its size does. Returns how many
// headers it changed.
int state_size(std::string& zip, const std::string& name, std::uint32_t stated) {
    int changed = 0;
    const auto patch = [&](std::string_view signature, std::size_t name_at, std::size_t size_at) {
        for (std::size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 4))
            if (zip.compare(at + name_at, name.size(), name) == 0) {
                put_u32(zip, at + size_at, stated);
                ++changed;
            }
    };
    patch(std::string_view{"PK\x03\x04", 4}, 30, 22);
    patch(std::string_view{"PK\x01\x02", 4}, 46, 24);
    return changed;
}

}  // namespace

TEST_CASE("a zip bomb that states a small size is still stopped at the limit while it is unpacked") {
    Parts parts = one_sheet_parts("");
    parts["xl/worksheets/sheet1.xml"] = sample::worksheet_xml("") + std::string(std::size_t{5} << 20, ' ');
    std::string bytes = zip_bytes(parts);
    REQUIRE(state_size(bytes, "xl/worksheets/sheet1.xml", 200) == 2);
    XlsxLimits limits;
    limits.max_part_bytes = std::uint64_t{1} << 20;
    CHECK(error_of_bytes(bytes, limits) ==
          "t.xlsx: the part xl/worksheets/sheet1.xml unpacks to more than 1 MiB, the most one part may hold; a workbook "
          "people fill in is far smaller: check that this is the right file");
}

TEST_CASE("hostile XML: entities in a DOCTYPE are never expanded, deep nesting does not crash") {
    Parts parts = one_sheet_parts("");
    std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY lol \"lol\">";
    for (int i = 1; i <= 9; ++i) {  // lol9 would be 10^9 "lol"s
        std::string ten;
        for (int n = 0; n < 10; ++n) ten += "&lol" + (i > 1 ? std::to_string(i - 1) : std::string()) + ";";
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"" + ten + "\">";
    }
    laughs += "]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";
    parts["xl/worksheets/sheet1.xml"] = laughs;
    const XlsxResult laughed = read_xlsx_bytes(zip_bytes(parts), "t.xlsx");
    REQUIRE(std::holds_alternative<Workbook>(laughed));
    CHECK(std::get<std::string>(std::get<Workbook>(laughed).sheets[0].find("A1")->value) == "&lol9;");

    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<r>";
    parts["xl/worksheets/sheet1.xml"] = sample::worksheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>" + deep + "</is></c></row>");
    CHECK(error_of_bytes(zip_bytes(parts)).starts_with("t.xlsx:Data: the part xl/worksheets/sheet1.xml is not well-formed XML"));
}

TEST_CASE("hostile structure: a workbook of 30,000 sheets is read in time that grows with its size alone") {
    constexpr int kSheets = 30000;
    Parts parts = one_sheet_parts("");
    std::string sheets, rels;
    for (int i = 0; i < kSheets; ++i) {
        const std::string n = std::to_string(i);
        sheets += "<sheet name=\"S" + n + "\" sheetId=\"" + n + "\" r:id=\"r" + n + "\"/>";
        rels += "<Relationship Id=\"r" + n + "\" Type=\"x/worksheet\" Target=\"worksheets/s" + n + ".xml\"/>";
        parts["xl/worksheets/s" + n + ".xml"] = "<worksheet><sheetData><row><c><v>" + n + "</v></c></row></sheetData></worksheet>";
    }
    parts["xl/workbook.xml"] = "<workbook xmlns:r=\"x\"><sheets>" + sheets + "</sheets></workbook>";
    parts["xl/_rels/workbook.xml.rels"] = "<Relationships>" + rels + "</Relationships>";
    const std::string bytes = zip_bytes(parts);
    const auto start = std::chrono::steady_clock::now();
    const XlsxResult result = read_xlsx_bytes(bytes, "t.xlsx");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(std::holds_alternative<Workbook>(result));
    const Workbook& book = std::get<Workbook>(result);
    REQUIRE(book.sheets.size() == kSheets);
    CHECK(book.sheets.back().find("A1")->value == CellValue{double{kSheets - 1}});
    MESSAGE("30,000 sheets read in " << seconds << " s");
    CHECK(seconds < 5);
}
