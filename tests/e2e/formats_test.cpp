// CSV and JUnit views, compared with outputs written by hand for a two-plan fixture
// (tests/fixtures/tiny) audited by the test-good plugin as of 31 March 2009.
//   T1: child born 2008-01-01, plan from 2009-01-05, reviewed 2009-03-20.
//     first review due 2009-04-05 (3 months): pass. Reviews in time: one interval, next due
//     2009-09-20: pass. At least one review: pass. School age: 1 year old: fail.
//   T2: child born 2000-06-01, plan from 2008-10-01, never reviewed.
//     first review due 2009-01-01: fail. Reviews: the first was due 2009-01-01, overdue since
//     2009-01-02: fail. At least one review: fail. School age: 8: pass.
#include <doctest/doctest.h>

#include <regex>

#include "cli_harness.hpp"
#include "sgaudit/report/flat_reports.hpp"

using namespace e2e;

TEST_CASE("formats: CSV and JUnit match the hand-written expected outputs") {
    auto dir = temp_dir("formats");
    std::string src = tiny_source(dir);
    auto r = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                      "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--format", "csv,junit"});
    INFO(r.all());
    REQUIRE(r.code == 0);

    const std::string csv =
        "\xEF\xBB\xBF"
        "plugin,rule,severity,subject_kind,subject_id,person_id,team,area,outcome,message,evidence,waiver_justification,waiver_approver,waiver_expires,"
        "worker,lapse,due\r\n"
        "test-good,t.first-review,high,plan,T1,,,,pass,on time,due=2009-04-05; from=2009-01-05; to=2009-03-20,,,,,,\r\n"
        "test-good,t.reviews-in-time,medium,plan,T1,,,,pass,all on time; next due by 2009-09-20,"
        "intervals=1; late_intervals=0; longest_from=2009-01-05; longest_to=2009-03-20; next_due=2009-09-20,,,,,,\r\n"
        "test-good,t.enough-reviews,low,plan,T1,,,,pass,1 of 1,review_count=1,,,,,,\r\n"
        "test-good,t.child-of-school-age,info,plan,T1,,,,fail,plan T1: the child is under 5,,,,,,,\r\n"
        // Still missing on the audit date: open, due by the plan start (2008-10-01) + 3 months.
        "test-good,t.first-review,high,plan,T2,,,,fail,plan T2: first review not recorded; it was due by 2009-01-01 (due 2009-01-01),"
        "due=2009-01-01; from=2008-10-01; to=,,,,,open,2009-01-01\r\n"
        "test-good,t.reviews-in-time,medium,plan,T2,,,,fail,plan T2: overdue since 2009-01-02,intervals=0; late_intervals=0; next_due=2009-01-01,,,,,"
        "open,2009-01-01\r\n"
        // A count, not a deadline: no lapse, no due date.
        "test-good,t.enough-reviews,low,plan,T2,,,,fail,plan T2 has 0 reviews,review_count=0,,,,,,\r\n"
        "test-good,t.child-of-school-age,info,plan,T2,,,,pass,,,,,,,,\r\n";
    CHECK(slurp(dir / "out" / "report.csv") == csv);
    CHECK(mode_of(dir / "out" / "report.csv") == 0600);

    const std::string junit =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"sgaudit\" tests=\"4\" failures=\"4\" errors=\"0\" skipped=\"0\">\n"
        "  <testsuite name=\"test-good\" tests=\"4\" failures=\"4\" errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"test-good\" name=\"t.first-review: First review within 3 months\">\n"
        "      <failure type=\"high\" message=\"1 of 2 judged subjects failed\">plan T2: plan T2: first review not recorded; it was due by "
        "2009-01-01 (due 2009-01-01)</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"test-good\" name=\"t.reviews-in-time: Reviews at most 6 months apart\">\n"
        "      <failure type=\"medium\" message=\"1 of 2 judged subjects failed\">plan T2: plan T2: overdue since 2009-01-02</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"test-good\" name=\"t.enough-reviews: At least one review\">\n"
        "      <failure type=\"low\" message=\"1 of 2 judged subjects failed\">plan T2: plan T2 has 0 reviews</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"test-good\" name=\"t.child-of-school-age: Child is of school age (a rule that reads a date of birth)\">\n"
        "      <failure type=\"info\" message=\"1 of 2 judged subjects failed\">plan T1: plan T1: the child is under 5</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n";
    CHECK(slurp(dir / "out" / "report.junit.xml") == junit);

    REQUIRE(run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                     "--as-of", "2009-03-31", "--out", (dir / "md").string(), "--format", "md"}).code == 0);
    const std::string markdown =
        "# Safeguarding audit as of 31 March 2009\n\n"
        "Period: 1 April 2008 to 31 March 2009. Data: " + src + ".\n\n"
        "| Plugin | Status |\n|---|---|\n| test-good | ok |\n\n"
        "## Rules\n\n"
        "| Rule | Title | Severity | Pass | Fail | Not applicable | Waived | Error | Pass rate |\n"
        "|---|---|---|---:|---:|---:|---:|---:|---:|\n"
        "| t.first-review | First review within 3 months | high | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.reviews-in-time | Reviews at most 6 months apart | medium | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.enough-reviews | At least one review | low | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.child-of-school-age | Child is of school age (a rule that reads a date of birth) | info | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "\n## Failures\n"
        "\n### t.first-review: First review within 3 months\n\n"
        "- plan T2: plan T2: first review not recorded; it was due by 2009-01-01 (due 2009-01-01)\n"
        "\n### t.reviews-in-time: Reviews at most 6 months apart\n\n"
        "- plan T2: plan T2: overdue since 2009-01-02\n"
        "\n### t.enough-reviews: At least one review\n\n"
        "- plan T2: plan T2 has 0 reviews\n"
        "\n### t.child-of-school-age: Child is of school age (a rule that reads a date of birth)\n\n"
        "- plan T1: plan T1: the child is under 5\n";
    CHECK(slurp(dir / "md" / "report.md") == markdown);
}

TEST_CASE("formats: CSV cells are quoted and cannot start a formula") {
    using sgaudit::report::csv_cell;
    CHECK(csv_cell("plain") == "plain");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(csv_cell("+1") == "'+1");
    CHECK(csv_cell("-1") == "'-1");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
}

TEST_CASE("formats: JSON matches the hand-written expected document") {
    auto dir = temp_dir("formats-json");
    std::string src = tiny_source(dir);
    auto r = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                      "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--format", "json", "--no-history"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto j = read_json(dir / "out" / "report.json");
    CHECK(mode_of(dir / "out" / "report.json") == 0600);

    // What differs from run to run is checked for its shape, then set aside.
    CHECK(std::regex_match(j["run"]["id"].get<std::string>(), std::regex("\\d{8}T\\d{6}Z-[0-9a-f]{4}")));
    for (const char* k : {"started_at", "finished_at"})
        CHECK(std::regex_match(j["run"][k].get<std::string>(), std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
    CHECK(j["run"]["source"] == src);
    CHECK(!j["run"]["operator"].get<std::string>().empty());
    for (const char* k : {"id", "started_at", "finished_at", "operator", "host"}) j["run"][k] = "*";
    CHECK(j["plugins"][0]["file"].get<std::string>().find("sgaudit-test-good.so") != std::string::npos);
    j["plugins"][0]["file"] = "*";
    for (auto& f : j["rulesets"][0]["files"]) {
        CHECK(f["sha256"].get<std::string>().size() == 64);
        f["path"] = fs::path(f["path"].get<std::string>()).filename().string();
        f["sha256"] = "*";
    }

    // By hand, as in the header of this file: T1 passes the three review rules and fails school
    // age; T2 fails the three review rules and passes school age. No teams or areas recorded.
    auto expected = nlohmann::json::parse(R"json({
  "format": "sgaudit-report/1",
  "tool": {"name": "sgaudit", "version": "0.1.0"},
  "run": {"id": "*", "started_at": "*", "finished_at": "*", "as_of": "2009-03-31",
          "period": {"start": "2008-04-01", "end": "2009-03-31"}, "source": "SOURCE", "operator": "*", "host": "*",
          "filters": {"area": null, "team": null}, "results_mode": "all", "seed": 20090331, "waiver_files": []},
  "plugins": [{"name": "test-good", "version": "1.2.3", "file": "*", "status": "ok", "error": null, "incomplete": false}],
  "rulesets": [{"id": "test-good", "version": "1.0.0", "plugin": "test-good",
                "files": [{"path": "test-good.toml", "sha256": "*"}, {"path": "england-and-wales.toml", "sha256": "*"}],
                "parameters": {"first_review_months": 3, "min_reviews": 1, "review_interval_months": 6},
                "overrides": [], "removed_rules": []}],
  "rule_summary": [
    {"plugin": "test-good", "rule": "t.first-review", "title": "First review within 3 months", "severity": "high",
     "evaluated": 2, "pass": 1, "fail": 1, "not_applicable": 0, "waived": 0, "error": 0},
    {"plugin": "test-good", "rule": "t.reviews-in-time", "title": "Reviews at most 6 months apart", "severity": "medium",
     "evaluated": 2, "pass": 1, "fail": 1, "not_applicable": 0, "waived": 0, "error": 0},
    {"plugin": "test-good", "rule": "t.enough-reviews", "title": "At least one review", "severity": "low",
     "evaluated": 2, "pass": 1, "fail": 1, "not_applicable": 0, "waived": 0, "error": 0},
    {"plugin": "test-good", "rule": "t.child-of-school-age", "title": "Child is of school age (a rule that reads a date of birth)",
     "severity": "info", "evaluated": 2, "pass": 1, "fail": 1, "not_applicable": 0, "waived": 0, "error": 0}],
  "summary": {"pass": 4, "fail": 4, "not_applicable": 0, "waived": 0, "error": 0},
  "area_summary": [{"area": null, "evaluated": 8, "pass": 4, "fail": 4, "not_applicable": 0, "waived": 0, "error": 0}],
  "team_summary": [{"team": null, "evaluated": 8, "pass": 4, "fail": 4, "not_applicable": 0, "waived": 0, "error": 0}],
  "expired_waivers": [],
  "sections": [{"plugin": "test-good", "id": "summary", "title": "Plans seen", "subject_id": "", "text": "2 plans",
                "table": {"header": [], "rows": []}, "svg": "", "svg_alt": ""}],
  "results": [
    {"plugin": "test-good", "rule": "t.first-review", "severity": "high",
     "subject": {"kind": "plan", "id": "T1", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "pass",
     "message": "on time", "evidence": {"due": "2009-04-05", "from": "2009-01-05", "to": "2009-03-20"}},
    {"plugin": "test-good", "rule": "t.reviews-in-time", "severity": "medium",
     "subject": {"kind": "plan", "id": "T1", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "pass",
     "message": "all on time; next due by 2009-09-20",
     "evidence": {"intervals": 1, "late_intervals": 0, "longest_from": "2009-01-05", "longest_to": "2009-03-20", "next_due": "2009-09-20"}},
    {"plugin": "test-good", "rule": "t.enough-reviews", "severity": "low",
     "subject": {"kind": "plan", "id": "T1", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "pass",
     "message": "1 of 1", "evidence": {"review_count": 1}},
    {"plugin": "test-good", "rule": "t.child-of-school-age", "severity": "info",
     "subject": {"kind": "plan", "id": "T1", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "fail",
     "message": "plan T1: the child is under 5", "evidence": {}},
    {"plugin": "test-good", "rule": "t.first-review", "severity": "high",
     "subject": {"kind": "plan", "id": "T2", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "fail",
     "lapse": "open", "due": "2009-01-01",
     "message": "plan T2: first review not recorded; it was due by 2009-01-01 (due 2009-01-01)",
     "evidence": {"due": "2009-01-01", "from": "2008-10-01", "to": null}},
    {"plugin": "test-good", "rule": "t.reviews-in-time", "severity": "medium",
     "subject": {"kind": "plan", "id": "T2", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "fail",
     "lapse": "open", "due": "2009-01-01",
     "message": "plan T2: overdue since 2009-01-02", "evidence": {"intervals": 0, "late_intervals": 0, "next_due": "2009-01-01"}},
    {"plugin": "test-good", "rule": "t.enough-reviews", "severity": "low",
     "subject": {"kind": "plan", "id": "T2", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "fail",
     "message": "plan T2 has 0 reviews", "evidence": {"review_count": 0}},
    {"plugin": "test-good", "rule": "t.child-of-school-age", "severity": "info",
     "subject": {"kind": "plan", "id": "T2", "person_id": null, "team": null, "area": null, "worker": null}, "outcome": "pass",
     "message": "", "evidence": {}}]
})json");
    expected["run"]["source"] = src;
    CHECK(j == expected);
}
