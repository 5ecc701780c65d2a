// Progress against earlier stocktakes (issue 14, check 6), read from the run history: the
// register of tests/fixtures/stocktake/data audited with the Laming pack as of 30 September 2009,
// changed, and audited again as of 31 October 2009. Every expected value is worked out by hand
// below from the CSV file (see stocktake_test.cpp for each entry).
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

std::string laming() { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/laming-2009.toml"; }

fs::path register_db(const fs::path& dir) {
    fs::path db = dir / "s.db";
    const std::string src = "sqlite:" + db.string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/stocktake/data", "--source", src}).code == 0);
    return db;
}

json audit(const fs::path& db, const std::string& history, const std::string& as_of, const fs::path& out) {
    std::vector<std::string> args{"run", "stocktake", "--rules", laming(), "--source", "sqlite:" + db.string(), "--as-of", as_of,
                                  "--format", "json", "--out", out.string()};
    if (history.empty()) args.push_back("--no-history");
    else args.insert(args.end(), {"--history", history});
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

const json& section(const json& report, const std::string& id) { return plugin_section(report, "stocktake/laming-2009", id); }

bool has_section(const json& report, const std::string& id) {
    for (const auto& s : report["sections"])
        if (s["id"] == id) return true;
    return false;
}

// Between the two audits: L01 (compliant) becomes in_progress; L03 (in_progress) becomes
// compliant with evidence; L13 (recommendation 44, not_started) is added; L08 is removed.
void change_register(const fs::path& db) {
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET status = 'in_progress' WHERE entry_id = 'L01'");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET status = 'compliant', evidence = 'Briefing notes' WHERE entry_id = 'L03'");
    execute_sqlite(db, "INSERT INTO sga_stocktake_entries VALUES ('L13', 'laming-2009', '44', 'not_started', 'LSCB Business Manager', "
                       "'Agree the local protocol', '2010-01-31', NULL, '2009-10-20')");
    execute_sqlite(db, "DELETE FROM sga_stocktake_entries WHERE entry_id = 'L08'");
}

// On 2009-09-30, the 11 Laming entries: compliant L01 L02 L12 (3); in_progress L03 L04 L06 L09
// (4); not_started L05 (1); not_applicable L07 L08 (2); another status L10 "done" (1). Share
// compliant 3 of 11 - 2 = 9: 33.3%. L05's target is 2009-09-30, the audit date: in time then.
// On 2009-10-31: compliant L02 L03 L12 (3); in_progress L01 L04 L06 L09 (4); not_started L05 L13
// (2); not_applicable L07 (1); other L10 (1); 11 entries; 3 of 10: 30.0%.
// Changes, in the table's order: L01 slipped (no longer compliant); L05 slipped (its target
// 2009-09-30 has now passed); L03 moved to compliant; L13 new; L08 no longer in the register.
// Unchanged: L02 L04 L06 L07 L09 L10 L12 = 7.
// stocktake.still-compliant: L01 fails, L02 and L12 pass; the other 8 of the 11 entries n/a.
void check_progress(const json& second, const std::string& first_run) {
    const json& p = section(second, "progress");
    CHECK(p["text"] == "Since the stocktake of 2009-09-30 (run " + first_run +
                           "): 1 moved to compliant, 2 slipped (1 no longer compliant, 1 now past the target date), 1 new, 1 no "
                           "longer in the register, 0 changed status otherwise, 7 unchanged.");
    const json rows = p["table"]["rows"];
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == json::array({"L01", "7", "compliant", "in_progress", "slipped: no longer compliant"}));
    CHECK(rows[1] == json::array({"L05", "39", "not_started", "not_started", "slipped: now past its target date"}));
    CHECK(rows[2] == json::array({"L03", "34", "in_progress", "compliant", "moved to compliant"}));
    CHECK(rows[3] == json::array({"L13", "44", "", "not_started", "new since the last stocktake"}));
    CHECK(rows[4] == json::array({"L08", "", "not_applicable", "", "no longer in the register"}));

    const json& chart = section(second, "progress-chart");
    CHECK(chart["table"]["rows"] == json::array({json::array({"2009-09-30", "3", "4", "1", "2", "1", "11", "33.3%"}),
                                                 json::array({"2009-10-31", "3", "4", "2", "1", "1", "11", "30.0%"})}));
    CHECK(chart["svg"].get<std::string>().find("30.0% compliant") != std::string::npos);

    int fail = 0, pass = 0, na = 0;
    for (const auto& r : second["results"]) {
        if (r["rule"] != "stocktake.still-compliant") continue;
        if (r["outcome"] == "fail") {
            ++fail;
            CHECK(r["subject"]["id"] == "L01");
            CHECK(r["message"] == "entry L01 (recommendation 7) was compliant at the stocktake of 2009-09-30 and is now 'in_progress'");
        }
        pass += r["outcome"] == "pass";
        na += r["outcome"] == "not_applicable";
    }
    CHECK(fail == 1);
    CHECK(pass == 2);
    CHECK(na == 8);
}

std::string run_id(const json& report) { return report["run"]["id"].get<std::string>(); }

}  // namespace

TEST_CASE("stocktake progress: moved to compliant, slipped, new and gone since the last stocktake, from the run history") {
    auto dir = temp_dir("stocktake-progress");
    for (const char* where : {"SQLite", "PostgreSQL"}) {
        SUBCASE(where) {
            std::string history = (dir / "h.db").string();
            if (std::string(where) == "PostgreSQL") {
                history = pg_source("stocktake_progress");
                REQUIRE_MESSAGE(!history.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
            }
            fs::create_directories(dir / where);
            fs::path db = register_db(dir / where);
            auto first = audit(db, history, "2009-09-30", dir / where / "first");
            // The first stocktake in the history has nothing to compare with, and no chart.
            CHECK(section(first, "progress")["text"] ==
                  "No earlier stocktake of this pack on this source is in the run history: progress is shown from the next run on a "
                  "later audit date.");
            CHECK_FALSE(has_section(first, "progress-chart"));
            change_register(db);
            auto second = audit(db, history, "2009-10-31", dir / where / "second");
            check_progress(second, run_id(first));
            // Run again on the same audit date: still compared with 2009-09-30, never with itself
            // or another run of the same date.
            auto again = audit(db, history, "2009-10-31", dir / where / "again");
            check_progress(again, run_id(first));
        }
    }
}

TEST_CASE("stocktake progress: without a history, and with a changed earlier run, it says why no progress is shown") {
    auto dir = temp_dir("stocktake-progress-none");
    fs::path db = register_db(dir);
    auto alone = audit(db, "", "2009-10-31", dir / "alone");
    CHECK(section(alone, "progress")["text"] ==
          "Progress cannot be shown: this run keeps no history (--no-history), so earlier runs cannot be read.");

    const std::string history = (dir / "h.db").string();
    auto first = audit(db, history, "2009-09-30", dir / "first");
    // The run records where the stocktake's results lie and their hash, so that progress reads
    // and checks them alone: the 11 entries and 24 local recommendations give 11 x 9 + 24 x 1 =
    // 123 results (nine entry rules, one recommendation rule), all of this one plugin run.
    auto doc = query_rows("sqlite:" + history, "SELECT document FROM sgaudit_history_run");
    REQUIRE(doc.size() == 1);
    const auto stored = json::parse(doc[0])["plugins"][0]["stored_results"];
    CHECK(stored["first_seq"] == 0);
    CHECK(stored["count"] == 123);
    // Someone edits the stored run: its content no longer matches its hash, so it is not read as
    // the record (and the audit still runs, with still-compliant not applicable to any entry).
    execute_sqlite(history, "UPDATE sgaudit_history_result SET message = 'edited' WHERE rule = 'stocktake.status-allowed'");
    auto second = audit(db, history, "2009-10-31", dir / "second");
    const std::string text = section(second, "progress")["text"];
    CHECK(text.find("Progress cannot be shown: the earlier runs could not be read from the history: run " + run_id(first) +
                    " has been changed since it was stored") == 0);
    for (const auto& r : second["results"])
        if (r["rule"] == "stocktake.still-compliant") CHECK(r["outcome"] == "not_applicable");
}

// A run stored with --results failures keeps no passes, so it cannot say what the register held:
// it is no earlier stocktake.
TEST_CASE("stocktake progress: a run stored with --results failures is not read as an earlier stocktake") {
    auto dir = temp_dir("stocktake-progress-failures");
    fs::path db = register_db(dir);
    const std::string history = (dir / "h.db").string();
    auto r = run_cli({"run", "stocktake", "--rules", laming(), "--source", "sqlite:" + db.string(), "--as-of", "2009-09-30", "--format",
                      "json", "--out", (dir / "first").string(), "--history", history, "--results", "failures"});
    REQUIRE(r.code == 0);
    auto second = audit(db, history, "2009-10-31", dir / "second");
    CHECK(section(second, "progress")["text"] ==
          "No earlier stocktake of this pack on this source is in the run history: progress is shown from the next run on a later "
          "audit date.");
}

// The same register named another way (DIR/./s.db) is the same source; a status written
// "COMPLIANT " is compliant (compared trimmed and in any case, as the source is). Between the
// audits L01 goes from compliant to in_progress and L02 is rewritten "COMPLIANT ". Since 30
// September: L01 no longer compliant, L05 now past its target (2009-09-30), L02 unchanged; the 9
// others unchanged too. The cabinet's progress line gives the same counts.
TEST_CASE("stocktake progress: the same file named another way is the same source, and a status in capitals is the same status") {
    auto dir = temp_dir("stocktake-progress-same");
    fs::path db = register_db(dir);
    const std::string history = (dir / "h.db").string();
    auto first = audit(db, history, "2009-09-30", dir / "first");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET status = 'in_progress' WHERE entry_id = 'L01'");
    execute_sqlite(db, "UPDATE sga_stocktake_entries SET status = 'COMPLIANT ' WHERE entry_id = 'L02'");
    auto second = audit(dir / "." / "s.db", history, "2009-10-31", dir / "second");
    CHECK(section(second, "progress")["text"] ==
          "Since the stocktake of 2009-09-30 (run " + run_id(first) +
              "): 0 moved to compliant, 2 slipped (1 no longer compliant, 1 now past the target date), 0 new, 0 no longer in the "
              "register, 0 changed status otherwise, 9 unchanged.");
    std::map<std::string, std::string> d;
    for (const auto& kv : section(second, "cabinet")["details"]) d[kv["label"]] = kv["value"];
    CHECK(d["Progress"] == "since 30 September 2009: 0 moved to compliant, 1 no longer compliant, 1 now past the target date, 0 new, 0 no "
                           "longer in the register");
    const json* l02 = find_result(second, "stocktake.status-allowed", "L02");
    REQUIRE(l02);
    CHECK((*l02)["outcome"] == "pass");
}
