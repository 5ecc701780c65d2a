// The stocktake register as a workbook, end to end: `sgaudit workbook stocktake --rules PACK`
// writes it pre-filled from the register, an officer fills it in (openpyxl, and LibreOffice Calc
// re-saving it), `sgaudit collect` writes back only the entries that changed, with updated_date
// set to the collection date (--as-of), on SQLite and PostgreSQL.
//
// The fixture (tests/fixtures/stocktake/register), with the Laming pack:
//   R01 7 compliant, R02 9 in_progress (target 2009-12-31), R03 12 not_started (target
//   2010-03-31, updated 2009-08-01), R04 54 not_applicable, R05 34 in_progress whose owner ends
//   in a space; every laming entry but R03 updated 2009-09-01. Two climbie-2003 rows: C01, and
//   one whose entry_id is laming-2009-15, the id the spare row for 15 would take.
// Laming recommendations falling to the council or partners, in the pack's order: 7, 9, 12, 15,
// 22, 24, 26, 27, 28, 31, 32, 33, 34, 35, 36, 39, 40, 41, 42, 43, 44, 50, 54, 55 (24). Those with
// no entry: the 19 but 7, 9, 12, 34, 54. The Register sheet (headings row 4):
//   rows 5-9 R01..R05 (entry_id order); row 10 the spare for 15, id laming-2009-15-2 (the plain
//   id is taken); row 11 the spare for 22, laming-2009-22; ... row 28 the spare for 55.
//   Columns: A entry, B recommendation, C group, D description, E theme, F national deadline,
//   G status, H owner, I local action, J target date, K evidence, L last updated.
#include <fstream>

#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

using namespace e2e;
using e2e::programs::convert_with_libreoffice;
using e2e::programs::type_cells;

namespace {

const std::string kFile = "stocktake-laming-2009.xlsx";

std::string pack(const std::string& name) { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/" + name + ".toml"; }

std::string load_register(const std::string& src) {
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/stocktake/register", "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return src;
}

CliResult write_register(const std::string& src, const fs::path& out) {
    return run_cli({"workbook", "stocktake", "--rules", pack("laming-2009"), "--source", src, "--out", out.string()});
}

CliResult collect(const std::string& src, const fs::path& file, const std::string& as_of, bool dry_run = false) {
    std::vector<std::string> args = {"collect", file.string(), "--rules", pack("laming-2009"), "--source", src, "--as-of", as_of};
    if (dry_run) args.push_back("--dry-run");
    return run_cli(args);
}

// R02 made compliant with evidence, R03's target moved to 2009-12-15; the spare row for 22
// filled in; R01, R04, R05 and the other spare rows left as they are.
const std::vector<std::string> kEdits = {"Register!G6=text:Compliant",    "Register!K6=text:Needs analysis 2009",
                                         "Register!J7=date:2009-12-15",   "Register!G11=text:In progress",
                                         "Register!H11=text:LSCB Chair",  "Register!I11=text:Restructure the LSCB",
                                         "Register!J11=date:2010-04-30"};

const std::string kEntries = "SELECT entry_id, source, rec_ref, status, owner, local_action, target_date, evidence, updated_date "
                             "FROM sga_stocktake_entries ORDER BY entry_id";

// The fixture as loaded.
const std::vector<std::string> kBefore = {
    "C01|climbie-2003|1|compliant|Head of Safeguarding|Stocktake concluded||Cabinet report 2009|2009-09-15",
    "R01|laming-2009|7|compliant|Director of Children's Services|Senior manager appointed||Appointment letter|2009-09-01",
    "R02|laming-2009|9|in_progress|Head of Strategy|Revise the needs analysis|2009-12-31||2009-09-01",
    "R03|laming-2009|12|not_started|Named Nurse|Draft the A&E guidance|2010-03-31||2009-08-01",
    "R04|laming-2009|54|not_applicable|Head of Finance|Resourcing is set by the Children's Trust|||2009-09-01",
    "R05|laming-2009|34|in_progress|Head of Health Partnerships |Brief GP practices|2009-12-31||2009-09-01",
    "laming-2009-15|climbie-2003|2|in_progress|Head of Safeguarding|An id like the spare row's|2010-01-31||2009-09-15",
};

// After kEdits collected as of 2009-11-15: R02 and R03 changed and the new entry laming-2009-22
// added, those three with updated_date 2009-11-15; the rest exactly as before (R05's owner
// still ends in its space: not rewritten); no row for the 18 spare rows left blank.
const std::vector<std::string> kAfter = {
    "C01|climbie-2003|1|compliant|Head of Safeguarding|Stocktake concluded||Cabinet report 2009|2009-09-15",
    "R01|laming-2009|7|compliant|Director of Children's Services|Senior manager appointed||Appointment letter|2009-09-01",
    "R02|laming-2009|9|compliant|Head of Strategy|Revise the needs analysis|2009-12-31|Needs analysis 2009|2009-11-15",
    "R03|laming-2009|12|not_started|Named Nurse|Draft the A&E guidance|2009-12-15||2009-11-15",
    "R04|laming-2009|54|not_applicable|Head of Finance|Resourcing is set by the Children's Trust|||2009-09-01",
    "R05|laming-2009|34|in_progress|Head of Health Partnerships |Brief GP practices|2009-12-31||2009-09-01",
    "laming-2009-15|climbie-2003|2|in_progress|Head of Safeguarding|An id like the spare row's|2010-01-31||2009-09-15",
    "laming-2009-22|laming-2009|22|in_progress|LSCB Chair|Restructure the LSCB|2010-04-30||2009-11-15",
};

const std::string kChanged = ": stocktake register (source=laming-2009): 6 row(s) for sga_stocktake_entries: 2 changed, 1 new, "
                             "3 unchanged (updated_date 2009-11-15 on the changed and new; the unchanged are left as they are).";

// Write, fill with openpyxl, dry run, collect, collect again later: the whole flow on one source.
void fill_and_collect(const std::string& src, const fs::path& dir) {
    auto w = write_register(src, dir / "out");
    INFO(w.all());
    REQUIRE(w.code == 0);
    CHECK(mode_of(dir / "out" / kFile) == 0600);
    type_cells(dir / "out" / kFile, dir / "filled.xlsx", kEdits);

    auto dry = collect(src, dir / "filled.xlsx", "2009-11-15", true);
    INFO(dry.all());
    REQUIRE(dry.code == 0);
    CHECK(dry.out.find((dir / "filled.xlsx").string() + kChanged) != std::string::npos);
    CHECK(query_rows(src, kEntries) == kBefore);
    CHECK(query_rows(src, "SELECT COUNT(*) FROM sga_collections") == std::vector<std::string>{"0"});

    auto c = collect(src, dir / "filled.xlsx", "2009-11-15");
    INFO(c.all());
    REQUIRE(c.code == 0);
    CHECK(c.out.find((dir / "filled.xlsx").string() + kChanged) != std::string::npos);
    CHECK(query_rows(src, kEntries) == kAfter);
    // sga_collections counts the rows written: the two changed and the new one.
    CHECK(query_rows(src, "SELECT plugin, form, marker, rows_collected FROM sga_collections") ==
          std::vector<std::string>{"stocktake|register|source=laming-2009|3"});

    // The same workbook again a week later: every row now reads as the register holds it, so
    // nothing is rewritten and no date moves to 2009-11-22.
    auto again = collect(src, dir / "filled.xlsx", "2009-11-22");
    INFO(again.all());
    REQUIRE(again.code == 0);
    CHECK(again.out.find("6 row(s) for sga_stocktake_entries: 0 changed, 0 new, 6 unchanged") != std::string::npos);
    CHECK(query_rows(src, kEntries) == kAfter);
}

const sgaudit::workbook::Cell* cell(const sgaudit::workbook::Workbook& wb, const char* sheet, const char* ref) {
    const auto* s = wb.sheet(sheet);
    REQUIRE(s);
    return s->find(ref);
}

std::string text(const sgaudit::workbook::Workbook& wb, const char* sheet, const char* ref) {
    const auto* c = cell(wb, sheet, ref);
    return c && std::holds_alternative<std::string>(c->value) ? std::get<std::string>(c->value) : std::string("(none)");
}

std::optional<sgaudit::Date> date(const sgaudit::workbook::Workbook& wb, const char* ref) {
    const auto* c = cell(wb, "Register", ref);
    if (!c || !std::holds_alternative<sgaudit::Date>(c->value)) return std::nullopt;
    return std::get<sgaudit::Date>(c->value);
}

}  // namespace

TEST_CASE("stocktake register: without --rules the workbook asks for a pack, and with the Laming pack it is written pre-filled") {
    auto dir = temp_dir("stocktake-register-content");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    auto none = run_cli({"workbook", "stocktake", "--source", src, "--out", (dir / "none").string()});
    CHECK(none.code == 2);
    CHECK(none.err.find("plugin 'stocktake' has no default rule set and runs once per pack (found: climbie-2003, laming-2009, "
                        "scr-example): name one of its packs with --rules") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "none" / kFile));

    auto w = write_register(src, dir / "out");
    INFO(w.all());
    REQUIRE(w.code == 0);
    REQUIRE(fs::exists(dir / "out" / kFile));
    auto read = sgaudit::workbook::read_xlsx_file(dir / "out" / kFile);
    REQUIRE(std::holds_alternative<sgaudit::workbook::Workbook>(read));
    const auto& wb = std::get<sgaudit::workbook::Workbook>(read);
    // The marker names the plugin library and the pack by its source.
    CHECK(text(wb, "sgaudit", "B2") == "stocktake");
    CHECK(text(wb, "sgaudit", "B3") == "register");
    CHECK(text(wb, "sgaudit", "A5") == "source");
    CHECK(text(wb, "sgaudit", "B5") == "laming-2009");
    CHECK(text(wb, "Register", "G4") == "Status *");
    CHECK(text(wb, "Register", "L4") == "Last updated");
    // R01..R05 in entry_id order, the status shown by its label, dates as dates.
    CHECK(text(wb, "Register", "A5") == "R01");
    CHECK(text(wb, "Register", "B5") == "7");
    CHECK(text(wb, "Register", "C5") == "Senior manager with a safeguarding background");
    CHECK(text(wb, "Register", "G5") == "Compliant");
    CHECK(text(wb, "Register", "G6") == "In progress");
    CHECK(date(wb, "J6") == sgaudit::Date::from_ymd(2009, 12, 31));
    CHECK(date(wb, "F6") == sgaudit::Date::from_ymd(2009, 12, 31));  // 9's national deadline
    CHECK(date(wb, "L7") == sgaudit::Date::from_ymd(2009, 8, 1));
    CHECK(text(wb, "Register", "A9") == "R05");
    CHECK(text(wb, "Register", "H9") == "Head of Health Partnerships");  // shown trimmed
    // The spare rows: 15's plain id is another source's entry, so it takes the next.
    CHECK(text(wb, "Register", "A10") == "laming-2009-15-2");
    CHECK(text(wb, "Register", "B10") == "15");
    CHECK((text(wb, "Register", "G10") == "(none)" || text(wb, "Register", "G10").empty()));  // status left to fill in
    CHECK(text(wb, "Register", "A11") == "laming-2009-22");
    CHECK(text(wb, "Register", "A28") == "laming-2009-55");
    CHECK(cell(wb, "Register", "A29") == nullptr);
    // The instructions say which id each spare row has.
    bool said = false;
    for (const auto& c : wb.sheet("Instructions")->cells)
        if (const auto* s = std::get_if<std::string>(&c.value))
            said = said || s->find("laming-2009-15-2 for 15, laming-2009-22 for 22, laming-2009-24 for 24") != std::string::npos;
    CHECK(said);
}

TEST_CASE("stocktake register: filled in with openpyxl and collected, only the changed entries get updated_date (SQLite)") {
    auto dir = temp_dir("stocktake-register-sqlite");
    fill_and_collect(load_register("sqlite:" + (dir / "s.db").string()), dir);
}

TEST_CASE("stocktake register: filled in with openpyxl and collected, only the changed entries get updated_date (PostgreSQL)") {
    auto pg = pg_source("stocktake_register");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    fill_and_collect(load_register(pg), temp_dir("stocktake-register-pg"));
}

TEST_CASE("stocktake register: re-saved by LibreOffice Calc, untouched entries stay unchanged and the filled ones collect the same") {
    auto dir = temp_dir("stocktake-register-libreoffice");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    // Opened and saved with nothing typed: LibreOffice rewrites every part, yet nothing changed.
    convert_with_libreoffice(dir / "out" / kFile, "xlsx:Calc MS Excel 2007 XML", dir / "lo-untouched");
    auto same = collect(src, dir / "lo-untouched" / kFile, "2009-11-15");
    INFO(same.all());
    REQUIRE(same.code == 0);
    CHECK(same.out.find("5 row(s) for sga_stocktake_entries: 0 changed, 0 new, 5 unchanged") != std::string::npos);
    CHECK(query_rows(src, kEntries) == kBefore);

    type_cells(dir / "out" / kFile, dir / "filled.xlsx", kEdits);
    convert_with_libreoffice(dir / "filled.xlsx", "xlsx:Calc MS Excel 2007 XML", dir / "lo");
    auto c = collect(src, dir / "lo/filled.xlsx", "2009-11-15");
    INFO(c.all());
    REQUIRE(c.code == 0);
    CHECK(c.out.find((dir / "lo/filled.xlsx").string() + kChanged) != std::string::npos);
    CHECK(query_rows(src, kEntries) == kAfter);
}

TEST_CASE("stocktake register: a status not on the list is named at its cell and nothing is collected") {
    auto dir = temp_dir("stocktake-register-bad");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    auto edits = kEdits;
    edits.push_back("Register!G8=text:Done");  // R04
    type_cells(dir / "out" / kFile, dir / "bad.xlsx", edits);
    auto c = collect(src, dir / "bad.xlsx", "2009-11-15");
    CHECK(c.code == 2);
    CHECK(c.err.find((dir / "bad.xlsx").string() + ":Register!G8: Status is not one of the choices: choose one of Compliant, "
                                                   "In progress, Not started, Not applicable from the drop-down") != std::string::npos);
    CHECK(c.err.find("Done") == std::string::npos);  // what was typed is never quoted
    CHECK(query_rows(src, kEntries) == kBefore);        // not even the sound edits
    CHECK(query_rows(src, "SELECT COUNT(*) FROM sga_collections") == std::vector<std::string>{"0"});

    // A register for another pack's source is refused by name.
    type_cells(dir / "out" / kFile, dir / "good.xlsx", kEdits);
    auto other = run_cli({"collect", (dir / "good.xlsx").string(), "--rules", pack("scr-example"), "--source", src});
    CHECK(other.code == 2);
    CHECK(other.err.find("this register is for source laming-2009, and the rule set named is for source scr-example") !=
          std::string::npos);
    CHECK(query_rows(src, kEntries) == kBefore);
}

TEST_CASE("stocktake register: an entry a workbook could not give back as it is stops the workbook and its collection, named") {
    auto dir = temp_dir("stocktake-register-unfaithful");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    type_cells(dir / "out" / kFile, dir / "filled.xlsx", kEdits);
    // Afterwards, R03's target date becomes unreadable text and R01 gains a second row that
    // disagrees with the first (another owner); R04 gains an identical second row, which is fine.
    execute_sqlite(dir / "s.db", "UPDATE sga_stocktake_entries SET target_date = '15/12/2009' WHERE entry_id = 'R03'");
    execute_sqlite(dir / "s.db", "INSERT INTO sga_stocktake_entries SELECT entry_id, source, rec_ref, status, 'Chief Executive', "
                                 "local_action, target_date, evidence, updated_date FROM sga_stocktake_entries WHERE entry_id = 'R01'");
    execute_sqlite(dir / "s.db", "INSERT INTO sga_stocktake_entries SELECT * FROM sga_stocktake_entries WHERE entry_id = 'R04'");
    const auto held = query_rows(src, kEntries);

    auto w = write_register(src, dir / "again");
    CHECK(w.code == 2);
    CHECK(w.err.find("sga_stocktake_entries.target_date (entry_id=R03) is not a date (YYYY-MM-DD)") != std::string::npos);
    CHECK(w.err.find("sga_stocktake_entries holds more than one row (entry_id=R01) with different content") != std::string::npos);
    CHECK(w.err.find("entry_id=R04") == std::string::npos);
    CHECK(w.err.find("15/12/2009") == std::string::npos);  // values from the data are never quoted
    CHECK(w.err.find("Chief Executive") == std::string::npos);
    CHECK_FALSE(fs::exists(dir / "again" / kFile));

    // The workbook written before is not collected over them either.
    auto c = collect(src, dir / "filled.xlsx", "2009-11-15");
    CHECK(c.code == 2);
    CHECK(c.err.find("sga_stocktake_entries.target_date (entry_id=R03) is not a date (YYYY-MM-DD)") != std::string::npos);
    CHECK(c.err.find("15/12/2009") == std::string::npos);
    CHECK(query_rows(src, kEntries) == held);
}

TEST_CASE("stocktake register: the audit after collecting judges the new values") {
    auto dir = temp_dir("stocktake-register-audit");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    auto audit = [&](const std::string& name) {
        auto r = run_cli({"run", "stocktake", "--rules", pack("laming-2009"), "--source", src, "--as-of", "2009-11-15", "--no-history",
                          "--format", "json", "--out", (dir / name).string()});
        INFO(r.all());
        REQUIRE(r.code == 0);
        return read_json(dir / name / "report.json");
    };
    auto outcome = [](const nlohmann::json& report, const std::string& rule, const std::string& subject) {
        const auto* res = find_result(report, rule, subject);
        return res ? (*res)["outcome"].get<std::string>() : std::string("(no result)");
    };
    // Before, as of 2009-11-15: R02 in progress (evidence not asked for); R03's target 2010-03-31 is
    // after 12's deadline 2009-12-31, and its update of 2009-08-01 is 106 days old (over 90);
    // 22 has no entry.
    auto before = audit("before");
    CHECK(outcome(before, "stocktake.compliant-evidenced", "R02") == "not_applicable");
    CHECK(outcome(before, "stocktake.target-by-deadline", "R03") == "fail");
    CHECK(outcome(before, "stocktake.current", "R03") == "fail");
    CHECK(outcome(before, "stocktake.entry-exists", "22") == "fail");

    REQUIRE(write_register(src, dir / "out").code == 0);
    type_cells(dir / "out" / kFile, dir / "filled.xlsx", kEdits);
    REQUIRE(collect(src, dir / "filled.xlsx", "2009-11-15").code == 0);
    // After: R02 compliant with evidence; R03's target 2009-12-15 is before the deadline, and it
    // was updated on the audit date; 22 has laming-2009-22, with owner, action and target.
    auto after = audit("after");
    CHECK(outcome(after, "stocktake.compliant-evidenced", "R02") == "pass");
    CHECK(outcome(after, "stocktake.target-by-deadline", "R03") == "pass");
    CHECK(outcome(after, "stocktake.current", "R03") == "pass");
    CHECK(outcome(after, "stocktake.entry-exists", "22") == "pass");
    CHECK(outcome(after, "stocktake.open-planned", "laming-2009-22") == "pass");
    // R01, unchanged, keeps 2009-09-01: 75 days, still current.
    CHECK(outcome(after, "stocktake.current", "R01") == "pass");
}

// Between writing and collecting, the board's overlay says recommendation 22 falls to the
// national review: the workbook's spare row for it (row 11, laming-2009-22) is no longer one the
// form would write. Left blank it holds nothing to collect and is passed over; filled in, it is
// refused at its row. An entry added to the register another way since (R06) is refused too: the
// workbook does not have it, so it must be written again.
TEST_CASE("stocktake register: a blank spare row the pack no longer asks for is passed over, a filled one or a new entry refused") {
    auto dir = temp_dir("stocktake-register-stale-spare");
    fs::path db = dir / "s.db";
    std::string src = load_register("sqlite:" + db.string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    {
        std::ofstream overlay(dir / "local.toml");
        overlay << "[ruleset]\nid = \"local-laming\"\nextends = \"laming-2009\"\n\n[[lists.recommendations.items]]\nref = \"22\"\n"
                   "falls_to = \"national\"\n";
    }
    auto with_overlay = [&](const fs::path& file) {
        return run_cli({"collect", file.string(), "--rules", pack("laming-2009"), "--rules", (dir / "local.toml").string(), "--source",
                        src, "--as-of", "2009-11-15"});
    };
    auto untouched = with_overlay(dir / "out" / kFile);
    INFO(untouched.all());
    CHECK(untouched.code == 0);
    CHECK(query_rows(src, "SELECT count(*) FROM sga_stocktake_entries WHERE rec_ref = '22'") == std::vector<std::string>{"0"});

    type_cells(dir / "out" / kFile, dir / "filled.xlsx", {"Register!G11=text:In progress", "Register!H11=text:LSCB Chair"});
    auto filled = with_overlay(dir / "filled.xlsx");
    CHECK(filled.code == 2);
    CHECK(filled.err.find("filled.xlsx:Register!A11: this row is not one sgaudit wrote") != std::string::npos);
    CHECK(query_rows(src, "SELECT count(*) FROM sga_stocktake_entries WHERE rec_ref = '22'") == std::vector<std::string>{"0"});

    execute_sqlite(db, "INSERT INTO sga_stocktake_entries VALUES ('R06', 'laming-2009', '41', 'in_progress', 'Designated Doctor', "
                       "'Agree the protocol', '2009-12-31', NULL, '2009-10-01')");
    auto stale = collect(src, dir / "out" / kFile, "2009-11-15");
    CHECK(stale.code == 2);
    CHECK(stale.err.find("Register: the row for R06 41 is missing") != std::string::npos);
}

// Two copies of one workbook in circulation. Copy A (kEdits) is collected first; copy B, written
// at the same time, changes only R05's owner (H9) and leaves R02, R03 and the spare for 22 as
// written: collecting it must not undo A's changes. Copy C changes R02's status (G6), which A
// changed too, and R01's owner: refused at A6, and nothing of it collected.
TEST_CASE("stocktake register: an older copy never undoes what was collected since, and a row changed on both sides is refused at its cell") {
    auto dir = temp_dir("stocktake-register-copies");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    type_cells(dir / "out" / kFile, dir / "a.xlsx", kEdits);
    type_cells(dir / "out" / kFile, dir / "b.xlsx", {"Register!H9=text:Head of Primary Care"});
    type_cells(dir / "out" / kFile, dir / "c.xlsx", {"Register!G6=text:Not started", "Register!H5=text:Deputy Director"});
    REQUIRE(collect(src, dir / "a.xlsx", "2009-11-15").code == 0);
    REQUIRE(query_rows(src, kEntries) == kAfter);

    auto b = collect(src, dir / "b.xlsx", "2009-11-20");
    INFO(b.all());
    REQUIRE(b.code == 0);
    // Rows collected: R01..R05 (the blank spare rows are passed over): R05 changed; R02 and R03
    // changed by A and not in B; R01, R04 unchanged.
    CHECK(b.out.find("5 row(s) for sga_stocktake_entries: 1 changed, 0 new, 2 unchanged (updated_date 2009-11-20 on the changed "
                     "and new; the unchanged are left as they are), 2 changed in sga_stocktake_entries after this workbook was "
                     "written and not in it (left as sga_stocktake_entries has them).") != std::string::npos);
    auto after_b = kAfter;
    after_b[5] = "R05|laming-2009|34|in_progress|Head of Primary Care|Brief GP practices|2009-12-31||2009-11-20";
    CHECK(query_rows(src, kEntries) == after_b);

    auto c = collect(src, dir / "c.xlsx", "2009-11-22");
    INFO(c.all());
    CHECK(c.code != 0);
    CHECK(c.err.find((dir / "c.xlsx").string() + ":Register!A6: the row for R02, laming-2009 was changed in sga_stocktake_entries "
                     "after this workbook was written (another copy collected, or an edit), and this workbook changes it too") !=
          std::string::npos);
    CHECK(c.err.find("A5") == std::string::npos);  // R01: changed in C only, not a conflict
    CHECK(query_rows(src, kEntries) == after_b);
    CHECK(query_rows(src, "SELECT COUNT(*) FROM sga_collections") == std::vector<std::string>{"2"});
}

// An edit made in the database while the workbook was out counts as a change since it was
// written, as another copy's collection does.
TEST_CASE("stocktake register: an entry edited in the database after the workbook was written is kept, or the row refused if the workbook changes it too") {
    auto dir = temp_dir("stocktake-register-db-edit");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    execute_sqlite(dir / "s.db", "UPDATE sga_stocktake_entries SET owner = 'Named Doctor', updated_date = '2009-10-01' "
                                 "WHERE entry_id = 'R03'");
    auto edited = kBefore;
    edited[3] = "R03|laming-2009|12|not_started|Named Doctor|Draft the A&E guidance|2010-03-31||2009-10-01";
    REQUIRE(query_rows(src, kEntries) == edited);

    type_cells(dir / "out" / kFile, dir / "both.xlsx", {"Register!H7=text:Named Midwife"});
    auto both = collect(src, dir / "both.xlsx", "2009-11-15");
    INFO(both.all());
    CHECK(both.code != 0);
    CHECK(both.err.find(":Register!A7: the row for R03, laming-2009 was changed in sga_stocktake_entries") != std::string::npos);
    CHECK(query_rows(src, kEntries) == edited);

    // R03 left as written, R01's evidence changed: R03 keeps the database's edit.
    type_cells(dir / "out" / kFile, dir / "other.xlsx", {"Register!K5=text:Appointment letter and job description"});
    auto other = collect(src, dir / "other.xlsx", "2009-11-15");
    INFO(other.all());
    REQUIRE(other.code == 0);
    CHECK(other.out.find("1 changed, 0 new, 3 unchanged") != std::string::npos);
    CHECK(other.out.find("1 changed in sga_stocktake_entries after this workbook was written and not in it") != std::string::npos);
    auto after = edited;
    after[1] = "R01|laming-2009|7|compliant|Director of Children's Services|Senior manager appointed||Appointment letter and job "
               "description|2009-11-15";
    CHECK(query_rows(src, kEntries) == after);
}

// A register workbook whose marker does not say what its rows were written as (an earlier
// sgaudit wrote it; here the record is cut from the hidden marker sheet, whose row 8 starts it)
// cannot be told apart from a stale copy: refused, saying to write it again.
TEST_CASE("stocktake register: a workbook that does not record what its rows said when written is refused, saying to write it again") {
    auto dir = temp_dir("stocktake-register-unrecorded");
    std::string src = load_register("sqlite:" + (dir / "s.db").string());
    REQUIRE(write_register(src, dir / "out").code == 0);
    auto wb = sgaudit::workbook::read_xlsx_file(dir / "out" / kFile);
    REQUIRE(std::holds_alternative<sgaudit::workbook::Workbook>(wb));
    REQUIRE(text(std::get<sgaudit::workbook::Workbook>(wb), "sgaudit", "A8") == "written rows");
    type_cells(dir / "out" / kFile, dir / "old.xlsx", {"sgaudit!A8=blank:", "Register!H5=text:Deputy Director"});
    auto c = collect(src, dir / "old.xlsx", "2009-11-15");
    INFO(c.all());
    CHECK(c.code != 0);
    CHECK(c.err.find((dir / "old.xlsx").string() + ":Register: this workbook was written by an earlier sgaudit, which did not record "
                     "what its rows said") != std::string::npos);
    CHECK(query_rows(src, kEntries) == kBefore);
}
