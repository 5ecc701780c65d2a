// Rows of sga_stocktake_entries that cannot be one judged entry: the same entry_id in two rows
// with different content, and a row without an entry_id. Every result of theirs is an error
// naming sga_stocktake_entries.entry_id, and no total counts them; the same row twice is one
// entry. The register of tests/fixtures/stocktake/data (see stocktake_test.cpp for each entry),
// as of 31 October 2009, with the Laming pack and no history.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

std::string laming() { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/laming-2009.toml"; }

const json& section(const json& report, const std::string& id) { return plugin_section(report, "stocktake/laming-2009", id); }

// Every result of `subject` is an error whose message begins `why`; how many there are.
int all_errors(const json& report, const std::string& subject, const std::string& why) {
    int n = 0;
    for (const auto& r : report["results"]) {
        if (r["subject"]["id"] != subject) continue;
        INFO(r.dump());
        CHECK(r["outcome"] == "error");
        CHECK(r["message"].get<std::string>().rfind(why, 0) == 0);
        ++n;
    }
    return n;
}

json audit(const fs::path& db, const fs::path& out) {
    auto r = run_cli({"run", "stocktake", "--rules", laming(), "--source", "sqlite:" + db.string(), "--as-of", "2009-10-31",
                      "--no-history", "--format", "json", "--out", out.string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

}  // namespace

// Added to the register: L04 (recommendation 35, in_progress) again, compliant and owned by
// "Chief Executive"; L02 again exactly as it is, its source written "LAMING-2009 "; a compliant
// row for recommendation 41 without an entry_id.
// Judged entries: the 11 but L04 = 10: compliant L01 L02 L12 (3), in_progress L03 L06 L09 (3),
// not_started L05 (1), not_applicable L07 L08 (2), other L10 (1); share 3 of 10 - 2 = 37.5%.
// entry-exists: 35 (named only by L04) and 41 (only by the row without an id) cannot be told:
// errors. With an entry before: 7 9 12 22 34 35 39 40 54 55 (10), 35 now an error: 9 pass.
// Without one before: 15 24 26 27 28 31 32 33 36 41 42 43 44 50 (14), 41 now an error: 13 fail.
// Children's workforce: 11 recommendations, 11 local, 9 without (35 is no longer counted as
// with an entry, nor as without), entries L03 only (in progress): 0.0%. Improvement and
// challenge: 9, 6, 3 without (42 43 44), entries L05 L12: 1 of 2, 50.0%.
// Overdue list: L05, as before; stale list: none (L04, the one stale entry, is not judged); each
// says the 2 entries that could not be judged. The cabinet's "could not be judged" findings:
// target-met 2 (L04, no id) + current 2 + known-recommendation 3 (L09's unknown number, L04, no id) = 7.
TEST_CASE("stocktake unjudged rows: an entry_id twice with other content, and a row without one, are errors counted nowhere") {
    auto dir = temp_dir("stocktake-unjudged");
    fs::path db = dir / "s.db";
    REQUIRE(run_cli({"db", "init", "--source", "sqlite:" + db.string()}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/stocktake/data", "--source", "sqlite:" + db.string()}).code == 0);
    execute_sqlite(db, "INSERT INTO sga_stocktake_entries SELECT entry_id, source, rec_ref, 'compliant', 'Chief Executive', "
                       "local_action, target_date, evidence, updated_date FROM sga_stocktake_entries WHERE entry_id = 'L04'");
    execute_sqlite(db, "INSERT INTO sga_stocktake_entries SELECT entry_id, 'LAMING-2009 ', rec_ref, status, owner, local_action, "
                       "target_date, evidence, updated_date FROM sga_stocktake_entries WHERE entry_id = 'L02'");
    execute_sqlite(db, "INSERT INTO sga_stocktake_entries VALUES (NULL, 'laming-2009', '41', 'compliant', 'LSCB Chair', "
                       "'Audit the LSCB', NULL, 'Audit report', '2009-10-01')");
    const json report = audit(db, dir / "out");

    const std::string twice = "sga_stocktake_entries.entry_id (entry_id=L04) is in more than one row of this source with "
                              "different content";
    const std::string no_id = "sga_stocktake_entries.entry_id is not recorded in 1 row of source laming-2009";
    // Nine rules judge each entry (known-recommendation, status-allowed, compliant-evidenced,
    // open-planned, not-applicable-reason, target-by-deadline, target-met, current,
    // still-compliant): all nine an error for each.
    CHECK(all_errors(report, "L04", twice) == 9);
    CHECK(all_errors(report, "(no entry_id)", no_id) == 9);
    CHECK(result(report, "stocktake.entry-exists", "35")["outcome"] == "error");
    CHECK(result(report, "stocktake.entry-exists", "35")["message"].get<std::string>().rfind(twice, 0) == 0);
    CHECK(result(report, "stocktake.entry-exists", "41")["outcome"] == "error");
    CHECK(result(report, "stocktake.entry-exists", "41")["message"].get<std::string>().rfind(no_id, 0) == 0);
    CHECK(summary_of(report)["stocktake.entry-exists"] == Counts{9, 13, 0, 0, 2});
    CHECK(report.dump().find("Chief Executive") == std::string::npos);  // the disagreeing row is never quoted

    const json rows = section(report, "by-theme")["table"]["rows"];
    CHECK(rows[1] == json::array({"improvement and challenge", "9", "6", "3", "2", "1", "0", "1", "0", "0", "50.0%"}));
    CHECK(rows[3] == json::array({"children's workforce", "11", "11", "9", "1", "0", "1", "0", "0", "0", "0.0%"}));
    CHECK(rows.back() == json::array({"All themes", "40", "24", "13", "10", "3", "3", "1", "2", "1", "37.5%"}));
    CHECK(section(report, "by-theme")["text"].get<std::string>().find("Not counted: 2 entries that could not be judged") !=
          std::string::npos);
    CHECK(section(report, "overdue")["text"] == "1 entry. 2 entries could not be judged (see the errors among the findings).");
    CHECK(section(report, "stale")["text"] == "None. 2 entries could not be judged (see the errors among the findings).");
    std::map<std::string, std::string> cabinet;
    for (const auto& kv : section(report, "cabinet")["details"]) cabinet[kv["label"]] = kv["value"];
    CHECK(cabinet["Entries"] == "10: 3 compliant, 3 in progress, 1 not started, 2 not applicable, 1 with another status");
    CHECK(cabinet["Share compliant"] == "37.5% of the entries that apply");
    CHECK(cabinet["Could not be judged"] == "7 findings: see the errors in the report");
}
