// The demo's story on its own: the lapse map read and checked, every planted kind required to
// have a catcher, and the summary counting only the planted lapses of audits that ran.
#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>
#include <regex>

#include "sgaudit/demo/planted_lapses.hpp"

using namespace sgaudit;

namespace {

demo::Catcher rule_of(const std::string& plugin, const std::string& rule, const std::string& judges = "") {
    return {plugin, rule, judges, "", ""};
}

Result result(const std::string& plugin, const std::string& rule, const std::string& id, Outcome o) {
    Result r;
    r.plugin = plugin;
    r.rule = rule;
    r.subject = {"plan", id, "", "", "", ""};
    r.outcome = o;
    return r;
}

rules::RuleSet rules_of(std::vector<std::pair<std::string, bool>> ids) {
    rules::RuleSet rs;
    for (const auto& [id, enabled] : ids) {
        rules::Rule r;
        r.id = id;
        r.enabled = enabled;
        rs.rules.push_back(r);
    }
    return rs;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    auto p = std::filesystem::temp_directory_path() / ("sgaudit-unit-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(p) << text;
    return p;
}

// The problems load_catchers finds in a lapse map holding `text`, one a line; `loaded` says
// whether it gave a map.
std::string lapse_map_problems(const std::string& name, const std::string& text, bool& loaded) {
    auto file = write_temp(name, text);
    rules::Diagnostics diags;
    loaded = demo::load_catchers(file, diags).has_value();
    std::filesystem::remove(file);
    std::string all;
    for (const auto& d : diags.items()) all += d.to_string() + "\n";
    return all;
}

}  // namespace

TEST_CASE("demo story: the summary counts only the planted lapses of audits that ran, and names the rest") {
    demo::Manifest m;
    m.lapses = {{"late_a", {"P1", "P2", "P3"}}, {"dq_b", {"R1", "R2"}}, {"late_c", {"P4"}},
                {"gone_d", {"X1", "X2"}},       {"later_e", {"Q1", "Q2", "Q3", "Q4"}}, {"crash_f", {"C1"}}};
    m.expected = {{"late_a", rule_of("cp", "cp.a", "young children's plans")},
                  {"dq_b", rule_of("dq", "dq.b")},
                  {"late_c", rule_of("cp", "cp.c")},
                  {"gone_d", rule_of("absent", "ab.d")},
                  {"later_e", {"", "", "", "the case-file audit", ""}},
                  {"crash_f", rule_of("crashy", "cr.f")}};
    demo::PlantedCheck check(m);
    check.plugin_started("cp", rules_of({{"cp.a", true}, {"cp.c", false}}));
    check.add(result("cp", "cp.a", "P1", Outcome::fail));   // caught
    check.add(result("cp", "cp.a", "P2", Outcome::pass));   // judged, missed
    check.add(result("cp", "cp.a", "P9", Outcome::fail));   // not planted: not counted
    check.add(result("cp", "cp.b", "P3", Outcome::fail));   // another rule: P3 is not judged by cp.a
    check.plugin_ended("cp", true);
    check.plugin_started("dq", rules_of({{"dq.b", true}}));
    check.add(result("dq", "dq.b", "R1", Outcome::fail));
    check.add(result("dq", "dq.b", "R2", Outcome::waived));  // a waiver explains it; it was still caught
    check.plugin_ended("dq", true);
    check.plugin_started("crashy", rules_of({{"cr.f", true}}));
    check.add(result("crashy", "cr.f", "C1", Outcome::fail));
    check.plugin_ended("crashy", false);

    // Ran: late_a (3 planted, P1 and P2 judged, P1 caught) and dq_b (2, 2, 2): 5 planted, 4 judged, 3 caught.
    // Did not run: crash_f 1 (incomplete), gone_d 2 (no such plugin), late_c 1 (rule disabled): 4.
    // Not built: later_e 4.
    std::string s = check.summary();
    INFO(s);
    CHECK(s.rfind("Planted lapses (manifest.json lists each one, with the rule expected to catch it):\n"
                  "  5 for the audits that ran, 4 of them on subjects those audits judge: 3 caught.\n", 0) == 0);
    CHECK(std::regex_search(s, std::regex("\n    late_a +cp / cp\\.a +3 +2 +1\n    dq_b +dq / dq\\.b +2 +2 +2\n")));
    CHECK(s.find("  cp judges only young children's plans; lapses planted on other subjects are outside that audit.\n") != std::string::npos);
    CHECK(s.find("  4 wait for audits that did not run:\n"
                 "    crash_f 1: crashy did not complete\n"
                 "    gone_d 2: absent did not run (not found, or skipped)\n"
                 "    late_c 1: cp.c is not among cp's enabled rules\n"
                 "  4 wait for audits not built yet:\n"
                 "    later_e 4, for the case-file audit\n") != std::string::npos);
    CHECK(s.find("  warning: 1 late_a lapse(s) judged by cp.a were not caught") != std::string::npos);
    CHECK(s.find("dq_b lapse(s)") == std::string::npos);
}

TEST_CASE("demo story: with no audit run, nothing is counted as for an audit that ran") {
    demo::Manifest m;
    m.lapses = {{"late_a", {"P1"}}};
    m.expected = {{"late_a", rule_of("cp", "cp.a")}};
    demo::PlantedCheck check(m);
    std::string s = check.summary();
    CHECK(s.find("  none for the audits that ran\n  1 wait for audits that did not run:\n    late_a 1: cp did not run") != std::string::npos);
}

TEST_CASE("demo story: a planted kind the lapse map leaves out is an error naming it") {
    demo::Manifest m;
    m.lapses = {{"late_a", {"P1"}}, {"new_kind", {"P2"}}, {"newer_kind", {"P3"}}};
    demo::Catchers catchers{{"late_a", rule_of("cp", "cp.a")}, {"never_planted", rule_of("cp", "cp.z")}};
    Status st = demo::expect_catchers(m, catchers, "lapses.toml");
    REQUIRE(!st);
    CHECK(st.message().find("lapses.toml does not map to an audit: new_kind, newer_kind.") != std::string::npos);
    CHECK(m.expected.count("late_a") == 1);
    CHECK(m.expected.count("never_planted") == 0);  // only planted kinds go in the manifest

    m.lapses.erase("new_kind");
    m.lapses.erase("newer_kind");
    CHECK(demo::expect_catchers(m, catchers, "lapses.toml"));
}

TEST_CASE("demo story: the lapse map is checked, each problem at its line") {
    bool loaded = true;
    std::string all = lapse_map_problems("lapses.toml",
                                         "[lapse.a]\n"                                      // 1
                                         "plugin = \"cp\"\nrule = \"cp.a\"\n"               // 2-3
                                         "[lapse.b]\n"                                      // 4
                                         "plugin = \"cp\"\nrule = \"cp.b\"\nawaits = \"x\"\n"  // 5-7: both
                                         "[lapse.c]\n"                                      // 8
                                         "plugn = \"cp\"\n"                                 // 9: a typo
                                         "[lapse.d]\n"                                      // 10
                                         "awaits = 3\n"                                     // 11: not text
                                         "[lapse.e]\n"                                      // 12
                                         "plugin = \"cp\"\n"                               // 13: no rule
                                         "[other]\n", loaded);                              // 14: not a lapse
    CHECK(!loaded);
    INFO(all);
    CHECK(all.find(":4:1: error: [lapse.b] has both a rule and awaits") != std::string::npos);
    CHECK(all.find(":9:9: error: unknown key 'plugn' in [lapse.c] (did you mean 'plugin'?)") != std::string::npos);
    CHECK(all.find(":8:1: error: [lapse.c] needs plugin and rule (the rule expected to catch it) or awaits") != std::string::npos);
    CHECK(all.find(":11:10: error: [lapse.d] awaits must be text in quotes, not empty") != std::string::npos);
    CHECK(all.find(":12:1: error: [lapse.e] needs both plugin and rule") != std::string::npos);
    CHECK(all.find(":14:1: error: unknown key 'other'") != std::string::npos);
    CHECK(all.find("[lapse.a]") == std::string::npos);

    rules::Diagnostics shipped_diags;
    auto shipped = demo::load_catchers(std::filesystem::path(SGAUDIT_SOURCE_DIR) / "rules" / "demo" / "lapses.toml", shipped_diags);
    REQUIRE(shipped);
    CHECK(shipped_diags.items().empty());
    CHECK(shipped->at("late_first_review").plugin == "cp-under4");
    CHECK(shipped->at("late_first_review").rule == "cp4.first-review");
    CHECK(!shipped->at("late_initial_assessment").built());
}

TEST_CASE("demo story: a planted data error is caught by an error, and only by one") {
    demo::Manifest m;
    m.lapses = {{"bad_figure", {"O1", "O2", "O3"}}, {"low_figure", {"O4", "O5"}}};
    demo::Catcher by_error = rule_of("s11", "s11.coverage");
    by_error.outcome = "error";
    m.expected = {{"bad_figure", by_error}, {"low_figure", rule_of("s11", "s11.coverage")}};
    demo::PlantedCheck check(m);
    check.plugin_started("s11", rules_of({{"s11.coverage", true}}));
    check.add(result("s11", "s11.coverage", "O1", Outcome::error));  // caught: the data error reported
    check.add(result("s11", "s11.coverage", "O2", Outcome::fail));   // judged as a real figure: not caught
    check.add(result("s11", "s11.coverage", "O4", Outcome::fail));   // caught
    check.add(result("s11", "s11.coverage", "O5", Outcome::error));  // could not be judged
    check.plugin_ended("s11", true);
    CHECK(check.tally("bad_figure").caught == std::set<std::string>{"O1"});
    CHECK(check.tally("low_figure").caught == std::set<std::string>{"O4"});
    std::string s = check.summary();
    INFO(s);
    CHECK(s.find("  5 for the audits that ran, 4 of them on subjects those audits judge: 2 caught.\n") != std::string::npos);
    CHECK(std::regex_search(s, std::regex("\n    bad_figure +s11 / s11\\.coverage \\(as error\\) +3 +2 +1\n")));
    CHECK(std::regex_search(s, std::regex("\n    low_figure +s11 / s11\\.coverage +2 +2 +1\n")));
    CHECK(s.find("  warning: 1 bad_figure lapse(s) judged by s11.coverage were not caught (it did not report them as data errors)") !=
          std::string::npos);
    CHECK(s.find("  note: 1 low_figure lapse(s) could not be judged by s11.coverage\n") != std::string::npos);
    CHECK(s.find("note: 1 bad_figure") == std::string::npos);
}

TEST_CASE("demo story: outcome in the lapse map is fail or error, with a rule") {
    bool loaded = true;
    std::string all = lapse_map_problems("lapses-outcome.toml",
                                         "[lapse.a]\n"                                                 // 1
                                         "plugin = \"s11\"\nrule = \"s11.a\"\noutcome = \"error\"\n"   // 2-4
                                         "[lapse.b]\n"                                                 // 5
                                         "plugin = \"s11\"\nrule = \"s11.b\"\noutcome = \"fail\"\n"    // 6-8
                                         "[lapse.c]\n"                                                 // 9
                                         "plugin = \"s11\"\nrule = \"s11.c\"\noutcome = \"errors\"\n"  // 10-12: not an outcome
                                         "[lapse.d]\n"                                                 // 13
                                         "awaits = \"x\"\noutcome = \"error\"\n", loaded);             // 14-15: no rule
    CHECK(!loaded);
    INFO(all);
    CHECK(all.find(":12:11: error: [lapse.c] outcome must be \"fail\" (a failure, the default) or \"error\"") != std::string::npos);
    CHECK(all.find(":13:1: error: [lapse.d] has outcome without a plugin and rule") != std::string::npos);
    CHECK(all.find("[lapse.a]") == std::string::npos);
    CHECK(all.find("[lapse.b]") == std::string::npos);

    rules::Diagnostics shipped_diags;
    auto shipped = demo::load_catchers(std::filesystem::path(SGAUDIT_SOURCE_DIR) / "rules" / "demo" / "lapses.toml", shipped_diags);
    REQUIRE(shipped);
    CHECK(shipped->at("s11_trained_above_contact").by_error());
    CHECK(shipped->at("s11_unknown_standard").by_error());
    CHECK(!shipped->at("s11_training_under_threshold").by_error());
    CHECK(shipped->at("s11_training_under_threshold").outcome.empty());
}

TEST_CASE("demo story: a long rule name widens the rule column, and the counts stay in their columns") {
    // "stocktake/climbie-2003 / stocktake.known-recommendation (as error)" is 66 characters, more
    // than the column's 52: every row's counts end where the header's "caught" ends.
    demo::Manifest m;
    m.lapses = {{"short_kind", {"P1"}}, {"long_kind", {"E1"}}};
    m.expected = {{"short_kind", rule_of("cp", "cp.a")}, {"long_kind", {"stocktake/climbie-2003", "stocktake.known-recommendation", "", "", "error"}}};
    demo::PlantedCheck check(m);
    check.plugin_started("cp", rules_of({{"cp.a", true}}));
    check.plugin_started("stocktake/climbie-2003", rules_of({{"stocktake.known-recommendation", true}}));
    check.add(result("cp", "cp.a", "P1", Outcome::fail));
    check.add(result("stocktake/climbie-2003", "stocktake.known-recommendation", "E1", Outcome::error));
    check.plugin_ended("cp", true);
    check.plugin_ended("stocktake/climbie-2003", true);
    std::string s = check.summary();
    INFO(s);
    std::vector<std::size_t> ends;  // where each table line ends
    for (std::size_t at = s.find("\n    "); at != std::string::npos; at = s.find("\n    ", at + 1))
        ends.push_back(s.find('\n', at + 1) - at);
    REQUIRE(ends.size() == 3);  // the header and two rows
    CHECK(ends[0] == 4 + 36 + 1 + 66 + 3 * 8 + 1);
    CHECK(ends[1] == ends[0]);
    CHECK(ends[2] == ends[0]);
    CHECK(s.find("    long_kind                            stocktake/climbie-2003 / stocktake.known-recommendation (as error)       1       1       1\n") !=
          std::string::npos);
}
