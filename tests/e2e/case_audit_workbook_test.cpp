// The case-file audit's second half, end to end on the hand-made council of case_audit_test.cpp
// (tests/fixtures/case-audit, as of Tuesday 31 March 2009): `sgaudit workbook case-audit --run`
// writes one workbook per area from the stored run's sample, an auditor fills one in (openpyxl,
// and LibreOffice Calc re-saving it), `sgaudit collect` keeps the grades in the run history with
// the run, and `sgaudit report RUN` adds the actions, grades and moderation. Expected values are
// worked by hand below.
//
// Area A2 holds 6 open cases, all sampled (fewer than 15): team T3, X1..X6, so its workbook's
// Cases sheet lists X1..X6 in rows 5..10 (columns: A case, G auditor, H grade, I concern,
// K moderator, L moderated grade, M reason). Area A1's 15 are in case-audit-A1.xlsx.
// The grades typed (collected as of Friday 3 April 2009):
//   X1 Ann, Inadequate, safeguarding concern Yes;
//   X2 Ann, Good, moderated Adequate by Mo ("Plan drifting");
//   X3 Bob, Good, moderated Good by Mo ("Confirmed").
// X1's allocated worker is W3 (ssd_involvements IX1). Actions: X1's concern due the next working day, Monday 6 April; X1's Inadequate grade due 10
// working days after 3 April: 6, 7, 8, 9 (10 April is Good Friday, 13 April Easter Monday), 14,
// 15, 16, 17, 20, 21 -> Tuesday 21 April. The concern is listed first.
// Moderation: Ann graded 2, 1 moderated (X2), kept 0: 0%; Bob graded 1, moderated 1, kept 1: 100%.
// Not yet returned: 15 (A1) + 3 (X4, X5, X6) = 18 of the 21 sampled.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"

using namespace e2e;
using e2e::programs::convert_with_libreoffice;
using e2e::programs::type_cells;

namespace {

struct Council {
    fs::path dir, history;
    std::string src;
};

Council council(const std::string& name) {
    Council c{temp_dir(name), {}, {}};
    c.history = c.dir / "history.db";
    c.src = "sqlite:" + (c.dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", c.src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/case-audit", "--source", c.src}).code == 0);
    auto r = run_cli({"run", "case-audit", "--source", c.src, "--as-of", "2009-03-31", "--history", c.history.string(), "--out",
                      (c.dir / "run").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    return c;
}

CliResult write_workbooks(const Council& c, const std::string& run = "latest") {
    return run_cli({"workbook", "case-audit", "--run", run, "--history", c.history.string(), "--source", c.src, "--out",
                    (c.dir / "wb").string()});
}

CliResult collect(const Council& c, const std::vector<fs::path>& files) {
    std::vector<std::string> args = {"collect"};
    for (const auto& f : files) args.push_back(f.string());
    args.insert(args.end(), {"--history", c.history.string(), "--source", c.src, "--as-of", "2009-04-03"});
    return run_cli(args);
}

nlohmann::json report(const Council& c, const std::string& name) {
    auto r = run_cli({"report", "latest", "--history", c.history.string(), "--out", (c.dir / name).string(), "--format", "json"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(c.dir / name / "report.json");
}

// A plugin section of the report by id, found wherever the report keeps it.
const nlohmann::json* section(const nlohmann::json& j, const std::string& id) {
    if (j.is_object()) {
        if (j.contains("id") && j["id"] == id && j.contains("table")) return &j;
        for (const auto& [k, v] : j.items())
            if (auto* s = section(v, id)) return s;
    } else if (j.is_array()) {
        for (const auto& v : j)
            if (auto* s = section(v, id)) return s;
    }
    return nullptr;
}

std::vector<std::vector<std::string>> rows(const nlohmann::json& report, const std::string& id) {
    const auto* s = section(report, id);
    REQUIRE_MESSAGE(s, "no section " << id);
    return (*s)["table"]["rows"].get<std::vector<std::vector<std::string>>>();
}

const std::vector<std::string> kGrades = {
    "Cases!G5=text:Ann",  "Cases!H5=text:Inadequate", "Cases!I5=text:Yes",
    "Cases!G6=text:Ann",  "Cases!H6=text:Good",       "Cases!K6=text:Mo", "Cases!L6=text:Adequate", "Cases!M6=text:Plan drifting",
    "Cases!G7=text:Bob",  "Cases!H7=text:Good",       "Cases!K7=text:Mo", "Cases!L7=text:Good",     "Cases!M7=text:Confirmed",
    "Items!F5=text:No",   "Items!G5=text:Not as recorded"};

void check_grades_report(const nlohmann::json& rep) {
    CHECK(rows(rep, "grades/actions") ==
          std::vector<std::vector<std::string>>{
              {"2009-04-06", "Safeguarding concern: the team manager acts on it and records what was done", "X1", "A2", "T3",
               "W3", "Inadequate", "Ann"},
              {"2009-04-21", "Graded Inadequate: the team manager agrees with the worker how the case will be put right", "X1", "A2",
               "T3", "W3", "Inadequate", "Ann"}});
    CHECK(rows(rep, "grades/moderation") ==
          std::vector<std::vector<std::string>>{{"Ann", "2", "1", "0", "1", "0%"}, {"Bob", "1", "1", "1", "0", "100%"}});
    CHECK(rows(rep, "grades/not-returned").size() == 18);
    bool a2 = false;
    for (const auto& r : rows(rep, "grades/distribution"))
        if (r[0] == "A2" && r[1] == "(all teams)") {
            a2 = true;
            // Sampled, graded, not returned; then Outstanding, Good, Adequate, Inadequate as "final (auditor's)"; changed.
            CHECK(r[2] == "6");
            CHECK(r[3] == "3");
            CHECK(r[4] == "3");
            CHECK(std::vector<std::string>(r.begin() + 6, r.end()) ==
                  std::vector<std::string>{"0 (0)", "1 (2)", "1 (0)", "1 (1)", "1"});
        }
    CHECK(a2);
    const auto d = rows(rep, "grades/disagreements");
    REQUIRE(d.size() == 1);
    CHECK(d[0][0] == "X1");
    CHECK(d[0][5] == "Ann");
}

}  // namespace

TEST_CASE("case-audit workbooks: one per area from the stored run, filled with openpyxl, collected into the history, reported") {
    Council c = council("case-audit-grades");
    auto w = write_workbooks(c);
    INFO(w.all());
    REQUIRE(w.code == 0);
    CHECK(mode_of(c.dir / "wb" / "case-audit-A1.xlsx") == 0600);
    REQUIRE(fs::exists(c.dir / "wb" / "case-audit-A2.xlsx"));
    type_cells(c.dir / "wb" / "case-audit-A2.xlsx", c.dir / "a2.xlsx", kGrades);

    auto k = collect(c, {c.dir / "a2.xlsx"});
    INFO(k.all());
    REQUIRE(k.code == 0);
    CHECK(k.out.find("3 row(s) of grades; 1 row(s) of item_checks, kept in the run history with run ") != std::string::npos);
    auto v = run_cli({"history", "verify", "--history", c.history.string()});
    CHECK(v.out.find("and 1 workbook(s) of judgements about them, unchanged") != std::string::npos);
    check_grades_report(report(c, "rep"));

    // The same workbook re-saved by LibreOffice Calc and collected again: it supersedes the
    // first collection (both kept), and reads the same.
    convert_with_libreoffice(c.dir / "a2.xlsx", "xlsx:Calc MS Excel 2007 XML", c.dir / "lo");
    auto again = collect(c, {c.dir / "lo" / "a2.xlsx"});
    INFO(again.all());
    REQUIRE(again.code == 0);
    check_grades_report(report(c, "rep2"));
    auto r = run_cli({"report", "latest", "--history", c.history.string(), "--out", (c.dir / "rep3").string(), "--format", "json"});
    CHECK(r.out.find("case-audit: 1 workbook(s) of judgements reviewed (1 earlier collection(s) of the same workbooks kept in the "
                     "history, superseded)") != std::string::npos);
}

TEST_CASE("case-audit workbooks: a grade off the scale, a missing auditor and a moderated grade without a reason are named at their cells, nothing kept") {
    Council c = council("case-audit-grades-bad");
    REQUIRE(write_workbooks(c).code == 0);
    type_cells(c.dir / "wb" / "case-audit-A2.xlsx", c.dir / "bad.xlsx",
               {"Cases!G5=text:Ann", "Cases!H5=text:Requires improvement", "Cases!H6=text:Good", "Cases!G7=text:Bob",
                "Cases!H7=text:Good", "Cases!L7=text:Adequate"});
    auto k = collect(c, {c.dir / "bad.xlsx"});
    INFO(k.all());
    CHECK(k.code != 0);
    const std::string f = (c.dir / "bad.xlsx").string();
    CHECK(k.err.find(f + ":Cases!H5: Grade") != std::string::npos);
    CHECK(k.err.find(f + ":Cases!G6: Auditor is required") != std::string::npos);
    CHECK(k.err.find(f + ":Cases!K7: Moderator is required where Moderated grade is given") != std::string::npos);
    CHECK(k.err.find(f + ":Cases!M7: Moderation reason is required where Moderated grade is given") != std::string::npos);
    auto v = run_cli({"history", "verify", "--history", c.history.string()});
    CHECK(v.out.find("judgements") == std::string::npos);
    auto rep = report(c, "rep");
    CHECK(section(rep, "grades/actions") == nullptr);
}

TEST_CASE("case-audit workbooks: without --run they say to name one, and a run of another audit is refused") {
    Council c = council("case-audit-grades-run");
    auto none = run_cli({"workbook", "case-audit", "--history", c.history.string(), "--source", c.src, "--out", (c.dir / "wb").string()});
    CHECK(none.code != 0);
    CHECK(none.err.find("give --run RUN") != std::string::npos);
    REQUIRE(run_cli({"run", "data-quality", "--source", c.src, "--as-of", "2009-03-31", "--history", c.history.string(), "--out",
                     (c.dir / "dq").string()}).code != 2);
    auto other = write_workbooks(c, "latest");
    CHECK(other.code != 0);
    CHECK(other.err.find("has no case-audit audit") != std::string::npos);
}

TEST_CASE("case-audit workbooks: grades changed in the history afterwards are caught by verify and refused by report") {
    Council c = council("case-audit-grades-tamper");
    REQUIRE(write_workbooks(c).code == 0);
    type_cells(c.dir / "wb" / "case-audit-A2.xlsx", c.dir / "a2.xlsx", kGrades);
    REQUIRE(collect(c, {c.dir / "a2.xlsx"}).code == 0);
    execute_sqlite(c.history, "UPDATE sgaudit_history_judgement SET document = replace(document, 'inadequate', 'good')");
    auto v = run_cli({"history", "verify", "--history", c.history.string()});
    CHECK(v.code != 0);
    CHECK(v.out.find("judgement 1 about run") != std::string::npos);
    CHECK(v.out.find("has been changed since it was collected") != std::string::npos);
    auto r = run_cli({"report", "latest", "--history", c.history.string(), "--out", (c.dir / "rep").string(), "--format", "json"});
    CHECK(r.code != 0);
    CHECK(r.err.find("has been changed since it was collected") != std::string::npos);
}

// X1 (child protection) and X2 (child in need) have their case ids swapped in column A: what is
// typed on row 5 would be kept for X2 while the row shows X1's case type. Refused at the grey cell.
TEST_CASE("case-audit workbooks: case ids swapped between rows are refused at the grey cell that no longer matches") {
    Council c = council("case-audit-grades-swap");
    REQUIRE(write_workbooks(c).code == 0);
    type_cells(c.dir / "wb" / "case-audit-A2.xlsx", c.dir / "swap.xlsx",
               {"Cases!A5=text:X2", "Cases!A6=text:X1", "Cases!G5=text:Ann", "Cases!H5=text:Inadequate", "Cases!I5=text:Yes"});
    auto k = collect(c, {c.dir / "swap.xlsx"});
    INFO(k.all());
    CHECK(k.code != 0);
    CHECK(k.err.find((c.dir / "swap.xlsx").string() + ":Cases!D5: Case type is not what sgaudit wrote on the row of") != std::string::npos);
    // Row 6 (now saying X1) holds nothing typed: it is not collected, so nothing is kept for it.
    auto v = run_cli({"history", "verify", "--history", c.history.string()});
    CHECK(v.out.find("judgements") == std::string::npos);
}

// Removing the newest judgement leaves a chain that still links: only a head recorded before
// finds it, as with runs. Heads: after the A2 workbook (H1), after the A1 workbook too (H2).
TEST_CASE("case-audit workbooks: the newest grades removed from the history are found against the judgements head recorded") {
    Council c = council("case-audit-grades-head");
    REQUIRE(write_workbooks(c).code == 0);
    type_cells(c.dir / "wb" / "case-audit-A2.xlsx", c.dir / "a2.xlsx", kGrades);
    type_cells(c.dir / "wb" / "case-audit-A1.xlsx", c.dir / "a1.xlsx", {"Cases!G5=text:Bob", "Cases!H5=text:Good"});
    auto head = [&]() {
        auto v = run_cli({"history", "verify", "--history", c.history.string()});
        auto at = v.out.find("Judgements head: ");
        REQUIRE(at != std::string::npos);
        return v.out.substr(at + 17, 64);
    };
    REQUIRE(collect(c, {c.dir / "a2.xlsx"}).code == 0);
    const std::string h1 = head();
    REQUIRE(collect(c, {c.dir / "a1.xlsx"}).code == 0);
    const std::string h2 = head();
    CHECK(h1 != h2);
    auto rep = report(c, "rep");
    const auto* actions = section(rep, "grades/actions");
    REQUIRE(actions);
    CHECK((*actions)["details"].dump().find("a2.xlsx, collected 2009-04-03 by ") != std::string::npos);

    execute_sqlite(c.history, "DELETE FROM sgaudit_history_judgement WHERE seq = 2");
    auto later = run_cli({"history", "verify", "--history", c.history.string(), "--expect", h2});
    CHECK(later.code != 0);
    CHECK(later.out.find("NOT VERIFIED") != std::string::npos);
    auto earlier = run_cli({"history", "verify", "--history", c.history.string(), "--expect", h1});
    CHECK(earlier.code == 0);
    CHECK(earlier.out.find("Expected judgements head found") != std::string::npos);
}
