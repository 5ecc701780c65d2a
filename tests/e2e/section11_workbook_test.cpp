// Section 11 workbooks end to end: `sgaudit workbook section11` writes each in-scope agency's
// return, a person fills it in (openpyxl, and LibreOffice Calc re-saving it), `sgaudit collect`
// checks every cell and writes the returns into the source's sga_ tables, all or nothing, on
// SQLite and PostgreSQL. The fixture (tests/fixtures/section11-forms) has agencies O1 and O2 in
// scope, O3 out of scope, and O1's 2008-09 return. Cells, by docs/workbooks.md's layout:
//   Return (down the page, cells in column B from row 4): B4 return, B5 agency id, B6 agency,
//     B7 round, B8 due by, B9 date submitted, B10 signed off by, B11 in contact, B12 trained, B13 vetted.
//   Ratings (headings in row 4; S11-1..S11-8 in rows 5..12): A standard, B title, C rating, D evidence,
//     E the 2008-09 rating.
//   Actions (rows 5..16, ids pre-filled): A action, B standard, C what, D owner, E due by, F completed.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"
#include "sgaudit/util/os_user.hpp"
#include "sgaudit/util/sha256.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

using namespace e2e;
using e2e::programs::convert_with_libreoffice;
using e2e::programs::type_cells;

namespace {

std::string s11_source(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "s11.db").string();
    if (run_cli({"db", "init", "--source", src}).code != 0 ||
        run_cli({"db", "import", fixtures() + "/section11-forms", "--source", src}).code != 0)
        throw std::runtime_error("loading the section11-forms fixture failed");
    return src;
}

CliResult write_workbooks(const std::string& src, const fs::path& out) {
    return run_cli({"workbook", "section11", "--round", "2009-10", "--as-of", "2009-11-01", "--source", src, "--out", out.string()});
}

// O1's return filled in completely: every standard fully met with evidence but S11-5, partially
// met with one action.
std::vector<std::string> complete_o1() {
    std::vector<std::string> e = {"Return!B9=date:2009-12-10", "Return!B10=text:Chief Constable", "Return!B11=number:200",
                                  "Return!B12=number:190",     "Return!B13=number:200"};
    for (int row = 5; row <= 12; ++row) {
        e.push_back("Ratings!C" + std::to_string(row) + "=text:" + (row == 9 ? "Partially met" : "Fully met"));
        e.push_back("Ratings!D" + std::to_string(row) + "=text:Evidence " + std::to_string(row - 4));
    }
    for (const char* a : {"Actions!B5=text:S11-5", "Actions!C5=text:Train the call handlers", "Actions!D5=text:Head of Training",
                          "Actions!E5=date:2010-06-30"})
        e.push_back(a);
    return e;
}

std::vector<std::string> complete_o2() {
    std::vector<std::string> e = {"Return!B9=date:2009-12-20", "Return!B10=text:Director of Nursing", "Return!B11=number:50",
                                  "Return!B12=number:45",      "Return!B13=number:50"};
    for (int row = 5; row <= 12; ++row) {
        e.push_back("Ratings!C" + std::to_string(row) + "=text:fully");  // the code, not the label: both are accepted
        e.push_back("Ratings!D" + std::to_string(row) + "=text:Evidence");
    }
    return e;
}

std::size_t count(const std::string& src, const std::string& table) {
    return std::stoul(query_rows(src, "SELECT COUNT(*) FROM " + table).at(0));
}

// The whole flow on one source: write, fill, dry run, collect, collect again.
void write_fill_collect(const std::string& src, const fs::path& dir) {
    auto w = write_workbooks(src, dir / "out");
    INFO(w.all());
    REQUIRE(w.code == 0);
    CHECK(fs::exists(dir / "out/section11-2009-10-O1.xlsx"));
    CHECK(fs::exists(dir / "out/section11-2009-10-O2.xlsx"));
    CHECK_FALSE(fs::exists(dir / "out/section11-2009-10-O3.xlsx"));       // out of scope
    CHECK_FALSE(fs::exists(dir / "out/section11-2009-10-panel.xlsx"));    // no 2009-10 return is in yet
    CHECK(mode_of(dir / "out/section11-2009-10-O1.xlsx") == 0600);
    type_cells(dir / "out/section11-2009-10-O1.xlsx", dir / "O1.xlsx", complete_o1());
    type_cells(dir / "out/section11-2009-10-O2.xlsx", dir / "O2.xlsx", complete_o2());
    const std::vector<std::string> files = {(dir / "O1.xlsx").string(), (dir / "O2.xlsx").string()};

    auto dry = run_cli({"collect", files[0], files[1], "--source", src, "--dry-run"});
    INFO(dry.all());
    REQUIRE(dry.code == 0);
    CHECK(count(src, "sga_s11_returns") == 1);  // only the fixture's 2008-09 return: nothing written
    CHECK(count(src, "sga_collections") == 0);

    for (int time = 1; time <= 2; ++time) {  // collecting again replaces what the same workbooks gave
        auto c = run_cli({"collect", files[0], files[1], "--source", src, "--history", (dir / "history.db").string()});
        INFO(c.all());
        REQUIRE(c.code == 0);
        CHECK(query_rows(src, "SELECT return_id, org_id, period, due_date, submitted_date, signed_off_role, staff_in_contact, "
                           "staff_trained, staff_vetted FROM sga_s11_returns WHERE period = '2009-10' ORDER BY return_id") ==
              std::vector<std::string>{"S11-2009-10-O1|O1|2009-10|2009-12-31|2009-12-10|Chief Constable|200|190|200",
                                       "S11-2009-10-O2|O2|2009-10|2009-12-31|2009-12-20|Director of Nursing|50|45|50"});
        CHECK(query_rows(src, "SELECT standard, rating, evidence FROM sga_s11_ratings WHERE return_id = 'S11-2009-10-O1' "
                           "ORDER BY standard") ==
              std::vector<std::string>{"S11-1|fully|Evidence 1",     "S11-2|fully|Evidence 2", "S11-3|fully|Evidence 3",
                                       "S11-4|fully|Evidence 4",     "S11-5|partially|Evidence 5", "S11-6|fully|Evidence 6",
                                       "S11-7|fully|Evidence 7",     "S11-8|fully|Evidence 8"});
        CHECK(count(src, "sga_s11_ratings") == 8 + 16);
        CHECK(query_rows(src, "SELECT action_id, return_id, standard, action, owner, due_date, completed_date FROM sga_s11_actions") ==
              std::vector<std::string>{"S11-2009-10-O1-A01|S11-2009-10-O1|S11-5|Train the call handlers|Head of Training|2010-06-30|"});
        CHECK(count(src, "sga_collections") == static_cast<std::size_t>(2 * time));
    }
    std::string sha;
    REQUIRE(sgaudit::util::sha256_file(files[0], sha));
    auto rec = query_rows(src, "SELECT file_name, sha256, plugin, form, form_version, marker, rows_collected, collected_by "
                            "FROM sga_collections WHERE file_name = 'O1.xlsx'");
    REQUIRE(rec.size() == 2);
    CHECK(rec[0] == "O1.xlsx|" + sha + "|section11|return|1|round=2009-10, org_id=O1|10|" + sgaudit::util::os_user());
    // --history: the same record in the run history, beside the runs (4 collections: two files, twice).
    auto kept = query_rows("sqlite:" + (dir / "history.db").string(),
                        "SELECT seq, file_name, sha256, plugin, form, marker, rows_collected, collected_by FROM "
                        "sgaudit_history_collection ORDER BY seq");
    REQUIRE(kept.size() == 4);
    CHECK(kept[0] == "1|O1.xlsx|" + sha + "|section11|return|round=2009-10, org_id=O1|10|" + sgaudit::util::os_user());
    CHECK(mode_of(dir / "history.db") == 0600);
}

}  // namespace

TEST_CASE("section11 workbooks: written for each in-scope agency, filled in, checked and collected on SQLite") {
    auto dir = temp_dir("s11-forms-sqlite");
    write_fill_collect(s11_source(dir), dir);
}

TEST_CASE("section11 workbooks: the audit of the round judges what was collected") {
    auto dir = temp_dir("s11-forms-audit");
    std::string src = s11_source(dir);
    write_fill_collect(src, dir);
    auto r = run_cli({"run", "section11", "--source", src, "--set", "section11.round=2009-10", "--as-of", "2010-01-15", "--no-history",
                      "--format", "json", "--out", (dir / "report").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto report = read_json(dir / "report/report.json");
    auto outcome = [&](const std::string& rule, const std::string& subject) {
        const auto* res = find_result(report, rule, subject);
        return res ? (*res)["outcome"].get<std::string>() : std::string("(no result)");
    };
    // Both returns in by 31 December 2009 and signed off; O3 is out of scope, so not judged.
    CHECK(outcome("s11.return-received", "O1") == "pass");
    CHECK(outcome("s11.return-on-time", "O2") == "pass");
    CHECK(outcome("s11.return-received", "O3") == "(no result)");
    // O1 trained 190 of 200 (95%); O2 45 of 50, exactly the 90% threshold: both pass.
    CHECK(outcome("s11.training-coverage", "O1") == "pass");
    CHECK(outcome("s11.training-coverage", "O2") == "pass");
    // O1's S11-5 is partially met with an action that has an owner and a due date; the rest are
    // fully met with evidence.
    CHECK(outcome("s11.action-for-gap", "S11-2009-10-O1/S11-5") == "pass");
    CHECK(outcome("s11.evidence-for-met", "S11-2009-10-O1/S11-1") == "pass");
    // Its 2008-09 rating of S11-5 was partially met too (not a fall); S11-3 rose from mostly met.
    CHECK(outcome("s11.rating-held", "S11-2009-10-O1/S11-5") == "pass");
    CHECK(outcome("s11.rating-held", "S11-2009-10-O1/S11-3") == "pass");
    // The action is due 30 June 2010, after the audit date: not yet due. No round after 2009-10 is
    // listed, so whether it comes before the next round cannot be judged.
    CHECK(outcome("s11.action-on-time", "S11-2009-10-O1-A01") == "not_applicable");
    CHECK(outcome("s11.action-before-next-round", "S11-2009-10-O1-A01") == "not_applicable");
}

TEST_CASE("section11 workbooks: written, filled in and collected on PostgreSQL") {
    std::string src = pg_source("s11_forms");
    if (src.empty()) {
        MESSAGE("SGAUDIT_TEST_PG_URL is not set: scripts/test.sh starts a PostgreSQL server for this test");
        REQUIRE(std::getenv("SGAUDIT_TEST_PG_URL") == nullptr);
        return;
    }
    auto dir = temp_dir("s11-forms-pg");
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/section11-forms", "--source", src}).code == 0);
    write_fill_collect(src, dir);
    // All or nothing on PostgreSQL too: O2 again (sound) with an O1 whose rating is off the scale
    // changes nothing, not even O2's return.
    auto edits = complete_o1();
    edits.push_back("Ratings!C6=text:Excellent");
    type_cells(dir / "out/section11-2009-10-O1.xlsx", dir / "O1-bad.xlsx", edits);
    auto o2 = complete_o2();
    o2[1] = "Return!B10=text:Chief Executive";
    type_cells(dir / "out/section11-2009-10-O2.xlsx", dir / "O2-changed.xlsx", o2);
    auto c = run_cli({"collect", (dir / "O2-changed.xlsx").string(), (dir / "O1-bad.xlsx").string(), "--source", src});
    CHECK(c.code == 2);
    CHECK(c.err.find((dir / "O1-bad.xlsx").string() + ":Ratings!C6: Rating is not one of the choices") != std::string::npos);
    CHECK(query_rows(src, "SELECT signed_off_role FROM sga_s11_returns WHERE org_id = 'O2' AND period = '2009-10'") ==
          std::vector<std::string>{"Director of Nursing"});
    CHECK(count(src, "sga_collections") == 4);
}

TEST_CASE("section11 workbooks: the agency's earlier rating and the rule set's scale are in the workbook") {
    auto dir = temp_dir("s11-forms-content");
    auto w = write_workbooks(s11_source(dir), dir / "out");
    REQUIRE(w.code == 0);
    auto read = sgaudit::workbook::read_xlsx_file(dir / "out/section11-2009-10-O1.xlsx");
    REQUIRE(std::holds_alternative<sgaudit::workbook::Workbook>(read));
    const auto& wb = std::get<sgaudit::workbook::Workbook>(read);
    const auto* ratings = wb.sheet("Ratings");
    REQUIRE(ratings);
    auto text = [&](const char* ref) {
        const auto* c = ratings->find(ref);
        return c && std::holds_alternative<std::string>(c->value) ? std::get<std::string>(c->value) : std::string("(none)");
    };
    CHECK(text("A5") == "S11-1");
    CHECK(text("E4") == "Rating in 2008-09");
    CHECK(text("E7") == "Mostly met");    // S11-3 in O1's 2008-09 return
    CHECK(text("E9") == "Partially met");  // S11-5
    const auto* ret = wb.sheet("Return");
    REQUIRE(ret);
    const auto* due = ret->find("B8");
    REQUIRE(due);
    CHECK(std::get<sgaudit::Date>(due->value) == *sgaudit::Date::from_ymd(2009, 12, 31));
    bool scale = false;
    for (const auto& v : ratings->validations) scale = scale || (v.type == "list" && v.sqref == "C5:C12");
    CHECK(scale);
}

TEST_CASE("section11 workbooks: a return filled in with openpyxl and re-saved by LibreOffice Calc collects the same") {
    auto dir = temp_dir("s11-forms-libreoffice");
    std::string src = s11_source(dir);
    REQUIRE(write_workbooks(src, dir / "out").code == 0);
    type_cells(dir / "out/section11-2009-10-O1.xlsx", dir / "O1.xlsx", complete_o1());
    convert_with_libreoffice(dir / "O1.xlsx", "xlsx:Calc MS Excel 2007 XML", dir / "lo");
    auto c = run_cli({"collect", (dir / "lo/O1.xlsx").string(), "--source", src});
    INFO(c.all());
    REQUIRE(c.code == 0);
    CHECK(query_rows(src, "SELECT submitted_date, staff_in_contact, staff_trained FROM sga_s11_returns WHERE org_id = 'O1' "
                       "AND period = '2009-10'") == std::vector<std::string>{"2009-12-10|200|190"});
    CHECK(query_rows(src, "SELECT rating FROM sga_s11_ratings WHERE return_id = 'S11-2009-10-O1' AND standard = 'S11-5'") ==
          std::vector<std::string>{"partially"});
    CHECK(query_rows(src, "SELECT due_date FROM sga_s11_actions") == std::vector<std::string>{"2010-06-30"});
}

TEST_CASE("section11 workbooks: each kind of bad workbook is named at its file, sheet and cell, and nothing is collected") {
    auto dir = temp_dir("s11-forms-bad");
    std::string src = s11_source(dir);
    REQUIRE(write_workbooks(src, dir / "out").code == 0);
    const fs::path blank = dir / "out/section11-2009-10-O1.xlsx";
    type_cells(dir / "out/section11-2009-10-O2.xlsx", dir / "good-O2.xlsx", complete_o2());
    struct Slip {
        std::string name, edit, expected;
    };
    const std::vector<Slip> slips = {
        {"scale", "Ratings!C5=text:Excellent",
         ":Ratings!C5: Rating is not one of the choices: choose one of Fully met, Mostly met, Partially met, Not met from the drop-down"},
        {"date", "Return!B9=text:10/12/2009", ":Return!B9: Date submitted is text, not a date"},
        {"required", "Return!B10=blank:", ":Return!B10: Signed off by (role) is required: fill it in"},
        {"whole", "Return!B11=number:12.5", ":Return!B11: Staff in contact with children is not a whole number: write a whole number"},
        {"standard", "Ratings!A6=text:S11-99", ":Ratings!A6: this row is not one sgaudit wrote"},
        {"agency", "Return!B5=text:O9", ":Return!B5: Agency id was changed: it must stay O1 as sgaudit wrote it"},
        {"outside", "Ratings!G5=text:see my notes", ":Ratings!G5: this cell is outside the form and would not be collected"},
        {"record-outside", "Return!C9=text:see my notes", ":Return!C9: this cell is outside the form and would not be collected"},
        {"huge", "Return!B11=number:10000000000000000",
         ":Return!B11: Staff in contact with children is too large: write a whole number the size you mean"},
        {"heading", "Ratings!C4=text:My rating", ":Ratings!C4: this should be the heading 'Rating'"},
    };
    for (const auto& slip : slips) {
        CAPTURE(slip.name);
        auto edits = complete_o1();
        edits.push_back(slip.edit);
        const fs::path file = dir / ("bad-" + slip.name + ".xlsx");
        type_cells(blank, file, edits);
        auto c = run_cli({"collect", (dir / "good-O2.xlsx").string(), file.string(), "--source", src});
        INFO(c.all());
        CHECK(c.code == 2);
        CHECK(c.err.find(file.string() + slip.expected) != std::string::npos);
        CHECK(c.err.find("nothing was collected from any of them") != std::string::npos);
        CHECK(count(src, "sga_s11_returns") == 1);  // not even the good O2 return
    }
    // A standard changed to an unknown code also leaves the real one missing.
    auto c = run_cli({"collect", (dir / "bad-standard.xlsx").string(), "--source", src});
    CHECK(c.err.find(":Ratings: the row for S11-2 is missing") != std::string::npos);
}

TEST_CASE("section11 workbooks: the same agency twice, another round, and a workbook sgaudit did not write are refused") {
    auto dir = temp_dir("s11-forms-refused");
    std::string src = s11_source(dir);
    REQUIRE(write_workbooks(src, dir / "out").code == 0);
    type_cells(dir / "out/section11-2009-10-O1.xlsx", dir / "O1.xlsx", complete_o1());
    fs::copy_file(dir / "O1.xlsx", dir / "O1-again.xlsx");
    auto twice = run_cli({"collect", (dir / "O1.xlsx").string(), (dir / "O1-again.xlsx").string(), "--source", src});
    CHECK(twice.code == 2);
    CHECK(twice.err.find((dir / "O1-again.xlsx").string() + ": the same workbook as " + (dir / "O1.xlsx").string() +
                         " (section11 return, round=2009-10, org_id=O1)") != std::string::npos);

    auto other_round = run_cli({"collect", (dir / "O1.xlsx").string(), "--round", "2008-09", "--source", src});
    CHECK(other_round.code == 2);
    CHECK(other_round.err.find((dir / "O1.xlsx").string() + ": this workbook is for round 2009-10, not 2008-09") != std::string::npos);

    const fs::path plain = dir / "plain.xlsx";
    programs::run_shell("/usr/bin/python3 -c " + programs::shell_quoted("import openpyxl,sys; openpyxl.Workbook().save(sys.argv[1])") +
                            " " + programs::shell_quoted(plain.string()),
                        dir / "plain.log");
    auto foreign = run_cli({"collect", plain.string(), "--source", src});
    CHECK(foreign.code == 2);
    CHECK(foreign.err.find(plain.string() + ": this is not a workbook sgaudit wrote") != std::string::npos);
    CHECK(count(src, "sga_s11_returns") == 1);
    CHECK(count(src, "sga_collections") == 0);
}

TEST_CASE("section11 workbooks: an existing workbook is not written over without --replace") {
    auto dir = temp_dir("s11-forms-replace");
    std::string src = s11_source(dir);
    REQUIRE(write_workbooks(src, dir / "out").code == 0);
    auto again = write_workbooks(src, dir / "out");
    CHECK(again.code == 2);
    CHECK(again.err.find((dir / "out/section11-2009-10-O1.xlsx").string() + " already exists (it may be being filled in)") !=
          std::string::npos);
}

TEST_CASE("section11 workbooks: an agency whose in_scope is not recorded stops the workbooks, naming it, rather than being left out") {
    auto dir = temp_dir("s11-forms-in-scope");
    std::string src = s11_source(dir);
    execute_sqlite(dir / "s11.db", "UPDATE sga_organisations SET in_scope = NULL WHERE org_id = 'O2'");
    auto w = write_workbooks(src, dir / "out");
    CHECK(w.code == 2);
    CHECK(w.err.find("sga_organisations.in_scope (org_id=O2) is not recorded") != std::string::npos);
    CHECK(w.err.find("correct it before writing workbooks") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out/section11-2009-10-O1.xlsx"));
}
