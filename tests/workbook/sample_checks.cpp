// Checks a workbook read back against the sample's hand-written expectations.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "sample_workbook.hpp"

namespace sample {

using namespace sgaudit::workbook;
using sgaudit::Date;

namespace {

std::string describe(const CellValue& v) {
    std::ostringstream out;
    if (const auto* s = std::get_if<std::string>(&v)) out << "text \"" << *s << "\"";
    if (const auto* d = std::get_if<double>(&v)) out << "number " << *d;
    if (const auto* b = std::get_if<bool>(&v)) out << "boolean " << (*b ? "true" : "false");
    if (const auto* d = std::get_if<Date>(&v)) out << "date " << d->iso();
    if (const auto* e = std::get_if<ErrorValue>(&v)) out << "error " << e->code;
    return out.str();
}

void check_sheets(const Workbook& book, Program program) {
    std::vector<std::pair<std::string, SheetState>> want = {
        {"Instructions", SheetState::visible}, {"Returns", SheetState::visible}, {"Lists", SheetState::hidden}};
    if (program == Program::openpyxl) want.emplace_back("Marker", SheetState::very_hidden);
    if (program == Program::libreoffice) want.emplace_back("Marker", SheetState::hidden);
    REQUIRE(book.sheets.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        CHECK(book.sheets[i].name == want[i].first);
        CHECK(book.sheets[i].state == want[i].second);
    }
}

void check_names(const Workbook& book) {
    std::vector<DefinedName> names;
    std::copy_if(book.names.begin(), book.names.end(), std::back_inserter(names),
                 [](const DefinedName& n) { return !n.name.starts_with("_xlnm."); });
    REQUIRE(names.size() == 2);
    const auto named = [&](const std::string& name) {
        const auto at = std::find_if(names.begin(), names.end(), [&](const DefinedName& n) { return n.name == name; });
        REQUIRE(at != names.end());
        return *at;
    };
    CHECK(named("Scale").formula == "Lists!$A$1:$A$4");
    CHECK_FALSE(named("Scale").sheet.has_value());
    CHECK(named("FirstAgency").formula == "Returns!$A$2");
    CHECK(named("FirstAgency").sheet == std::optional<std::size_t>{1});
}

void check_drop_downs(const Workbook& book) {
    const auto* returns = book.sheet("Returns");
    REQUIRE(returns != nullptr);
    std::map<std::string, DataValidation> by_range;
    for (const auto& v : returns->validations) by_range[v.sqref] = v;
    REQUIRE(by_range.size() == 2);
    CHECK(by_range["C2:C20"].type == "list");
    CHECK(by_range["C2:C20"].formula1 == "Scale");
    CHECK(by_range["C2:C20"].list_items.empty());
    CHECK(by_range["H2:H20"].type == "list");
    CHECK(by_range["H2:H20"].list_items == std::vector<std::string>{"Yes", "No"});
}

void check_cells(const Workbook& book, const std::vector<ExpectedCell>& cells, Program program) {
    std::map<std::string, std::size_t> per_sheet;
    for (const ExpectedCell& want : cells) {
        ++per_sheet[want.sheet];
        INFO(want.sheet << "!" << want.ref << ": want " << describe(want.value));
        const auto* sheet = book.sheet(want.sheet);
        REQUIRE(sheet != nullptr);
        const auto* got = sheet->find(want.ref);
        REQUIRE(got != nullptr);
        INFO("got " << describe(got->value));
        CHECK(got->ref() == want.ref);
        CHECK(got->value == want.value);
        CHECK(got->date_style == want.date_style);
        const bool boolean = std::holds_alternative<bool>(want.value);
        CHECK(got->formula == (boolean && program == Program::libreoffice));
    }
    for (const auto& sheet : book.sheets) {
        INFO("sheet " << sheet.name);
        CHECK(sheet.cells.size() == per_sheet[sheet.name]);
    }
}

}  // namespace

void check_workbook(const Workbook& book, Program program) {
    CHECK_FALSE(book.date1904);
    check_sheets(book, program);
    check_names(book);
    check_drop_downs(book);
    check_cells(book, program == Program::libxlsxwriter ? template_cells() : filled_cells(), program);
}

const Workbook& workbook_of(const XlsxResult& result) {
    if (const auto* error = std::get_if<XlsxError>(&result)) FAIL(error->to_string());
    return std::get<Workbook>(result);
}

}  // namespace sample
