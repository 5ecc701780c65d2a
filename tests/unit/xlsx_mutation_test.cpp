// Any bytes at all give a workbook or an error naming the file, never a crash or a hang, and no
// error quotes a cell's contents: damaged copies of a workbook whose cells hold a marker text,
// made from a fixed seed so a failure can be repeated.
#include <doctest/doctest.h>

#include <chrono>
#include <random>

#include "sgaudit/workbook/xlsx_reader.hpp"
#include "test_zip.hpp"

using namespace sgaudit::workbook;

namespace {

constexpr const char* kCaseData = "ZZCASEDATA";

sample::Parts marked_workbook() {
    sample::Parts parts = sample::one_sheet_parts(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>ZZCASEDATA inline</t></is></c>"
        "<c r=\"C1\" s=\"1\"><v>39903</v></c><c r=\"D1\" t=\"b\"><v>1</v></c><c r=\"E1\" t=\"str\"><f>A1</f><v>ZZCASEDATA</v></c>"
        "</row><row r=\"2\"><c r=\"A2\" t=\"e\"><v>#N/A</v></c><c r=\"B2\"><v>12.5</v></c></row>");
    parts["xl/sharedStrings.xml"] = "<sst><si><t>ZZCASEDATA shared</t></si><si><r><t>ZZCASEDATA</t></r></si></sst>";
    parts["xl/styles.xml"] = sample::styles_xml("0,164", {"dd/mm/yyyy"});
    parts["xl/_rels/workbook.xml.rels"] =
        "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
    return parts;
}

// Deletes, repeats or replaces a few characters at random places.
std::string damaged(std::string text, std::mt19937& random) {
    const std::string_view replacements = "<>/\"=&;x0_ \xff";
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = random() % text.size();
        const std::size_t length = 1 + random() % 8;
        switch (random() % 3) {
        case 0: text.erase(at, length); break;
        case 1: text.insert(at, text.substr(at, length)); break;
        default: text[at] = replacements[random() % replacements.size()];
        }
    }
    return text;
}

void check_outcome(const XlsxResult& result) {
    if (const auto* error = std::get_if<XlsxError>(&result)) {
        const std::string text = error->to_string();
        INFO(text);
        CHECK(text.starts_with("t.xlsx"));
        CHECK_FALSE(error->message.empty());
        CHECK(text.find(kCaseData) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("damaged XML inside a sound zip: a workbook or an error, never a crash, never a cell's contents") {
    const sample::Parts sound = marked_workbook();
    REQUIRE(std::holds_alternative<Workbook>(read_xlsx_bytes(sample::zip_bytes(sound), "t.xlsx")));
    std::mt19937 random(20260101);
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 400; ++round) {
        sample::Parts parts = sound;
        auto part = parts.begin();
        std::advance(part, static_cast<long>(random() % parts.size()));
        part->second = damaged(part->second, random);
        check_outcome(read_xlsx_bytes(sample::zip_bytes(parts), "t.xlsx"));
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("damaged zip bytes: cut short or changed anywhere, a workbook or an error, never a crash") {
    const std::string sound = sample::zip_bytes(marked_workbook());
    std::mt19937 random(20260102);
    for (int round = 0; round < 400; ++round) {
        std::string bytes = sound;
        if (round % 4 == 0) bytes.resize(random() % bytes.size());
        else
            for (int flips = 1 + static_cast<int>(random() % 3); flips > 0; --flips)
                bytes[random() % bytes.size()] = static_cast<char>(random());
        check_outcome(read_xlsx_bytes(bytes, "t.xlsx"));
    }
}
