// The stocktake audit on a hand-made register (tests/fixtures/stocktake/data), as of 31 October
// 2009, on SQLite and PostgreSQL, with the Laming 2009 pack (rules/stocktake/laming-2009.toml)
// and the Climbié 2003 pack. stale_after_days = 90: an entry updated on 2009-08-02 (exactly 90
// days before) is current, one updated on 2009-08-01 (91 days) is stale. Every expected value is
// worked out by hand below, from the CSV file and the pack.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

// Laming pack: 40 recommendations; falling to the council or partners (check 1): 7, 9, 12, 15, 22,
// 24, 26, 27, 28, 31, 32, 33, 34, 35, 36, 39-44, 50, 54, 55 = 24. Deadlines used: 9, 12, 34, 35
// 2009-12-31; 39, 40 2009-07-31; 7, 22, 54, 55 none.
// Entries of source laming-2009 (L11 is climbie-2003's, not in this run): 11.
//   L01 7  compliant with evidence, no target, updated 2009-10-01: passes everything it meets.
//   L02 9  compliant without evidence; target 2009-09-30 (before 2009-12-31).
//   L03 34 in_progress, complete; target 2009-12-31 exactly the deadline (passes), not yet due;
//          updated 2009-08-02, exactly 90 days: current.
//   L04 35 in_progress, complete; target 2010-02-28 after the deadline 2009-12-31; updated
//          2009-08-01, 91 days: stale.
//   L05 39 not_started, complete; target 2009-09-30 after the deadline 2009-07-31, and passed:
//          2009-09-30 to 2009-10-31 is 31 days overdue.
//   L06 12 in_progress with no owner, no local action, no target date.
//   L07 54 not_applicable with no reason (local_action blank).
//   L08 55 not_applicable with a reason.
//   L09 99 not in the pack: error naming the entry; its deadline (from the recommendation) is
//          an error too, so target-by-deadline is an error; target 2009-12-01 not yet due.
//   L10 22 status "done" (not allowed); no target; 22 has no deadline.
//   L12 40 compliant with evidence; target 2009-07-31 exactly the deadline.
// Recommendations with an entry: 7, 9, 12, 22, 34, 35, 39, 40, 54, 55 = 10 of the 24; 14 fail.
//   entry-exists          10 / 14 / 0
//   known-recommendation  L09 error: 10 / 0 / 0 / 0 / 1
//   status-allowed        L10 fails: 10 / 1 / 0
//   compliant-evidenced   compliant L01, L12 pass, L02 fails; 8 n/a: 2 / 1 / 8
//   open-planned          L03, L04, L05, L09 pass, L06 fails; 6 n/a: 4 / 1 / 6
//   not-applicable-reason L08 passes, L07 fails; 9 n/a: 1 / 1 / 9
//   target-by-deadline    L02, L03, L12 pass; L04, L05 fail; L09 error; L01, L06 (no target),
//                         L07, L08 (not applicable), L10 (no deadline) n/a: 3 / 2 / 5 / 0 / 1
//   target-met            L01, L02, L12 compliant pass; L05 fails; L03, L04, L09 not yet due,
//                         L06, L10 no target, L07, L08 not applicable: 3 / 1 / 7
//   current               L04 fails, the other 10 pass: 10 / 1 / 0
const std::map<std::string, Counts> kLaming = {
    {"stocktake.entry-exists", {10, 14, 0}},           {"stocktake.known-recommendation", {10, 0, 0, 0, 1}},
    {"stocktake.status-allowed", {10, 1, 0}},          {"stocktake.compliant-evidenced", {2, 1, 8}},
    {"stocktake.open-planned", {4, 1, 6}},             {"stocktake.not-applicable-reason", {1, 1, 9}},
    {"stocktake.target-by-deadline", {3, 2, 5, 0, 1}}, {"stocktake.target-met", {3, 1, 7}},
    {"stocktake.current", {10, 1, 0}},
    // No history (--no-history): no entry has a previous status (stocktake_progress_test.cpp).
    {"stocktake.still-compliant", {0, 0, 11}},
};

std::string pack(const std::string& name) { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/" + name + ".toml"; }

std::string load(const std::string& src) {
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/stocktake/data", "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return src;
}

json audit(const std::string& src, const fs::path& out, const std::string& rules) {
    auto r = run_cli({"run", "stocktake", "--rules", pack(rules), "--source", src, "--as-of", "2009-10-31", "--out", out.string(),
                      "--format", "json", "--no-history"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

const json& section(const json& report, const std::string& id) {
    for (const auto& s : report["sections"])
        if (s["plugin"].get<std::string>().rfind("stocktake/", 0) == 0 && s["id"] == id) return s;
    INFO(id);
    FAIL("no section");
    static json none;
    return none;
}

void check_laming(const json& report) {
    auto got = summary_of(report);
    for (const auto& [rule, counts] : kLaming) {
        INFO(rule);
        CHECK(got[rule] == counts);
    }
    CHECK(got.size() == kLaming.size());

    // The overdue entry says by how much; the unknown number is an error naming the entry.
    const json& overdue = result(report, "stocktake.target-met", "L05");
    CHECK(overdue["outcome"] == "fail");
    CHECK(overdue["message"] == "entry L05 (recommendation 39) is not compliant: target 2009-09-30 passed 31 days ago");
    const json& unknown = result(report, "stocktake.known-recommendation", "L09");
    CHECK(unknown["outcome"] == "error");
    CHECK(unknown["message"].get<std::string>().find("entry L09 names recommendation '99', which the rule set does not list") !=
          std::string::npos);
    CHECK(result(report, "stocktake.open-planned", "L06")["message"] ==
          "entry L06 (recommendation 12) is in_progress but records no owner, local action or target date");
    CHECK(result(report, "stocktake.target-by-deadline", "L03")["outcome"] == "pass");  // on the deadline
    CHECK(result(report, "stocktake.current", "L03")["outcome"] == "pass");             // exactly 90 days
    CHECK(result(report, "stocktake.current", "L04")["outcome"] == "fail");             // 91 days
    CHECK(result(report, "stocktake.entry-exists", "50")["outcome"] == "fail");
    CHECK(find_result(report, "stocktake.entry-exists", "2") == nullptr);  // national: no subject
    CHECK(find_result(report, "stocktake.current", "L11") == nullptr);     // another source's entry

    // Themes in the order they first appear in the pack; the unknown number's entry last.
    //   leadership (2, 7, 9): 3 recs, 2 local, entries L01, L02 compliant: 100.0%
    //   improvement and challenge (10, 37-44): 9, 6 local, 41-44 without; L05 not started, L12 compliant: 50.0%
    //   support for children (11-14, 16, 17, 19-21, 23, 25, 29, 30 = 13): 1 local (12), L06: 0.0%
    //   children's workforce (15, 24, 26-28, 31-36 = 11): all local, 9 without; L03, L04 in progress: 0.0%
    //   inter-agency working (22, 50): 50 without; L10 'done' (other): 0.0%
    //   organisation and finance (54, 55): L07, L08 not applicable: nothing applies, n/a
    //   all: 40, 24, 14; 11 entries: 3 compliant, 4 in progress, 1 not started, 2 n/a, 1 other: 3 of 9 = 33.3%
    const json& t = section(report, "by-theme");
    CHECK(t["table"]["rows"] ==
          json::array({json::array({"leadership and accountability", "3", "2", "0", "2", "2", "0", "0", "0", "0", "100.0%"}),
                       json::array({"improvement and challenge", "9", "6", "4", "2", "1", "0", "1", "0", "0", "50.0%"}),
                       json::array({"support for children", "13", "1", "0", "1", "0", "1", "0", "0", "0", "0.0%"}),
                       json::array({"children's workforce", "11", "11", "9", "2", "0", "2", "0", "0", "0", "0.0%"}),
                       json::array({"inter-agency working", "2", "2", "1", "1", "0", "0", "0", "0", "1", "0.0%"}),
                       json::array({"organisation and finance", "2", "2", "0", "2", "0", "0", "0", "2", "0", "n/a"}),
                       json::array({"(recommendation not in the rule set)", "0", "0", "0", "1", "0", "1", "0", "0", "0", "0.0%"}),
                       json::array({"All themes", "40", "24", "14", "11", "3", "4", "1", "2", "1", "33.3%"})}));
    // Each theme's recommendations with their entries, the first theme (leadership and
    // accountability: 2 national, no entry; 7 and 9 compliant) worked in full.
    const json& lead = section(report, "theme/1");
    CHECK(lead["title"] == "leadership and accountability");
    CHECK(lead["table"]["rows"] ==
          json::array({json::array({"2", "Chief Adviser; National Safeguarding Delivery Unit", "national", "2009-07-01",
                                    "no entry (national)", "", "", ""}),
                       json::array({"7", "Senior manager with a safeguarding background", "council", "", "compliant",
                                    "Director of Children's Services", "", "L01"}),
                       json::array({"9", "Strategic needs analysis", "council", "2009-12-31", "compliant", "Head of Strategy",
                                    "2009-09-30", "L02"})}));
    // Six themes: the 40 recommendations, one row each but for those with entries (one per entry:
    // 10 recommendations with one entry each), so 40 rows.
    std::size_t rows = 0;
    for (int i = 1; i <= 6; ++i) rows += section(report, "theme/" + std::to_string(i))["table"]["rows"].size();
    CHECK(rows == 40);
    const json& od = section(report, "overdue");
    REQUIRE(od["table"]["rows"].size() == 1);
    CHECK(od["table"]["rows"][0][0] == "L05");
    CHECK(od["table"]["rows"][0][3] == "LSCB Business Manager");
    CHECK(od["table"]["rows"][0][4] == "2009-09-30");
    const json& st = section(report, "stale");
    REQUIRE(st["table"]["rows"].size() == 1);
    CHECK(st["table"]["rows"][0][0] == "L04");
    CHECK(st["table"]["rows"][0][3] == "Designated Nurse");
    CHECK(st["table"]["rows"][0][4] == "2009-08-01");
}

// Climbié pack: no recommendations listed (the seed lists none), so no recommendation subjects;
// its one entry L11 names recommendation 1, which the pack does not have: an error naming it.
void check_climbie(const json& report) {
    auto got = summary_of(report);
    CHECK(got["stocktake.entry-exists"] == Counts{0, 0, 0});  // in the summary, with no subjects
    CHECK(got["stocktake.known-recommendation"] == Counts{0, 0, 0, 0, 1});
    CHECK(got["stocktake.status-allowed"] == Counts{1, 0, 0});
    CHECK(got["stocktake.compliant-evidenced"] == Counts{1, 0, 0});
    CHECK(result(report, "stocktake.known-recommendation", "L11")["message"].get<std::string>().find(
              "entry L11 names recommendation '1', which the rule set does not list") != std::string::npos);
}

}  // namespace

TEST_CASE("stocktake: hand-worked register, Laming and Climbie packs (SQLite)") {
    auto dir = temp_dir("stocktake-sqlite");
    auto src = load("sqlite:" + (dir / "s.db").string());
    check_laming(audit(src, dir / "laming", "laming-2009"));
    check_climbie(audit(src, dir / "climbie", "climbie-2003"));
}

TEST_CASE("stocktake: hand-worked register, Laming and Climbie packs (PostgreSQL)") {
    auto pg = pg_source("stocktake_fixture");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("stocktake-pg");
    load(pg);
    check_laming(audit(pg, dir / "laming", "laming-2009"));
    check_climbie(audit(pg, dir / "climbie", "climbie-2003"));
}

TEST_CASE("stocktake: the shipped packs pass rules check") {
    for (const char* p : {"laming-2009", "climbie-2003", "scr-example"}) {
        INFO(p);
        auto r = run_cli({"rules", "check", pack(p)});
        CHECK_MESSAGE(r.code == 0, r.all());
    }
}

TEST_CASE("stocktake: rules check refuses a duplicate ref, a deadline that is not a date and an unknown theme") {
    const std::string bad = fixtures() + "/stocktake/bad/";
    // duplicate-ref.toml: the items are lines 16 and 17; "  { ref = " puts the key's value in column 11.
    auto dup = run_cli({"rules", "check", bad + "duplicate-ref.toml"});
    CHECK(dup.code == 2);
    CHECK(dup.err.find(bad + "duplicate-ref.toml:17:11: error: list 'recommendations' has two items with ref = '1' (the first at " +
                       bad + "duplicate-ref.toml:16:11)") != std::string::npos);
    // deadline-text.toml line 16: the quoted "30 June 2009" starts in column 99.
    auto date = run_cli({"rules", "check", bad + "deadline-text.toml"});
    CHECK(date.code == 2);
    CHECK(date.err.find(bad + "deadline-text.toml:16:99: error: list 'recommendations' item '1' field 'deadline' must be date, found text "
                               "'30 June 2009'") != std::string::npos);
    // unknown-theme.toml line 16: "leagl" starts in column 37.
    auto theme = run_cli({"rules", "check", bad + "unknown-theme.toml"});
    CHECK(theme.code == 2);
    CHECK(theme.err.find(bad + "unknown-theme.toml:16:37: error: list 'recommendations' item '1' field 'theme'") != std::string::npos);
    CHECK(theme.err.find("leagl") != std::string::npos);
}


TEST_CASE("stocktake: dates that cannot be read make what depends on them errors, naming the column and the entry, and a blank status fails") {
    auto dir = temp_dir("stocktake-unreadable");
    fs::path db = dir / "s.db";
    auto src = load("sqlite:" + db.string());
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET target_date = '30/09/2009' WHERE entry_id = 'L05'");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET updated_date = '2009-08-32' WHERE entry_id = 'L03'");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET status = '   ' WHERE entry_id = 'L02'");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET source = ' LAMING-2009 ' WHERE entry_id = 'L11'");
    auto report = audit(src, dir / "out", "laming-2009");
    const std::string target = "sga_stocktake_entries.target_date (entry_id=L05) is not a date (YYYY-MM-DD)";
    for (const char* rule : {"stocktake.target-by-deadline", "stocktake.target-met", "stocktake.open-planned"}) {
        INFO(rule);
        const json& r = result(report, rule, "L05");
        CHECK(r["outcome"] == "error");
        CHECK(r["message"].get<std::string>().find(target) != std::string::npos);
    }
    CHECK(result(report, "stocktake.current", "L05")["outcome"] == "pass");  // its update date is fine
    const json& stale = result(report, "stocktake.current", "L03");
    CHECK(stale["outcome"] == "error");
    CHECK(stale["message"].get<std::string>().find("sga_stocktake_entries.updated_date (entry_id=L03) is not a date (YYYY-MM-DD)") !=
          std::string::npos);
    // A blank status is not on the allowed list, and does not stop the other checks: L02's target
    // 2009-09-30 passed 31 days before the audit date without compliance (it is on time for
    // recommendation 9's deadline, 2009-12-31); no status asks for evidence.
    CHECK(result(report, "stocktake.status-allowed", "L02")["outcome"] == "fail");
    // The message says it is not recorded, never 'null'.
    CHECK(result(report, "stocktake.status-allowed", "L02")["message"] ==
          "entry L02 (recommendation 9) has status 'not recorded', which is not one of compliant, in_progress, not_started, "
          "not_applicable (a blank status fails too)");
    CHECK(result(report, "stocktake.target-met", "L02")["outcome"] == "fail");
    CHECK(result(report, "stocktake.target-met", "L02")["message"] ==
          "entry L02 (recommendation 9) is not compliant: target 2009-09-30 passed 31 days ago");
    CHECK(result(report, "stocktake.target-by-deadline", "L02")["outcome"] == "pass");
    CHECK(result(report, "stocktake.compliant-evidenced", "L02")["outcome"] == "not_applicable");
    // L11, climbie-2003's entry, now says " LAMING-2009 ": it is this stocktake's (its number 1 is not Laming's).
    CHECK(result(report, "stocktake.known-recommendation", "L11")["outcome"] == "error");
    // L05 is no longer overdue, nor counted as anything else: the list says one could not be judged.
    const json& overdue = section(report, "overdue");
    REQUIRE(overdue["table"]["rows"].size() == 1);
    CHECK(overdue["table"]["rows"][0][0] == "L02");
    CHECK(overdue["text"] == "1 entry. 1 entry could not be judged (see the errors among the findings).");
}

// One pack's counts of a rule, from a report holding several packs: each pack's run is named
// stocktake/<pack id>, so the same rule id in two packs is counted apart.
Counts counts_of(const json& report, const std::string& run, const std::string& rule) {
    for (const auto& s : report["rule_summary"])
        if (s["plugin"] == run && s["rule"] == rule)
            return {s["pass"].get<int>(), s["fail"].get<int>(), s["not_applicable"].get<int>(), s["waived"].get<int>(), s["error"].get<int>()};
    return {-1, -1, -1, -1, -1};
}

// Without --rules every pack found in the rule folders runs (rules/stocktake/: climbie-2003,
// laming-2009, scr-example, by id), each as a run of its own. On the register: Laming as in
// kLaming; the SCR pack's three local recommendations have no entry; Climbié's pack lists no
// recommendation, and L11, its one entry, names "1", which it does not list: an error.
TEST_CASE("stocktake: with no --rules every pack runs, each apart, in a run of every plugin and of the stocktake alone") {
    auto dir = temp_dir("stocktake-every-pack");
    auto src = load("sqlite:" + (dir / "s.db").string());
    for (const char* which : {"all", "alone"}) {
        std::vector<std::string> args{"run"};
        if (std::string(which) == "alone") args.push_back("stocktake");
        for (std::string a : {"--source", src.c_str(), "--as-of", "2009-10-31", "--format", "json", "--no-history", "--out"}) args.push_back(a);
        args.push_back((dir / which).string());
        auto r = run_cli(args);
        INFO(which << "\n" << r.all());
        REQUIRE(r.code == 0);
        auto report = read_json(dir / which / "report.json");
        std::vector<std::string> packs;
        for (const auto& p : report["plugins"])
            if (p["name"].get<std::string>().rfind("stocktake", 0) == 0) packs.push_back(p["name"]);
        CHECK(packs == std::vector<std::string>{"stocktake/climbie-2003", "stocktake/laming-2009", "stocktake/scr-example"});
        CHECK(counts_of(report, "stocktake/laming-2009", "stocktake.entry-exists") == Counts{10, 14, 0});
        CHECK(counts_of(report, "stocktake/scr-example", "stocktake.entry-exists") == Counts{0, 3, 0});
        CHECK(counts_of(report, "stocktake/climbie-2003", "stocktake.known-recommendation") == Counts{0, 0, 0, 0, 1});
        CHECK(counts_of(report, "stocktake/laming-2009", "stocktake.known-recommendation") == Counts{10, 0, 0, 0, 1});
    }
}

// Two packs named with --rules are two runs; an overlay given after its pack is applied to it.
TEST_CASE("stocktake: two packs named with --rules run apart, an overlay joins the pack it extends") {
    auto dir = temp_dir("stocktake-two-packs");
    auto src = load("sqlite:" + (dir / "s.db").string());
    auto r = run_cli({"run", "stocktake", "--rules", pack("laming-2009"), "--rules", pack("scr-example"), "--rules",
                      fixtures() + "/stocktake/local-overlay.toml", "--source", src, "--as-of", "2009-10-31", "--out",
                      (dir / "out").string(), "--format", "json", "--no-history"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto report = read_json(dir / "out" / "report.json");
    REQUIRE(report["plugins"].size() == 2);
    CHECK(report["plugins"][0]["name"] == "stocktake/laming-2009");
    CHECK(report["plugins"][1]["name"] == "stocktake/scr-example");
    // The overlay's 50 falls to the national review: 23 local recommendations, 13 without an entry.
    CHECK(counts_of(report, "stocktake/laming-2009", "stocktake.entry-exists") == Counts{10, 13, 0});
    CHECK(counts_of(report, "stocktake/scr-example", "stocktake.entry-exists") == Counts{0, 3, 0});
}

// The council's overlay (tests/fixtures/stocktake/local-overlay.toml) on the Laming pack, worked
// from the base counts above:
//   50 falls to "national": 23 recommendation subjects, 13 without an entry: 10 / 13 / 0.
//   34's deadline 2009-11-30: L03's target 2009-12-31 is now after it: 2 / 3 / 5 / 0 / 1.
//   stale_after_days 60 (limit 2009-09-01): L03 (2009-08-02) and L04 (2009-08-01) stale; L12
//   updated 2009-09-01, exactly 60 days before, is current: 9 / 2 / 0.
//   Inter-agency working: 1 falling locally, none without an entry; all themes 23 and 13.
TEST_CASE("stocktake: a council's overlay takes a recommendation out, moves a deadline and the stale limit") {
    auto dir = temp_dir("stocktake-overlay");
    auto src = load("sqlite:" + (dir / "s.db").string());
    auto r = run_cli({"run", "stocktake", "--rules-dir", std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake", "--rules",
                      fixtures() + "/stocktake/local-overlay.toml", "--source", src, "--as-of", "2009-10-31", "--out",
                      (dir / "out").string(), "--format", "json", "--no-history"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto report = read_json(dir / "out" / "report.json");
    auto got = summary_of(report);
    CHECK(got["stocktake.entry-exists"] == Counts{10, 13, 0});
    CHECK(got["stocktake.target-by-deadline"] == Counts{2, 3, 5, 0, 1});
    CHECK(got["stocktake.current"] == Counts{9, 2, 0});
    CHECK(find_result(report, "stocktake.entry-exists", "50") == nullptr);
    CHECK(result(report, "stocktake.target-by-deadline", "L03")["message"] ==
          "entry L03 (recommendation 34) targets 2009-12-31, after the national deadline 2009-11-30");
    CHECK(result(report, "stocktake.current", "L12")["outcome"] == "pass");
    const json& t = section(report, "by-theme");
    CHECK(t["table"]["rows"][4] == json::array({"inter-agency working", "2", "1", "0", "1", "0", "0", "0", "0", "1", "0.0%"}));
    CHECK(t["table"]["rows"][7][2] == "23");
    CHECK(t["table"]["rows"][7][3] == "13");
    const json& stale = section(report, "stale");
    REQUIRE(stale["table"]["rows"].size() == 2);
    CHECK(stale["table"]["rows"][0][0] == "L03");
    CHECK(stale["table"]["rows"][1][0] == "L04");
}

// The fictional SCR pack on the same register: no entry has source scr-example, so each of its
// recommendations falling locally (Z1 council, Z2 and Z3 partners; Z4 is national) has none.
TEST_CASE("stocktake: the fictional serious case review pack runs on its own source") {
    auto dir = temp_dir("stocktake-scr");
    auto src = load("sqlite:" + (dir / "s.db").string());
    auto report = audit(src, dir / "out", "scr-example");
    auto got = summary_of(report);
    CHECK(got["stocktake.entry-exists"] == Counts{0, 3, 0});
    CHECK(got["stocktake.known-recommendation"] == Counts{0, 0, 0});
    CHECK(find_result(report, "stocktake.entry-exists", "Z4") == nullptr);
    CHECK(section(report, "overdue")["text"] == "None.");
}

// The cabinet summary of the register (see the top of this file for each entry), without a
// history: 40 recommendations, 24 local; entries 3 compliant (L01 L02 L12), 4 in progress (L03
// L04 L06 L09), 1 not started (L05), 2 not applicable (L07 L08), 1 other (L10 "done"); share
// 3 of 9 = 33.3%. Without an entry, in the pack's order: 15, 24, 26, 27, 28, 31 named, 8 more.
// Past target: L05; stale: L04. No target-met or current result is an error; L09 names 99, which
// the pack lacks: one finding that could not be judged.
TEST_CASE("stocktake: the cabinet summary is one page of headline figures, what needs doing and by whom, and the themes") {
    auto dir = temp_dir("stocktake-cabinet");
    auto src = load("sqlite:" + (dir / "s.db").string());
    auto report = audit(src, dir / "out", "laming-2009");
    const json& s = section(report, "cabinet");
    CHECK(s["title"] == "Cabinet summary: stocktake as of 31 October 2009");
    CHECK(s["own_page"] == true);
    CHECK(s["group_key"] == "cabinet");
    std::map<std::string, std::string> d;
    for (const auto& kv : s["details"]) d[kv["label"]] = kv["value"];
    CHECK(d["Against"] == "Lord Laming, The Protection of Children in England: A Progress Report (March 2009)");
    CHECK(d["Recommendations"] == "40, of which 24 fall to the council or its partners");
    CHECK(d["Entries"] == "11: 3 compliant, 4 in progress, 1 not started, 2 not applicable, 1 with another status");
    CHECK(d["Share compliant"] == "33.3% of the entries that apply");
    CHECK(d["Progress"] == "cannot be shown (this run keeps no history (--no-history), so earlier runs cannot be read)");
    CHECK(d["Without an entry"] == "14 recommendations: 15; 24; 26; 27; 28; 31; and 8 more (listed in the report)");
    CHECK(d["Past target, not compliant"] == "1 entry: L05 (recommendation 39, LSCB Business Manager)");
    CHECK(d["Not updated within 90 days"] == "1 entry: L04 (recommendation 35, Designated Nurse)");
    CHECK(d["Could not be judged"] == "1 finding: see the errors in the report");
    CHECK(s["table"]["rows"].back() == json::array({"All themes", "24", "14", "3", "4", "2", "33.3%"}));

    // The same in Markdown, and the tables by theme, overdue and stale on sheets of the XLSX report.
    auto r = run_cli({"run", "stocktake", "--rules", pack("laming-2009"), "--source", src, "--as-of", "2009-10-31", "--out",
                      (dir / "flat").string(), "--format", "md,xlsx", "--no-history"});
    REQUIRE(r.code == 0);
    const std::string md = slurp(dir / "flat" / "report.md");
    CHECK(md.find("## stocktake/laming-2009\n\n### Cabinet summary: stocktake as of 31 October 2009") != std::string::npos);
    CHECK(md.find("- **Past target, not compliant**: 1 entry: L05 (recommendation 39, LSCB Business Manager)") != std::string::npos);
    CHECK(md.find("| All themes | 24 | 14 | 3 | 4 | 2 | 33.3% |") != std::string::npos);
    const std::string book = zip_part(dir / "flat" / "report.xlsx", "xl/workbook.xml");
    for (const char* sheet : {"By theme laming-2009", "Overdue laming-2009", "Stale laming-2009"})
        CHECK_MESSAGE(book.find(std::string("name=\"") + sheet + "\"") != std::string::npos, sheet);
}
