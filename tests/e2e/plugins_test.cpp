// Real plugins, good and deliberately broken, loaded by the real host.
#include <doctest/doctest.h>

#include <unistd.h>

#include "cli_harness.hpp"

using namespace e2e;

TEST_CASE("plugins: lists what loaded and every refusal with its reason") {
    auto r = run_cli(with_test_plugins({"plugins"}));
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("test-good 1.2.3  ABI 1  rule sets: test-good") != std::string::npos);
    CHECK(r.out.find("data-quality 0.2.0") != std::string::npos);
    CHECK(r.out.find("plugin ABI version: expected 1, found 99") != std::string::npos);
    CHECK(r.out.find("sgaudit-test-no-entry.so: it has no entry point 'sgaudit_plugin_entry'") != std::string::npos);
    CHECK(r.out.find("host version: the plugin needs sgaudit 9.0.0 or later, this is 0.1.0") != std::string::npos);
    CHECK(r.out.find(std::string(SGAUDIT_TEST_PLUGIN_DIR) + "  (--plugin-dir)") != std::string::npos);
}

TEST_CASE("plugins: files not named sgaudit-NAME.so are listed as ignored, with the name to give them, and check kinds are listed") {
    auto dir = temp_dir("ignored-plugins");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", dir / "myaudit.so");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", dir / "sgaudit-other.so.1");
    { std::ofstream(dir / "README.txt") << "notes"; }
    auto r = run_cli({"--plugin-dir", dir.string(), "plugins"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("\nIgnored (2):\n") != std::string::npos);  // not README.txt: it is no library
    CHECK(r.out.find((dir / "myaudit.so").string() + "\n    not named sgaudit-NAME.so, so not opened: sgaudit loads only files named so "
                     "(rename it sgaudit-myaudit.so if it is an audit plugin)") != std::string::npos);
    CHECK(r.out.find((dir / "sgaudit-other.so.1").string() + "\n    not named sgaudit-NAME.so") != std::string::npos);
    // A plugin's own check kinds, with their arguments, as rule sets use them.
    CHECK(r.out.find("    check kind: open_by_target (") != std::string::npos);  // the stocktake's
}

TEST_CASE("plugins: files others could write, and files that are not libraries, are refused") {
    auto dir = temp_dir("perm-plugins");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", dir / "sgaudit-test-good.so");
    fs::permissions(dir / "sgaudit-test-good.so", fs::perms::group_write, fs::perm_options::add);
    { std::ofstream(dir / "sgaudit-garbage.so") << "not a library"; }
    auto r = run_cli({"--plugin-dir", dir.string(), "plugins"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("refused plugin " + (dir / "sgaudit-test-good.so").string() +
                     ": the file is writable by its group (mode 775)") != std::string::npos);
    CHECK(r.out.find("cannot load plugin " + (dir / "sgaudit-garbage.so").string()) != std::string::npos);

    // Owned by another (non-root) user: refused. Changing a file's owner needs root, which CI has.
    auto other = temp_dir("other-owner-plugins");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", other / "sgaudit-test-good.so");
    REQUIRE_MESSAGE(::chown((other / "sgaudit-test-good.so").c_str(), 65534, 65534) == 0, "the tests run as root to check ownership");
    auto o = run_cli({"--plugin-dir", other.string(), "plugins"});
    CHECK(o.out.find("the file is owned by another user (uid 65534); only your own or root-owned plugins are loaded") !=
          std::string::npos);
    // A folder others may write to: refused, whoever owns the file.
    auto open_dir = temp_dir("open-folder-plugins");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", open_dir / "sgaudit-test-good.so");
    fs::permissions(open_dir, fs::perms::others_write, fs::perm_options::add);
    auto od = run_cli({"--plugin-dir", open_dir.string(), "plugins"});
    CHECK(od.out.find("its folder " + open_dir.string() + " is writable by everyone") != std::string::npos);
}

TEST_CASE("plugins: typed checks and a plugin's own check kind, hand-worked on the sample (SQLite and PostgreSQL)") {
    // Plans started by 2009-03-31 and their reviews (scripts/sample-data):
    //   P001 2008-06-25 [2008-09-22, 2009-03-20]   P002 2008-08-08 [2008-08-01]
    //   P003 2009-01-08 []                          P004 2008-04-02 []
    //   P006 2008-04-30 [2008-07-28, 2009-01-20]   P007 2008-10-20 [2009-01-19]
    //   P008 2008-12-15 []   P009 2009-01-05 []     P010 2008-09-01 []   P011 2007-05-01 []
    // first review within 3 months (start + 3 months, month-end clamped):
    //   pass P001 (09-22 <= 09-25), P006 (07-28 <= 07-30), P007 (01-19 <= 01-20)
    //   error P002: its review (2008-08-01) predates the plan (2008-08-08), so it cannot be judged
    //   fail P004 (due 2008-07-02), P008 (due 2009-03-15), P010 (due 2008-12-01), P011 (due 2007-08-01)
    //   n/a  P003 (due 2009-04-08), P009 (due 2009-04-05): not yet due on 2009-03-31
    // reviews in time (first within 3, then 6 months apart; next not overdue):
    //   pass P001 (next due 2009-09-20), P006 (2009-07-20), P007 (2009-07-19)
    //   fail P002 (its only review predates the plan, so the first was due 2008-11-08), P004, P008, P010, P011
    //   n/a  P003, P009
    // at least one review: pass P001 P002 P006 P007; fail the other six.
    // school age (5+) on 2009-03-31, from the children's dates of birth: pass P004 (born
    //   2002-02-28, 7) and P007 (2004-01-15, 5); fail P001 and P009 (2006-05-10, 2), P002 and P011
    //   (2007-11-30, 1), P006 (2005-08-31, 3), P008 (2008-03-03, 1); n/a P003 (unborn) and P010
    //   (its child C777 is not in ssd_person).
    auto check = [](const nlohmann::json& report) {
        auto s = summary_of(report);
        CHECK(s["t.first-review"] == Counts{3, 4, 2, 0, 1});
        CHECK(s["t.reviews-in-time"] == Counts{3, 5, 2});
        CHECK(s["t.enough-reviews"] == Counts{4, 6, 0});
        CHECK(s["t.child-of-school-age"] == Counts{2, 6, 2});
        // The dates of birth the rule read appear nowhere in the report.
        std::string text = report.dump();
        for (const char* dob : {"2006-05-10", "2007-11-30", "2002-02-28", "2005-08-31", "2004-01-15", "2008-03-03"})
            CHECK_MESSAGE(text.find(dob) == std::string::npos, dob);
        const auto* p004 = find_result(report, "t.first-review", "P004");
        REQUIRE(p004);
        CHECK((*p004)["message"] == "plan P004: first review not recorded; it was due by 2008-07-02 (due 2008-07-02)");
        const auto* p002 = find_result(report, "t.reviews-in-time", "P002");
        REQUIRE(p002);
        CHECK((*p002)["evidence"]["next_due"] == "2008-11-08");
        CHECK(report["sections"][0]["text"] == "10 plans");
    };
    auto dir = temp_dir("test-good");
    auto src = sample_sqlite(dir);
    auto r = run_cli(with_test_plugins({"run", "test-good", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()}));
    INFO(r.all());
    REQUIRE(r.code == 0);
    check(read_json(dir / "out" / "report.json"));

    auto pg = pg_source("test_good");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    REQUIRE(run_cli({"db", "init", "--source", pg}).code == 0);
    REQUIRE(run_cli({"db", "import", sample_dir(), "--source", pg}).code == 0);
    auto rp = run_cli(with_test_plugins({"run", "test-good", "--source", pg, "--as-of", "2009-03-31", "--out", (dir / "pg").string()}));
    INFO(rp.all());
    REQUIRE(rp.code == 0);
    check(read_json(dir / "pg" / "report.json"));
}

TEST_CASE("plugins: one that fails, one that throws, one missing a column: each reported, the others run, exit 3") {
    auto dir = temp_dir("misbehaving");
    auto src = sample_sqlite(dir);
    auto r = run_cli(with_test_plugins({"run", "data-quality", "test-fails", "test-throws", "test-needs-missing", "--source", src,
                                        "--as-of", "2009-03-31", "--out", (dir / "out").string()}));
    INFO(r.all());
    CHECK(r.code == 3);
    auto report = read_json(dir / "out" / "report.json");
    std::map<std::string, nlohmann::json> status;
    for (const auto& p : report["plugins"]) status[p["name"]] = p;
    CHECK(status["data-quality"]["status"] == "ok");
    CHECK(status["test-fails"]["status"] == "failed");
    CHECK(status["test-fails"]["error"] == "the thing could not be counted");
    CHECK(status["test-throws"]["status"] == "failed");
    CHECK(status["test-throws"]["error"] == "plugin threw: boom from inside the plugin");
    CHECK(status["test-needs-missing"]["status"] == "skipped");
    CHECK(status["test-needs-missing"]["error"] ==
          "the data source lacks column ssd_cp_plans.no_such_column, which plugin 'test-needs-missing' needs");
    // data-quality still produced its full results.
    CHECK(summary_of(report)["dq.plan-id-unique"] == Counts{10, 1, 0});
}

TEST_CASE("plugins: a report whose audit was skipped says at the top it is not the whole picture, and 'none' only of what ran") {
    auto dir = temp_dir("unfinished-note");
    auto src = sample_sqlite(dir);
    auto r = run_cli(with_test_plugins({"run", "test-needs-missing", "--source", src, "--as-of", "2009-03-31", "--format",
                                        "md,html,xlsx,junit,csv", "--no-history", "--out", (dir / "out").string()}));
    INFO(r.all());
    CHECK(r.code == 3);
    const std::string note = "Not every audit ran to the end, so this report is not the whole picture: test-needs-missing was "
                             "skipped. What they would have found is not in it; each audit's status in this report says why.";
    const std::string md = slurp(dir / "out" / "report.md");
    // At the top: before the first section.
    CHECK(md.find("**" + note + "**") < md.find("\n## "));
    CHECK(md.find("No child has an open finding in the audits that ran to the end (see the note at the top).") != std::string::npos);
    CHECK(md.find("## Failures\n\nNone in the audits that ran to the end (see the note at the top).") != std::string::npos);
    const std::string html = slurp(dir / "out" / "report.html");
    const auto at = html.find("each audit&apos;s status in this report says why.");
    CHECK(at != std::string::npos);
    CHECK(at < html.find("</header>"));
    CHECK(html.find("<p>No child has an open finding in the audits that ran to the end (see the note at the top).</p>") != std::string::npos);
    CHECK(html.find("<p>No rule failed in the audits that ran to the end (see the note at the top).</p>") != std::string::npos);
    CHECK(html.find("<p>No rule failed.</p>") == std::string::npos);
    // JUnit: the skipped audit is an error of its own, so CI is not green.
    const std::string junit = slurp(dir / "out" / "report.junit.xml");
    CHECK(junit.find("<testsuites name=\"sgaudit\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">") != std::string::npos);
    CHECK(junit.find("<testcase classname=\"test-needs-missing\" name=\"test-needs-missing ran to the end\">\n      <error type=\"skipped\"") !=
          std::string::npos);
    // CSV: after the results (none here), a row for the audit, outcome error.
    const std::string csv = slurp(dir / "out" / "report.csv");
    CHECK(csv.find("\r\ntest-needs-missing,,high,audit,test-needs-missing,,,,error,\"this audit skipped: the data source lacks column "
                   "ssd_cp_plans.no_such_column, which plugin 'test-needs-missing' needs\",") != std::string::npos);
    std::string sheets;  // the XLSX's About this run sheet, wherever it is: its strings are inline
    for (int i = 1; i <= 8; ++i) sheets += zip_part(dir / "out" / "report.xlsx", "xl/worksheets/sheet" + std::to_string(i) + ".xml");
    CHECK(sheets.find("Not the whole picture") != std::string::npos);
    CHECK(sheets.find("test-needs-missing was skipped.") != std::string::npos);
    // The first sheet (the work list, empty here) says it below the list.
    CHECK(zip_part(dir / "out" / "report.xlsx", "xl/worksheets/sheet1.xml").find("Not every audit ran to the end") != std::string::npos);

    // Every audit ran: no note, and "none" means none.
    auto ok = run_cli(with_test_plugins({"run", "test-good", "--source", src, "--as-of", "2009-03-31", "--format", "md",
                                         "--no-history", "--out", (dir / "ok").string()}));
    REQUIRE(ok.code <= 1);
    CHECK(slurp(dir / "ok" / "report.md").find("Not every audit ran to the end") == std::string::npos);
}

TEST_CASE("case data is opened read-only: a plugin's write is refused (SQLite and PostgreSQL)") {
    auto dir = temp_dir("readonly");
    auto src = sample_sqlite(dir);
    std::string before = slurp(dir / "council.db");
    auto r = run_cli(with_test_plugins({"run", "test-writer", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()}));
    INFO(r.all());
    CHECK(r.code == 0);
    CHECK(r.err.find("write refused as expected") != std::string::npos);
    CHECK(slurp(dir / "council.db") == before);

    auto pg = pg_source("readonly");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    REQUIRE(run_cli({"db", "init", "--source", pg}).code == 0);
    REQUIRE(run_cli({"db", "import", sample_dir(), "--source", pg}).code == 0);
    auto rp = run_cli(with_test_plugins({"run", "test-writer", "data-quality", "--source", pg, "--as-of", "2009-03-31",
                                         "--out", (dir / "pg").string()}));
    INFO(rp.all());
    CHECK(rp.code == 0);
    CHECK(rp.err.find("read-only transaction") != std::string::npos);
    // The plans are all still there: data-quality sees 11.
    CHECK(summary_of(read_json(dir / "pg" / "report.json"))["dq.plan-id-unique"] == Counts{10, 1, 0});
}

TEST_CASE("section tables: colours and column types reach the reports only as #RRGGBB and known words") {
    auto dir = temp_dir("painter");
    auto src = tiny_source(dir);
    auto r = run_cli(with_test_plugins({"run", "test-painter", "--source", src, "--as-of", "2009-03-31", "--format", "json,html,xlsx",
                                        "--out", (dir / "out").string(), "--no-history"}));
    INFO(r.all());
    REQUIRE(r.code == 0);
    // The section with an attribute smuggled into a colour, and a type no report knows, keeps its
    // table but loses both, and the log says so.
    CHECK(r.err.find("section 'bad': its cell colours (each must be #RRGGBB or empty) and its column types (each must be \"\", "
                     "\"date\" or \"number\") were left out") != std::string::npos);
    auto report = read_json(dir / "out" / "report.json");
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& s : report["sections"]) by_id[s["id"]] = s;
    CHECK(by_id["good"]["table"]["cell_fills"] == nlohmann::json{{"#A8DAB5"}});
    CHECK(by_id["good"]["table"]["column_types"] == nlohmann::json{"", "date"});
    CHECK(by_id["good"]["sheet"] == "Painted");
    CHECK_FALSE(by_id["bad"]["table"].contains("cell_fills"));
    CHECK_FALSE(by_id["bad"]["table"].contains("column_types"));
    CHECK(by_id["bad"]["table"]["rows"] == nlohmann::json::array({nlohmann::json::array({"green", "2009-03-31"})}));
    const std::string html = slurp(dir / "out" / "report.html");
    CHECK(html.find("onmouseover") == std::string::npos);
    CHECK(html.find("style=\"background-color:#A8DAB5\">green</td><td>31 March 2009</td>") != std::string::npos);
    CHECK(zip_part(dir / "out" / "report.xlsx", "xl/workbook.xml").find("name=\"Painted\"") != std::string::npos);
}

TEST_CASE("plugins: --area that leaves out every subject a plugin handed over is said, not an empty audit without a word") {
    // test-good's plans have no team or area; the council has one area, A9. With --area A9 every
    // plan is left out, and the run says so.
    auto dir = temp_dir("area-leaves-all");
    auto src = tiny_source(dir);
    execute_sqlite(dir / "t.db", "INSERT INTO ssd_department (dept_team_id, dept_team_name, dept_team_parent_id, dept_team_parent_name) "
                                 "VALUES ('T9', 'Team nine', 'A9', 'Area nine')");
    auto r = run_cli(with_test_plugins({"run", "test-good", "--source", src, "--as-of", "2009-03-31", "--area", "A9", "--no-history",
                                        "--out", (dir / "out").string(), "--format", "json"}));
    INFO(r.all());
    CHECK(r.code == 0);
    CHECK(r.all().find("--area/--team left out all 2 subjects this plugin handed over: none is placed in that area or team") !=
          std::string::npos);
    // Without --area nothing is said.
    auto all = run_cli(with_test_plugins({"run", "test-good", "--source", src, "--as-of", "2009-03-31", "--no-history", "--out",
                                          (dir / "all").string(), "--format", "json"}));
    CHECK(all.all().find("left out all") == std::string::npos);
}

TEST_CASE("plugins: a plugin's own check kind declares its arguments' types, and rules check holds a rule to them") {
    // section11's recorded_by_due takes two dates. A text fact, or a fact that does not exist,
    // where a date is wanted would otherwise judge every agency wrongly.
    auto dir = temp_dir("typed-plugin-kinds");
    const fs::path file = dir / "s11-local.toml";
    {
        std::ofstream o(file);
        o << "[ruleset]\n"                                                                   // 1
             "id = \"s11-local\"\n"                                                          // 2
             "extends = \"section11\"\n"                                                     // 3
             "\n"                                                                            // 4
             "[[rules]]\n"                                                                   // 5
             "id = \"s11.local-typed\"\n"                                                    // 6
             "title = \"Returned by the due date\"\n"                                        // 7
             "subject = \"organisation\"\n"                                                  // 8
             "check = { kind = \"recorded_by_due\", done = \"sector\", due = \"due_dat\" }\n"  // 9
             "message = \"{subject_id}: late\"\n";                                           // 10
    }
    auto r = run_cli({"rules", "check", file.string()});
    INFO(r.all());
    CHECK(r.code == 2);
    // Columns counted by hand: `done = "sector"` has its value at column 44, `due = "due_dat"` at 60.
    CHECK(r.all().find(file.string() + ":9:44: error: fact 'sector' is text, but this argument needs a date") != std::string::npos);
    CHECK(r.all().find(file.string() + ":9:60: error: unknown fact 'due_dat' for subject 'organisation' of plugin 'section11' "
                                       "(did you mean 'due_date'?)") != std::string::npos);
}

TEST_CASE("conformance: every audit plugin in this repository passes sgaudit plugins check") {
    auto r = run_cli({"plugins", "check"});
    INFO(r.all());
    CHECK(r.code == 0);
    for (const char* p : {"case-audit", "cp-under4", "data-quality", "indicators", "section11", "stocktake"})
        CHECK(r.out.find(std::string("\n") + p + ": passed\n") != std::string::npos);
    CHECK(r.out.find("FAIL") == std::string::npos);
    CHECK(r.out.find("6 of 6 plugins passed") != std::string::npos);
}

TEST_CASE("conformance: a plugin that throws, or needs a column the data model lacks, fails plugins check, saying why") {
    auto r = run_cli(with_test_plugins({"plugins", "check", "test-throws", "test-needs-missing", "test-good"}));
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(r.out.find("  FAIL  runs on an empty database: failed: plugin threw: boom from inside the plugin\n") != std::string::npos);
    CHECK(r.out.find("test-throws: FAILED") != std::string::npos);
    CHECK(r.out.find("  FAIL  declares the columns it reads: not in the data model (docs/data.md): ssd_cp_plans.no_such_column\n") !=
          std::string::npos);
    CHECK(r.out.find("test-good: passed") != std::string::npos);
    CHECK(r.out.find("1 of 3 plugins passed") != std::string::npos);
    auto none = run_cli({"plugins", "check", "no-such-plugin"});
    CHECK(none.code == 2);
}

TEST_CASE("rules test: the cases kept next to a rule set run like a test runner, name uncovered rules, and refuse bad case files") {
    // The project's own cases run as tests of their own (rules_cases_*, tests/CMakeLists.txt).
    // One case with the plugin's own rule set: two rules covered, the rest listed as uncovered.
    auto own_dir = temp_dir("rules-test-own");
    {
        std::string text = slurp(fs::path(SGAUDIT_SOURCE_DIR) / "rules/cases/data-quality/plan-dates.toml");
        const std::string line = "rules = \"../../data-quality.toml\"\n";
        REQUIRE(text.find(line) != std::string::npos);
        text.erase(text.find(line), line.size());
        std::ofstream(own_dir / "plan-dates.toml") << text;
    }
    auto own = run_cli({"rules", "test", own_dir.string()});
    INFO(own.all());
    CHECK(own.code == 0);
    CHECK(own.out.find("  ok    dq.plan-ends-before-start P1: fail\n") != std::string::npos);
    CHECK(own.out.find("\n4 passed, 0 failed\n") != std::string::npos);
    CHECK(own.out.find("uncovered: data-quality rule dq.plan-overlaps-another (no case expects anything of it)") != std::string::npos);
    CHECK(own.out.find("uncovered: data-quality rule dq.plan-ends-before-start") == std::string::npos);

    // An expectation the rules do not meet: said, with where it is written; exit 1.
    auto dir = temp_dir("rules-test");
    const fs::path file = dir / "wrong.toml";
    std::ofstream(file) << "[case]\nname = \"wrong\"\nplugin = \"data-quality\"\nas_of = 2009-03-31\n\n"
                           "[tables.ssd_cp_plans]\ncolumns = [\"cppl_cp_plan_id\", \"cppl_person_id\", \"cppl_cp_plan_start_date\", "
                           "\"cppl_cp_plan_end_date\"]\nrows = [[\"P1\", \"K1\", 2008-06-01, 2008-05-01]]\n\n"
                           "[[expect]]\nrule = \"dq.plan-ends-before-start\"\nsubject = \"P1\"\noutcome = \"pass\"\n";
    auto wrong = run_cli({"rules", "test", dir.string()});
    INFO(wrong.all());
    CHECK(wrong.code == 1);
    CHECK(wrong.out.find("  FAIL  dq.plan-ends-before-start P1: expected pass, got fail (") != std::string::npos);
    CHECK(wrong.out.find(file.string() + ":10)") != std::string::npos);  // the [[expect]] table, line 10
    CHECK(wrong.out.find("0 passed, 1 failed") != std::string::npos);

    // An indicator's figure, and a subject the rule must not judge. Hand-worked: one referral in
    // 2007/08 (F1) with an initial assessment begun (S1): NI 68 = 1 / 1 = 100%, not 50; plan P9
    // does not exist, so no result for it (outcome none) is right.
    std::ofstream(file) << "[case]\nname = \"figure\"\nplugin = \"indicators\"\nas_of = 2008-03-31\n\n"
                           "[tables.ssd_cin_episodes]\ncolumns = [\"cine_referral_id\", \"cine_person_id\", \"cine_referral_date\"]\n"
                           "rows = [[\"F1\", \"K1\", 2007-05-01]]\n\n"
                           "[tables.ssd_cin_assessments]\ncolumns = [\"cina_assessment_id\", \"cina_person_id\", \"cina_referral_id\", "
                           "\"cina_assessment_start_date\"]\nrows = [[\"S1\", \"K1\", \"F1\", 2007-05-02]]\n\n"
                           "[tables.sga_assessment_stage]\ncolumns = [\"cina_assessment_id\", \"stage\"]\nrows = [[\"S1\", \"initial\"]]\n\n"
                           "[[expect]]\nrule = \"ni68\"\nsubject = \"ALL 2007/08\"\noutcome = \"pass\"\nvalue = 50\n\n"
                           "[[expect]]\nrule = \"ni68\"\nsubject = \"P9\"\noutcome = \"none\"\n";
    auto figure = run_cli({"rules", "test", dir.string()});
    INFO(figure.all());
    CHECK(figure.code == 1);
    CHECK(figure.out.find("  FAIL  ni68 ALL 2007/08: expected pass with value 50, got pass with value 100 (") != std::string::npos);
    CHECK(figure.out.find("  ok    ni68 P9: no result\n") != std::string::npos);
    CHECK(figure.out.find("1 passed, 1 failed") != std::string::npos);

    // A table the data model does not have: refused at its place, nothing run.
    std::ofstream(file) << "[case]\nname = \"typo\"\nplugin = \"data-quality\"\nas_of = 2009-03-31\n\n[tables.ssd_cp_plan]\n"
                           "columns = [\"cppl_cp_plan_id\"]\nrows = [[\"P1\"]]\n\n[[expect]]\nrule = \"dq.plan-start-missing\"\n"
                           "subject = \"P1\"\noutcome = \"fail\"\n";
    auto typo = run_cli({"rules", "test", dir.string()});
    CHECK(typo.code == 2);
    CHECK(typo.err.find(file.string() + ":6:9: error: table 'ssd_cp_plan' is not in the data model") != std::string::npos);
}
