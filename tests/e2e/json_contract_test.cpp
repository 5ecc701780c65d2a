// The JSON report against its contract (docs/report-json.md), on a run with passes,
// failures, not-applicables, waivers and a failed plugin.
#include <set>

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

TEST_CASE("json: the report follows sgaudit-report/1") {
    auto dir = temp_dir("json-contract");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "data-quality",
                      "test-fails", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--waivers",
                      fixtures() + "/waivers/current.toml", "--format", "json"});
    INFO(r.all());
    CHECK(r.code == 3);  // test-fails did not complete
    auto j = read_json(dir / "out" / "report.json");

    CHECK(j["format"] == "sgaudit-report/1");
    CHECK(j["tool"] == json{{"name", "sgaudit"}, {"version", "0.1.0"}});
    for (const char* k : {"id", "started_at", "finished_at", "as_of", "source"}) CHECK_MESSAGE(j["run"][k].is_string(), k);
    CHECK(j["run"]["period"] == json{{"start", "2008-04-01"}, {"end", "2009-03-31"}});

    std::set<std::string> statuses{"ok", "failed", "skipped", "crashed", "timed_out"};
    REQUIRE(j["plugins"].size() == 2);
    for (const auto& p : j["plugins"]) {
        CHECK(statuses.count(p["status"].get<std::string>()));
        CHECK((p["status"] == "ok") == p["error"].is_null());
    }
    for (const auto& rs : j["rulesets"]) {
        CHECK(rs["id"].is_string());
        CHECK(rs["version"].is_string());
        CHECK(rs["parameters"].is_object());
        CHECK(rs["overrides"].is_array());
        for (const auto& f : rs["files"]) CHECK(f["sha256"].get<std::string>().size() == 64);
    }

    std::set<std::string> outcomes{"pass", "fail", "not_applicable", "waived", "error"};
    std::map<std::string, std::map<std::string, int>> counted;
    for (const auto& res : j["results"]) {
        CHECK(res["plugin"].is_string());
        CHECK(res["rule"].is_string());
        CHECK(res["severity"].is_string());
        CHECK(res["subject"]["kind"].is_string());
        CHECK(!res["subject"]["id"].get<std::string>().empty());
        CHECK(res["evidence"].is_object());
        std::string o = res["outcome"];
        CHECK(outcomes.count(o));
        CHECK((o == "waived") == res.contains("waiver"));
        if (o == "waived")
            for (const char* k : {"justification", "approver", "expires"}) CHECK(res["waiver"][k].is_string());
        ++counted[res["rule"].get<std::string>()][o];
    }
    // rule_summary agrees with the results listed (all are listed: --results all).
    json totals = {{"pass", 0}, {"fail", 0}, {"not_applicable", 0}, {"waived", 0}, {"error", 0}};
    for (const auto& s : j["rule_summary"]) {
        std::string rule = s["rule"];
        int sum = 0;
        for (const auto& o : outcomes) {
            CHECK(s[o] == counted[rule][o]);
            sum += s[o].get<int>();
            totals[o] = totals[o].get<int>() + s[o].get<int>();
        }
        CHECK(s["evaluated"] == sum);
    }
    CHECK(j["summary"] == totals);
    // One waived result (P004), one expired waiver listed.
    CHECK(j["summary"]["waived"] == 1);
    CHECK(j["expired_waivers"].size() == 1);
}
