// Unit tests for parameter declarations (sgaudit/rules/parameter_spec.hpp and
// ruleset_parameters.hpp): every value -- in the pack that declares it, in an overlay, in a pack
// that extends it, or from --set -- is checked against its declared type and range, with the
// place it was written. Every expected message and column below is worked out by hand from the
// rule-file text in this file; none was copied from running the code.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/rules/parameter_spec.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"
#include "rule_file_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sgaudit;
using namespace sgaudit::rules;

fs::path test_dir() {
    static const fs::path dir = rule_files::fresh_folder("parameters-test");
    return dir;
}

std::string write(const std::string& name, const std::string& text) { return rule_files::write(test_dir(), name, text); }

// The base pack. [parameters] is line 6; the parameters are on lines 7 to 13, each starting in
// column 1, so a value's column is one more than the length of "name = { value = ".
const std::string kBase =
    "[ruleset]\n"
    "id = \"p\"\n"
    "version = \"1.0.0\"\n"
    "plugin = \"x\"\n"
    "\n"
    "[parameters]\n"
    "limit = { value = 1, type = \"whole\", min = 1, max = 10, description = \"open plans allowed\" }\n"  // 7
    "rate = { value = 0.5, type = \"number\", min = 0, max = 1 }\n"                                        // 8
    "judged = { value = \"audit_date\", type = \"choice\", choices = [\"audit_date\", \"plan_start\"] }\n"  // 9
    "role = { value = \"Allocated Case Worker\", type = \"text\" }\n"                                      // 10
    "since = { value = 2009-04-01, type = \"date\" }\n"                                                    // 11
    "strict = { value = true, type = \"flag\" }\n"                                                         // 12
    "count = { value = 7, type = \"whole\" }\n"                                                            // 13
    "\n"
    "[[rules]]\n"
    "id = \"p.open\"\n"
    "title = \"At most the allowed number of open plans\"\n"
    "severity = \"high\"\n"
    "subject = \"child\"\n"
    "check = { kind = \"expression\", expr = \"open_plans <= $limit\" }\n"
    "message = \"child {subject_id} has {open_plans} open plans\"\n"
    "action = \"Close the plans that have ended.\"\n";

// kBase with line `n` (from 1) replaced.
std::string with_line(int n, const std::string& line) { return rule_files::with_line(kBase, n, line); }

using rule_files::Loaded;

Loaded load(const std::string& file, const std::vector<std::string>& sets = {}, const std::vector<fs::path>& overlays = {}) {
    return rule_files::load(file, LoadOptions{{test_dir()}, overlays, sets, nullptr});
}

// The file every test writes its base pack to.
const std::string& p_toml() {
    static const std::string path = (test_dir() / "p.toml").string();
    return path;
}

// The single error from loading kBase with line `n` replaced.
std::string file_error(int n, const std::string& line) {
    write("p.toml", with_line(n, line));
    return load(p_toml()).only_error();
}

std::string base_file() { return write("p.toml", kBase); }

}  // namespace

TEST_CASE("parameters: a declared pack loads, and a whole number written 4.0 is the whole number 4") {
    auto l = load(base_file());
    REQUIRE_MESSAGE(l.rs.has_value(), l.diags.to_string());
    CHECK(l.diags.items().empty());
    const auto& p = l.rs->parameters;
    CHECK(p.at("limit").value == Value(1));
    CHECK(p.at("limit").spec.describe() == "whole number from 1 to 10");
    CHECK(p.at("rate").spec.describe() == "number from 0 to 1");
    CHECK(p.at("judged").spec.describe() == "one of audit_date, plan_start");
    CHECK(p.at("role").spec.describe() == "text");
    CHECK(p.at("since").value == Value(*Date::parse("2009-04-01")));
    CHECK(p.at("strict").value == Value(true));
    CHECK(p.at("count").spec.describe() == "whole number");
    CHECK(p.at("limit").spec.declared_at.line == 7);

    auto four = load(write("p.toml", with_line(7, "limit = { value = 4.0, type = \"whole\", min = 1, max = 10 }")));
    REQUIRE_MESSAGE(four.rs.has_value(), four.diags.to_string());
    CHECK(four.rs->parameters.at("limit").value.is_int());
    CHECK(four.rs->parameters.at("limit").value == Value(4));
}

namespace {

// One line of kBase replaced, and the single error it must give: after the file name,
// ":line:column: error: ...".
struct FileCase {
    int line;
    std::string text, expected;
};

void check_file_errors(const std::vector<FileCase>& cases) {
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(file_error(c.line, c.text) == p_toml() + c.expected);
    }
}

}  // namespace

TEST_CASE("parameters: a whole parameter in a rule file refuses nan, inf, 1e308, 2147483648, 1.5, -1 and text") {
    // "limit = { value = " is 18 characters: the value starts in column 19 of line 7.
    auto limit = [](const std::string& v) { return "limit = { value = " + v + ", type = \"whole\", min = 1, max = 10 }"; };
    const std::string at = ":7:19: error: parameter 'limit' must be ";
    check_file_errors({
        {7, limit("nan"), at + "whole number, found nan (not a number)"},
        {7, limit("inf"), at + "whole number, found inf (infinite)"},
        {7, limit("-inf"), at + "whole number, found -inf (infinite)"},
        {7, limit("1e308"), at + "from 1 to 10, found 1e+308"},
        {7, limit("2147483648"), at + "from 1 to 10, found 2147483648"},
        {7, limit("1.5"), at + "whole number, found 1.5"},
        {7, limit("-1"), at + "from 1 to 10, found -1"},
        {7, limit("0"), at + "from 1 to 10, found 0"},
        {7, limit("11"), at + "from 1 to 10, found 11"},
        {7, limit("\"two\""), at + "whole number, found text 'two'"},
        // Without min and max a whole number must still fit in 32 bits: 2^31 = 2147483648 does
        // not. "count = { value = " is also 18 characters.
        {13, "count = { value = 2147483648, type = \"whole\" }",
         ":13:19: error: parameter 'count' must be from -2147483648 to 2147483647, found 2147483648"},
        {13, "count = { value = -2147483649, type = \"whole\" }",
         ":13:19: error: parameter 'count' must be from -2147483648 to 2147483647, found -2147483649"},
    });
}

TEST_CASE("parameters: number, choice, text, date and flag values are checked against their type") {
    const std::string choices = ", type = \"choice\", choices = [\"audit_date\", \"plan_start\"] }";
    check_file_errors({
        // "rate = { value = " is 17 characters: column 18.
        {8, "rate = { value = nan, type = \"number\", min = 0, max = 1 }",
         ":8:18: error: parameter 'rate' must be a finite number, found nan (not a number)"},
        {8, "rate = { value = inf, type = \"number\" }", ":8:18: error: parameter 'rate' must be a finite number, found inf (infinite)"},
        {8, "rate = { value = 1.5, type = \"number\", min = 0, max = 1 }", ":8:18: error: parameter 'rate' must be from 0 to 1, found 1.5"},
        // "judged = { value = " is 19 characters: column 20.
        {9, "judged = { value = \"bogus\"" + choices,
         ":9:20: error: parameter 'judged' must be one of audit_date, plan_start, found 'bogus'"},
        {9, "judged = { value = \"plan-start\"" + choices,
         ":9:20: error: parameter 'judged' must be one of audit_date, plan_start, found 'plan-start' (did you mean 'plan_start'?)"},
        // "role = { value = " is 17 characters; "since = { value = " 18; "strict = { value = " 19.
        {10, "role = { value = 4, type = \"text\" }", ":10:18: error: parameter 'role' must be text, found whole number 4"},
        {11, "since = { value = \"2009-04-01\", type = \"date\" }",
         ":11:19: error: parameter 'since' must be date, found text '2009-04-01' (write a date without quotes: 2009-04-01)"},
        {12, "strict = { value = \"yes\", type = \"flag\" }", ":12:20: error: parameter 'strict' must be true/false, found text 'yes'"},
    });
}

TEST_CASE("parameters: a declaration needs a type, and its bounds and choices must make sense") {
    const std::string types = "types are whole, number, text, date, flag, choice";
    // "limit = { value = 1, " 21 + "type = \"whole\", " 16 + "min = 1, " 9 + "max = " 6 = 52: max's value is in column 53.
    const std::string head = "limit = { value = 1, type = \"whole\", min = ";
    check_file_errors({
        {7, "limit = { value = 1 }",
         ":7:1: error: parameter 'limit' needs a type: add type = \"whole\" (and min = ..., max = ... to bound it); " + types},
        {10, "role = { value = \"x\" }",
         ":10:1: error: parameter 'role' needs a type: add type = \"text\" (or type = \"choice\", choices = [...] if only some "
         "words are allowed); " + types},
        {7, "limit = 1",
         ":7:1: error: parameter 'limit' must be declared with its type: limit = { value = 1, type = \"whole\", description = \"...\" }"},
        // "limit = { value = 1, type = " is 28 characters: the type starts in column 29.
        {7, "limit = { value = 1, type = \"integer\" }",
         ":7:29: error: parameter 'limit' type must be one of whole, number, text, date, flag, choice, found 'integer'"},
        {7, "limit = { value = 1, type = \"Whole\" }",
         ":7:29: error: parameter 'limit' type must be one of whole, number, text, date, flag, choice, found 'Whole' (did you mean 'whole'?)"},
        {7, head + "1, max = 3000000000 }",
         ":7:53: error: parameter 'limit' max must be from -2147483648 to 2147483647, found 3000000000"},
        {7, head + "1, max = nan }", ":7:53: error: parameter 'limit' max must be whole number, found nan (not a number)"},
        {7, head + "1, max = 2.5 }", ":7:53: error: parameter 'limit' max must be whole number, found 2.5"},
        {7, head + "5, max = 2 }", ":7:53: error: parameter 'limit' max 2 is below its min 5"},
        // 21 + 16 = 37, then "choices = " 10 = 47: the list starts in column 48.
        {7, "limit = { value = 1, type = \"whole\", choices = [\"a\"] }",
         ":7:48: error: parameter 'limit' choices applies only to type = \"choice\""},
        {9, "judged = { value = \"audit_date\", type = \"choice\" }",
         ":9:1: error: parameter 'judged' of type choice needs choices = [\"...\", \"...\"] (the words it may be)"},
        // "role = { value = \"x\", " is 22 characters, "type = \"text\", " 15, "min = " 6: column 44.
        {10, "role = { value = \"x\", type = \"text\", min = 1 }",
         ":10:44: error: parameter 'role' min applies only to whole and number types"},
    });
}

TEST_CASE("parameters: an overlay or a pack that extends may change only the value, within the declaration") {
    const std::string base = base_file();
    const std::string declared = "(declared whole number from 1 to 10 at " + base + ":7:1)";
    auto overlay = [&](const std::string& line) {
        return write("local.toml", "[ruleset]\nid = \"local\"\nextends = \"p\"\n\n[parameters]\n" + line + "\n");
    };
    // Line 6 of the overlay; "limit = " is 8 characters, so a bare value is in column 9.
    const std::string o = overlay("limit = 2");
    auto ok = load(base, {}, {o});
    REQUIRE_MESSAGE(ok.rs.has_value(), ok.diags.to_string());
    CHECK(ok.rs->parameters.at("limit").value == Value(2));
    CHECK(ok.rs->parameters.at("limit").origin == o);
    CHECK(ok.rs->parameters.at("limit").defined_at.to_string() == o + ":6:9");
    CHECK(ok.rs->parameters.at("limit").description == "open plans allowed");  // kept from the base

    // Each error is from line 6 of the overlay.
    auto overlay_error = [&](const std::string& line) {  // the overlay is always local.toml, o
        overlay(line);
        return load(base, {}, {o}).only_error();
    };
    CHECK(overlay_error("limit = 11") == o + ":6:9: error: parameter 'limit' must be from 1 to 10, found 11 " + declared);
    CHECK(overlay_error("limit = nan") ==
          o + ":6:9: error: parameter 'limit' must be whole number, found nan (not a number) " + declared);
    // "limit = { value = 2, " is 21 characters, "max = " 6: column 28.
    CHECK(overlay_error("limit = { value = 2, max = 20 }") ==
          o + ":6:28: error: parameter 'limit' is declared at " + base +
              ":7:1 as whole number from 1 to 10; a pack that extends it or an overlay may change only its value, "
              "description and source, not its max");
    CHECK(overlay_error("extra = { value = 3, description = \"d\" }") ==
          o + ":6:1: error: parameter 'extra' needs a type: add type = \"whole\" (and min = ..., max = ... to bound it); "
              "types are whole, number, text, date, flag, choice");
    CHECK(overlay_error("limits = 3") ==
          o + ":6:1: error: unknown parameter 'limits' (did you mean 'limit'?); to add a new one declare it: "
              "limits = { value = 3, type = \"whole\", description = \"...\" }");
    auto added = load(base, {}, {overlay("extra = { value = 3, type = \"whole\", min = 0, max = 5 }")});
    REQUIRE_MESSAGE(added.rs.has_value(), added.diags.to_string());
    CHECK(added.rs->parameters.at("extra").spec.describe() == "whole number from 0 to 5");

    // The same through `extends`: the derived pack is loaded as the file itself.
    std::string derived = write("derived.toml", "[ruleset]\nid = \"derived\"\nextends = \"p\"\n\n[parameters]\nlimit = 1e308\n");
    CHECK(load(derived).only_error() == derived + ":6:9: error: parameter 'limit' must be from 1 to 10, found 1e+308 " + declared);
}

TEST_CASE("parameters: --set is checked against the declaration and names the argument") {
    const std::string base = base_file();
    const std::string declared = " (declared whole number from 1 to 10 at " + base + ":7:1)";
    auto set_error = [&](const std::string& set) { return load(base, {set}).only_error(); };
    CHECK(set_error("p.limit=nan") == "--set: error: --set p.limit=nan: 'limit' must be whole number, found nan (not a number)" + declared);
    CHECK(set_error("p.limit=inf") == "--set: error: --set p.limit=inf: 'limit' must be whole number, found inf (infinite)" + declared);
    CHECK(set_error("p.limit=1e308") == "--set: error: --set p.limit=1e308: 'limit' must be from 1 to 10, found 1e+308" + declared);
    CHECK(set_error("p.limit=2147483648") ==
          "--set: error: --set p.limit=2147483648: 'limit' must be from 1 to 10, found 2147483648" + declared);
    CHECK(set_error("p.limit=1.5") == "--set: error: --set p.limit=1.5: 'limit' must be whole number, found 1.5" + declared);
    CHECK(set_error("p.limit=-1") == "--set: error: --set p.limit=-1: 'limit' must be from 1 to 10, found -1" + declared);
    CHECK(set_error("p.limit=two") == "--set: error: --set p.limit=two: 'limit' must be whole number, found text 'two'" + declared);
    CHECK(set_error("p.rate=nan") == "--set: error: --set p.rate=nan: 'rate' must be a finite number, found nan (not a number) "
                                     "(declared number from 0 to 1 at " + base + ":8:1)");
    CHECK(set_error("p.judged=bogus") == "--set: error: --set p.judged=bogus: 'judged' must be one of audit_date, plan_start, "
                                         "found 'bogus' (declared one of audit_date, plan_start at " + base + ":9:1)");

    auto ok = load(base, {"p.limit=4.0", "role=4", "p.judged=plan_start", "p.since=2009-05-01", "p.strict=false", "other.limit=nan"});
    REQUIRE_MESSAGE(ok.rs.has_value(), ok.diags.to_string());
    const auto& p = ok.rs->parameters;
    CHECK(p.at("limit").value == Value(4));  // 4.0 is the whole number 4
    CHECK(p.at("limit").origin == "--set");
    CHECK(p.at("role").value == Value("4"));  // a text parameter takes what was typed
    CHECK(p.at("judged").value == Value("plan_start"));
    CHECK(p.at("since").value == Value(*Date::parse("2009-05-01")));
    CHECK(p.at("strict").value == Value(false));
    // "other.limit=nan" is for another rule set: not applied, not an error, not recorded.
    CHECK(ok.rs->overrides == std::vector<std::string>{"p.limit=4", "p.role=4", "p.judged=plan_start", "p.since=2009-05-01",
                                                       "p.strict=false"});
}

TEST_CASE("parameters: the shipped rule sets load with declared types, and refuse the issue's --set values") {
    const fs::path rules = fs::path(SGAUDIT_SOURCE_DIR) / "rules";
    auto shipped = [&](const char* file, const std::vector<std::string>& sets = {},
                       const std::vector<fs::path>& overlays = {}) {
        Loaded l;
        l.rs = load_ruleset(rules / file, LoadOptions{{rules}, overlays, sets, nullptr}, l.diags);
        return l;
    };
    auto dq = shipped("data-quality.toml");
    REQUIRE_MESSAGE(dq.rs.has_value(), dq.diags.to_string());
    CHECK(dq.rs->parameters.size() == 3);  // with unborn_grace_days
    CHECK(dq.rs->parameters.at("max_open_plans_per_child").value == Value(1));
    CHECK(dq.rs->parameters.at("max_open_plans_per_child").spec.describe() == "whole number from 1 to 10");
    CHECK(dq.rs->parameters.at("allocated_role").spec.type == ParamType::text);

    auto cp = shipped("cp-under4.toml");
    REQUIRE_MESSAGE(cp.rs.has_value(), cp.diags.to_string());
    CHECK(cp.rs->parameters.size() == 16);  // with unborn_grace_days and qualified_rule
    CHECK(cp.rs->parameters.at("under_age_years").value == Value(4));
    CHECK(cp.rs->parameters.at("under_age_years").spec.describe() == "whole number from 0 to 25");
    CHECK(cp.rs->parameters.at("age_judged_at").value == Value("audit_date"));
    CHECK(cp.rs->parameters.at("age_judged_at").spec.describe() == "one of audit_date, plan_start");
    CHECK(cp.rs->parameters.at("icpc_working_days").value == Value(15));
    CHECK(cp.rs->parameters.at("review_interval_months").value == Value(6));
    for (const auto& [name, p] : cp.rs->parameters) CHECK_MESSAGE(p.spec.declared_at.line > 0, name);

    auto local = shipped("data-quality.toml", {}, {fs::path(SGAUDIT_SOURCE_DIR) / "tests/fixtures/overlays/dq-local.toml"});
    REQUIRE_MESSAGE(local.rs.has_value(), local.diags.to_string());
    CHECK(local.rs->parameters.at("max_open_plans_per_child").value == Value(2));

    for (const char* set : {"cp-under4.under_age_years=2147483648", "cp-under4.under_age_years=inf", "cp-under4.under_age_years=-1",
                            "cp-under4.age_judged_at=bogus"}) {
        auto bad = shipped("cp-under4.toml", {set});
        CHECK_MESSAGE(!bad.rs.has_value(), set);
        REQUIRE(bad.diags.items().size() == 1);
        CHECK(bad.diags.items()[0].message.rfind(std::string("--set ") + set + ": ", 0) == 0);
    }
    auto nan = shipped("data-quality.toml", {"data-quality.max_open_plans_per_child=nan"});
    CHECK_FALSE(nan.rs.has_value());
}

namespace {

struct Collect : ResultSink {
    std::vector<Result> results;
    void add(Result&& r) override { results.push_back(std::move(r)); }
};

Outcome open_plans_outcome(const RuleSet& rs, const Value& open_plans) {
    WorkingCalendar cal("none", {}, *Date::parse("2000-01-01"), *Date::parse("2030-12-31"));
    RuleEngine engine("x", rs, cal, *Date::parse("2009-03-31"), nullptr, nullptr);
    Facts facts;
    facts.set("open_plans", open_plans);
    Collect sink;
    engine.evaluate(Subject{"child", "C1", "C1", "", "", ""}, facts, sink);
    REQUIRE(sink.results.size() == 1);
    return sink.results[0].outcome;
}

}  // namespace

TEST_CASE("parameters: a comparison with nan from the data is an error, never a pass") {
    auto l = load(base_file());
    REQUIRE(l.rs.has_value());
    // p.open: open_plans <= $limit, with limit = 1.
    CHECK(open_plans_outcome(*l.rs, Value(1)) == Outcome::pass);
    CHECK(open_plans_outcome(*l.rs, Value(2)) == Outcome::fail);
    CHECK(open_plans_outcome(*l.rs, Value(std::nan(""))) == Outcome::error);  // nan <= 1 was true before
    CHECK(open_plans_outcome(*l.rs, Value(HUGE_VAL)) == Outcome::error);
}
