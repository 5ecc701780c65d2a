// The case-file audit (plugins/case-audit, rules/case-audit.toml) on a hand-made council
// (tests/fixtures/case-audit), as of Tuesday 31 March 2009. Every expected value is worked out
// by hand below, never copied from output.
//
// Open cases on 31 March 2009 (a plan, a looked-after episode or a referral open that day),
// typed child protection (CP) > looked after (LAC) > child in need (CIN):
//   Area A1, team T1 (worker W1): CP P01, P02 (P02 is also looked after: CP wins);
//     LAC P03, P04, P05 (P05 also has an open referral: LAC wins); CIN P06-P12.
//   Area A1, team T2 (worker W2): CP P13; LAC P14, P15; CIN P16-P20. P18 is allocated in T2 but
//     her open referral is T1's: the allocation places her (T2). P19, P20 have no allocated
//     worker: their open referrals place them (T2).
//   Area A2, team T3: CP X1; LAC X5, X6; CIN X2, X3, X4 (X3 unallocated, placed by referral).
//   Not open: P21 (referral closed on the audit date), P22 (plan ended on the audit date, referral
//     closed 2009-02-01).
// So A1 holds 20 (CP 3, LAC 5, CIN 12) and A2 6 (CP 1, LAC 2, CIN 3).
//
// 15 per area, largest remainder, at least one of each type:
//   A1: quotas 15*3/20 = 2.25, 15*5/20 = 3.75, 15*12/20 = 9; floors 2 + 3 + 9 = 14; the last
//   place to the largest remainder (LAC, .75): CP 2, LAC 4, CIN 9.
//   A2: 6 < 15: all taken (CP 1, LAC 2, CIN 3). 21 cases in all.
#include <doctest/doctest.h>

#include <set>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

const std::array<const char*, 3> kTypes = {"child protection", "looked after", "child in need"};

std::string load(const std::string& src) {
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/case-audit", "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return src;
}

std::string sqlite(const fs::path& dir) { return load("sqlite:" + (dir / "c.db").string()); }

nlohmann::json run_audit(const std::string& src, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", "case-audit", "--source", src, "--as-of", "2009-03-31", "--out", out.string()};
    if (std::find(extra.begin(), extra.end(), "--no-history") == extra.end() &&
        std::find(extra.begin(), extra.end(), "--history") == extra.end())
        args.insert(args.end(), {"--history", (out.parent_path() / (out.filename().string() + "-history.db")).string()});
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

// The sampled cases: person id -> team (every sampled case has a result for every item rule).
std::map<std::string, std::string> sampled(const nlohmann::json& report) {
    std::map<std::string, std::string> out;
    for (const auto& r : report["results"])
        if (r["rule"] == "ca.allocated-qualified")
            out[r["subject"]["id"].get<std::string>()] = r["subject"]["team"].is_null() ? "" : r["subject"]["team"].get<std::string>();
    return out;
}

const nlohmann::json& section(const nlohmann::json& report, const std::string& id) {
    for (const auto& s : report["sections"])
        if (s["plugin"] == "case-audit" && s["id"] == id) return s;
    FAIL("no section " << id);
    static nlohmann::json none;
    return none;
}

std::string detail(const nlohmann::json& sec, const std::string& label) {
    for (const auto& d : sec["details"])
        if (d["label"] == label) return d["value"];
    return "(missing)";
}

// The sample table's row for a group and type: open, opened recently, audited recently, candidates, drawn, note.
std::vector<std::string> stratum(const nlohmann::json& report, const std::string& group, const std::string& type) {
    for (const auto& row : section(report, "how-the-sample-was-drawn")["table"]["rows"])
        if (row[0] == group && row[1] == type) return {row[2], row[3], row[4], row[5], row[6], row[7]};
    return {};
}

std::size_t count_in(const std::map<std::string, std::string>& s, std::initializer_list<const char*> ids) {
    std::size_t n = 0;
    for (const char* id : ids) n += s.count(id);
    return n;
}

const std::initializer_list<const char*> kA1Cp = {"P01", "P02", "P13"}, kA1Lac = {"P03", "P04", "P05", "P14", "P15"},
                                         kA1Cin = {"P06", "P07", "P08", "P09", "P10", "P11", "P12", "P16", "P17", "P18", "P19", "P20"};

}  // namespace

TEST_CASE("case-audit: 15 per area, stratified by hand, and a group with fewer is taken whole") {
    auto dir = temp_dir("case-area");
    auto report = run_audit(sqlite(dir), dir / "out");
    auto s = sampled(report);
    CHECK(s.size() == 21);
    CHECK(count_in(s, kA1Cp) == 2);
    CHECK(count_in(s, kA1Lac) == 4);
    CHECK(count_in(s, kA1Cin) == 9);
    for (const char* x : {"X1", "X2", "X3", "X4", "X5", "X6"}) CHECK(s.count(x) == 1);
    for (const char* closed : {"P21", "P22"}) CHECK(s.count(closed) == 0);
    CHECK(stratum(report, "A1", "child protection") == std::vector<std::string>{"3", "0", "0", "3", "2", ""});
    CHECK(stratum(report, "A1", "looked after") == std::vector<std::string>{"5", "0", "0", "5", "4", ""});
    CHECK(stratum(report, "A1", "child in need") == std::vector<std::string>{"12", "0", "0", "12", "9", ""});
    CHECK(stratum(report, "A2", "looked after") ==
          std::vector<std::string>{"2", "0", "0", "2", "2", "fewer than 15 candidates: all taken"});
    const auto& how = section(report, "how-the-sample-was-drawn");
    CHECK(detail(how, "Seed") == "20090331");  // sgaudit run's default seed, recorded with the run
    CHECK(detail(how, "Open cases") == "26");
    CHECK(detail(how, "Cases drawn") == "21");
    CHECK(detail(how, "Cases opened in the last days left out") == "off");
    // Placement: P18 by her allocation (T2, not her referral's T1); P19 by her open referral (T2);
    // X3 by his open referral (T3).
    if (s.count("P18")) CHECK(s["P18"] == "T2");
    if (s.count("P19")) CHECK(s["P19"] == "T2");
    CHECK(s["X3"] == "T3");
}

TEST_CASE("case-audit: the same seed draws the same sample, another seed another") {
    auto dir = temp_dir("case-seed");
    auto src = sqlite(dir);
    auto a = sampled(run_audit(src, dir / "a", {"--seed", "7"}));
    auto b = sampled(run_audit(src, dir / "b", {"--seed", "7"}));
    auto c = sampled(run_audit(src, dir / "c", {"--seed", "8"}));
    CHECK(a == b);
    CHECK(a != c);  // A1 has C(3,2) * C(5,4) * C(12,9) = 3 * 5 * 220 = 3300 possible draws
    CHECK(c.size() == 21);
}

TEST_CASE("case-audit: per team, 5 a team, worked by hand") {
    // T1: CP 2, LAC 3, CIN 7 (12): quotas 5*2/12 = .83, 1.25, 2.92 -> at least one each: 1, 1, 2 = 4;
    //   one more to the largest shortfall (CIN, .92): 1, 1, 3.
    // T2: CP 1, LAC 2, CIN 5 (8): quotas .625, 1.25, 3.125 -> 1, 1, 3 = 5.
    // T3: CP 1, LAC 2, CIN 3 (6): quotas .83, 1.67, 2.5 -> 1, 1, 2 = 4; one more to the largest
    //   shortfall (LAC, .67 against CIN's .5): 1, 2, 2.
    auto dir = temp_dir("case-team");
    auto report = run_audit(sqlite(dir), dir / "out", {"--set", "case-audit.sample_per=team", "--set", "case-audit.sample_size=5"});
    auto s = sampled(report);
    CHECK(s.size() == 15);
    CHECK(count_in(s, {"P01", "P02"}) == 1);
    CHECK(count_in(s, {"P03", "P04", "P05"}) == 1);
    CHECK(count_in(s, {"P06", "P07", "P08", "P09", "P10", "P11", "P12"}) == 3);
    CHECK(count_in(s, {"P13"}) == 1);
    CHECK(count_in(s, {"P14", "P15"}) == 1);
    CHECK(count_in(s, {"P16", "P17", "P18", "P19", "P20"}) == 3);
    CHECK(count_in(s, {"X5", "X6"}) == 2);
    CHECK(count_in(s, {"X2", "X3", "X4"}) == 2);
    CHECK(stratum(report, "T3", "looked after")[4] == "2");
    CHECK(stratum(report, "T3", "looked after")[5] == "");  // 6 candidates, more than 5
    for (const auto& [id, team] : s)
        if (id[0] == 'X') CHECK(team == "T3");
}

TEST_CASE("case-audit: cases opened in the last N days are left out, and one opened exactly N days ago stays") {
    // 28 days before 31 March 2009 is 3 March. P11's referral (3 March) opened the case exactly 28
    // days before: kept. P12's (4 March) is within the last 28 days: left out. A1 then has CP 3,
    // LAC 5, CIN 11 (19): quotas 2.37, 3.95, 8.68; floors 2 + 3 + 8 = 13; the two left go to the
    // largest remainders, LAC (.95) then CIN (.68): 2, 4, 9.
    auto dir = temp_dir("case-opened");
    auto report = run_audit(sqlite(dir), dir / "out", {"--set", "case-audit.exclude_opened_within_days=28"});
    auto s = sampled(report);
    CHECK(s.count("P12") == 0);
    CHECK(stratum(report, "A1", "child in need") == std::vector<std::string>{"12", "1", "0", "11", "9", ""});
    CHECK(count_in(s, kA1Lac) == 4);
    CHECK(detail(section(report, "how-the-sample-was-drawn"), "Cases opened in the last days left out") == "28 days: 1 case left out");
}

TEST_CASE("case-audit: cases audited in the last N months are left out, through a real history") {
    // Run 1, as of 31 December 2008, takes every case open then (sample_size 100). Open then, and
    // still open on 31 March: every open case but P11, P12 (referred in March 2009), X2 (5 January)
    // and X4 (15 January).
    // Run 2, as of 31 March 2009, leaves out cases audited within 3 months: 31 December + 3 months
    // = 31 March, not before the audit date, so run 1 counts. Left: A1 CIN P11, P12; A2 CIN X2, X4.
    // Left out: A1's other 18 (CP 3, LAC 5, CIN 10) and A2's other 4 (CP X1, LAC X5, X6, CIN X3): 22.
    auto dir = temp_dir("case-history");
    auto src = sqlite(dir);
    auto hist = (dir / "h.db").string();
    auto r1 = run_cli({"run", "case-audit", "--source", src, "--as-of", "2008-12-31", "--history", hist, "--out",
                       (dir / "one").string(), "--set", "case-audit.sample_size=100"});
    REQUIRE_MESSAGE(r1.code == 0, r1.all());
    CHECK(sampled(read_json(dir / "one" / "report.json")).count("P01") == 1);
    auto report = run_audit(src, dir / "two", {"--history", hist, "--set", "case-audit.exclude_audited_within_months=3"});
    auto s = sampled(report);
    CHECK(s == std::map<std::string, std::string>{{"P11", "T1"}, {"P12", "T1"}, {"X2", "T3"}, {"X4", "T3"}});
    CHECK(stratum(report, "A1", "child protection") == std::vector<std::string>{"3", "0", "3", "0", "0", "fewer than 15 candidates: all taken"});
    CHECK(stratum(report, "A1", "child in need") == std::vector<std::string>{"12", "0", "10", "2", "2", "fewer than 15 candidates: all taken"});
    CHECK(stratum(report, "A2", "looked after") == std::vector<std::string>{"2", "0", "2", "0", "0", "fewer than 15 candidates: all taken"});
    CHECK(detail(section(report, "how-the-sample-was-drawn"), "Cases audited in the last months left out") ==
          "3 months: 22 cases left out; from 1 earlier run within the window");
    // 2 months: 31 December + 2 months = 28 February, before the audit date: nothing left out.
    auto wider = run_audit(src, dir / "three", {"--history", hist, "--set", "case-audit.exclude_audited_within_months=2"});
    CHECK(sampled(wider).size() == 21);
}

TEST_CASE("case-audit: the history exclusion asked for without a history says it was not applied") {
    auto dir = temp_dir("case-nohistory");
    auto report = run_audit(sqlite(dir), dir / "out", {"--no-history", "--set", "case-audit.exclude_audited_within_months=3"});
    auto text = detail(section(report, "how-the-sample-was-drawn"), "Cases audited in the last months left out");
    CHECK(text.find("NOT applied") != std::string::npos);
    CHECK(text.find("as if no case had been audited before") != std::string::npos);
    CHECK(sampled(report).size() == 21);
}

TEST_CASE("case-audit: the same sample on SQLite and PostgreSQL") {
    auto pg = pg_source("case_audit_fixture");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("case-pg");
    load(pg);
    for (const char* seed : {"1", "2", "3"}) {
        INFO(seed);
        fs::create_directories(dir / seed);
        auto lite = sampled(run_audit(sqlite(dir / seed), dir / seed / "lite", {"--seed", seed}));
        auto post = sampled(run_audit(pg, dir / seed / "pg", {"--seed", seed}));
        CHECK(lite == post);
        CHECK(lite.size() == 21);
    }
}

// Compliance items at their boundaries, on area A2 (taken whole), as of Tuesday 31 March 2009.
// Bank holidays: none between January and March 2009.
//   X1 (CP, plan from 2008-12-31, allocated to W3, registered):
//     seen-cp: last seen Tue 03-17; working days after it to 03-31: Mar 18-20 (3), 23-27 (8), 30-31
//       (10) = 10, the limit: pass.
//     seen-alone: aged 4; seen 03-03 and 03-17, neither alone: 2 in a row: fail.
//     chronology 2008-12-31 + 3 months = 03-31, not before the audit date: pass (exactly).
//     child's views 2008-12-31 + 3 months = 03-31: pass (exactly). Genogram 2009-01-10: pass.
//     supervision 2009-03-01 + 1 month = 04-01: pass. Case note 03-03 + 28 days = 03-31: pass (exactly).
//     cp-reviews: first due 2008-12-31 + 3 months = 03-31, held 03-31: pass (exactly).
//     No assessment: the three assessment items n/a. Met 8 of 9.
//   X2 (CIN, referral Mon 2009-01-05, allocated to W4, not registered: fail):
//     initial assessment: 7 working days after Mon 01-05: Jan 6-9 (4), 12-14 (7): due Wed 01-14,
//       authorised 01-14: pass (exactly).
//     seen-cin: last seen Mon 03-02; Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20), 31 (21)
//       = 21 > 20: fail (a day over).
//     seen-alone: aged 0 on every visit: no visit counts: n/a.
//     chronology 2008-12-30 + 3 months = 03-30, before the audit date: fail (a day over).
//     oversight 02-28 + 1 month = 03-28: fail. No genogram: fail. Child's views: none, and the
//     referral + 3 months = 04-05 not yet: n/a. Case note 03-02 + 28 days = 03-30: fail (a day over).
//     Met 1 of 7.
//   X3 (CIN, unallocated): initial assessment for referral RX3b (01-05), authorised Thu 01-15, due
//     01-14: fail (1 working day late). Seen Tue 03-03: Mar 4-6 (3), 9-13 (8), 16-20 (13), 23-27 (18),
//     30-31 (20) = 20: pass (exactly); seen alone: pass.
//   X5 (LAC from 2009-01-10): first review 01-10 + 28 days = 02-07, held 02-07: pass (exactly).
//     Seen 02-17: 11 + 31 = 42 days before the audit date, the first-year limit: pass (exactly).
//   X6 (LAC from 2007-06-01, 21 months): seen 2008-12-31 + 3 months = 03-31: pass (exactly).
//     Reviews 2007-06-29 (28 days: pass), 09-29, 2008-03-29, 09-29; the next was due 2009-03-29 and
//     the one of 2009-03-20 was cancelled: later reviews fail.
//   X4 (CIN from 2009-01-15): core assessment from Tue 01-20, 35 working days: due 03-10, none: fail.
TEST_CASE("case-audit: compliance items at their boundaries (on the limit passes, a day over fails)") {
    auto dir = temp_dir("case-items");
    auto report = run_audit(sqlite(dir), dir / "out");
    auto outcome = [&](const char* rule, const char* subject) -> std::string {
        const auto* r = find_result(report, rule, subject);
        return r ? (*r)["outcome"].get<std::string>() : "(none)";
    };
    CHECK(outcome("ca.allocated-qualified", "X1") == "pass");
    CHECK(outcome("ca.allocated-qualified", "X2") == "fail");
    CHECK(outcome("ca.allocated-qualified", "X3") == "fail");
    CHECK(outcome("ca.seen-cp", "X1") == "pass");
    CHECK(outcome("ca.seen-alone", "X1") == "fail");
    CHECK(outcome("ca.chronology", "X1") == "pass");
    CHECK(outcome("ca.child-views", "X1") == "pass");
    CHECK(outcome("ca.genogram", "X1") == "pass");
    CHECK(outcome("ca.oversight", "X1") == "pass");
    CHECK(outcome("ca.recording", "X1") == "pass");
    CHECK(outcome("ca.cp-reviews", "X1") == "pass");
    CHECK(outcome("ca.initial-assessment", "X1") == "not_applicable");
    CHECK(outcome("ca.initial-assessment", "X2") == "pass");
    CHECK(outcome("ca.seen-cin", "X2") == "fail");
    CHECK(outcome("ca.seen-alone", "X2") == "not_applicable");
    CHECK(outcome("ca.chronology", "X2") == "fail");
    CHECK(outcome("ca.oversight", "X2") == "fail");
    CHECK(outcome("ca.genogram", "X2") == "fail");
    CHECK(outcome("ca.child-views", "X2") == "not_applicable");
    CHECK(outcome("ca.recording", "X2") == "fail");
    CHECK(outcome("ca.initial-assessment", "X3") == "fail");
    CHECK(outcome("ca.seen-cin", "X3") == "pass");
    CHECK(outcome("ca.seen-alone", "X3") == "pass");
    CHECK(outcome("ca.core-assessment", "X4") == "fail");
    CHECK(outcome("ca.lac-first-review", "X5") == "pass");
    CHECK(outcome("ca.seen-looked-after", "X5") == "pass");
    CHECK(outcome("ca.seen-looked-after", "X6") == "pass");
    CHECK(outcome("ca.lac-first-review", "X6") == "pass");
    CHECK(outcome("ca.lac-later-reviews", "X6") == "fail");
    CHECK(outcome("ca.seen-cp", "X2") == "not_applicable");
    // The case's score: share of the items that apply which are met.
    CHECK(detail(section(report, "case/X1"), "Compliance") == "8 of 9 items met (88%, rounded down)");
    CHECK(detail(section(report, "case/X2"), "Compliance") == "1 of 7 items met (14%, rounded down)");
    // Compliance by area and team: genogram in A2/T3: X1 and X6 have one, X2-X5 do not: 2 of 6 = 33%, red.
    bool found = false;
    for (const auto& row : section(report, "compliance-by-area-and-team")["table"]["rows"])
        if (row[0] == "A2" && row[1] == "T3" && row[2] == "Genogram on file") {
            CHECK(row == nlohmann::json{"A2", "T3", "Genogram on file", "2", "4", "0", "0", "33%", "Red"});
            found = true;
        }
    CHECK(found);
    // No date of birth or age in the report.
    auto json = slurp(dir / "out" / "report.json");
    for (const char* dob : {"2004-05-01", "2008-06-01", "2000-01-01", "1998-01-01", "1996-01-01"}) CHECK(json.find(dob) == std::string::npos);
}

TEST_CASE("case-audit: a case whose records cannot be read is judged apart, every item an error, and the draw is unchanged") {
    // X1's plan start is unreadable: whether her plan is open on 31 March (so whether the case is
    // open, and its type) cannot be told. She is not drawn at random but judged apart, every item
    // `error`; A2's other five cases are still all taken, and A1's draw is as before.
    auto dir = temp_dir("case-unreadable");
    auto src = sqlite(dir);
    auto before = sampled(run_audit(src, dir / "before"));
    execute_sqlite(dir / "c.db", "UPDATE ssd_cp_plans SET cppl_cp_plan_start_date = '31/12/2008' WHERE cppl_cp_plan_id = 'QX1'");
    auto report = run_audit(src, dir / "after");
    CHECK(sampled(report) == before);
    for (const char* rule : {"ca.allocated-qualified", "ca.seen-cp", "ca.chronology", "ca.genogram", "ca.recording"}) {
        INFO(rule);
        const auto* r = find_result(report, rule, "X1");
        REQUIRE(r);
        CHECK((*r)["outcome"] == "error");
        CHECK((*r)["message"].get<std::string>().find("31/12/2008") == std::string::npos);  // never quotes the value
    }
    const auto& how = section(report, "how-the-sample-was-drawn");
    CHECK(detail(how, "Cases whose records cannot be read (judged apart, every item 'could not be judged')") == "1: X1");
    CHECK(detail(how, "Open cases") == "25");  // X1 is no longer counted among the open cases drawn from
    CHECK(stratum(report, "A2", "child protection") == std::vector<std::string>{"0", "0", "0", "0", "0", "fewer than 15 candidates: all taken"});
    CHECK(detail(section(report, "case/X1"), "Compliance") == "cannot be worked out: 16 items could not be judged");
}

TEST_CASE("case-audit: --area leaves the draw unchanged and reports only that area's sampled cases") {
    auto dir = temp_dir("case-filter");
    auto src = sqlite(dir);
    auto all = sampled(run_audit(src, dir / "all"));
    auto a1 = sampled(run_audit(src, dir / "a1", {"--area", "A1"}));
    std::map<std::string, std::string> expected;
    for (const auto& [id, team] : all)
        if (team == "T1" || team == "T2") expected[id] = team;  // A1's teams
    CHECK(expected.size() == 15);
    CHECK(a1 == expected);
}
