// Rule-set lists end to end: the test-lists plugin (tests/plugins/lists.cpp) declares the
// `standards` list it reads and reports what it read, one subject per record in the order it was
// handed them. Its pack (tests/fixtures/rules/test-lists.toml) has S1, S2, S3 with orders 1, 2, 3;
// the overlay tests/fixtures/lists/local-standards.toml removes S2, renames S3 "Safer
// recruitment" and adds S9 "Supervision", order 9. So the plugin must read S1, S3, S9 in that
// order: S1 stands in position 1 (its order, pass), S3 in position 2 and S9 in 3 (fail).
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/history/history_store.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

std::string overlay() { return fixtures() + "/lists/local-standards.toml"; }

// An empty case database: the plugin reads only its rule set.
std::string empty_source(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "empty.db").string();
    if (run_cli({"db", "init", "--source", src}).code != 0) throw std::runtime_error("db init failed");
    return src;
}

// What the report says the plugin read: "S1 pass |", "S3 fail | S3 'Safer recruitment' has ...".
std::vector<std::string> results_of(const json& report) {
    std::vector<std::string> out;
    for (const auto& r : report["results"])
        out.push_back(r["subject"]["id"].get<std::string>() + " " + r["outcome"].get<std::string>() + " | " +
                      r["message"].get<std::string>());
    return out;
}

void check_what_was_read(const json& report) {
    CHECK(results_of(report) == std::vector<std::string>{
                                    "S1 pass | ",
                                    "S3 fail | S3 'Safer recruitment' has order 3 but came in position 2",
                                    "S9 fail | S9 'Supervision' has order 9 but came in position 3",
                                });
    REQUIRE(report["sections"].size() == 1);
    const json& read = report["sections"][0];
    CHECK(read["text"] == "key code; 3 records; unknown list absent");
    CHECK(read["table"]["rows"] == json::array({json::array({"S1", "Senior management commitment", "1"}),
                                                 json::array({"S3", "Safer recruitment", "3"}),
                                                 json::array({"S9", "Supervision", "9"})}));
}

}  // namespace

TEST_CASE("lists: test-lists reads its list after an overlay, in a worker and in-process") {
    auto dir = temp_dir("lists-run");
    auto src = empty_source(dir);
    for (const char* mode : {"worker", "in-process"}) {
        INFO(mode);
        std::vector<std::string> args{"run", "test-lists", "--rules", overlay(), "--source", src, "--as-of", "2009-03-31",
                                      "--no-history", "--format", "json", "--out", (dir / mode).string()};
        if (std::string(mode) == "in-process") args.push_back("--in-process");
        auto r = run_cli(with_test_plugins(args));
        INFO(r.all());
        REQUIRE(r.code == 0);
        check_what_was_read(read_json(dir / mode / "report.json"));
    }
}

TEST_CASE("lists: rules show prints every item in order with where it and each changed value were written") {
    auto r = run_cli(with_test_plugins({"rules", "show", "test-lists", "--rules", overlay()}));
    INFO(r.all());
    REQUIRE(r.code == 0);
    const std::string base = fixtures() + "/rules/test-lists.toml", local = overlay();
    // [lists.standards] is line 7 of the pack, its items lines 11 to 13 ("  { code = " puts the key
    // in column 12); the overlay's S3 title is line 11 ("title = ", column 9), its S9 code line 14.
    const std::string expected = "\nLists:\n"
                                 "  standards (key code; 3 items), declared at " + base + ":7:8\n"
                                 "      fields: code text, title text, order whole number\n"
                                 "    S1: title = Senior management commitment; order = 1\n"
                                 "        from " + base + ":11:12\n"
                                 "    S3: title = Safer recruitment; order = 3\n"
                                 "        from " + base + ":13:12; title from " + local + ":11:9\n"
                                 "    S9: title = Supervision; order = 9\n"
                                 "        from " + local + ":14:8\n"
                                 "\nRules (1):\n";
    CHECK(r.out.find(expected) != std::string::npos);
    auto check = run_cli(with_test_plugins({"rules", "check", fixtures() + "/rules/test-lists.toml", overlay()}));
    CHECK(check.code == 0);
    CHECK(check.out == base + ": ok (1 rules, 0 parameters, 1 list)\n" + local + ": ok (1 rules, 0 parameters, 1 list)\n");
}

TEST_CASE("lists: a rule set without the list a plugin reads, or with a field of another type, is refused by rules check and run") {
    auto dir = temp_dir("lists-refused");
    auto src = empty_source(dir);
    const std::string missing = fixtures() + "/lists/no-standards.toml", as_text = fixtures() + "/lists/order-as-text.toml";
    const std::string missing_error =
        missing + ":1:1: error: plugin 'test-lists' reads list 'standards', which rule set 'no-standards' does not have: "
                  "declare [lists.standards] with a key and the fields code (text), title (text), order (whole)\n";
    // order-as-text.toml line 8: "fields = { code = \"text\", title = \"text\", " is 42 characters.
    const std::string type_error =
        as_text + ":8:43: error: plugin 'test-lists' reads list 'standards' field 'order' as whole, but the rule set declares it text\n";
    for (const auto& [file, error] : {std::pair{missing, missing_error}, std::pair{as_text, type_error}}) {
        INFO(file);
        auto check = run_cli(with_test_plugins({"rules", "check", file}));
        CHECK(check.code == 2);
        CHECK(check.err == error);
        CHECK(check.out == file + ": FAILED\n");

        auto run = run_cli(with_test_plugins({"run", "test-lists", "--rules", file, "--source", src, "--as-of", "2009-03-31",
                                              "--no-history", "--out", (dir / "out").string()}));
        CHECK(run.code == 2);
        CHECK(run.err.find(error) != std::string::npos);
        CHECK(run.err.find("nothing was run") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out" / "report.json"));
    }
}

TEST_CASE("plugins: a plugin built against the SDK before lists is refused, saying what differs and what to do") {
    auto r = run_cli(with_test_plugins({"plugins"}));
    INFO(r.all());
    REQUIRE(r.code == 0);
    const std::string file = std::string(SGAUDIT_TEST_PLUGIN_DIR) + "/sgaudit-test-old-sdk.so";
    auto at = r.out.find("refused plugin " + file + " ('test-old-sdk'):\n  - C++ runtime and SDK layout: expected '");
    REQUIRE(at != std::string::npos);
    auto found = r.out.find("', found '", at), end = r.out.find("'\nWhat to do: rebuild the plugin against this sgaudit's SDK", at);
    REQUIRE(found < end);
    REQUIRE(end != std::string::npos);
    // The host's signature names the interface with lists; the old plugin's has no interface at all.
    const std::string expected = r.out.substr(at, found - at), old = r.out.substr(found, end - found);
    CHECK(expected.find(" sdk-interface=6 ") != std::string::npos);  // 6: Measure on results, Context::years and explain
    CHECK(old.find("sdk-interface") == std::string::npos);
    // That is the only reason: nothing after it but what to do.
    CHECK(old.find("\n") == std::string::npos);
    CHECK(r.out.find("test-lists 1.0.0  ABI 1  rule sets: test-lists") != std::string::npos);
}

TEST_CASE("lists: the history keeps the lists of a run's rule set, and re-renders the run identically") {
    auto dir = temp_dir("lists-history");
    auto src = empty_source(dir);
    const std::string history = "sqlite:" + (dir / "h.db").string();
    auto r = run_cli(with_test_plugins({"run", "test-lists", "--rules", overlay(), "--source", src, "--as-of", "2009-03-31",
                                        "--history", history, "--format", "json", "--out", (dir / "first").string()}));
    INFO(r.all());
    REQUIRE(r.code == 0);

    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(history));
    auto store = sgaudit::history::HistoryStore::open(spec, sgaudit::history::HistoryStore::Mode::existing, err);
    REQUIRE_MESSAGE(store, err);
    sgaudit::history::StoredRun stored;
    REQUIRE(store->open_run("latest", stored).is_ok());
    REQUIRE(stored.run.plugins.size() == 1);
    const auto& lists = stored.run.plugins[0].ruleset.lists;
    REQUIRE(lists.count("standards") == 1);
    const auto& standards = lists.at("standards");
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < standards.data.records.size(); ++i)
        kept.push_back(standards.data.records[i]["code"].to_string() + " " + standards.data.records[i]["title"].to_string() + " " +
                       standards.data.records[i]["order"].to_string() + " from " + standards.origins[i].defined_at.to_string());
    const std::string base = fixtures() + "/rules/test-lists.toml";
    CHECK(kept == std::vector<std::string>{"S1 Senior management commitment 1 from " + base + ":11:12",
                                           "S3 Safer recruitment 3 from " + base + ":13:12",
                                           "S9 Supervision 9 from " + overlay() + ":14:8"});
    CHECK(standards.origins[1].set_at.at("title").to_string() == overlay() + ":11:9");

    auto again = run_cli({"report", "latest", "--history", history, "--format", "json", "--out", (dir / "again").string()});
    INFO(again.all());
    REQUIRE(again.code == 0);
    CHECK(slurp(dir / "again" / "report.json") == slurp(dir / "first" / "report.json"));
}
