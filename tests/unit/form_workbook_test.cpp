// The workbook mechanism's own pieces, without a plugin: which forms the host refuses to write,
// and a form written with libxlsxwriter and read straight back (the unfilled workbook), checked
// cell by cell. Filling workbooks in with real spreadsheet programs is in the e2e tests.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "sgaudit/workbook/form_check.hpp"
#include "sgaudit/workbook/form_layout.hpp"
#include "sgaudit/workbook/form_writer.hpp"

namespace fs = std::filesystem;
using namespace sgaudit;
using namespace sgaudit::workbook;

namespace {

fs::path scratch(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("sgaudit-form-unit-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

FormColumn column(std::string field, std::string heading, FieldType type, bool locked, bool required) {
    FormColumn c;
    c.field = std::move(field);
    c.heading = std::move(heading);
    c.type = type;
    c.locked = locked;
    c.required = required;
    return c;
}

// An agency's return: a record sheet (sga_s11_returns) and a table of two ratings (sga_s11_ratings).
Form sample_form() {
    FormSheet ret;
    ret.name = "Return";
    ret.table = "sga_s11_returns";
    ret.layout = FormLayout::record;
    ret.columns = {column("return_id", "Return", FieldType::text, true, true),
                   column("due_date", "Due by", FieldType::date, true, true),
                   column("submitted_date", "Date submitted", FieldType::date, false, true),
                   column("staff_in_contact", "Staff in contact", FieldType::whole, false, true)};
    ret.columns[3].min = 0;
    ret.rows = {{Value("R1"), Value(*Date::from_ymd(2009, 12, 31)), Value(), Value()}};
    FormSheet ratings;
    ratings.name = "Ratings";
    ratings.table = "sga_s11_ratings";
    ratings.constants = {{"return_id", Value("R1")}};
    ratings.columns = {column("standard", "Standard", FieldType::text, true, true),
                       column("rating", "Rating", FieldType::choice, false, true),
                       column("evidence", "Evidence", FieldType::text, false, false)};
    ratings.columns[1].choices = {{"fully", "Fully met"}, {"not_met", "Not met"}};
    ratings.rows = {{Value("S11-1"), Value(), Value()}, {Value("S11-2"), Value("fully"), Value("Policy on the intranet")}};
    Form f;
    f.name = "return";
    f.version = 2;
    f.file = "section11-2009-10-O1";
    f.title = "Section 11 self-assessment 2009-10: Agency One";
    f.marker = {{"round", "2009-10"}, {"org_id", "O1"}};
    f.instructions = {"Fill it in."};
    f.sheets = {ret, ratings};
    return f;
}

}  // namespace

TEST_CASE("forms: the host refuses a plugin's form that writes case data or names what a table does not have") {
    Form ok = sample_form();
    CHECK(form_problem(ok).empty());

    Form case_data = ok;
    case_data.sheets[1].table = "ssd_person";
    CHECK(form_problem(case_data).find("workbooks may only fill sga_ tables") != std::string::npos);

    Form unknown_column = ok;
    unknown_column.sheets[1].columns[2].field = "evidnce";
    CHECK(form_problem(unknown_column) ==
          "the plugin's workbook 'return', sheet 'Ratings': column 'Evidence' goes to sga_s11_ratings.evidnce, which the table does not have");

    Form bad_file = ok;
    bad_file.file = "../elsewhere";
    CHECK(form_problem(bad_file).find("file name that is not plain") != std::string::npos);

    Form bad_sheet = ok;
    bad_sheet.sheets[0].name = "Return: 2009/10";
    CHECK(form_problem(bad_sheet).find("is not a sheet name") != std::string::npos);

    Form two_rows = ok;
    two_rows.sheets[0].rows.push_back(two_rows.sheets[0].rows[0]);
    CHECK(form_problem(two_rows).find("a record sheet must have exactly one row") != std::string::npos);

    Form reserved = ok;
    reserved.marker.push_back({"plugin", "other"});
    CHECK(form_problem(reserved).find("kept for sgaudit") != std::string::npos);
}

TEST_CASE("forms: a stamp of changed rows must be a date column of the table, set by sgaudit, with rows replaced by key") {
    // sga_stocktake_entries as the stocktake register fills it: updated_date is the stamp.
    Form f = sample_form();
    FormSheet& s = f.sheets[1];
    s.table = "sga_stocktake_entries";
    s.constants = {{"source", Value("laming-2009")}};
    s.columns = {column("entry_id", "Entry", FieldType::text, true, true), column("status", "Status", FieldType::text, false, true),
                 column("target_date", "Target date", FieldType::date, false, false)};
    s.rows = {{Value("E1"), Value(), Value()}};
    s.replace_rows_by = {"entry_id", "source"};
    s.stamp_changed = "updated_date";
    CHECK(form_problem(f).empty());

    Form not_date = f;
    not_date.sheets[1].stamp_changed = "owner";
    CHECK(form_problem(not_date).find("sga_stocktake_entries.owner, which is not a date column of the table") != std::string::npos);
    Form a_column = f;
    a_column.sheets[1].stamp_changed = "target_date";
    CHECK(form_problem(a_column).find("sga_stocktake_entries.target_date is both a column and the stamp") != std::string::npos);
    Form no_key = f;
    no_key.sheets[1].replace_rows_by.clear();
    CHECK(form_problem(no_key).find("replace_rows_by does not say which stored row each one is") != std::string::npos);
    Form replaced = f;
    replaced.sheets[1].replaces = {{"source", Value("laming-2009")}};
    CHECK(form_problem(replaced).find("not removed by replaces") != std::string::npos);
}

TEST_CASE("forms: a written workbook has its instructions first, hidden lists and marker, real dates, drop-downs, and is owner-only") {
    const auto file = scratch("written.xlsx");
    REQUIRE(write_form_workbook(sample_form(), FormStamp{"section11", "0.1.0", "section11 0.1.0", "2009-11-01T09:00:00Z"}, file));
    struct stat st{};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    auto read = read_xlsx_file(file);
    REQUIRE(std::holds_alternative<Workbook>(read));
    const auto& wb = std::get<Workbook>(read);
    REQUIRE(wb.sheets.size() == 5);
    CHECK(wb.sheets[0].name == "Instructions");
    CHECK(wb.sheets[1].name == "Return");
    CHECK(wb.sheets[2].name == "Ratings");
    CHECK(wb.sheets[3].state == SheetState::hidden);
    CHECK(wb.sheets[4].name == "sgaudit");
    CHECK(wb.sheets[4].state == SheetState::hidden);

    auto marker = read_marker(wb);
    REQUIRE(std::holds_alternative<Marker>(marker));
    const auto& m = std::get<Marker>(marker);
    CHECK(m.plugin == "section11");
    CHECK(m.form == "return");
    CHECK(m.version == 2);
    CHECK(m.pairs == std::vector<std::pair<std::string, std::string>>{{"round", "2009-10"}, {"org_id", "O1"}});

    // Record layout: labels in column A from row 4, cells in column B. The due date is a real date.
    const Sheet& ret = wb.sheets[1];
    const Cell* due = ret.find("B5");
    REQUIRE(due);
    CHECK(due->date_style);
    CHECK(std::get<Date>(due->value) == *Date::from_ymd(2009, 12, 31));
    CHECK(std::get<std::string>(ret.find("A6")->value) == "Date submitted *");
    // Table layout: headings in row 4, the pre-filled rating shown by its label.
    const Sheet& ratings = wb.sheets[2];
    CHECK(std::get<std::string>(ratings.find("B4")->value) == "Rating *");
    CHECK(std::get<std::string>(ratings.find("B6")->value) == "Fully met");
    bool dropdown = false;
    for (const auto& v : ratings.validations)
        dropdown = dropdown || (v.type == "list" && v.sqref == "B5:B6" && v.formula1 == "'Drop-down lists'!$A$1:$A$2");
    CHECK(dropdown);
}

TEST_CASE("forms: an unfilled workbook read back names each required cell left empty, at its sheet and cell") {
    const auto file = scratch("unfilled.xlsx");
    REQUIRE(write_form_workbook(sample_form(), FormStamp{"section11", "0.1.0", "section11 0.1.0", "2009-11-01T09:00:00Z"}, file));
    auto read = read_xlsx_file(file);
    REQUIRE(std::holds_alternative<Workbook>(read));
    auto checked = check_filled_form(std::get<Workbook>(read), sample_form());
    REQUIRE(std::holds_alternative<std::vector<XlsxError>>(checked));
    std::vector<std::string> got;
    for (const auto& e : std::get<std::vector<XlsxError>>(checked)) got.push_back(e.sheet + "!" + e.cell + ": " + e.message);
    // Return: Date submitted (B6) and Staff in contact (B7); Ratings: S11-1's rating (B5). S11-2's was pre-filled.
    CHECK(got == std::vector<std::string>{"Return!B6: Date submitted is required: fill it in",
                                          "Return!B7: Staff in contact is required: fill it in",
                                          "Ratings!B5: Rating is required: fill it in"});
}

TEST_CASE("forms: a workbook without sgaudit's marker is refused, saying only sgaudit's workbooks can be collected") {
    Workbook wb;
    wb.file = "mine.xlsx";
    auto marker = read_marker(wb);
    REQUIRE(std::holds_alternative<XlsxError>(marker));
    CHECK(std::get<XlsxError>(marker).to_string().rfind("mine.xlsx: this is not a workbook sgaudit wrote", 0) == 0);
}

TEST_CASE("forms: text with a control character, text too long for a cell and numbers too large are refused, not stored") {
    // The sample form's Return sheet, filled in as a spreadsheet program would save it (cells 1-based).
    Form form = sample_form();
    auto filled = [](std::vector<std::pair<std::string, CellValue>> values) {
        Workbook wb;
        wb.file = "r.xlsx";
        Sheet ret;
        ret.name = "Return";
        auto put = [&](std::uint32_t row, std::uint32_t col, CellValue v) { ret.cells.push_back(Cell{row, col, std::move(v)}); };
        put(4, 1, std::string("Return *"));
        put(4, 2, std::string("R1"));
        put(5, 1, std::string("Due by *"));
        put(5, 2, *Date::from_ymd(2009, 12, 31));
        put(6, 1, std::string("Date submitted *"));
        put(6, 2, *Date::from_ymd(2009, 12, 10));
        put(7, 1, std::string("Staff in contact *"));
        for (auto& [ref, v] : values) put(7, 2, v);
        Sheet ratings;
        ratings.name = "Ratings";
        ratings.cells = {Cell{4, 1, std::string("Standard *")}, Cell{4, 2, std::string("Rating *")}, Cell{4, 3, std::string("Evidence")},
                         Cell{5, 1, std::string("S11-1")},      Cell{5, 2, std::string("Not met")},  Cell{6, 1, std::string("S11-2")},
                         Cell{6, 2, std::string("fully")},      Cell{6, 3, std::string("Tab\there")}};
        wb.sheets = {ret, ratings};
        return wb;
    };
    auto problems = [&](Workbook wb) {
        for (auto& sheet : wb.sheets)  // as the reader keeps them: by row, then column
            std::sort(sheet.cells.begin(), sheet.cells.end(),
                      [](const Cell& a, const Cell& b) { return a.row != b.row ? a.row < b.row : a.column < b.column; });
        std::vector<std::string> out;
        auto checked = check_filled_form(wb, form);
        if (auto* e = std::get_if<std::vector<XlsxError>>(&checked))
            for (const auto& x : *e) out.push_back(x.to_string());
        return out;
    };
    CHECK(problems(filled({{"B7", 200.0}})).empty());
    CHECK(problems(filled({{"B7", 1e16}})) ==
          std::vector<std::string>{"r.xlsx:Return!B7: Staff in contact is too large: write a whole number the size you mean"});
    CHECK(problems(filled({{"B7", std::string("2\x01" "00")}})) ==
          std::vector<std::string>{"r.xlsx:Return!B7: Staff in contact is not a whole number: write a whole number"});
    Workbook control = filled({{"B7", 200.0}});
    control.sheets[1].cells.back().value = std::string("Chief\x01" "Constable");
    CHECK(problems(control) ==
          std::vector<std::string>{"r.xlsx:Ratings!C6: Evidence holds an invisible control character: type the text again"});
    Workbook too_long = filled({{"B7", 200.0}});
    too_long.sheets[1].cells.back().value = std::string(32768, 'x');
    CHECK(problems(too_long) == std::vector<std::string>{"r.xlsx:Ratings!C6: Evidence is longer than a spreadsheet cell holds (32,767 "
                                                         "characters): shorten it, or say where the rest is"});
    Workbook beside = filled({{"B7", 200.0}});
    beside.sheets[0].cells.push_back(Cell{6, 3, std::string("a note")});  // C6, beside the return's cells
    CHECK(problems(beside) ==
          std::vector<std::string>{"r.xlsx:Return!C6: this cell is outside the form and would not be collected: move what it says "
                                   "into the form's cells, or clear it"});
}
