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
#include "sgaudit/report/html_report.hpp"

using namespace e2e;

namespace {

// The tiny fixture's report.md, written by hand in pieces that the Markdown tests share.
// `work`: the work list's lines. The fixture records no team or worker.
std::string md_top(const std::string& src, const std::string& work) {
    return "# Safeguarding audit as of 31 March 2009\n\n"
           "Period: 1 April 2008 to 31 March 2009. Data: " + src + ".\n\n"
           "| Plugin | Status |\n|---|---|\n| test-good | ok |\n"
           "\n## What needs doing today\n\n### No team recorded (unallocated, or not known)\n\n"
           "No allocated worker known (none recorded, or the allocation could not be read):\n\n" + work +
           "\n## Rules\n\n"
           "| Rule | Title | Severity | Pass | Fail | Not applicable | Waived | Error | Pass rate |\n"
           "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
}

// Each rule under its title, with its severity, how many failed and its action; ISO dates in
// messages as people write them. T2's later reviews and T1's school age, in both tests.
const std::string md_reviews_in_time =
    "\n### Reviews at most 6 months apart (t.reviews-in-time)\n\n"
    "Severity medium, audit test-good: 1 of 2 judged subjects failed.\n\n"
    "What to do: Hold the review.\n\n"
    "- plan T2: plan T2: overdue since 2 January 2009\n";
const std::string md_enough_reviews =
    "\n### At least one review (t.enough-reviews)\n\n"
    "Severity low, audit test-good: 1 of 2 judged subjects failed.\n\n"
    "What to do: Hold the review.\n\n"
    "- plan T2: plan T2 has 0 reviews\n";
const std::string md_school_age =
    "\n### Child is of school age (a rule that reads a date of birth) (t.child-of-school-age)\n\n"
    "Severity info, audit test-good: 1 of 2 judged subjects failed.\n\n"
    "What to do: None: a test of sensitive facts.\n\n"
    "- plan T1: plan T1: the child is under 5\n";
const std::string md_waived_heading =
    "\n## Waived findings\n\n"
    "A waiver explains a finding; it does not make it true. Each subject below still fails its rule, and is counted as "
    "waived, not as a pass.\n\n";
const std::string md_expired_heading =
    "\n## Expired waivers\n\n"
    "These waivers had expired by the audit date, so the findings they covered count as failures (listed above).\n\n";
// What test-good adds beyond results (tests/plugins/good.cpp): one section, "Plans seen", whose
// text counts the two plans of the tiny source; no table, no details.
const std::string md_sections = "\n## test-good\n\n### Plans seen\n\n2 plans\n\n";

}  // namespace

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
        "worker,lapse,due,value,numerator,denominator,unit,period,rag,benchmark\r\n"
        "test-good,t.first-review,high,plan,T1,,,,pass,on time,due=2009-04-05; from=2009-01-05; to=2009-03-20,,,,,,,,,,,,,\r\n"
        "test-good,t.reviews-in-time,medium,plan,T1,,,,pass,all on time; next due by 2009-09-20,"
        "intervals=1; late_intervals=0; longest_from=2009-01-05; longest_to=2009-03-20; next_due=2009-09-20,,,,,,,,,,,,,\r\n"
        "test-good,t.enough-reviews,low,plan,T1,,,,pass,1 of 1,review_count=1,,,,,,,,,,,,,\r\n"
        "test-good,t.child-of-school-age,info,plan,T1,,,,fail,plan T1: the child is under 5,,,,,,,,,,,,,,\r\n"
        // Still missing on the audit date: open, due by the plan start (2008-10-01) + 3 months.
        "test-good,t.first-review,high,plan,T2,,,,fail,plan T2: first review not recorded; it was due by 2009-01-01 (due 2009-01-01),"
        "due=2009-01-01; from=2008-10-01; to=,,,,,open,2009-01-01,,,,,,,\r\n"
        "test-good,t.reviews-in-time,medium,plan,T2,,,,fail,plan T2: overdue since 2009-01-02,intervals=0; late_intervals=0; next_due=2009-01-01,,,,,"
        "open,2009-01-01,,,,,,,\r\n"
        // A count, not a deadline: no lapse, no due date.
        "test-good,t.enough-reviews,low,plan,T2,,,,fail,plan T2 has 0 reviews,review_count=0,,,,,,,,,,,,,\r\n"
        "test-good,t.child-of-school-age,info,plan,T2,,,,pass,,,,,,,,,,,,,,,\r\n";
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
        // T2's three failures, most severe first: its first review and its later reviews were
        // due by 2009-01-01 (plan 2008-10-01 + 3 months), 89 days before 31 March 2009; at
        // least one review is not about a deadline. T1's school age is a prompt (info).
        md_top(src,
               "- **T2** (plan T2, high): First review within 3 months, overdue since 2 January 2009 (89 days). Hold the review.\n"
               "- **T2** (plan T2, medium): Reviews at most 6 months apart, overdue since 2 January 2009 (89 days). Hold the review.\n"
               "- **T2** (plan T2, low): At least one review. Hold the review.\n") +
        "| t.first-review | First review within 3 months | high | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.reviews-in-time | Reviews at most 6 months apart | medium | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.enough-reviews | At least one review | low | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.child-of-school-age | Child is of school age (a rule that reads a date of birth) | info | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "\n## Failures\n"
        "\n### First review within 3 months (t.first-review)\n\n"
        "Severity high, audit test-good: 1 of 2 judged subjects failed.\n\n"
        "What to do: Hold the review.\n\n"
        "- plan T2: plan T2: first review not recorded; it was due by 1 January 2009 (due 1 January 2009)\n" +
        md_reviews_in_time + md_enough_reviews + md_school_age + md_waived_heading + "None.\n" + md_expired_heading + "None.\n" +
        md_sections;
    CHECK(slurp(dir / "md" / "report.md") == markdown);
}

TEST_CASE("formats: Markdown lists a waived finding with its justification, and an expired waiver") {
    // The tiny fixture as above, with two waivers on plan T2 (audit date 31 March 2009):
    //   t.first-review, to 30 June 2009: current, so T2's failure is waived (still listed, with
    //     its message, justification, approver and expiry; it is not a pass);
    //   t.enough-reviews, to 31 January 2009: expired, so T2 still fails and the waiver is listed.
    // first-review: pass 1 (T1), fail 0, waived 1 (T2): 1 of 2 met, 50%.
    auto dir = temp_dir("formats-md-waivers");
    std::string src = tiny_source(dir);
    write_text(dir / "waivers.toml",
               "[[waiver]]\nrule = \"t.first-review\"\nsubject = \"T2\"\n"
               "justification = \"Review booked for 2009-04-02 | chair on leave\"\napprover = \"Service Manager\"\nexpires = 2009-06-30\n\n"
               "[[waiver]]\nrule = \"t.enough-reviews\"\nsubject = \"T2\"\n"
               "justification = \"Awaiting transfer\"\napprover = \"Area Manager\"\nexpires = 2009-01-31\n");
    auto r = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                      "--as-of", "2009-03-31", "--out", (dir / "md").string(), "--format", "md", "--no-history", "--waivers",
                      (dir / "waivers.toml").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const std::string markdown =
        // The waived first review stays on the work list, after the unwaived, with its waiver.
        md_top(src,
               "- **T2** (plan T2, medium): Reviews at most 6 months apart, overdue since 2 January 2009 (89 days). Hold the review.\n"
               "- **T2** (plan T2, low): At least one review. Hold the review.\n"
               "- **T2** (plan T2, high): First review within 3 months, overdue since 2 January 2009 (89 days). Hold the review. "
               "Waived until 30 June 2009: Review booked for 2009-04-02 \\| chair on leave.\n") +
        "| t.first-review | First review within 3 months | high | 1 | 0 | 0 | 1 | 0 | 50% |\n"
        "| t.reviews-in-time | Reviews at most 6 months apart | medium | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.enough-reviews | At least one review | low | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "| t.child-of-school-age | Child is of school age (a rule that reads a date of birth) | info | 1 | 1 | 0 | 0 | 0 | 50% |\n"
        "\n## Failures\n" +
        // No section for t.first-review: its one failure is waived, listed below. T2 still fails
        // t.enough-reviews: its waiver had expired.
        md_reviews_in_time + md_enough_reviews + md_school_age + md_waived_heading +
        "| Rule | Subject | Finding | Justification | Approved by | Expires |\n|---|---|---|---|---|---|\n"
        // The | in the justification would end its cell: escaped, as every cell is.
        "| First review within 3 months (t.first-review) | plan T2 | plan T2: first review not recorded; it was due by 1 January 2009 "
        "(due 1 January 2009) | Review booked for 2009-04-02 \\| chair on leave | Service Manager | 30 June 2009 |\n" +
        md_expired_heading +
        "| Rule | Subject | Justification | Approved by | Expired |\n|---|---|---|---|---|\n"
        "| At least one review (t.enough-reviews) | plan T2 | Awaiting transfer | Area Manager | 31 January 2009 |\n" + md_sections;
    CHECK(slurp(dir / "md" / "report.md") == markdown);
    CHECK(mode_of(dir / "md" / "report.md") == 0600);
}

TEST_CASE("formats: ISO dates in text read as people write them, and only whole dates") {
    using sgaudit::report::uk_dates_in;
    CHECK(uk_dates_in("due by 2009-03-25 (due 2009-03-25)") == "due by 25 March 2009 (due 25 March 2009)");
    CHECK(uk_dates_in("2008-02-29") == "29 February 2008");
    CHECK(uk_dates_in("id X2009-03-25 and 2009-03-251") == "id X2009-03-25 and 2009-03-251");
    CHECK(uk_dates_in("not a date 2009-13-01, 2009-3-1, -- 12-34") == "not a date 2009-13-01, 2009-3-1, -- 12-34");
    CHECK(uk_dates_in("") == "");
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
  "rulesets": [{"id": "test-good", "version": "1.0.0", "plugin": "test-good", "purpose": "practice",
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
