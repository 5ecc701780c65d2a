// The Section 11 audit on hand-made rounds (tests/fixtures/section11), as of 31 March 2009, on
// SQLite and PostgreSQL. Rounds (rules/section11.toml): 2007-08 due 2007-12-31, 2008-09 due
// 2008-12-31, 2009-10 due 2009-12-31; on 2009-03-31 the latest round due is 2008-09 (audited),
// its previous round 2007-08, its next 2009-10. Thresholds: training 0.90, vetting 1.00.
// Every expected value is worked out by hand below, from the CSV files.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

// Agencies (sga_organisations): A1..A8 under the duty (in_scope Y, every sector in scope), A9 not
// (in_scope N): 8 organisation subjects, none of A9's returns, ratings or actions judged.
//   A1 a complete, compliant agency: R1 on time (2008-12-15), signed off, all eight fully met with
//      evidence, training 115/120, vetting 120/120; its previous return R1-07 also fully met.
//   A2 no return for 2008-09 (only R2-07 of 2007-08, whose action A2-1 was done on time).
//   A3 R3 has no due date of its own (the round's 2008-12-31 applies), submitted 2009-01-12 (12
//      days late), not signed off, and gives no rating for S11-8.
//   A4 R4 submitted on its due date; S11-3 partially met with no action; training 90/100, exactly
//      at the threshold; S11-5 fully met.
//   A5 R5 due 2009-01-31 (its own date), submitted 2009-01-30; training 89/100, one person under;
//      S11-5 rated fully met against those figures; S11-2 mostly met with actions A5-1 (due
//      2009-02-28, open: 31 days overdue) and A5-2 (due 2009-01-15, done 2009-01-20: 5 days late).
//   A6 R6 gives 940 trained of 163 in contact (a data error) and 160 vetted of 163; S11-5 fully
//      met; S11-4 fully met with no evidence; S11-6 mostly met with action A6-1 (due 2009-09-30).
//   A7 R7: S11-7 mostly met, down from fully met in R7-07 (action A7-2 due 2010-03-31, after the
//      next round's 2009-12-31); S11-3 fully met, up from mostly met in R7-07, whose action A7-1
//      (due 2008-06-30) is still open: carried over, 274 days overdue. The board's panel rated R7's
//      S11-1 mostly met (the agency: fully) and S11-2 fully met (as the agency).
//   A8 R8 rates S11-2 "excellent" (not on the scale) and an S11-9 (not a standard of the rule set).
//
// Agencies (8):
//   return-received   A2 has none, 90 days after the due date: 7 / 1 / 0
//   return-on-time    A2 n/a (nothing submitted); A3 12 days late; A4 on the day passes: 6 / 1 / 1
//   return-signed-off A3 fails, A2 n/a: 6 / 1 / 1
//   standards-rated   A3 lacks S11-8 (A8's 'excellent' is a rating, judged below): 6 / 1 / 1
//   training-coverage A5 0.89 fails, A4 0.90 passes, A6 error, A2 n/a: 5 / 1 / 1 / 0 / 1
//   vetting-coverage  A6's 160 vetted of 163 would fail, but its 940 trained of 163 show a figure
//                     is wrong, and staff in contact measures both: error; A2 n/a: 6 / 0 / 1 / 0 / 1
// Ratings of 2008-09 returns (R1 8, R3 7, R4 8, R5 8, R6 8, R7 8, R8 9 = 56):
//   rating-known        R8/S11-2 and R8/S11-9 error: 54 / 0 / 0 / 0 / 2
//   evidence-for-met    fully met: R1 8, R3 7, R4 7, R5 7, R6 6 + R6/S11-4 fails, R7 7, R8 7; the
//                       four mostly/partially n/a; R8's two error: 49 / 1 / 4 / 0 / 2
//   action-for-gap      R4/S11-3 fails; R5/S11-2, R6/S11-6, R7/S11-7 pass: 3 / 1 / 50 / 0 / 2
//   self-rating         S11-5 and S11-6 fully met: R1, R3, R4, R7, R8 both pass, R5/S11-6 passes
//                       (11); R5/S11-5 fails; R6/S11-5 error (the figures), R6/S11-6 is mostly
//                       met (n/a); R8's two error: 11 / 1 / 41 / 0 / 3
//   rating-held         R1 8 held; R7 7 held (S11-3 rose), S11-7 fell; R8/S11-9 error: 15 / 1 / 39 / 0 / 1
//   panel-agrees        R7/S11-2 passes, R7/S11-1 fails, R8/S11-9 error: 1 / 1 / 53 / 0 / 1
// Actions of 2008-09 and 2007-08 returns of agencies under the duty (A2-1, A5-1, A5-2, A6-1, A7-1,
// A7-2 = 6; A9-1 is A9's):
//   action-on-time            A2-1 passes; A5-1 and A7-1 open, A5-2 over; A6-1, A7-2 not yet due: 1 / 3 / 2
//   action-before-next-round  A5-1, A6-1, A7-1 (its next round is 2008-09, due 2008-12-31) pass;
//                             A7-2 fails; A2-1 and A5-2 are completed (n/a): 3 / 1 / 2
//   carried-over-closed       A2-1 passes, A7-1 fails, the four 2008-09 actions n/a: 1 / 1 / 4
const std::map<std::string, Counts> kExpected = {
    {"s11.return-received", {7, 1, 0}},          {"s11.return-on-time", {6, 1, 1}},
    {"s11.return-signed-off", {6, 1, 1}},        {"s11.standards-rated", {6, 1, 1}},
    {"s11.training-coverage", {5, 1, 1, 0, 1}},  {"s11.vetting-coverage", {6, 0, 1, 0, 1}},
    {"s11.rating-known", {54, 0, 0, 0, 2}},      {"s11.evidence-for-met", {49, 1, 4, 0, 2}},
    {"s11.action-for-gap", {3, 1, 50, 0, 2}},    {"s11.self-rating-supported", {11, 1, 41, 0, 3}},
    {"s11.rating-held", {15, 1, 39, 0, 1}},      {"s11.panel-agrees", {1, 1, 53, 0, 1}},
    {"s11.action-on-time", {1, 3, 2}},           {"s11.action-before-next-round", {3, 1, 2}},
    {"s11.carried-over-closed", {1, 1, 4}},
};

const json& section(const json& report, const std::string& id) {
    for (const auto& s : report["sections"])
        if (s["plugin"] == "section11" && s["id"] == id) return s;
    INFO(id);
    FAIL("no such section");
    throw std::logic_error("unreachable");
}

// The row of a section's table whose first cell starts with `first`.
json row_of(const json& sec, const std::string& first) {
    for (const auto& r : sec["table"]["rows"])
        if (r[0].get<std::string>().rfind(first, 0) == 0) return r;
    return json();
}

std::string load(const std::string& src, const std::string& folder) {
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/section11/" + folder, "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return src;
}

json audit(const std::string& src, const fs::path& out, std::vector<std::string> extra = {}, const std::string& formats = "json") {
    std::vector<std::string> args{"run", "section11", "--source", src, "--as-of", "2009-03-31", "--out", out.string(), "--format", formats,
                                  "--no-history"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

void check_counts(const json& report) {
    auto got = summary_of(report);
    for (const auto& [rule, want] : kExpected) {
        INFO(rule);
        CHECK(got[rule] == want);
    }
    CHECK(got.size() == kExpected.size());
}

void check_findings(const json& report) {
    // A1: every result about the agency, its return's ratings and actions passes or does not apply.
    for (const auto& r : report["results"]) {
        std::string id = r["subject"]["id"];
        if (id == "A1" || id.rfind("R1/", 0) == 0) {
            INFO(r.dump());
            CHECK((r["outcome"] == "pass" || r["outcome"] == "not_applicable"));
        }
        CHECK(id.rfind("R9", 0) != 0);  // A9 is not under the duty
        CHECK(id != "A9");
        CHECK(id != "A9-1");
    }
    const json& missing = result(report, "s11.return-received", "A2");
    CHECK(missing["outcome"] == "fail");
    CHECK(missing["lapse"] == "open");
    CHECK(missing["evidence"]["days_overdue"] == 90);
    CHECK(missing["due"] == "2008-12-31");
    const json& late = result(report, "s11.return-on-time", "A3");
    CHECK(late["outcome"] == "fail");
    CHECK(late["lapse"] == "over");
    CHECK(late["evidence"]["late_by_days"] == 12);
    CHECK(late["evidence"]["due"] == "2008-12-31");
    CHECK(result(report, "s11.return-signed-off", "A3")["outcome"] == "fail");
    CHECK(result(report, "s11.standards-rated", "A3")["message"].get<std::string>().find("S11-8") != std::string::npos);
    CHECK(result(report, "s11.return-on-time", "A4")["outcome"] == "pass");
    CHECK(result(report, "s11.action-for-gap", "R4/S11-3")["outcome"] == "fail");
    // Coverage: exactly at the threshold passes, one person under fails.
    CHECK(result(report, "s11.training-coverage", "A4")["outcome"] == "pass");
    CHECK(result(report, "s11.self-rating-supported", "R4/S11-5")["outcome"] == "pass");
    const json& under = result(report, "s11.training-coverage", "A5");
    CHECK(under["outcome"] == "fail");
    CHECK(under["message"].get<std::string>().find("89 of 100 staff in contact (89.0%)") != std::string::npos);
    // A self-assessment its own figures contradict.
    const json& contradicted = result(report, "s11.self-rating-supported", "R5/S11-5");
    CHECK(contradicted["outcome"] == "fail");
    CHECK(contradicted["message"].get<std::string>().find("contradict") != std::string::npos);
    // More trained than in contact is a data error naming the return, not 577% coverage; and
    // since staff in contact is the measure of both, vetting coverage cannot be told either.
    for (const char* rule : {"s11.training-coverage", "s11.vetting-coverage"}) {
        const json& e = result(report, rule, "A6");
        CHECK(e["outcome"] == "error");
        std::string m = e["message"];
        CHECK(m.find("sga_s11_returns (return_id=R6)") != std::string::npos);
        CHECK(m.find("gives more staff trained than staff in contact, so neither training nor vetting coverage can be worked out") !=
              std::string::npos);
        CHECK(m.find("940") == std::string::npos);
        CHECK(m.find("163") == std::string::npos);
    }
    CHECK(result(report, "s11.self-rating-supported", "R6/S11-5")["outcome"] == "error");
    CHECK(result(report, "s11.evidence-for-met", "R6/S11-4")["outcome"] == "fail");
    // Change since the previous round.
    const json& fell = result(report, "s11.rating-held", "R7/S11-7");
    CHECK(fell["outcome"] == "fail");
    CHECK(fell["message"] == "R7/S11-7: rated Mostly met, down from Fully met in the previous round");
    CHECK(result(report, "s11.rating-held", "R7/S11-3")["outcome"] == "pass");
    // Actions: overdue (open), late (over), after the next round, carried over.
    const json& overdue = result(report, "s11.action-on-time", "A5-1");
    CHECK(overdue["outcome"] == "fail");
    CHECK(overdue["lapse"] == "open");
    CHECK(overdue["due"] == "2009-02-28");
    const json& done_late = result(report, "s11.action-on-time", "A5-2");
    CHECK(done_late["lapse"] == "over");
    CHECK(done_late["evidence"]["late_by_days"] == 5);
    CHECK(result(report, "s11.action-before-next-round", "A7-2")["outcome"] == "fail");
    CHECK(result(report, "s11.carried-over-closed", "A7-1")["outcome"] == "fail");
    CHECK(result(report, "s11.carried-over-closed", "A2-1")["outcome"] == "pass");
    CHECK(result(report, "s11.panel-agrees", "R7/S11-1")["outcome"] == "fail");
    // Bad codes are errors naming the return; the code given is not repeated.
    const json& bad_rating = result(report, "s11.rating-known", "R8/S11-2");
    CHECK(bad_rating["outcome"] == "error");
    std::string m = bad_rating["message"];
    CHECK(m.find("return R8 gives standard S11-2 a rating that is not on the rule set's scale") != std::string::npos);
    CHECK(m.find("excellent") == std::string::npos);
    const json& bad_standard = result(report, "s11.rating-known", "R8/S11-9");
    CHECK(bad_standard["outcome"] == "error");
    CHECK(bad_standard["message"].get<std::string>().find("return R8 rates a standard that is not in the rule set's standards list") !=
          std::string::npos);
}

void check_sections(const json& report) {
    // The heat map: the panel's rating where it differs, in the scale's colour, the rating in words.
    const json& heat = section(report, "heat-map");
    CHECK(heat["sheet"] == "Heat map");
    std::string svg = heat["svg"];
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("(panel)") != std::string::npos);
    CHECK(svg.find("Not on scale") != std::string::npos);  // R8's S11-2
    json a7 = row_of(heat, "Golf Hospital Trust");
    REQUIRE(a7.is_array());
    CHECK(a7[1] == "Mostly met (panel; the agency: Fully met)");
    CHECK(a7[7] == "Mostly met");
    CHECK(row_of(heat, "Bravo Police")[1] == "No return");
    CHECK(row_of(heat, "Charlie Health Trust")[8] == "Not rated");
    // Rows are ordered by agency name: Golf is the 7th of the 8.
    CHECK(heat["table"]["rows"][6][0] == "Golf Hospital Trust (A7)");
    CHECK(heat["table"]["cell_fills"][6][1] == "#FFD580");  // amber: the panel's mostly met
    CHECK(heat["table"]["cell_fills"][6][2] == "#A8DAB5");  // green: fully met
    CHECK(heat["table"]["rows"].size() == 8);
    // The tracker, most overdue first: A7-1 (274 days), A5-1 (31 days); dates typed.
    const json& tracker = section(report, "action-tracker");
    CHECK(tracker["sheet"] == "Action tracker");
    CHECK(tracker["table"]["column_types"][4] == "date");
    const json& rows = tracker["table"]["rows"];
    REQUIRE(rows.size() == 6);
    CHECK(rows[0][9] == "A7-1");
    CHECK(rows[0][6] == "274");
    CHECK(rows[0][4] == "2008-06-30");
    CHECK(rows[0][7] == "Overdue; carried over from round 2007-08");
    CHECK(rows[1][9] == "A5-1");
    CHECK(rows[1][6] == "31");
    CHECK(row_of(tracker, "Echo")[0] == "Echo Youth Offending Service (A5)");
    // Change since the previous round: A7's S11-3 rose, S11-7 fell.
    const json& change = section(report, "change");
    CHECK(change["text"].get<std::string>().rfind("1 rating(s) fell and 1 rose since round 2007-08", 0) == 0);
    // An agency's page: its own section, with the gap the checks found.
    bool a4_page = false;
    for (const auto& s : report["sections"]) {
        if (s["subject_id"] != "A4") continue;
        a4_page = true;
        CHECK(s["group"] == "Pages for each agency");
        json s3 = row_of(s, "S11-3");
        CHECK(s3[1] == "Partially met");
        CHECK(s3[5].get<std::string>().find("A rating below fully met has an action with an owner and a due date") != std::string::npos);
    }
    CHECK(a4_page);
    // By sector: the two health trusts, A9 out of scope.
    const json& sectors = section(report, "sectors");
    CHECK(row_of(sectors, "Health") == json{"Health", "2", "0", "2", "1", "14", "1", "1"});
    CHECK(row_of(sectors, "Voluntary sector") == json{"Voluntary sector", "0", "1", "0", "0", "0", "0", "0"});
}

void check_all(const json& report) {
    check_counts(report);
    check_findings(report);
    check_sections(report);
}

}  // namespace

TEST_CASE("section11: hand-worked rounds (SQLite)") {
    auto dir = temp_dir("s11-sqlite");
    auto src = load("sqlite:" + (dir / "s.db").string(), "data");
    check_all(audit(src, dir / "out"));
}

TEST_CASE("section11: hand-worked rounds (PostgreSQL)") {
    auto pg = pg_source("s11_fixture");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("s11-pg");
    load(pg, "data");
    check_all(audit(pg, dir / "out"));
}


TEST_CASE("section11: --area does not filter agencies out, and the report says so") {
    auto dir = temp_dir("s11-area");
    auto src = load("sqlite:" + (dir / "s.db").string(), "data");
    auto report = audit(src, dir / "out", {"--area", "Huntingdonshire"}, "json,html,md");
    // Every agency is still judged, as without the filter.
    check_counts(report);
    const json& filters = report["run"]["filters"];
    CHECK(filters["area"] == "HUN");
    REQUIRE(filters["not_applied_to"].size() == 1);
    const json& note = filters["not_applied_to"][0];
    CHECK(note["plugin"] == "section11");
    CHECK(note["subjects_judged"] == json{{"organisation", 8}, {"s11_rating", 56}, {"s11_action", 6}});
    const std::string text = note["note"];
    CHECK(text == "--area HUN does not apply to section11's organisation, s11_rating and s11_action subjects, which have no area or "
                  "team: the filter leaves none of them out (judged: 8 organisation, 56 s11_rating and 6 s11_action).");
    CHECK(section(report, "overview")["text"].get<std::string>().rfind(
              "--area HUN does not apply to agencies, which have no area or team: all 8 agencies are included. 8 agencies under the duty; 7 "
              "returns received, 6 on time and 6 signed off.", 0) == 0);
    for (const auto& p : report["plugins"]) CHECK(p["unplaced_subject_kinds"] == json{"organisation", "s11_rating", "s11_action"});
    const std::string html = slurp(dir / "out" / "report.html");  // the apostrophe written &apos;
    CHECK(html.find("--area HUN does not apply to section11&apos;s organisation, s11_rating and s11_action subjects") != std::string::npos);
    CHECK(html.find("(judged: 8 organisation, 56 s11_rating and 6 s11_action)") != std::string::npos);
    // Markdown escapes what would be markup: the leading '-' (a list) and each '_' (emphasis).
    CHECK(slurp(dir / "out" / "report.md").find("\\--area HUN does not apply to section11's organisation, s11\\_rating and s11\\_action subjects") !=
          std::string::npos);
}

TEST_CASE("section11: a RAG-only scale from the second pack") {
    // Z1's return RZ (2008-09) against RZ-07 (2007-08, all green): S11-1 green with evidence,
    // S11-2 amber with no action, S11-3 red with action AZ-1, S11-4..S11-7 green with evidence,
    // S11-5 green against training 8 of 10, S11-8 'fully' (a four-point code, not on this scale).
    //   rating-known      S11-8 error: 7 / 0 / 0 / 0 / 1
    //   evidence-for-met  green needs evidence: S11-1, 4, 5, 6, 7 pass; amber, red n/a: 5 / 0 / 2 / 0 / 1
    //   action-for-gap    S11-2 fails, S11-3 passes, the five green n/a: 1 / 1 / 5 / 0 / 1
    //   self-rating       green is the top: S11-5 fails (0.8), S11-6 passes (10 of 10): 1 / 1 / 5 / 0 / 1
    //   rating-held       S11-2 (amber) and S11-3 (red) fell from green; S11-8's rank cannot be read: 5 / 2 / 0 / 0 / 1
    //   training-coverage 8 of 10 is under 0.90: 0 / 1 / 0
    auto dir = temp_dir("s11-rag");
    auto src = load("sqlite:" + (dir / "s.db").string(), "rag-data");
    auto report = audit(src, dir / "out", {"--rules", std::string(SGAUDIT_SOURCE_DIR) + "/rules/section11-rag.toml"});
    auto got = summary_of(report);
    CHECK(got["s11.rating-known"] == Counts{7, 0, 0, 0, 1});
    CHECK(got["s11.evidence-for-met"] == Counts{5, 0, 2, 0, 1});
    CHECK(got["s11.action-for-gap"] == Counts{1, 1, 5, 0, 1});
    CHECK(got["s11.self-rating-supported"] == Counts{1, 1, 5, 0, 1});
    CHECK(got["s11.rating-held"] == Counts{5, 2, 0, 0, 1});
    CHECK(got["s11.training-coverage"] == Counts{0, 1, 0});
    CHECK(result(report, "s11.rating-held", "RZ/S11-2")["message"] == "RZ/S11-2: rated Amber, down from Green in the previous round");
    const json& heat = section(report, "heat-map");
    CHECK(heat["table"]["rows"][0] == json{"Zulu Borough Council (Z1)", "Green", "Amber", "Red", "Green", "Green", "Green", "Green",
                                           "Not on the scale"});
    CHECK(heat["table"]["cell_fills"][0] == json{"", "#A8DAB5", "#FFD580", "#F4A3A3", "#A8DAB5", "#A8DAB5", "#A8DAB5", "#A8DAB5", "#D9D9D9"});
    // The same data against the four-point scale: only S11-8's 'fully' is on it.
    auto four = audit(src, dir / "out-four");
    CHECK(summary_of(four)["s11.rating-known"] == Counts{1, 0, 0, 0, 7});
}

TEST_CASE("section11: a board's overlay adds a ninth standard and renames one") {
    // With S11-9 in the list, every return but R8 lacks a rating for it; R8's S11-9 is now known.
    //   standards-rated  A8 passes, A1 and A3..A7 fail, A2 n/a: 1 / 6 / 1
    //   rating-known     only R8/S11-2 ('excellent') is an error: 55 / 0 / 0 / 0 / 1
    auto dir = temp_dir("s11-overlay");
    auto src = load("sqlite:" + (dir / "s.db").string(), "data");
    auto report = audit(src, dir / "out", {"--rules", fixtures() + "/section11/overlay-supervision.toml"});
    auto got = summary_of(report);
    CHECK(got["s11.standards-rated"] == Counts{1, 6, 1});
    CHECK(got["s11.rating-known"] == Counts{55, 0, 0, 0, 1});
    CHECK(result(report, "s11.standards-rated", "A3")["message"] == "agency A3: return R3 gives no rating for S11-8, S11-9");
    const json& heat = section(report, "heat-map");
    REQUIRE(heat["table"]["header"].size() == 10);
    CHECK(heat["table"]["header"][9] == "S11-9");
    CHECK(heat["details"][6] == json{{"label", "S11-7"}, {"value", "Working together across agencies"}});
    CHECK(heat["details"][8] == json{{"label", "S11-9"}, {"value", "Supervision of staff working with children"}});
}

TEST_CASE("section11: values that cannot be read make what depends on them errors, naming where they are") {
    auto dir = temp_dir("s11-unreadable");
    fs::path db = dir / "s.db";
    auto src = load("sqlite:" + db.string(), "data");
    execute_sqlite(db, "UPDATE sga_s11_returns SET submitted_date = '31/12/2008' WHERE return_id = 'R1'");
    execute_sqlite(db, "UPDATE sga_s11_actions SET due_date = '2009-02-30' WHERE action_id = 'A6-1'");
    execute_sqlite(db, "UPDATE sga_organisations SET in_scope = 'maybe' WHERE org_id = 'A4'");
    execute_sqlite(db, "INSERT INTO sga_s11_actions (action_id, return_id, standard, action, owner, due_date) "
                "VALUES ('A-LOST', 'R-GONE', 'S11-1', 'An action', 'Lead', '2009-01-31')");
    execute_sqlite(db, "UPDATE sga_s11_returns SET staff_trained = 'ninety' WHERE return_id = 'R5'");
    auto report = audit(src, dir / "out", {}, "json,html");
    // A count that is not a whole number: training coverage and S11-5's self-rating, not vetting.
    const json& trained = result(report, "s11.training-coverage", "A5");
    CHECK(trained["outcome"] == "error");
    CHECK(trained["message"] == "sga_s11_returns.staff_trained (return_id=R5) is not a whole number (organisation A5)");
    CHECK(result(report, "s11.self-rating-supported", "R5/S11-5")["outcome"] == "error");
    CHECK(result(report, "s11.vetting-coverage", "A5")["outcome"] == "pass");
    // A flag that cannot be read: whether A4 is under the duty cannot be told, so the agency, its
    // ratings and actions are all still judged, every check an error saying why.
    for (const auto& r : report["results"]) {
        std::string id = r["subject"]["id"];
        if (id != "A4" && id.rfind("R4/", 0) != 0) continue;
        INFO(id << " " << r["rule"]);
        CHECK(r["outcome"] == "error");
        CHECK(r["message"].get<std::string>().rfind("sga_organisations.in_scope (org_id=A4) is not a flag", 0) == 0);
    }
    CHECK(summary_of(report)["s11.return-received"].error == 2);  // A4, and A1 below
    CHECK(section(report, "overview")["text"].get<std::string>().rfind(
              "7 agencies under the duty and 1 whose place cannot be told (judged, every check an error saying why); 5 returns "
              "received, 4 on time and 4 signed off.", 0) == 0);
    // An action whose return is not there is judged too, and listed as one that could not be placed.
    const json& lost = result(report, "s11.action-on-time", "A-LOST");
    CHECK(lost["outcome"] == "error");
    CHECK(lost["message"] == "sga_s11_actions.return_id (action_id=A-LOST) names no return in sga_s11_returns (s11_action A-LOST)");
    CHECK(row_of(section(report, "overview"), "s11_action A-LOST")[1] ==
          "sga_s11_actions.return_id (action_id=A-LOST) names no return in sga_s11_returns");
    CHECK(row_of(section(report, "overview"), "s11_rating R4/S11-3").is_array());
    // A date that is not a date: everything that needs the submission, never "not submitted".
    for (const char* rule : {"s11.return-received", "s11.return-on-time", "s11.return-signed-off", "s11.standards-rated",
                             "s11.training-coverage", "s11.vetting-coverage"}) {
        INFO(rule);
        const json& r = result(report, rule, "A1");
        CHECK(r["outcome"] == "error");
        CHECK(r["message"].get<std::string>().find("sga_s11_returns.submitted_date (return_id=R1) is not a date") != std::string::npos);
    }
    // An action's due date: its own checks, and the rating's count of actions with a due date.
    CHECK(result(report, "s11.action-on-time", "A6-1")["outcome"] == "error");
    CHECK(result(report, "s11.action-for-gap", "R6/S11-6")["outcome"] == "error");
    // Unread values never reach the report.
    for (const char* f : {"report.json", "report.html"}) {
        std::string text = slurp(dir / "out" / f);
        CHECK(text.find("ninety") == std::string::npos);
        CHECK(text.find("maybe") == std::string::npos);
        CHECK(text.find("31/12/2008") == std::string::npos);
        CHECK(text.find("2009-02-30") == std::string::npos);
    }
}

TEST_CASE("section11: a source without the panel's table still runs, the panel's rule not applicable") {
    auto dir = temp_dir("s11-no-panel");
    fs::path db = dir / "s.db";
    auto src = load("sqlite:" + db.string(), "data");
    execute_sqlite(db, "DROP TABLE sga_s11_panel_ratings");
    auto report = audit(src, dir / "out");
    CHECK(summary_of(report)["s11.panel-agrees"] == Counts{0, 0, 55, 0, 1});  // R8/S11-9 is still an error
    CHECK(summary_of(report)["s11.rating-known"] == Counts{54, 0, 0, 0, 2});
    bool said = false;
    for (const auto& d : section(report, "overview")["details"])
        if (d["label"] == "Panel ratings") said = d["value"] == "none: the data has no sga_s11_panel_ratings table";
    CHECK(said);
    // Without the panel, the heat map shows the agency's own rating.
    CHECK(row_of(section(report, "heat-map"), "Golf")[1] == "Fully met");
}

TEST_CASE("section11: the heat map and the tracker as coloured and dated sheets, and the HTML heat map") {
    auto dir = temp_dir("s11-formats");
    auto src = load("sqlite:" + (dir / "s.db").string(), "data");
    audit(src, dir / "out", {}, "json,html,xlsx");
    fs::path xlsx = dir / "out" / "report.xlsx";
    REQUIRE(fs::exists(xlsx));
    std::string workbook = zip_part(xlsx, "xl/workbook.xml");
    for (const char* sheet : {"Heat map", "Returns", "Coverage", "Action tracker"}) {
        INFO(sheet);
        CHECK(workbook.find(std::string("name=\"") + sheet + "\"") != std::string::npos);
    }
    // Fills in the workbook's styles: the scale's green and amber, and grey for R8's code off the scale.
    std::string styles = zip_part(xlsx, "xl/styles.xml");
    for (const char* rgb : {"FFA8DAB5", "FFFFD580", "FFD9D9D9"}) CHECK(styles.find(rgb) != std::string::npos);
    // The tracker's due dates are dates: A7-1's 2008-06-30 is Excel's day 39629, a number cell.
    std::string tracker;
    for (int n = 1; n < 40 && tracker.empty(); ++n) {
        std::string part = zip_part(xlsx, "xl/worksheets/sheet" + std::to_string(n) + ".xml");
        if (part.find("Join the multi-agency screening team") != std::string::npos && part.find("Days overdue") != std::string::npos)
            tracker = part;
    }
    REQUIRE(!tracker.empty());
    CHECK(tracker.find("<v>39629</v>") != std::string::npos);
    CHECK(tracker.find("<v>274</v>") != std::string::npos);
    // The HTML: the heat map's picture and its table, coloured, with the ratings in words.
    std::string html = slurp(dir / "out" / "report.html");
    CHECK(html.find("class=\"chart heat-map\"") != std::string::npos);
    CHECK(html.find("style=\"background-color:#FFD580\">Mostly met (panel; the agency: Fully met)</td>") != std::string::npos);
    CHECK(html.find("id=\"subject.section11.A4\"") != std::string::npos);  // A4's page, which prints on a page of its own
    // Agencies are not children: their 15 failures stay off the work list, which says so.
    const std::string today = html.substr(html.find("<section id=\"today\">"), html.find("<section id=\"summary\">") - html.find("<section id=\"today\">"));
    CHECK(today.find("No child has an open finding.") != std::string::npos);
    CHECK(today.find("15 findings of section11 about subjects with no team that are not children") != std::string::npos);
    CHECK(today.find("R4/S11-3") == std::string::npos);
}

TEST_CASE("section11: a stored run gives the same reports again, with its colours, sheets and the filter's note") {
    auto dir = temp_dir("s11-history");
    auto src = load("sqlite:" + (dir / "s.db").string(), "data");
    const std::string history = (dir / "h.db").string();
    auto first = run_cli({"run", "section11", "--source", src, "--as-of", "2009-03-31", "--area", "HUN", "--history", history, "--format",
                          "html,json,xlsx,md", "--out", (dir / "first").string()});
    INFO(first.all());
    REQUIRE(first.code == 0);
    const std::string id = read_json(dir / "first" / "report.json")["run"]["id"];
    auto again = run_cli({"report", id, "--history", history, "--format", "html,json,xlsx,md", "--out", (dir / "again").string()});
    INFO(again.all());
    REQUIRE(again.code == 0);
    for (const char* f : {"report.html", "report.json", "report.xlsx", "report.md"}) {
        INFO(f);
        CHECK(slurp(dir / "again" / f) == slurp(dir / "first" / f));
    }
    auto report = read_json(dir / "again" / "report.json");
    CHECK(section(report, "heat-map")["table"]["cell_fills"][6][1] == "#FFD580");
    CHECK(section(report, "action-tracker")["table"]["column_types"][4] == "date");
    CHECK(report["run"]["filters"]["not_applied_to"][0]["subjects_judged"]["organisation"] == 8);
}
