// Parameter declarations through the real executable: `rules check` and `rules show` on rule
// files, and `run --set`, with the values named in the issue (nan, inf, 1e308, 2147483648, 1.5,
// -1, a word that is not a choice, text where a number is meant). Every expected message and
// column is worked out by hand from the fixture text; none was copied from running the code.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

TEST_CASE("rules check: every parameter value the issue names is refused with file:line:column") {
    const std::string f = fixtures() + "/rules/bad-param-values.toml";
    auto r = run_cli({"rules", "check", f});
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.out.find(f + ": FAILED") != std::string::npos);
    // Each column is one more than the length of "name = { value = " on its line.
    for (const char* m : {
             ":8:19: error: parameter 'a_nan' must be whole number, found nan (not a number)",        // "a_nan = { value = " 18
             ":9:20: error: parameter 'an_inf' must be whole number, found inf (infinite)",           // "an_inf = { value = " 19
             ":10:18: error: parameter 'huge' must be from 0 to 10, found 1e+308",                     // "huge = { value = " 17
             ":11:24: error: parameter 'past_int32' must be from -2147483648 to 2147483647, found 2147483648",  // 23
             ":12:22: error: parameter 'fraction' must be whole number, found 1.5",                    // "fraction = { value = " 21
             ":13:23: error: parameter 'below_min' must be from 0 to 10, found -1",                    // "below_min = { value = " 22
             ":14:20: error: parameter 'judged' must be one of audit_date, plan_start, found 'bogus'",  // "judged = { value = " 19
             ":15:19: error: parameter 'words' must be whole number, found text 'two'",                // "words = { value = " 18
             ":16:18: error: parameter 'rate' must be a finite number, found nan (not a number)",      // "rate = { value = " 17
             ":17:1: error: parameter 'untyped' needs a type: add type = \"whole\"",                  // the name, column 1
         })
        CHECK_MESSAGE(r.err.find(f + m) != std::string::npos, m);

    // An overlay's value must fit the base pack's declaration (data-quality.toml line 12 declares
    // max_open_plans_per_child whole from 1 to 10). "max_open_plans_per_child = " is 27 characters.
    const std::string o = fixtures() + "/rules/bad-param-overlay.toml";
    auto overlay = run_cli({"rules", "check", o});
    INFO(overlay.all());
    CHECK(overlay.code == 2);
    CHECK(overlay.err.find(o + ":7:28: error: parameter 'max_open_plans_per_child' must be from 1 to 10, found 0 "
                               "(declared whole number from 1 to 10 at ") != std::string::npos);
    CHECK(overlay.err.find("data-quality.toml:12:1)") != std::string::npos);
}

TEST_CASE("rules check and rules show: the shipped rule sets declare every parameter") {
    const std::string rules = std::string(SGAUDIT_SOURCE_DIR) + "/rules/";
    auto dq = run_cli({"rules", "check", rules + "data-quality.toml"});
    CHECK_MESSAGE(dq.code == 0, dq.all());
    CHECK(dq.out.find("3 parameters)") != std::string::npos);
    auto cp = run_cli({"rules", "check", rules + "cp-under4.toml"});
    CHECK_MESSAGE(cp.code == 0, cp.all());
    CHECK(cp.out.find("16 parameters)") != std::string::npos);

    // cp-under4.toml line 11 declares under_age_years = { value = 4, type = "whole", min = 0, max = 25, ... }.
    auto show = run_cli({"rules", "show", "cp-under4"});
    REQUIRE_MESSAGE(show.code == 0, show.all());
    CHECK(show.out.find("  under_age_years = 4    [from ") != std::string::npos);
    CHECK(show.out.find("      whole number from 0 to 25, declared at ") != std::string::npos);
    CHECK(show.out.find("cp-under4.toml:11:1\n") != std::string::npos);
    CHECK(show.out.find("  age_judged_at = audit_date    [from ") != std::string::npos);
    CHECK(show.out.find("      one of audit_date, plan_start, declared at ") != std::string::npos);
    CHECK(show.out.find("      text, declared at ") != std::string::npos);  // allocated_role
}

TEST_CASE("run --set: a value outside the declaration stops the run before any data is read") {
    auto dir = temp_dir("param-set");
    auto src = sample_sqlite(dir);
    auto run = [&](const std::string& plugin, const std::string& set) {
        return run_cli({"run", plugin, "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--set", set});
    };
    // A good value runs, so the refusals below are the parameter's doing.
    auto good = run("cp-under4", "cp-under4.under_age_years=5");
    CHECK_MESSAGE(good.code == 0, good.all());
    fs::remove_all(dir / "out");

    const std::string under = " (declared whole number from 0 to 25 at ";
    struct Case {
        std::string plugin, set, message;
    };
    for (const Case& c : std::vector<Case>{
             {"cp-under4", "cp-under4.under_age_years=2147483648", "'under_age_years' must be from 0 to 25, found 2147483648" + under},
             {"cp-under4", "cp-under4.under_age_years=inf", "'under_age_years' must be whole number, found inf (infinite)" + under},
             {"cp-under4", "cp-under4.under_age_years=-1", "'under_age_years' must be from 0 to 25, found -1" + under},
             {"cp-under4", "cp-under4.under_age_years=1.5", "'under_age_years' must be whole number, found 1.5" + under},
             {"cp-under4", "cp-under4.under_age_years=1e308", "'under_age_years' must be from 0 to 25, found 1e+308" + under},
             {"cp-under4", "cp-under4.age_judged_at=bogus",
              "'age_judged_at' must be one of audit_date, plan_start, found 'bogus' (declared one of audit_date, plan_start at "},
             {"data-quality", "data-quality.max_open_plans_per_child=nan",
              "'max_open_plans_per_child' must be whole number, found nan (not a number) (declared whole number from 1 to 10 at "},
         }) {
        auto r = run(c.plugin, c.set);
        INFO(c.set << "\n" << r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find("--set: error: --set " + c.set + ": " + c.message) != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out" / "report.json"));
    }
}
