// The demo council's stocktake register (host/src/demo/stocktake_register.cpp): the stocktake
// audits find exactly the lapses planted in it and nothing else, in the demo's own run (SQLite,
// with the demo's Climbié overlay) and on the same council built in PostgreSQL.
#include <map>
#include <regex>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/sdk/date.hpp"

using namespace e2e;
using json = nlohmann::json;

namespace {

const std::string kLaming = "stocktake/laming-2009", kClimbie = "stocktake/climbie-2003", kScr = "stocktake/scr-example";

// What the register plants, worked by hand from stocktake_register.cpp and the packs; the audit
// date is 31 March 2009 and stale_after_days 90 (31 December 2008 is exactly 90 days before).
//
// Laming (laming-2009.toml: 40 recommendations, 24 falling to the council or partners: 7, 9, 12,
// 15, 22, 24, 26-28, 31-36, 39-44, 50, 54, 55). 29 entries (LAM-001..029): 12 has two, 28 and 44
// none, five national ones (2, 10, 11, 17, 37) have one, and LAM-029 names 59 (the report has 58).
//   entry-exists         28, 44 have no entry
//   compliant-evidenced  LAM-010 (22) compliant, no evidence; LAM-002, 025, 028 have evidence
//   open-planned         LAM-012 (26) no owner; LAM-018 (35) no local action and no target date
//   not-applicable-reason LAM-027 (54) no local action; LAM-001, 004, 020 give one
//   target-by-deadline   LAM-017 (34) 2010-03-31 after 2009-12-31; LAM-021 (39) 2009-09-30 after
//                        2009-07-31; LAM-029: 59 has no deadline to read, an error
//                        (LAM-003, 005, 006, 009, 016, 019, 023 target exactly their deadline: pass)
//   target-met           LAM-011 (24) in progress, target 2009-03-27 passed; LAM-022 (on_hold) is
//                        not compliant, but its target 2009-07-31 is still ahead
//   status-allowed       LAM-022 "on_hold"
//   known-recommendation LAM-029, an error
//   current              none: every entry was updated from 16 to 27 March 2009
const std::set<std::string> kLamingFound = {
    "stocktake.entry-exists 28 fail",
    "stocktake.entry-exists 44 fail",
    "stocktake.compliant-evidenced LAM-010 fail",
    "stocktake.open-planned LAM-012 fail",
    "stocktake.open-planned LAM-018 fail",
    "stocktake.not-applicable-reason LAM-027 fail",
    "stocktake.target-by-deadline LAM-017 fail",
    "stocktake.target-by-deadline LAM-021 fail",
    "stocktake.target-by-deadline LAM-029 error",
    "stocktake.target-met LAM-011 fail",
    "stocktake.status-allowed LAM-022 fail",
    "stocktake.known-recommendation LAM-029 error",
};

// Climbié (the pack lists none; rules/demo/climbie-2003-local.toml adds 16, 15 falling locally:
// all but 5). 17 entries (CLI-001..017): 72 has two, 62 none, CLI-017 names 109 (the report has
// 108). Deadlines by band: 3 months 2003-04-30, 6 months 2003-07-31, 2 years 2005-01-31.
//   entry-exists         62 has no entry
//   compliant-evidenced  CLI-010 (53) compliant, no evidence
//   not-applicable-reason CLI-011 (57) no local action; CLI-001 (5) gives one
//   target-by-deadline   CLI-009 (46) 2009-09-30 after 2005-01-31; CLI-017: no deadline to read,
//                        an error (CLI-007 targets exactly its deadline, 2003-07-31: pass)
//   target-met           CLI-006 (31) target 2004-12-31, CLI-007 (35) target 2003-07-31: in
//                        progress and passed; CLI-009's target is ahead
//   current              CLI-004 updated 2008-12-30 (91 days), CLI-005 2008-09-30; CLI-003
//                        updated 2008-12-31, exactly 90 days: current
//   known-recommendation CLI-017, an error
const std::set<std::string> kClimbieFound = {
    "stocktake.entry-exists 62 fail",
    "stocktake.compliant-evidenced CLI-010 fail",
    "stocktake.not-applicable-reason CLI-011 fail",
    "stocktake.target-by-deadline CLI-009 fail",
    "stocktake.target-by-deadline CLI-017 error",
    "stocktake.target-met CLI-006 fail",
    "stocktake.target-met CLI-007 fail",
    "stocktake.current CLI-004 fail",
    "stocktake.current CLI-005 fail",
    "stocktake.known-recommendation CLI-017 error",
};

// The manifest's kinds, each with its subjects: the findings above, but for the errors that
// follow from an unknown number (its deadline check).
const std::map<std::string, std::set<std::string>> kPlanted = {
    {"laming_no_entry", {"28", "44"}},
    {"laming_compliant_without_evidence", {"LAM-010"}},
    {"laming_open_without_plan", {"LAM-012", "LAM-018"}},
    {"laming_not_applicable_no_reason", {"LAM-027"}},
    {"laming_target_after_deadline", {"LAM-017", "LAM-021"}},
    {"laming_overdue", {"LAM-011"}},
    {"laming_status_not_allowed", {"LAM-022"}},
    {"laming_unknown_recommendation", {"LAM-029"}},
    {"climbie_no_entry", {"62"}},
    {"climbie_compliant_without_evidence", {"CLI-010"}},
    {"climbie_not_applicable_no_reason", {"CLI-011"}},
    {"climbie_target_after_deadline", {"CLI-009"}},
    {"climbie_overdue", {"CLI-006", "CLI-007"}},
    {"climbie_stale", {"CLI-004", "CLI-005"}},
    {"climbie_unknown_recommendation", {"CLI-017"}},
};

// One stocktake run's results: rule -> subject -> outcome.
using Outcomes = std::map<std::string, std::map<std::string, std::string>>;

Outcomes outcomes_of(const json& report, const std::string& plugin) {
    Outcomes out;
    for (const auto& r : report["results"])
        if (r["plugin"] == plugin) out[r["rule"]][r["subject"]["id"]] = r["outcome"];
    return out;
}

// Every result that is neither a pass nor not applicable, as "rule subject outcome".
std::set<std::string> found(const Outcomes& o) {
    std::set<std::string> out;
    for (const auto& [rule, subjects] : o)
        for (const auto& [id, outcome] : subjects)
            if (outcome != "pass" && outcome != "not_applicable") out.insert(rule + " " + id + " " + outcome);
    return out;
}

std::size_t judged(const Outcomes& o, const std::string& rule) { return o.count(rule) ? o.at(rule).size() : 0; }

// The three stocktake runs of `report` find exactly what was planted, each judging every entry
// of its source and every recommendation falling locally.
void check_stocktakes(const json& report) {
    for (const auto& name : {kLaming, kClimbie, kScr}) {
        bool ok = false;
        for (const auto& p : report["plugins"]) ok = ok || (p["name"] == name && p["status"] == "ok");
        CHECK_MESSAGE(ok, name);
    }
    const Outcomes laming = outcomes_of(report, kLaming), climbie = outcomes_of(report, kClimbie), scr = outcomes_of(report, kScr);
    auto listed = [](const std::set<std::string>& lines) {
        std::string out;
        for (const auto& l : lines) out += "\n  " + l;
        return out;
    };
    CHECK_MESSAGE(found(laming) == kLamingFound, "Laming found:" << listed(found(laming)));
    CHECK_MESSAGE(found(climbie) == kClimbieFound, "Climbie found:" << listed(found(climbie)));
    CHECK_MESSAGE(found(scr).empty(), "scr-example found:" << listed(found(scr)));  // its four entries are clean
    // Subjects: recommendations falling locally (24, 15, 3: Z1-Z3) and entries (29, 17, 4).
    CHECK(judged(laming, "stocktake.entry-exists") == 24);
    CHECK(judged(climbie, "stocktake.entry-exists") == 15);  // the overlay's recommendations were used
    CHECK(judged(scr, "stocktake.entry-exists") == 3);
    CHECK(judged(laming, "stocktake.current") == 29);
    CHECK(judged(climbie, "stocktake.current") == 17);
    CHECK(judged(scr, "stocktake.current") == 4);
    // The edges: updated exactly stale_after_days before the audit date is current; a target on
    // the national deadline is within it.
    CHECK(climbie.at("stocktake.current").at("CLI-003") == "pass");
    CHECK(climbie.at("stocktake.target-by-deadline").at("CLI-007") == "pass");
    CHECK(laming.at("stocktake.target-by-deadline").at("LAM-003") == "pass");
    CHECK(laming.at("stocktake.target-met").at("LAM-022") == "not_applicable");
}

// The register's dates make sense on the audit date, 31 March 2009: no entry updated after it, and
// none of Laming's before the report came out (12 March 2009).
void check_dates(const fs::path& council) {
    std::string err;
    auto db = sgaudit::data::Database::open(
        std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source("sqlite:" + council.string())), sgaudit::data::Access::read_only, err);
    REQUIRE_MESSAGE(db, err);
    const auto as_of = *sgaudit::Date::from_ymd(2009, 3, 31), laming = *sgaudit::Date::from_ymd(2009, 3, 12);
    std::size_t rows = 0;
    REQUIRE(db->query("SELECT entry_id, source, updated_date FROM sga_stocktake_entries", {}, [&](const sgaudit::Row& r) {
        ++rows;
        auto updated = sgaudit::Date::parse(r[2].to_string());
        INFO(r[0].to_string());
        REQUIRE(updated);
        CHECK(*updated <= as_of);
        if (r[1].to_string() == "laming-2009") CHECK(*updated >= laming);
        return sgaudit::Status::ok();
    }));
    CHECK(rows == 50);
}

}  // namespace

TEST_CASE("demo stocktake: the stocktake audits find exactly the lapses planted in the register (SQLite)") {
    auto dir = temp_dir("demo-stocktake");
    auto r = run_cli({"demo", "--out", dir.string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const json manifest = read_json(dir / "manifest.json"), report = read_json(dir / "report" / "report.json");
    for (const auto& [kind, ids] : kPlanted) {
        INFO(kind);
        REQUIRE(manifest["lapses"].contains(kind));
        CHECK(manifest["lapses"][kind].get<std::set<std::string>>() == ids);
        const std::string plugin = kind.rfind("laming_", 0) == 0 ? kLaming : kClimbie;
        CHECK(manifest["expected"][kind]["plugin"] == plugin);
        // The demo's summary: every one planted, judged and caught.
        const std::string n = std::to_string(ids.size()),
                          rule = plugin + " / " + manifest["expected"][kind]["rule"].get<std::string>() +
                                 (manifest["expected"][kind].contains("outcome") ? " (as error)" : "");
        std::regex row("\n    " + kind + " +" + std::regex_replace(rule, std::regex("[.()]"), "\\$&") + " +" + n + " +" + n + " +" + n + "\n");
        CHECK(std::regex_search(r.out, row));
    }
    CHECK(manifest["expected"]["laming_unknown_recommendation"]["outcome"] == "error");
    CHECK(manifest["rows"]["sga_stocktake_entries"] == 29 + 17 + 4);
    check_dates(dir / "council.db");
    check_stocktakes(report);
    CHECK(r.out.find("warning:") == std::string::npos);
}

TEST_CASE("demo stocktake: the same register audited in PostgreSQL finds the same lapses") {
    auto pg = pg_source("demo_stocktake");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("demo-stocktake-pg");
    auto built = run_cli({"demo", "--out", dir.string(), "--no-run", "--source", pg, "--replace"});
    REQUIRE_MESSAGE(built.code == 0, built.all());
    // The packs and the demo's overlay, as the demo's run names them.
    const std::string rules = std::string(SGAUDIT_SOURCE_DIR) + "/rules/";
    auto r = run_cli({"run", "stocktake", "--source", pg, "--as-of", "2009-03-31", "--no-history", "--format", "json", "--out",
                      (dir / "report").string(), "--rules", rules + "stocktake/climbie-2003.toml", "--rules",
                      rules + "demo/climbie-2003-local.toml", "--rules", rules + "stocktake/laming-2009.toml", "--rules",
                      rules + "stocktake/scr-example.toml"});
    INFO(r.all());
    REQUIRE((r.code == 0 || r.code == 1));
    check_stocktakes(read_json(dir / "report" / "report.json"));
}
