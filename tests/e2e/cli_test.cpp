// The command line end to end: exit codes, refusals, rule-file checking, CSV import.
#include <set>
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

TEST_CASE("cli: --version, --help on subcommands, usage errors exit 2") {
    auto v = run_cli({"--version"});
    CHECK(v.code == 0);
    CHECK(v.out.find("sgaudit 0.1.0") != std::string::npos);
    for (auto sub : {"run", "plugins", "db", "rules"}) {
        auto h = run_cli({sub, "--help"});
        CHECK_MESSAGE(h.code == 0, sub);
        CHECK(h.out.find("Usage") != std::string::npos);
    }
    CHECK(run_cli({"run", "--no-such-flag"}).code == 2);
    CHECK(run_cli({}).code == 2);
    auto date = run_cli({"run", "--as-of", "31/03/2009"});
    CHECK(date.code == 2);
    CHECK(date.err.find("--as-of '31/03/2009' is not a date; write YYYY-MM-DD") != std::string::npos);
    auto unknown = run_cli({"run", "no-such-plugin", "--source", "sqlite:/nonexistent.db"});
    CHECK(unknown.code == 2);
    CHECK(unknown.err.find("no plugin named 'no-such-plugin' was found (found: case-audit, cp-under4, data-quality, indicators, section11, stocktake)") != std::string::npos);
}

TEST_CASE("cli: a password in --source is refused and never echoed") {
    auto r = run_cli({"run", "--source", "postgresql://auditor:s3cret@db.example/ssd"});
    CHECK(r.code == 2);
    CHECK(r.err.find("contains a password") != std::string::npos);
    CHECK(r.err.find("PGPASSWORD") != std::string::npos);
    CHECK(r.all().find("s3cret") == std::string::npos);
    auto q = run_cli({"run", "--source", "postgresql://db.example/ssd?password=s3cret"});
    CHECK(q.code == 2);
    CHECK(q.all().find("s3cret") == std::string::npos);
}

TEST_CASE("cli: a missing SQLite file is a data error with what to do") {
    auto r = run_cli({"run", "--source", "sqlite:/nonexistent/council.db", "--as-of", "2009-03-31"});
    CHECK(r.code == 2);
    CHECK(r.err.find("case data file /nonexistent/council.db does not exist") != std::string::npos);
}

TEST_CASE("cli: --fail-on turns failures of that severity into exit 1") {
    auto dir = temp_dir("fail-on");
    auto src = sample_sqlite(dir);
    // The sample has high-severity failures (e.g. dq.plan-id-unique), so --fail-on high exits 1 ...
    CHECK(run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "a").string(), "--fail-on", "high"}).code == 1);
    // ... and there is no critical rule, so --fail-on critical exits 0.
    CHECK(run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "b").string(), "--fail-on", "critical"}).code == 0);
}

TEST_CASE("cli: --results failures keeps the counts but drops the passes") {
    auto dir = temp_dir("failures-only");
    auto src = sample_sqlite(dir);
    REQUIRE(run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--results", "failures"}).code == 0);
    auto report = read_json(dir / "out" / "report.json");
    for (const auto& r : report["results"]) CHECK(r["outcome"] != "pass");
    CHECK(summary_of(report)["dq.plan-id-unique"] == Counts{10, 1, 0});
    // 27 failures and 48 not-applicable results stay listed (hand-worked in data_quality_test.cpp).
    CHECK(report["results"].size() == 75);
}

TEST_CASE("cli: --area keeps only that area's subjects") {
    auto dir = temp_dir("area");
    auto src = sample_sqlite(dir);
    REQUIRE(run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--area", "HUN"}).code == 0);
    auto report = read_json(dir / "out" / "report.json");
    REQUIRE(report["results"].size() > 0);
    // Every subject placed in an area is in HUN; the Section 11 audit's agencies and the
    // stocktakes' recommendations and entries have no area, so the filter leaves them in (and the
    // report says so: section11_test.cpp).
    std::size_t unplaced = 0;
    for (const auto& r : report["results"]) {
        if (r["plugin"] == "section11" || r["plugin"].get<std::string>().rfind("stocktake/", 0) == 0) {
            CHECK(r["subject"]["area"].is_null());
            ++unplaced;
        } else {
            CHECK(r["subject"]["area"] == "HUN");
        }
    }
    CHECK(unplaced > 0);
    std::set<std::string> not_applied;
    for (const auto& n : report["run"]["filters"]["not_applied_to"]) not_applied.insert(n["plugin"].get<std::string>());
    CHECK(not_applied.count("section11") == 1);
    // Huntingdonshire's plans: P001 and P009 (C001, allocated in T-HUN-1) and P007 (C007,
    // unallocated, open referral R007 in T-HUN-1). P004's child is unallocated with no open referral.
    auto s = summary_of(report);
    CHECK(s["dq.plan-id-unique"] == Counts{2, 1, 0});
}

TEST_CASE("rules check: every kind of bad input, with file:line:column") {
    const std::string d = fixtures() + "/bad-rules/";
    auto expect = [&](const std::string& file, std::vector<std::string> messages) {
        auto r = run_cli({"rules", "check", d + file});
        INFO(file << "\n" << r.all());
        CHECK(r.code == 2);
        for (const auto& m : messages) CHECK_MESSAGE(r.err.find(d + m) != std::string::npos, m);
    };
    expect("bad-syntax.toml", {"bad-syntax.toml:3:"});
    expect("bad-unknown-key.toml", {"bad-unknown-key.toml:8:1: error: unknown key 'titel' in rule 'x.one' (did you mean 'title'?)",
                                    "bad-unknown-key.toml:7:6: error: rule 'x.one' has no title (required)"});
    expect("bad-duplicate.toml", {"bad-duplicate.toml:16:6: error: duplicate rule id 'x.one' (first defined at " + d +
                                  "bad-duplicate.toml:7:6)"});
    // The expression starts after the quote at column 39; the missing ')' is noticed at the end
    // of the 23-character expression, its column 24: 39 + 24 = 63.
    expect("bad-expression.toml", {"bad-expression.toml:11:63: error: check expr: "});
    // Columns are those of the opening quote of the offending value: on line 14
    // `check = { kind = ` is 17 characters, so "within_month" starts at 18; on line 23 the
    // fact starts at 42 and "$limmit" at 91 (counted along the line).
    expect("bad-references.toml",
           {"bad-references.toml:12:12: error: severity 'urgent' is not one of critical, high, medium, low, info",
            "bad-references.toml:14:18: error: unknown check kind 'within_month' (did you mean 'within_months'?)",
            "bad-references.toml:21:12: error: severity must be text, found whole number",
            "bad-references.toml:23:42: error: unknown fact 'plan_strat' for subject 'cp_plan' of plugin 'data-quality' (did you mean 'plan_start'?)",
            "bad-references.toml:23:91: error: check months refers to unknown parameter '$limmit' (did you mean 'limit'?)",
            "bad-references.toml:24:11: error: message placeholder {nonsense} is not a fact, parameter or evidence of this rule"});
    expect("bad-missing.toml", {"bad-missing.toml:7:6: error: rule 'x.one' has no title (required)",
                                "bad-missing.toml:7:6: error: rule 'x.one' has no action (required)",
                                "bad-missing.toml:10:9: error: check kind 'within_months' needs to = ...",
                                "bad-missing.toml:10:9: error: check kind 'within_months' needs months = ..."});
    auto sensitive = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "rules", "check", d + "bad-sensitive.toml"});
    CHECK(sensitive.code == 2);
    CHECK(sensitive.err.find(d + "bad-sensitive.toml:12:11: error: message placeholder {birth_date} is a sensitive fact and may not be shown in a report") !=
          std::string::npos);
    auto cal = run_cli({"rules", "check", d + "bad-calendar.toml"});
    CHECK(cal.code == 2);
    CHECK(cal.err.find("calendar 'scotland' not found") != std::string::npos);
    auto ok = run_cli({"rules", "check", std::string(SGAUDIT_SOURCE_DIR) + "/rules/data-quality.toml"});
    CHECK(ok.code == 0);
    // 43 rules: 35 before the birth-date (3) and allocation (5, with its id-unique) checks; 3 parameters with unborn_grace_days.
    CHECK(ok.out.find("ok (43 rules, 3 parameters)") != std::string::npos);
}

TEST_CASE("db import: every bad cell with file:line:column, and nothing imported") {
    auto dir = temp_dir("import");
    std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    const std::string d = fixtures() + "/bad-csv/";
    auto r = run_cli({"db", "import", d, "--source", src});
    INFO(r.all());
    CHECK(r.code == 2);
    // "C002,M," is 7 characters, so the date starts in column 8. A date of birth is never
    // repeated, even a wrong one.
    CHECK(r.err.find(d + "ssd_person.csv:3:8: ssd_person.pers_dob is not a date; write dates as YYYY-MM-DD") != std::string::npos);
    CHECK(r.err.find("2007-02-30") == std::string::npos);
    // "R1,C1,2008-01-01,1A,N,,,T1," is 27 characters: the extra field starts in column 28.
    CHECK(r.err.find(d + "ssd_cin_episodes.csv:2:28: expected 8 fields (as in the header), found 9") != std::string::npos);
    // "VS1,C001,P001,2008-07-01," is 25 characters: the flag starts in column 26. No value of case
    // data is repeated, a bad flag's neither.
    CHECK(r.err.find(d + "ssd_cp_visits.csv:2:26: ssd_cp_visits.cppv_cp_visit_seen is not a flag; write Y/N, Yes/No, 1/0 or True/False") !=
          std::string::npos);
    CHECK(r.err.find("Maybe") == std::string::npos);
    CHECK(r.err.find(d + "ssd_persn.csv: no table 'ssd_persn' in the data model (did you mean 'ssd_person'?)") != std::string::npos);
    CHECK(r.err.find("nothing was imported") != std::string::npos);
    // All or nothing: the good ssd_department.csv was not loaded either.
    auto run = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    REQUIRE(run.code == 0);
    // Only what comes from the rule sets, not the data, is judged: the stocktakes' recommendations,
    // and the indicators' figures for the whole council ("ALL 2008/09"), which have no value
    // (nothing to count). No area of the team list appears: ssd_department.csv was not loaded.
    const auto report = read_json(dir / "out" / "report.json");  // kept: a loop over a temporary's member dangles
    REQUIRE(!report["results"].empty());
    for (const auto& res : report["results"]) {
        INFO(res.dump());
        const bool recommendation = res["subject"]["kind"] == "recommendation";
        const bool council_figure = res["subject"]["kind"] == "area" && res["subject"]["id"].get<std::string>().rfind("ALL ", 0) == 0 &&
                                    res["outcome"] == "not_applicable";
        CHECK((recommendation || council_figure));
    }
}

TEST_CASE("db import: BOM and CRLF are accepted, empty cells become NULL") {
    auto dir = temp_dir("import-bom");
    fs::create_directories(dir / "csv");
    {
        std::ofstream f(dir / "csv" / "ssd_person.csv", std::ios::binary);
        f << "\xEF\xBB\xBFpers_person_id,pers_sex,pers_dob,pers_expected_dob,pers_death_date,pers_ethnicity\r\n"
          << "C1,F,,2009-05-01,,\r\nC2,M,,,,\r\n";
    }
    std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", (dir / "csv").string(), "--source", src});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("ssd_person: 2 rows") != std::string::npos);
    auto run = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()});
    REQUIRE(run.code == 0);
    auto report = read_json(dir / "out" / "report.json");
    // C1 has an expected date; C2 has neither, which only works if the empty cells are NULL.
    CHECK(find_result(report, "dq.birth-or-expected-date-missing", "C1")->at("outcome") == "pass");
    CHECK(find_result(report, "dq.birth-or-expected-date-missing", "C2")->at("outcome") == "fail");
}

TEST_CASE("db import: a second import is refused unless --replace, which does not duplicate rows") {
    auto dir = temp_dir("import-twice");
    auto src = sample_sqlite(dir);
    auto again = run_cli({"db", "import", sample_dir(), "--source", src});
    CHECK(again.code == 2);
    // ssd_cp_plans.csv has 12 rows.
    CHECK(again.err.find("table ssd_cp_plans already holds 12 rows; importing again would duplicate them. Use --replace") != std::string::npos);
    REQUIRE(run_cli({"db", "import", sample_dir(), "--source", src, "--replace"}).code == 0);
    REQUIRE(run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string()}).code == 0);
    // Still exactly one duplicated plan id (P007), as in the CSV.
    CHECK(summary_of(read_json(dir / "out" / "report.json"))["dq.plan-id-unique"] == Counts{10, 1, 0});
}

TEST_CASE("cli: SGAUDIT_PLUGIN_PATH is searched after --plugin-dir and before the executable's folder") {
    auto r = run_cli({"plugins"}, "SGAUDIT_PLUGIN_PATH=" + quote(SGAUDIT_TEST_PLUGIN_DIR));
    REQUIRE(r.code == 0);
    auto env_pos = r.out.find(std::string(SGAUDIT_TEST_PLUGIN_DIR) + "  (SGAUDIT_PLUGIN_PATH)");
    auto exe_pos = r.out.find("(beside the executable)");
    REQUIRE(env_pos != std::string::npos);
    CHECK(env_pos < exe_pos);
    CHECK(r.out.find("test-good 1.2.3") != std::string::npos);
    // A plugin found earlier in the order shadows one of the same name found later.
    auto dir = temp_dir("shadow");
    fs::copy_file(fs::path(SGAUDIT_TEST_PLUGIN_DIR) / "sgaudit-test-good.so", dir / "sgaudit-test-good.so");
    auto twice = run_cli({"--plugin-dir", dir.string(), "plugins"}, "SGAUDIT_PLUGIN_PATH=" + quote(SGAUDIT_TEST_PLUGIN_DIR));
    CHECK(twice.code == 0);
    CHECK(twice.out.find("shadowed: plugin 'test-good' was already found at " + (dir / "sgaudit-test-good.so").string()) !=
          std::string::npos);
}

TEST_CASE("rules show: every parameter with the file and line that set it") {
    std::string file = std::string(SGAUDIT_SOURCE_DIR) + "/rules/data-quality.toml";
    auto r = run_cli({"rules", "show", file, "--set", "data-quality.max_open_plans_per_child=3"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("max_open_plans_per_child = 3    [from --set]") != std::string::npos);
    auto plain = run_cli({"rules", "show", "data-quality"});
    REQUIRE(plain.code == 0);
    // data-quality.toml line 12: `max_open_plans_per_child = { value = 1, ...`; the value starts in column 38.
    CHECK(plain.out.find("max_open_plans_per_child = 1    [from " + file + ":12:38]") != std::string::npos);
    CHECK(plain.out.find("Rules (43):") != std::string::npos);
    CHECK(plain.out.find("Purpose: data_quality (reported apart from practice; never on the work list)") != std::string::npos);
}

TEST_CASE("rules show: each rule's action, and its action for a lapse that is over") {
    auto r = run_cli({"rules", "show", "cp-under4"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("Purpose: practice (its findings go on the work list)") != std::string::npos);
    auto s11 = run_cli({"rules", "show", "section11"});
    CHECK(s11.out.find("Purpose: practice (its findings are in the report; those about organisation, s11_rating, s11_action, which "
                       "belong to no team, stay off the children's work list)") != std::string::npos);
    // rules/cp-under4.toml, cp4.first-core-group: both actions, in that order, under the rule.
    const auto rule = r.out.find("  cp4.first-core-group  [high");
    REQUIRE(rule != std::string::npos);
    const auto now = r.out.find("      what to do: Convene the core group now", rule);
    const auto over = r.out.find("      when over (done late): Record why the first core group was late", rule);
    CHECK(now != std::string::npos);
    CHECK(over != std::string::npos);
    CHECK(now < over);
    CHECK(over < r.out.find("  cp4.first-review  [", rule));
}
