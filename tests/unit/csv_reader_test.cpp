#include "sgaudit/data/csv_reader.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using sgaudit::data::CsvError;
using sgaudit::data::CsvRecord;
using sgaudit::data::CsvResult;
using sgaudit::data::CsvTable;
using sgaudit::data::read_csv_file;
using sgaudit::data::read_csv_text;

namespace {

std::string describe(const CsvResult& result) {
    if (const auto* errors = std::get_if<std::vector<CsvError>>(&result)) {
        std::string out;
        for (const auto& e : *errors) out += e.to_string() + "\n";
        return out;
    }
    return "(table)";
}

CsvTable expect_table(std::string_view text) {
    CsvResult result = read_csv_text(text, "t.csv");
    INFO(describe(result));
    REQUIRE(std::holds_alternative<CsvTable>(result));
    return std::get<CsvTable>(std::move(result));
}

std::vector<CsvError> expect_errors(std::string_view text) {
    CsvResult result = read_csv_text(text, "t.csv");
    REQUIRE(std::holds_alternative<std::vector<CsvError>>(result));
    return std::get<std::vector<CsvError>>(std::move(result));
}

// The file must fail with exactly one error, at line:column, whose message
// contains `fragment`.
void expect_one_error(std::string_view text, std::size_t line, std::size_t column, std::string_view fragment) {
    const auto errors = expect_errors(text);
    std::string all;
    for (const auto& e : errors) all += e.to_string() + "\n";
    INFO(all);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "t.csv");
    CHECK(errors[0].line == line);
    CHECK(errors[0].column == column);
    CHECK(errors[0].message.find(fragment) != std::string::npos);
}

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return {items.begin(), items.end()};
}

}  // namespace

TEST_CASE("csv: simple file with LF line endings") {
    const auto t = expect_table("name,age\nAnn,30\nBob,41\n");
    CHECK(t.file == "t.csv");
    CHECK(t.header == strings({"name", "age"}));
    // "name,age": 'n' col 1, ',' col 5, 'a' col 6.
    CHECK(t.header_columns == std::vector<std::size_t>{1, 6});
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[0].line == 2);
    CHECK(t.records[0].fields == strings({"Ann", "30"}));
    // "Ann,30": 'A' col 1, ',' col 4, '3' col 5.
    CHECK(t.records[0].columns == std::vector<std::size_t>{1, 5});
    CHECK(t.records[0].lines == std::vector<std::size_t>{2, 2});
    CHECK(t.records[0].quoted == std::vector<bool>{false, false});
    CHECK(t.records[1].line == 3);
    CHECK(t.records[1].fields == strings({"Bob", "41"}));
}

TEST_CASE("csv: final newline is optional") {
    const auto t = expect_table("a,b\n1,2");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields == strings({"1", "2"}));

    const auto header_only = expect_table("a,b");
    CHECK(header_only.header == strings({"a", "b"}));
    CHECK(header_only.records.empty());
}

TEST_CASE("csv: CRLF line endings are not part of fields") {
    const auto t = expect_table("a,b\r\n1,2\r\n3,\"x\"\r\n");
    CHECK(t.header == strings({"a", "b"}));
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[0].fields == strings({"1", "2"}));
    CHECK(t.records[1].line == 3);
    CHECK(t.records[1].fields == strings({"3", "x"}));

    const auto mixed = expect_table("a,b\r\n1,2\n3,4\r\n");
    REQUIRE(mixed.records.size() == 2);
    CHECK(mixed.records[1].fields == strings({"3", "4"}));
}

TEST_CASE("csv: BOM is stripped and does not shift columns") {
    const auto t = expect_table("\xEF\xBB\xBFid,name\n1,x\n");
    CHECK(t.header == strings({"id", "name"}));
    CHECK(t.header_columns == std::vector<std::size_t>{1, 4});

    // Line 1 "id,na\"me": 'i'=1 'd'=2 ','=3 'n'=4 'a'=5 '"'=6.  The three BOM
    // bytes before 'i' must not count, so the answer is 6 with or without.
    expect_one_error("\xEF\xBB\xBFid,na\"me\n1,2\n", 1, 6, "quote (\") inside an unquoted field");
    expect_one_error("id,na\"me\n1,2\n", 1, 6, "quote (\") inside an unquoted field");
}

TEST_CASE("csv: quoted fields with commas, doubled quotes and empty values") {
    const auto t = expect_table("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields == strings({"x,y", "say \"hi\"", ""}));
    CHECK(t.records[0].quoted == std::vector<bool>{true, true, true});
    // "\"x,y\"" is 5 characters (cols 1-5), ',' col 6, next quote col 7;
    // "\"say \"\"hi\"\"\"" is 12 characters (cols 7-18), ',' col 19, col 20.
    CHECK(t.records[0].columns == std::vector<std::size_t>{1, 7, 20});
}

TEST_CASE("csv: empty unquoted fields are kept as empty strings") {
    const auto t = expect_table("a,b,c\n,,\n1,,3\n");
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[0].fields == strings({"", "", ""}));
    CHECK(t.records[0].quoted == std::vector<bool>{false, false, false});
    // ",,": field 1 at col 1, field 2 at col 2, field 3 at col 3.
    CHECK(t.records[0].columns == std::vector<std::size_t>{1, 2, 3});
    CHECK(t.records[1].fields == strings({"1", "", "3"}));
}

TEST_CASE("csv: unquoted spaces are data, header names are trimmed") {
    const auto t = expect_table(" id ,\" name\t\"\n a , b \n");
    CHECK(t.header == strings({"id", "name"}));
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields == strings({" a ", " b "}));
}

TEST_CASE("csv: quoted newlines keep physical line numbers for later records") {
    // Line 1 header; record 1 spans lines 2-3; record 2 is line 4; record 3
    // spans lines 5-6 with a CRLF inside the quotes; record 4 is line 7.
    const auto t = expect_table("id,note\n1,\"line one\nline two\"\n2,plain\n3,\"a\r\nb\"\n4,end\n");
    REQUIRE(t.records.size() == 4);
    CHECK(t.records[0].line == 2);
    CHECK(t.records[0].fields[1] == "line one\nline two");
    CHECK(t.records[1].line == 4);
    CHECK(t.records[2].line == 5);
    // CRLF inside quotes is stored as LF so the value does not depend on
    // which system exported the file.
    CHECK(t.records[2].fields[1] == "a\nb");
    CHECK(t.records[3].line == 7);

    // Field starting after a quoted line break: line 3 is "b\",x"; the
    // closing quote is col 2, ',' col 3, 'x' col 4.
    const auto u = expect_table("a,b,c\n1,\"a\nb\",x\n");
    REQUIRE(u.records.size() == 1);
    CHECK(u.records[0].lines == std::vector<std::size_t>{2, 2, 3});
    CHECK(u.records[0].columns == std::vector<std::size_t>{1, 3, 4});

    // Same layout as above, then an error on line 7 "4,x,extra":
    // '4'=1 ','=2 'x'=3 ','=4 'e'=5, so the extra field starts at 7:5.
    expect_one_error("id,note\n1,\"line one\nline two\"\n2,plain\n3,\"a\r\nb\"\n4,x,extra\n", 7, 5,
                     "expected 2 fields (as in the header), found 3");

    // Error on the line where a multi-line field closes: line 3 is "b\"c":
    // 'b'=1 '"'=2 'c'=3.
    expect_one_error("a,b\n1,\"a\nb\"c\n", 3, 3, "text after the closing quote");
}

TEST_CASE("csv: header duplicates name both columns") {
    // "a,b,a": second 'a' at col 5.
    auto errors = expect_errors("a,b,a\n1,2,3\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 1);
    CHECK(errors[0].column == 5);
    CHECK(errors[0].message == "duplicate column name \"a\": header fields 1 and 3 have the same name; rename one of them");

    // "id,name,ID": 'i'=1 'd'=2 ','=3 "name" 4-7 ','=8 'I'=9.
    errors = expect_errors("id,name,ID\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].column == 9);
    CHECK(errors[0].message.find("field 1 \"id\"") != std::string::npos);
    CHECK(errors[0].message.find("field 3 \"ID\"") != std::string::npos);

    // Names are compared after trimming: " a ,a" -> ' '=1 'a'=2 ' '=3 ','=4
    // 'a'=5; the error points at where the field starts.
    expect_one_error(" a ,a\n", 1, 5, "header fields 1 and 2");
}

TEST_CASE("csv: header names must not be empty") {
    // "a,,c": empty field 2 starts at col 3.
    expect_one_error("a,,c\n1,2,3\n", 1, 3, "header field 2 is empty");
    // "a,b,": trailing comma, empty field 3 starts at col 5.
    expect_one_error("a,b,\n1,2,3\n", 1, 5, "trailing comma");
    // Quoted spaces only are empty after trimming: "a,\" \"": quote at col 3.
    expect_one_error("a,\" \"\n", 1, 3, "header field 2 is empty");
    // Quoted name with a line break: field 2 opens at col 3.
    expect_one_error("a,\"b\nc\"\n1,2\n", 1, 3, "contains a line break");
}

TEST_CASE("csv: too many fields points at the first extra field") {
    // Line 2 "1,2,3": '1'=1 ','=2 '2'=3 ','=4 '3'=5.
    expect_one_error("a,b\n1,2,3\n", 2, 5, "expected 2 fields (as in the header), found 3");
    // Empty extra field "1,2,": it starts at col 5, the end of the line.
    expect_one_error("a,b\n1,2,\n", 2, 5, "expected 2 fields (as in the header), found 3");
    // Singular wording for a one-column header.
    expect_one_error("a\n1,2\n", 2, 3, "expected 1 field (as in the header), found 2");
}

TEST_CASE("csv: too few fields points at the end of the line") {
    // Line 2 "1,2": '1'=1 ','=2 '2'=3, end of line at col 4.
    expect_one_error("a,b,c\n1,2\n", 2, 4, "expected 3 fields (as in the header), found 2");
    // CR of CRLF is not a character of the line: still col 4.
    expect_one_error("a,b,c\r\n1,2\r\n", 2, 4, "expected 3 fields (as in the header), found 2");
    // No final newline: still col 4.
    expect_one_error("a,b,c\n1,2", 2, 4, "expected 3 fields (as in the header), found 2");
    // Record ending on a later line: line 3 is "y\"" -> 'y'=1 '"'=2, end col 3.
    expect_one_error("a,b,c\n1,\"x\ny\"\n", 3, 3, "expected 3 fields (as in the header), found 2");
}

TEST_CASE("csv: invalid UTF-8 is reported at the bad byte") {
    // Line 2 "1,x\xFFy": '1'=1 ','=2 'x'=3 0xFF=4.
    auto errors = expect_errors("a,b\n1,x\xffy\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 4);
    CHECK(errors[0].message == "invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    CHECK(errors[0].to_string() == "t.csv:2:4: invalid UTF-8 (byte 0xFF); save the file as UTF-8");

    // Truncated 2-byte sequence at end of file: line 2 col 1.
    expect_one_error("a\n\xC3", 2, 1, "invalid UTF-8 (byte 0xC3)");
    // Truncated sequence followed by ASCII: "x\xC3y" -> 0xC3 at col 2.
    expect_one_error("a\nx\xC3y\n", 2, 2, "invalid UTF-8 (byte 0xC3)");
    // Stray continuation byte: "ab\x80" -> col 3.
    expect_one_error("a\nab\x80\n", 2, 3, "invalid UTF-8 (byte 0x80)");
    // Overlong encodings: C0 80 (2-byte NUL), E0 80 80, F0 80 80 80.
    expect_one_error("a\n\xC0\x80\n", 2, 1, "invalid UTF-8 (byte 0xC0)");
    expect_one_error("a\nx\xE0\x80\x80\n", 2, 2, "invalid UTF-8 (byte 0xE0)");
    expect_one_error("a\n\xF0\x80\x80\x80\n", 2, 1, "invalid UTF-8 (byte 0xF0)");
    // UTF-16 surrogate U+D800 encoded as ED A0 80.
    expect_one_error("a\n\xED\xA0\x80\n", 2, 1, "invalid UTF-8 (byte 0xED)");
    // Beyond U+10FFFF: F4 90 80 80.
    expect_one_error("a\n\xF4\x90\x80\x80\n", 2, 1, "invalid UTF-8 (byte 0xF4)");
    // Inside a quoted field: "\"ab\xFE\"" -> '"'=1 'a'=2 'b'=3 0xFE=4.
    expect_one_error("a\n\"ab\xFE\"\n", 2, 4, "invalid UTF-8 (byte 0xFE)");

    // A Latin-1 file has bad bytes everywhere: one report per line is
    // enough.  Line 2 "caf\xE9 cr\xE8me": first bad byte at col 4.  Line 3
    // "\xE9t\xE9": col 1.
    errors = expect_errors("a\ncaf\xE9 cr\xE8me\n\xE9t\xE9\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 4);
    CHECK(errors[0].message == "invalid UTF-8 (byte 0xE9); save the file as UTF-8");
    CHECK(errors[1].line == 3);
    CHECK(errors[1].column == 1);
}

TEST_CASE("csv: valid multi-byte characters are accepted and kept") {
    // U+00E9 (2 bytes), U+20AC (3 bytes), U+1F600 (4 bytes), U+FFFD, U+10FFFF.
    const auto t = expect_table("name,town\n\xC3\xA9,\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD\xF4\x8F\xBF\xBF\n");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields[0] == "\xC3\xA9");
    CHECK(t.records[0].fields[1] == "\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD\xF4\x8F\xBF\xBF");
    // 'é' is col 1, ',' col 2, '€' col 3 even though 'é' is two bytes.
    CHECK(t.records[0].columns == std::vector<std::size_t>{1, 3});
}

TEST_CASE("csv: multi-byte characters before an error shift columns by code points") {
    // Line 2 "éé,x€\"y": 'é'=1 'é'=2 ','=3 'x'=4 '€'=5 '"'=6.  Counting
    // bytes would give 9 (2+2+1+1+3 bytes before the quote, plus one).
    expect_one_error("a,b\n\xC3\xA9\xC3\xA9,x\xE2\x82\xAC\"y\n", 2, 6, "quote (\") inside an unquoted field");
    // Line 2 "😀é,1,2": '😀'=1 'é'=2 ','=3 '1'=4 ','=5 '2'=6.
    expect_one_error("a,b\n\xF0\x9F\x98\x80\xC3\xA9,1,2\n", 2, 6, "expected 2 fields (as in the header), found 3");
    // Line 2 "é\xFF": 'é'=1 0xFF=2.
    expect_one_error("a\n\xC3\xA9\xFF\n", 2, 2, "invalid UTF-8 (byte 0xFF)");
    // Too few: line 2 "ü€" is two characters, end of line col 3.
    expect_one_error("a,b\n\xC3\xBC\xE2\x82\xAC\n", 2, 3, "expected 2 fields (as in the header), found 1");
}

TEST_CASE("csv: empty file") {
    expect_one_error("", 1, 1, "empty file; the first line must be the header");
    expect_one_error("\xEF\xBB\xBF", 1, 1, "empty file; the first line must be the header");
    expect_one_error("\n\n", 1, 1, "the file contains only blank lines; the first line must be the header");
    expect_one_error("  \r\n", 1, 1, "the file contains only blank lines");
}

TEST_CASE("csv: trailing blank lines are ignored") {
    CHECK(expect_table("a,b\n1,2\n\n\n").records.size() == 1);
    CHECK(expect_table("a,b\r\n1,2\r\n\r\n").records.size() == 1);
    CHECK(expect_table("a,b\n1,2\n \t\n\n").records.size() == 1);
    CHECK(expect_table("a,b\n1,2\n\n   ").records.size() == 1);
    CHECK(expect_table("a,b\n\n").records.empty());
}

TEST_CASE("csv: blank lines in the middle are errors") {
    // Lines: 1 header, 2 "1,2", 3 blank, 4 "3,4".
    expect_one_error("a,b\n1,2\n\n3,4\n", 3, 1, "blank line; remove it");
    // A line of spaces looks blank too.
    expect_one_error("a,b\n1,2\n  \n3,4\n", 3, 1, "blank line; remove it");
    // A run of blank lines (3 and 4) is one error.
    expect_one_error("a\n1\n\n\r\n2\n", 3, 1, "2 blank lines (lines 3 to 4); remove them");
    // Before the header.
    expect_one_error("\na,b\n1,2\n", 1, 1, "blank line; remove it (the first line must be the header)");
    // In a one-column file the fix may be a quoted empty value.
    expect_one_error("a\n1\n\n2\n", 3, 1, "write \"\"");
}

TEST_CASE("csv: unterminated quote is reported where it opened") {
    // Line 2 "1,\"abc": '1'=1 ','=2 '"'=3; the quote swallows the rest.
    expect_one_error("a,b\n1,\"abc\n2,3\n4,5\n", 2, 3, "quoted field is never closed");
    // On the header line: 'a'=1 ','=2 '"'=3.
    expect_one_error("a,\"b\n", 1, 3, "quoted field is never closed");
    // A quote at the very end of the file: line 2 "1,\"": quote at col 3.
    expect_one_error("a,b\n1,\"", 2, 3, "quoted field is never closed");
    // The record's real end is unknown, so no "too few fields" follows.
    expect_one_error("a,b,c\n1,\"abc\n", 2, 3, "quoted field is never closed");
}

TEST_CASE("csv: quote in the middle of an unquoted field") {
    // Line 2 "1,ab\"c": '1'=1 ','=2 'a'=3 'b'=4 '"'=5.
    expect_one_error("a,b\n1,ab\"c\n", 2, 5, "quote (\") inside an unquoted field");
    // Reported once per field: line 2 "5\" and 6\"": first quote at col 2.
    expect_one_error("a\n5\" and 6\"\n", 2, 2, "quote (\") inside an unquoted field");
}

TEST_CASE("csv: text after a closing quote") {
    // Line 2 "1,\"ab\"c": '1'=1 ','=2 '"'=3 'a'=4 'b'=5 '"'=6 'c'=7.
    expect_one_error("a,b\n1,\"ab\"c\n", 2, 7, "text after the closing quote");
    // Unescaped inner quotes give one error, and the line is re-synchronised
    // at the next comma so no field-count error follows.  Line 2
    // "\"say \"hi\" now\",2": '"'=1 "say " 2-5 '"'=6 'h'=7.
    expect_one_error("a,b\n\"say \"hi\" now\",2\n", 2, 7, "text after the closing quote");
    // A space after the closing quote: '"'=1 'x'=2 '"'=3 ' '=4.
    expect_one_error("a,b\n\"x\" ,2\n", 2, 4, "text after the closing quote");
}

TEST_CASE("csv: space before an opening quote") {
    // Line 2 "1, \"x,y\"": '1'=1 ','=2 ' '=3.  The field is then read as
    // quoted, so the comma inside does not also cause a field-count error.
    expect_one_error("a,b\n1, \"x,y\"\n", 2, 3, "space before the opening quote");
}

TEST_CASE("csv: lone carriage return") {
    // "a,b\r1,2\n": the CR at col 4 of line 1.
    const auto errors = expect_errors("a,b\r1,2\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 1);
    CHECK(errors[0].column == 4);
    CHECK(errors[0].message.find("carriage return") != std::string::npos);

    // Inside quotes a lone CR is data, not a line ending.
    const auto t = expect_table("a\n\"x\ry\"\n");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields[0] == "x\ry");
}

TEST_CASE("csv: UTF-16 and NUL bytes") {
    expect_one_error(std::string_view("\xFF\xFE" "a\0,\0b\0", 8), 1, 1, "UTF-16");
    expect_one_error(std::string_view("\xFE\xFF\0a", 4), 1, 1, "UTF-16");
    // UTF-16 without a BOM shows up as NUL bytes: line 1 "a\0": NUL at col 2.
    const auto errors = expect_errors(std::string_view("a\0\n1\n", 5));
    REQUIRE(!errors.empty());
    CHECK(errors[0].line == 1);
    CHECK(errors[0].column == 2);
    CHECK(errors[0].message.find("NUL byte") != std::string::npos);
}

TEST_CASE("csv: semicolon or tab separated file") {
    expect_one_error("id;name\n1;x\n", 1, 1, "separated by semicolons");
    expect_one_error("id\tname\n1\tx\n", 1, 1, "separated by tabs");
}

TEST_CASE("csv: every error is reported, in file order") {
    // Line 2 too many (col 5), line 3 bad byte (col 1), line 4 too few
    // (end of "1" is col 2), line 5 clean, line 6 quote at col 3 ("1,a\"").
    const auto errors = expect_errors("a,b\n1,2,3\n\xFF,1\n1\n1,2\n1,a\"\n");
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 5);
    CHECK(errors[1].line == 3);
    CHECK(errors[1].column == 1);
    CHECK(errors[2].line == 4);
    CHECK(errors[2].column == 2);
    CHECK(errors[3].line == 6);
    CHECK(errors[3].column == 4);
}

TEST_CASE("csv: stops after 100 errors") {
    std::string text = "a,b\n";
    for (int i = 0; i < 1000; ++i) text += "1,2,3\n";
    const auto errors = expect_errors(text);
    REQUIRE(errors.size() == sgaudit::data::kCsvMaxErrors + 1);
    CHECK(errors[99].line == 101);
    CHECK(errors.back().line == 0);
    CHECK(errors.back().message.find("too many errors") == 0);
    CHECK(errors.back().to_string().rfind("t.csv: too many errors", 0) == 0);

    // Exactly 100 errors: no "too many" entry.
    text = "a,b\n";
    for (int i = 0; i < 100; ++i) text += "1,2,3\n";
    CHECK(expect_errors(text).size() == 100);
}

TEST_CASE("csv: error to_string format") {
    CHECK(CsvError{"f.csv", 2, 4, "msg"}.to_string() == "f.csv:2:4: msg");
    CHECK(CsvError{"f.csv", 2, 0, "msg"}.to_string() == "f.csv:2: msg");
    CHECK(CsvError{"f.csv", 0, 0, "msg"}.to_string() == "f.csv: msg");
}

TEST_CASE("csv: reading files") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("sgaudit_csv_test_" + std::to_string(static_cast<long>(::getpid())));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "cases.csv").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBFref,owner\r\nA1,\"Smith, J\"\r\n";
    }

    SUBCASE("existing file") {
        const CsvResult result = read_csv_file(path);
        INFO(describe(result));
        REQUIRE(std::holds_alternative<CsvTable>(result));
        const auto& t = std::get<CsvTable>(result);
        CHECK(t.file == path);
        CHECK(t.header == strings({"ref", "owner"}));
        REQUIRE(t.records.size() == 1);
        CHECK(t.records[0].fields == strings({"A1", "Smith, J"}));
    }

    SUBCASE("errors carry the path") {
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << "a,b\n1\n";
        }
        const CsvResult result = read_csv_file(path);
        REQUIRE(std::holds_alternative<std::vector<CsvError>>(result));
        const auto& errors = std::get<std::vector<CsvError>>(result);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].to_string().rfind(path + ":2:2: expected 2 fields", 0) == 0);
    }

    SUBCASE("missing file") {
        const std::string missing = (dir / "nope.csv").string();
        const CsvResult result = read_csv_file(missing);
        REQUIRE(std::holds_alternative<std::vector<CsvError>>(result));
        const auto& errors = std::get<std::vector<CsvError>>(result);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 0);
        CHECK(errors[0].file == missing);
        CHECK(errors[0].message.find(missing) != std::string::npos);
        CHECK(errors[0].message.find("No such file or directory") != std::string::npos);
    }

    SUBCASE("directory") {
        const CsvResult result = read_csv_file(dir.string());
        REQUIRE(std::holds_alternative<std::vector<CsvError>>(result));
        const auto& errors = std::get<std::vector<CsvError>>(result);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].line == 0);
        CHECK(errors[0].message.find("folder") != std::string::npos);
    }

    std::filesystem::remove_all(dir);
}

TEST_CASE("csv: large input is read in one pass") {
    // Shapes that would be quadratic in a naive reader: many records, one
    // huge quoted field, one record with very many fields.
    std::string text = "id,name,note\n";
    for (int i = 0; i < 200000; ++i) text += std::to_string(i) + ",\"Name " + std::to_string(i) + "\",x\xC3\xA9\n";
    const auto t = expect_table(text);
    CHECK(t.records.size() == 200000);
    CHECK(t.records.back().line == 200001);

    std::string big = "a\n\"" + std::string(5'000'000, 'x') + "\n" + std::string(5'000'000, 'y') + "\"\n";
    const auto b = expect_table(big);
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].fields[0].size() == 10'000'001);

    std::string wide = "a\n";
    for (int i = 0; i < 500000; ++i) wide += ",";
    wide += "\n";
    const auto errors = expect_errors(wide);
    REQUIRE(errors.size() == 1);
    // Line 2 is 500000 commas; the second field starts after the first
    // comma, at col 2.
    CHECK(errors[0].column == 2);
    CHECK(errors[0].message.find("found 500001") != std::string::npos);
}
