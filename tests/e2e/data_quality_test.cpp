// The data-quality audit on the hand-written sample council (scripts/sample-data), on SQLite
// and on the real PostgreSQL server. Every expected count below is worked out by hand from
// the CSV files, as of 31 March 2009.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/data/database.hpp"

using namespace e2e;

namespace {

// Plans (11 distinct ids): P001 P002 P003 P004 P006 P007 (two identical rows) P008 P009 P010
// P011 P012.
//  start-missing: only P012 has no start.                                  10 pass, 1 fail
//  ends-before-start: only P004 (ends 2008-03-30, starts 2008-04-02), P010 and P011 have an
//    end date; P004 fails, P010 and P011 pass; 8 have no end (n/a).         2 / 1 / 8 n/a
//  review-before-start: plans with reviews: P001 (first 2008-09-22 > 2008-06-25 pass),
//    P002 (2008-08-01, not after 2008-08-08: fail), P006 (2008-07-28 > 2008-04-30 pass),
//    P007 (2009-01-19 > 2008-10-20 pass); 7 without reviews.               3 / 1 / 7 n/a
//  visit-before-start: P001 2008-07-01 >= 06-25 pass, P003 2009-01-02 < 2009-01-08 fail,
//    P006 2008-05-10 >= 04-30 pass, P007 2008-11-03 >= 10-20 pass.         3 / 1 / 7 n/a
//  plan-before-referral: P011 starts 2007-05-01 before R002 (2008-07-14): fail; n/a for P008
//    (R009 has no date), P010 (R888 not in the data), P012 (no start); 7 pass.  7 / 1 / 3
//  overlaps: C001's P001 (2008-06-25, open) and P009 (2009-01-05, open) overlap each other;
//    C002's P011 ended 2008-01-10 before P002 began; P012 has no start (n/a).  8 / 2 / 1
//  referral link: P010 names R888, which does not exist.                 10 / 1
//  person link: P010 names C777, who does not exist.                       10 / 1
//  id unique: P007 appears twice.                                          10 / 1
// s47 enquiries S001 S002 S003 S006 S007 S008: all have a start, all unique.  6 / 0 each
//  referral link and person link: S008 names R999 and C998, neither exists. 5 / 1 each
// Conferences I001 I002 I003 I004 I006 I007 I008 (7):
//  icpc-without-s47: I004 is a transfer-in (n/a); I008 has no s47: fail.  5 / 1 / 1
//  s47-after-icpc: I007's s47 began 2008-11-01, after the ICPC on 2008-10-20: fail; n/a for
//    I004 (transfer-in) and I008 (no s47).                                 4 / 1 / 2
//  icpc id unique; every conference's child exists.                      7 / 0 each
// Referrals R001-R009 (9 ids, R007 twice):
//  date-missing: R009.                                                     8 / 1
//  closes-before-opens: only R004 has a close date (2008-03-01 < 2008-03-10). 0 / 1 / 8
//  person link: R008 names C099.                                            8 / 1
//  id unique: R007.                                                         8 / 1
// Assessments A001-A004:
//  start-missing: A004.                                                    3 / 1
//  authorised-before-start: A002 authorised 2008-07-10 before its start 2008-07-15; A004
//    has neither date (n/a).                                                2 / 1 / 1
//  referral link: A003 names R777.                                          3 / 1
//  id unique; every assessment's child exists.                            4 / 0 each
// Reviews RV001-RV007: RV007 names plan P099, which does not exist.       6 / 1; ids unique 7 / 0
// Visits VS001-VS006: VS005 has no date; VS006 names plan P098.           5 / 1 each; ids 6 / 0
// Children C001-C008:
//  birth-or-expected: C005 has neither (C003 is unborn, with an expected date). 7 / 1
//  one-open-plan: on 2009-03-31 C001 has P001 and P009 open (2 > 1): fail; C004's only plan
//    "ended" before it began, C005's has no start: 0 open, pass.             7 / 1
//  events-after-death: C006 died 2008-12-01; review RV005 on 2009-01-20 is later: fail;
//    nobody else has a death date (n/a).                                    0 / 1 / 7
//  id unique.                                                               8 / 0
//  birth dates readable, rows agree: every recorded date is YYYY-MM-DD, no id repeats. 8 / 0 each
//  expected date passed: only C003 has no date of birth but an expected one, 2009-05-01,
//    after the audit date (still unborn): pass; C005 has neither: pass (its own rule above). 8 / 0
// Allocations INV001-INV003: each names a worker (W01-W03, all in ssd_professionals) and a
//  child (C001-C003, all in ssd_person): 3 / 0 each; none has an end date, so ends-before-start
//  is n/a for all three; each id appears once.                               0 / 0 / 3; 3 / 0
const std::map<std::string, Counts> kExpected = {
    {"dq.plan-start-missing", {10, 1, 0}},
    {"dq.plan-ends-before-start", {2, 1, 8}},
    {"dq.review-before-plan-start", {3, 1, 7}},
    {"dq.visit-before-plan-start", {3, 1, 7}},
    {"dq.plan-before-referral", {7, 1, 3}},
    {"dq.plan-overlaps-another", {8, 2, 1}},
    {"dq.plan-referral-link", {10, 1, 0}},
    {"dq.plan-person-link", {10, 1, 0}},
    {"dq.plan-id-unique", {10, 1, 0}},
    {"dq.s47-start-missing", {6, 0, 0}},
    {"dq.s47-id-unique", {6, 0, 0}},
    {"dq.s47-referral-link", {5, 1, 0}},
    {"dq.s47-person-link", {5, 1, 0}},
    {"dq.icpc-person-link", {7, 0, 0}},
    {"dq.assessment-person-link", {4, 0, 0}},
    {"dq.review-plan-link", {6, 1, 0}},
    {"dq.review-id-unique", {7, 0, 0}},
    {"dq.visit-date-missing", {5, 1, 0}},
    {"dq.visit-plan-link", {5, 1, 0}},
    {"dq.visit-id-unique", {6, 0, 0}},
    {"dq.icpc-without-s47", {5, 1, 1}},
    {"dq.s47-after-icpc", {4, 1, 2}},
    {"dq.icpc-id-unique", {7, 0, 0}},
    {"dq.referral-date-missing", {8, 1, 0}},
    {"dq.referral-closes-before-it-opens", {0, 1, 8}},
    {"dq.referral-person-link", {8, 1, 0}},
    {"dq.referral-id-unique", {8, 1, 0}},
    {"dq.assessment-start-missing", {3, 1, 0}},
    {"dq.assessment-authorised-before-start", {2, 1, 1}},
    {"dq.assessment-referral-link", {3, 1, 0}},
    {"dq.assessment-id-unique", {4, 0, 0}},
    {"dq.birth-or-expected-date-missing", {7, 1, 0}},
    {"dq.one-open-plan-per-child", {7, 1, 0}},
    {"dq.events-after-death", {0, 1, 7}},
    {"dq.person-id-unique", {8, 0, 0}},
    {"dq.birth-date-readable", {8, 0, 0}},
    {"dq.birth-dates-agree", {8, 0, 0}},
    {"dq.expected-date-passed", {8, 0, 0}},
    {"dq.involvement-worker-missing", {3, 0, 0}},
    {"dq.involvement-worker-link", {3, 0, 0}},
    {"dq.involvement-person-link", {3, 0, 0}},
    {"dq.involvement-ends-before-start", {0, 0, 3}},
    {"dq.involvement-id-unique", {3, 0, 0}},
};

void check_sample_report(const nlohmann::json& report) {
    auto got = summary_of(report);
    CHECK(got.size() == kExpected.size());
    for (const auto& [rule, want] : kExpected) {
        INFO("rule " << rule);
        REQUIRE(got.count(rule) == 1);
        CHECK(got[rule] == want);
    }
    // Every (rule, subject) pair is listed, passes included.
    std::size_t evaluated = 0;
    for (const auto& [rule, c] : kExpected) evaluated += static_cast<std::size_t>(c.pass + c.fail + c.not_applicable);
    CHECK(report["results"].size() == evaluated);

    const auto* p004 = find_result(report, "dq.plan-ends-before-start", "P004");
    REQUIRE(p004 != nullptr);
    CHECK((*p004)["outcome"] == "fail");
    CHECK((*p004)["severity"] == "high");
    CHECK((*p004)["message"] == "plan P004 ends 2008-03-30, before it starts 2008-04-02");
    CHECK((*p004)["subject"]["kind"] == "cp_plan");
    CHECK((*p004)["subject"]["person_id"] == "C004");
    // C004 has no allocated worker and her only referral closed: unallocated, no team.
    CHECK((*p004)["subject"]["team"] == nullptr);
    CHECK((*p004)["subject"]["area"] == nullptr);
    // C001 is allocated to W01 in T-HUN-1 (ssd_involvements INV001).
    const auto* p001 = find_result(report, "dq.plan-overlaps-another", "P001");
    REQUIRE(p001 != nullptr);
    CHECK((*p001)["subject"]["team"] == "T-HUN-1");
    CHECK((*p001)["subject"]["area"] == "HUN");
    CHECK((*p004)["evidence"]["plan_end"] == "2008-03-30");
    CHECK(report["format"] == "sgaudit-report/1");
    CHECK(report["run"]["as_of"] == "2009-03-31");
    CHECK(report["run"]["period"]["start"] == "2008-04-01");
    CHECK(report["plugins"][0]["status"] == "ok");
}

}  // namespace

TEST_CASE("data-quality finds exactly the planted problems (SQLite)") {
    auto dir = temp_dir("dq-sqlite");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find((dir / "out" / "report.json").string()) != std::string::npos);
    check_sample_report(read_json(dir / "out" / "report.json"));
}

TEST_CASE("data-quality finds exactly the planted problems (PostgreSQL)") {
    auto src = pg_source("dq_sample");
    REQUIRE_MESSAGE(!src.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh, which starts PostgreSQL");
    auto dir = temp_dir("dq-pg");
    auto init = run_cli({"db", "init", "--source", src});
    REQUIRE_MESSAGE(init.code == 0, init.all());
    auto imp = run_cli({"db", "import", sample_dir(), "--source", src});
    REQUIRE_MESSAGE(imp.code == 0, imp.all());
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto report = read_json(dir / "out" / "report.json");
    check_sample_report(report);
    CHECK(report["run"]["source"] == src);
}

TEST_CASE("reports never contain dates of birth and are owner-only") {
    auto dir = temp_dir("privacy");
    auto src = sample_sqlite(dir);
    CHECK(mode_of(dir / "council.db") == 0600);
    auto r = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    REQUIRE(r.code == 0);
    std::string text = slurp(dir / "out" / "report.json");
    // The sample's dates of birth and expected dates of birth.
    for (const char* dob : {"2006-05-10", "2007-11-30", "2009-05-01", "2002-02-28", "2005-08-31", "2004-01-15", "2008-03-03"})
        CHECK_MESSAGE(text.find(dob) == std::string::npos, dob);
    CHECK(mode_of(dir / "out") == 0700);
    CHECK(mode_of(dir / "out" / "report.json") == 0600);
}

TEST_CASE("--set changes a parameter and the outcome follows the rule set") {
    auto dir = temp_dir("set");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(),
                      "--set", "data-quality.max_open_plans_per_child=2"});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    auto report = read_json(dir / "out" / "report.json");
    // C001's two open plans are now within the limit: 8 pass, none fail.
    CHECK(summary_of(report)["dq.one-open-plan-per-child"] == Counts{8, 0, 0});
    CHECK(report["rulesets"][0]["parameters"]["max_open_plans_per_child"] == 2);
    CHECK(report["rulesets"][0]["overrides"][0] == "data-quality.max_open_plans_per_child=2");

    auto bad = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "bad").string(),
                        "--set", "data-quality.max_open_plan_per_child=2"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("has no parameter 'max_open_plan_per_child' (did you mean 'max_open_plans_per_child'?)") != std::string::npos);
    auto wrong_type = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "bad2").string(),
                               "--set", "data-quality.max_open_plans_per_child=two"});
    CHECK(wrong_type.code == 2);
    CHECK(wrong_type.err.find("must be whole number, found text") != std::string::npos);
}

TEST_CASE("a local overlay extends the pack, removes a rule and overrides a parameter") {
    auto dir = temp_dir("overlay");
    auto src = sample_sqlite(dir);
    auto overlay = fixtures() + "/overlays/dq-local.toml";
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(),
                      "--rules", overlay});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    auto report = read_json(dir / "out" / "report.json");
    auto got = summary_of(report);
    CHECK(got.count("dq.events-after-death") == 0);
    CHECK(got.size() == kExpected.size() - 1);
    CHECK(got["dq.one-open-plan-per-child"] == Counts{8, 0, 0});
    CHECK(report["rulesets"][0]["removed_rules"][0] == "dq.events-after-death");
    CHECK(report["rulesets"][0]["files"].size() == 3);  // base pack, overlay, calendar

    auto show = run_cli({"rules", "show", "data-quality", "--rules", overlay});
    REQUIRE(show.code == 0);
    CHECK(show.out.find("max_open_plans_per_child = 2    [from " + overlay) != std::string::npos);
    CHECK(show.out.find("dq.events-after-death") != std::string::npos);  // listed as removed

    auto typo = run_cli({"rules", "check", fixtures() + "/overlays/dq-typo.toml"});
    CHECK(typo.code == 2);
    CHECK(typo.err.find("dq-typo.toml:4:11: error: remove names rule 'dq.events-after-deth', which the packs it extends do not have (did you mean 'dq.events-after-death'?)") != std::string::npos);
    CHECK(typo.err.find("dq-typo.toml:7:1: error: unknown parameter 'max_open_plan_per_child' (did you mean 'max_open_plans_per_child'?)") != std::string::npos);
}

TEST_CASE("waivers: a current waiver waives, an expired one leaves the failure standing") {
    auto dir = temp_dir("waivers");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(),
                      "--waivers", fixtures() + "/waivers/current.toml"});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    auto report = read_json(dir / "out" / "report.json");
    const auto* p004 = find_result(report, "dq.plan-ends-before-start", "P004");
    REQUIRE(p004);
    CHECK((*p004)["outcome"] == "waived");
    CHECK((*p004)["waiver"]["approver"] == "Head of Safeguarding");
    CHECK((*p004)["waiver"]["expires"] == "2009-06-30");
    CHECK(summary_of(report)["dq.plan-ends-before-start"] == Counts{2, 0, 8, 1, 0});
    // Expired on 2009-01-31, before the audit date: the failure stands and the waiver is listed.
    const auto* r004 = find_result(report, "dq.referral-closes-before-it-opens", "R004");
    REQUIRE(r004);
    CHECK((*r004)["outcome"] == "fail");
    REQUIRE(report["expired_waivers"].size() == 1);
    CHECK(report["expired_waivers"][0]["subject"] == "R004");

    // Re-running the past audit as of 2009-01-15 gives the answer of that day: still current.
    auto past = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-01-15", "--out", (dir / "past").string(),
                         "--waivers", fixtures() + "/waivers/current.toml"});
    REQUIRE(past.code == 0);
    auto past_report = read_json(dir / "past" / "report.json");
    const auto* r004_past = find_result(past_report, "dq.referral-closes-before-it-opens", "R004");
    REQUIRE(r004_past);
    CHECK((*r004_past)["outcome"] == "waived");

    auto unknown = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "bad").string(),
                            "--waivers", fixtures() + "/waivers/unknown-rule.toml"});
    CHECK(unknown.code == 2);
    CHECK(unknown.err.find("unknown-rule.toml:1:1: error: waiver names rule 'dq.plan-end-before-start', which no rule set in this run has (did you mean 'dq.plan-ends-before-start'?)") != std::string::npos);
}

TEST_CASE("a malformed date is an error naming table.column and the row, never a pass") {
    auto dir = temp_dir("malformed");
    auto src = sample_sqlite(dir);
    // Written straight into SQLite, as a council's own extract might hold it (db import refuses it).
    {
        std::string err;
        auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(src)),
                                                sgaudit::data::Access::read_write, err);
        REQUIRE_MESSAGE(db, err);
        REQUIRE(db->execute("UPDATE ssd_cp_plans SET cppl_cp_plan_start_date = '2008-02-30' WHERE cppl_cp_plan_id = 'P002'"));
    }
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    REQUIRE(r.code == 0);
    auto report = read_json(dir / "out" / "report.json");
    // P002 has a review, so this rule's `when` must read the start date, and cannot.
    const auto* res = find_result(report, "dq.review-before-plan-start", "P002");
    REQUIRE(res);
    CHECK((*res)["outcome"] == "error");
    CHECK((*res)["message"].get<std::string>().find("ssd_cp_plans.cppl_cp_plan_start_date (cppl_cp_plan_id=P002) is not a date") != std::string::npos);
    // The value itself, from the child's record, is never repeated.
    CHECK(report.dump().find("2008-02-30") == std::string::npos);
    CHECK(summary_of(report)["dq.plan-start-missing"].error == 1);
}
