// The indicators audit on a hand-made council (tests/fixtures/indicators), every figure worked out
// by hand below from the fixture's rows, at the boundaries the definitions turn on. Audit date
// 31 March 2009, two reporting years: 2007/08 and 2008/09. Areas A (team TA) and B (team TB).
//
// Referrals: R1 K1 2008-04-01 (first day of 2008/09, A); R2 K2 2009-03-31 (last day, A); R3 K3
// 2008-03-31 (last day of 2007/08, B); R4 K3 2009-03-31 (B): exactly 12 months after R3, a
// repeat; R5 K4 2007-05-01 (B); R6 K4 2008-05-02 (B): 12 months and a day after R5, not a repeat;
// R7 K5, R8 K6 2008-06-02 (A).
// Initial assessments: A1 (R7) authorised 2008-06-11, the 7th working day after Monday 2 June: on
// time; A2 (R8) 2008-06-12, the 8th: late; A3 (R1) not authorised; A4 (R4) begun 2 April 2009,
// after the audit date. Core: C1 begun 2008-06-12, authorised 2008-07-31 (the 35th working day):
// on time; C2 2008-08-01 (the 36th): late.
// Plans: P1 K7 2006-05-10 to 2008-05-10 (exactly 2 years); P2 K8 2006-05-10 to 2008-05-09 (a day
// short); P3 K7 from 2008-09-01 (a second plan), first review 2008-12-01 (due that day); P4 K9
// from 2008-12-31 (exactly 3 months at 31 March; first review due on the audit date, not yet
// overdue); P5 K10 from 2009-01-01 (under 3 months); P6 K11 from 2008-06-01, first review
// 2008-09-02 (a day late).
// Allocations: K7 W1 (qualified, TA) from 2006; K9 W2 (unqualified, TA); K11 W3 (qualified, TB,
// 0.5 FTE) ending 2009-03-31 (an allocation covers its end date); K12 W4 (qualified, TB); K14 W2;
// K10 only a duty worker (not the allocated role). W1 1.0, W2 1.0 (not qualified), W3 0.5, W4 1.0.
// Looked after: CA1 K12 from 2008-10-01, reviews 2008-10-29 (day 28) and 2009-01-29 (3 months to
// the day): on time; CA2 K13 from 2009-03-10 (first review not yet due); CA3 K14 from 2008-06-01,
// reviews 2008-06-20, a cancelled one 2008-09-19, then 2008-09-21 (due by 2008-09-20): late.
// Population: A 2000, B 3000, ALL 5000 for 2008/09; only ALL (5000) for 2007/08.
#include <doctest/doctest.h>

#include <cmath>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"

using namespace e2e;

namespace {

std::string load_fixture(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/indicators", "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return src;
}

nlohmann::json run_indicators(const std::string& src, const fs::path& out, std::vector<std::string> extra = {}, const char* years = "2") {
    std::vector<std::string> args{"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", years,
                                  "--no-history", "--out", out.string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

// numerator / denominator, and the value they give (per 100, 10,000 or 1).
void figure(const nlohmann::json& report, const std::string& rule, const std::string& subject, double num, double den, double per) {
    const auto& r = result(report, rule, subject);
    INFO(rule << " " << subject << ": " << r.dump());
    CHECK(r["numerator"].get<double>() == doctest::Approx(num));
    CHECK(r["denominator"].get<double>() == doctest::Approx(den));
    if (den == 0) {
        CHECK(r["value"].is_null());  // no value, never 0%
        CHECK(r["outcome"] == "not_applicable");
    } else {
        CHECK(r["value"].get<double>() == doctest::Approx(num / den * per));
    }
}

void check_hand_worked(const nlohmann::json& j) {
    // Referrals per 10,000: 6 in 2008/09 (R1, R2, R4, R6, R7, R8; a referral on 1 April and on 31 March both count).
    figure(j, "referral-rate", "ALL 2008/09", 6, 5000, 10000);
    figure(j, "referral-rate", "A 2008/09", 4, 2000, 10000);
    figure(j, "referral-rate", "B 2008/09", 2, 3000, 10000);
    figure(j, "referral-rate", "ALL 2007/08", 2, 5000, 10000);  // R3 on 31 March 2008, R5
    // No population for area A in 2007/08: no value, and it says why.
    const auto& no_pop = result(j, "referral-rate", "A 2007/08");
    CHECK(no_pop.value("value", nlohmann::json()).is_null());
    CHECK(no_pop["message"].get<std::string>().find("denominator is not recorded") != std::string::npos);
    // Repeat referrals: R4 only (exactly 12 months after R3); R6 is 12 months and a day after R5.
    figure(j, "repeat-referrals", "ALL 2008/09", 1, 6, 100);
    figure(j, "repeat-referrals", "A 2008/09", 0, 4, 100);
    figure(j, "repeat-referrals", "B 2008/09", 1, 2, 100);
    figure(j, "repeat-referrals", "ALL 2007/08", 0, 2, 100);
    // NI 68: R1 (A3), R7 (A1), R8 (A2); not R4, whose assessment began after the audit date.
    figure(j, "ni68", "ALL 2008/09", 3, 6, 100);
    figure(j, "ni68", "A 2008/09", 3, 4, 100);
    figure(j, "ni68", "B 2008/09", 0, 2, 100);
    // NI 59: A1 on the 7th working day (on time), A2 on the 8th (late); A3 not completed.
    figure(j, "ni59", "ALL 2008/09", 1, 2, 100);
    figure(j, "ni59", "A 2008/09", 1, 2, 100);
    figure(j, "ni59", "B 2008/09", 0, 0, 100);  // an empty denominator
    // NI 60: C1 on the 35th working day, C2 on the 36th.
    figure(j, "ni60", "ALL 2008/09", 1, 2, 100);
    // NI 64: P1 lasted exactly 2 years (counted), P2 a day less; P2's child has no allocation, so no area.
    figure(j, "ni64", "ALL 2008/09", 1, 2, 100);
    figure(j, "ni64", "A 2008/09", 1, 1, 100);
    figure(j, "ni64", "ALL 2007/08", 0, 0, 100);
    // NI 65: starts P3 (K7 had P1: counted), P4, P5, P6.
    figure(j, "ni65", "ALL 2008/09", 1, 4, 100);
    figure(j, "ni65", "A 2008/09", 1, 2, 100);  // P3, P4 (K9 allocated in TA); P5's K10 is in no area
    figure(j, "ni65", "B 2008/09", 0, 1, 100);  // P6
    // NI 67 at 31 March 2009: P3 (review on the day it was due), P4 (exactly 3 months; not yet
    // overdue), P6 (a review a day late); P5 under 3 months is left out.
    figure(j, "ni67", "ALL 2008/09", 2, 3, 100);
    figure(j, "ni67", "A 2008/09", 2, 2, 100);
    figure(j, "ni67", "B 2008/09", 0, 1, 100);
    figure(j, "ni67", "ALL 2007/08", 0, 2, 100);  // P1, P2 on 31 March 2008: no review ever held
    // Children on a plan not allocated to a qualified worker: K9 (unqualified), K10 (none) of K7, K9, K10, K11.
    figure(j, "cp-not-qualified", "ALL 2008/09", 2, 4, 100);
    figure(j, "cp-not-qualified", "A 2008/09", 1, 2, 100);
    figure(j, "cp-not-qualified", "B 2008/09", 0, 1, 100);  // K11's allocation ends on the audit date and still covers it
    figure(j, "cp-not-qualified", "ALL 2007/08", 1, 2, 100);  // K7 (W1), K8 (none)
    // Looked after on 31 March 2009: K12 (W4), K13 (none), K14 (W2).
    figure(j, "looked-after-qualified", "ALL 2008/09", 1, 3, 100);
    figure(j, "looked-after-qualified", "B 2008/09", 1, 1, 100);
    // Reviews: CA1 on time to the day; CA3's second a day late (the cancelled one does not count); CA2 not yet due.
    figure(j, "looked-after-reviews", "ALL 2008/09", 1, 2, 100);
    figure(j, "looked-after-reviews", "A 2008/09", 0, 1, 100);
    // Caseload on 31 March 2009: A K7, K9, K14 over W1 (W2 is not qualified); B K11, K12 over W3 + W4.
    figure(j, "caseload", "ALL 2008/09", 5, 2.5, 1);
    figure(j, "caseload", "A 2008/09", 3, 1, 1);
    figure(j, "caseload", "B 2008/09", 2, 1.5, 1);
    // Earlier years have no caseload: SSD keeps no history of staff, so today's FTE says nothing of 2007/08.
    CHECK(result(j, "caseload", "ALL 2007/08")["message"] == "no value: its denominator is not recorded");
}

}  // namespace

TEST_CASE("indicators: hand-worked numerators and denominators at the boundaries (SQLite)") {
    auto dir = temp_dir("indicators-sqlite");
    auto j = run_indicators(load_fixture(dir), dir / "out");
    check_hand_worked(j);
    // Comparators from rules/benchmarks (the seed's 2007/08 figures) judge 2007/08 by polarity.
    const auto& repeat = result(j, "repeat-referrals", "ALL 2007/08");  // 0% against 22.9%, lower is better
    CHECK(repeat["outcome"] == "pass");
    CHECK(repeat["measure"]["rag"] == "green");
    CHECK(repeat["measure"]["benchmark"]["statistical_neighbours"].get<double>() == doctest::Approx(22.9));
    CHECK(repeat["measure"]["benchmark"]["england"].get<double>() == doctest::Approx(24.3));
    const auto& cp = result(j, "cp-not-qualified", "ALL 2007/08");  // 50% against 1.1%
    CHECK(cp["outcome"] == "fail");
    CHECK(cp["measure"]["rag"] == "red");
    // 2008/09 has no published comparator: shown, not judged.
    const auto& ni59 = result(j, "ni59", "ALL 2008/09");
    CHECK(ni59["outcome"] == "not_applicable");
    CHECK(ni59["measure"]["rag"].is_null());
    CHECK(ni59["measure"]["period"] == "2008/09");
    CHECK(ni59["measure"]["unit"] == "percent");
    // The rule set's files include the benchmark file the list took its items from.
    bool benchmark_file = false;
    for (const auto& rs : j["rulesets"])
        for (const auto& f : rs["files"]) benchmark_file = benchmark_file || f["path"].get<std::string>().find("benchmarks/seed-") != std::string::npos;
    CHECK(benchmark_file);
}

TEST_CASE("indicators: hand-worked figures agree on PostgreSQL") {
    auto pg = pg_source("indicators_fixture");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("indicators-pg");
    REQUIRE(run_cli({"db", "init", "--source", pg}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/indicators", "--source", pg});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    auto on_pg = run_indicators(pg, dir / "pg");
    check_hand_worked(on_pg);
    // Result for result, the same as SQLite's.
    auto on_sqlite = run_indicators(load_fixture(dir), dir / "sqlite");
    REQUIRE(on_pg["results"].size() == on_sqlite["results"].size());
    for (std::size_t i = 0; i < on_pg["results"].size(); ++i) CHECK(on_pg["results"][i] == on_sqlite["results"][i]);
}

TEST_CASE("indicators: RAG from polarity and the amber tolerance, with comparators added by an overlay") {
    auto dir = temp_dir("indicators-rag");
    // NI 59 2008/09 is 50.0%: against 52.0 it is worse by exactly the 2.0 points tolerance (amber);
    // NI 67 is 66.7% against 70.0: red; NI 64 (lower is better) 50.0% against 50.0: green (equal).
    const fs::path overlay = dir / "benchmarks-2009.toml";
    {
        std::ofstream o(overlay);
        o << "[ruleset]\nid = \"local-benchmarks\"\nextends = \"indicators\"\n\n[lists.benchmarks]\nitems = [\n"
             "  { id = \"ni59 2008/09\", indicator = \"ni59\", year = \"2008/09\", statistical_neighbours = 52.0, england = 48.0 },\n"
             "  { id = \"ni67 2008/09\", indicator = \"ni67\", year = \"2008/09\", statistical_neighbours = 70.0 },\n"
             "  { id = \"ni64 2008/09\", indicator = \"ni64\", year = \"2008/09\", statistical_neighbours = 50.0 },\n"
             "]\n";
    }
    auto j = run_indicators(load_fixture(dir), dir / "out", {"--rules", overlay.string()});
    const auto& ni59 = result(j, "ni59", "ALL 2008/09");
    CHECK(ni59["outcome"] == "pass");
    CHECK(ni59["measure"]["rag"] == "amber");
    CHECK(ni59["measure"]["judged_against"] == "statistical_neighbours");
    CHECK(ni59["message"] == "50.0% (1 / 2); statistical neighbours 52.0%: amber");
    const auto& ni67 = result(j, "ni67", "ALL 2008/09");
    CHECK(ni67["outcome"] == "fail");
    CHECK(ni67["measure"]["rag"] == "red");
    CHECK(ni67["measure"]["benchmark"].size() == 1);  // no England figure given: none shown
    const auto& ni64 = result(j, "ni64", "ALL 2008/09");
    CHECK(ni64["measure"]["rag"] == "green");
    // The same comparators judge each area: NI 59 for B has no value, so it is not judged.
    CHECK(result(j, "ni59", "A 2008/09")["measure"]["rag"] == "amber");
    CHECK(result(j, "ni59", "B 2008/09")["measure"]["rag"].is_null());
    // Tighter tolerance by --set: the same NI 59 becomes red.
    auto strict = run_indicators(load_fixture(temp_dir("indicators-rag-strict")), dir / "strict",
                                 {"--rules", overlay.string(), "--set", "local-benchmarks.amber_within_points=1.9"});
    CHECK(result(strict, "ni59", "ALL 2008/09")["measure"]["rag"] == "red");
}

TEST_CASE("indicators: --explain lists the records behind a figure, and an unknown rule is refused with the rules") {
    auto dir = temp_dir("indicators-explain");
    auto src = load_fixture(dir);
    auto r = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--no-history", "--out",
                      (dir / "out").string(), "--format", "json", "--explain", "NI 59"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("2008/09\tA\tA1\tK5\tnumerator and denominator (from 2008-06-02 to 2008-06-11: 7 working days)") != std::string::npos);
    CHECK(r.out.find("2008/09\tA\tA2\tK6\tdenominator only (from 2008-06-02 to 2008-06-12: 8 working days)") != std::string::npos);
    CHECK(r.out.find("A3") == std::string::npos);  // not completed: in neither
    const auto report = read_json(dir / "out" / "report.json");
    const auto& s = plugin_section(report, "indicators", "explain/ni59");
    CHECK(s["table"]["rows"].size() == 2);

    auto bad = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--no-history", "--out", (dir / "bad").string(),
                        "--explain", "NI 99"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--explain NI 99 names no rule of the plugins run; their rules are: referral-rate, repeat-referrals, ni68, ni59") !=
          std::string::npos);
}

TEST_CASE("indicators: an unreadable date makes the figures that depend on it errors, and nothing else") {
    auto dir = temp_dir("indicators-unreadable");
    auto src = load_fixture(dir);
    execute_sqlite(dir / "c.db", "UPDATE ssd_cin_assessments SET cina_assessment_auth_date = '12/06/2008' WHERE cina_assessment_id = 'A2'");
    auto j = run_indicators(src, dir / "out");
    // A2 is in team TA (area A): the council's and area A's NI 59 cannot be told, in either year
    // (the date would have said which year); area B's is untouched, and so is every other indicator.
    for (const char* subject : {"ALL 2008/09", "A 2008/09", "ALL 2007/08", "A 2007/08"}) {
        const auto& e = result(j, "ni59", subject);
        INFO(subject << " " << e.dump());
        CHECK(e["outcome"] == "error");
        CHECK(e["message"].get<std::string>().find("ssd_cin_assessments.cina_assessment_auth_date (cina_assessment_id=A2) is not a date") !=
              std::string::npos);
        CHECK(e["message"].get<std::string>().find("12/06/2008") == std::string::npos);  // never quotes case data
    }
    figure(j, "ni59", "B 2008/09", 0, 0, 100);
    figure(j, "ni68", "ALL 2008/09", 3, 6, 100);
}

TEST_CASE("indicators: a list's items_from file that is missing or malformed is an error at its place") {
    auto dir = temp_dir("indicators-items-from");
    const fs::path pack = dir / "ind.toml";
    {
        std::ofstream o(pack);
        o << "[ruleset]\nid = \"ind-local\"\nextends = \"indicators\"\n\n[lists.benchmarks]\nitems_from = [\"nowhere.toml\"]\n";
    }
    auto r = run_cli({"rules", "check", pack.string()});
    CHECK(r.code == 2);
    CHECK(r.all().find(pack.string() + ":6:15: error: items_from names 'nowhere.toml', which could not be read") != std::string::npos);
    {
        std::ofstream o(dir / "nowhere.toml");
        o << "items = [ { id = \"x\", indicator = \"ni59\", year = \"2008/09\", england = \"high\" } ]\n";
    }
    auto typed = run_cli({"rules", "check", pack.string()});
    CHECK(typed.code == 2);
    CHECK(typed.all().find((dir / "nowhere.toml").string() + ":1:") != std::string::npos);
    CHECK(typed.all().find("field 'england' must be number") != std::string::npos);
}

namespace {

// The fixture as council "a", and as council "b" without R2 (K2's referral on 31 March 2009, in
// area A, with no assessment): each figure of b below is worked from a's by hand.
void region_file(const fs::path& file, const std::vector<std::pair<std::string, std::string>>& councils) {
    std::ofstream o(file);
    o << "[region]\nname = \"Test region\"\n";
    for (const auto& [id, source] : councils) o << "\n[[council]]\nid = \"" << id << "\"\nname = \"Council " << id << "\"\nsource = \"" << source << "\"\n";
}

void check_region(const nlohmann::json& j) {
    // Referrals per 10,000 in 2008/09: a 6 / 5000, b 5 / 5000; the region (6 + 5) / (5000 + 5000).
    figure(j, "referral-rate", "a 2008/09", 6, 5000, 10000);
    figure(j, "referral-rate", "b 2008/09", 5, 5000, 10000);
    figure(j, "referral-rate", "region 2008/09", 11, 10000, 10000);
    CHECK(result(j, "referral-rate", "a 2008/09")["message"] == "Council a: 12.0 per 10,000 (6 / 5000)");  // neither direction: no rank
    // NI 68: a 3 of 6, b 3 of 5 (R2 had no assessment); higher is better, so b ranks first.
    figure(j, "ni68", "b 2008/09", 3, 5, 100);
    figure(j, "ni68", "region 2008/09", 6, 11, 100);
    CHECK(result(j, "ni68", "b 2008/09")["message"] == "Council b: 60.0% (3 / 5); rank 1 of 2");
    CHECK(result(j, "ni68", "a 2008/09")["message"] == "Council a: 50.0% (3 / 6); rank 2 of 2");
    // Repeat referrals: a 1 of 6, b 1 of 5; lower is better, so a ranks first.
    CHECK(result(j, "repeat-referrals", "a 2008/09")["message"] == "Council a: 16.7% (1 / 6); rank 1 of 2");
    figure(j, "repeat-referrals", "region 2008/09", 2, 11, 100);
    // NI 59 the same in both: they share rank 1.
    CHECK(result(j, "ni59", "b 2008/09")["message"] == "Council b: 50.0% (1 / 2); rank 1 of 2");
    CHECK(result(j, "ni59", "a 2008/09")["message"] == "Council a: 50.0% (1 / 2); rank 1 of 2");
    // The comparators judged each council in its own run: 2007/08 repeat referrals, green.
    CHECK(result(j, "repeat-referrals", "a 2007/08")["measure"]["rag"] == "green");
}

// No child's or record's identifier from either council is anywhere in the regional report.
void check_no_identifiers(const fs::path& out) {
    for (const char* f : {"report.json", "report.html", "report.csv", "report.md"}) {
        const std::string text = slurp(out / f);
        for (const char* id : {"K1", "K3", "K5", "K7", "K9", "K11", "K12", "K14", "R7", "P3", "CA1", "W1", "N3"}) {
            INFO(f << " holds " << id);
            CHECK(text.find(std::string("\"") + id + "\"") == std::string::npos);
            CHECK(text.find(std::string(">") + id + "<") == std::string::npos);
            CHECK(text.find(std::string(",") + id + ",") == std::string::npos);
            CHECK(text.find(std::string(" ") + id + " ") == std::string::npos);
        }
    }
}

}  // namespace

TEST_CASE("indicators: the regional view ranks councils and sums their figures, and a broken source is reported while the rest complete") {
    auto dir = temp_dir("indicators-region");
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "b");
    load_fixture(dir / "a");
    load_fixture(dir / "b");
    execute_sqlite(dir / "b" / "c.db", "DELETE FROM ssd_cin_episodes WHERE cine_referral_id = 'R2'");
    region_file(dir / "region.toml", {{"a", "sqlite:a/c.db"}, {"b", "sqlite:b/c.db"}, {"gone", "sqlite:gone/c.db"}});
    auto r = run_cli({"run", "indicators", "--sources", (dir / "region.toml").string(), "--as-of", "2009-03-31", "--years", "2", "--jobs",
                      "2", "--out", (dir / "out").string(), "--format", "json,html,csv,md,xlsx"});
    INFO(r.all());
    CHECK(r.code == 3);  // one council could not be measured
    CHECK(r.out.find("gone: NOT measured: case data file " + (dir / "gone" / "c.db").string() + " does not exist") != std::string::npos);
    const auto j = read_json(dir / "out" / "report.json");
    check_region(j);
    CHECK(result(j, "ni59", "region 2008/09")["message"] == "Test region: 50.0% (2 / 4, 2 of 3 councils)");
    const auto& missing = plugin_section(j, "indicators", "region/not-measured");
    CHECK(missing["table"]["rows"][0][0] == "Council gone (gone)");
    // Every report says at its top that the region is not the whole picture.
    const std::string note = "Not every council was measured, so this report is not the whole picture: Council gone (gone). The "
                             "regional figures leave them out; Councils not measured says why.";
    const std::string md = slurp(dir / "out" / "report.md");
    CHECK(md.find("**" + note + "**") < md.find("\n## "));
    const std::string html = slurp(dir / "out" / "report.html");
    CHECK(html.find(note) < html.find("</header>"));
    check_no_identifiers(dir / "out");
    CHECK(mode_of(dir / "out" / "report.json") == 0600);

    // The same councils on PostgreSQL, each in a schema of its own, agree figure for figure.
    auto pa = pg_source("region_a"), pb = pg_source("region_b");
    REQUIRE_MESSAGE(!pa.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    for (const auto& src : {pa, pb}) {
        REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
        REQUIRE(run_cli({"db", "import", fixtures() + "/indicators", "--source", src}).code == 0);
    }
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(pb));
    auto db = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    REQUIRE_MESSAGE(db, err);
    REQUIRE(db->execute("DELETE FROM ssd_cin_episodes WHERE cine_referral_id = 'R2'"));
    region_file(dir / "pg-region.toml", {{"a", pa}, {"b", pb}});
    auto p = run_cli({"run", "indicators", "--sources", (dir / "pg-region.toml").string(), "--as-of", "2009-03-31", "--years", "2",
                      "--out", (dir / "pg-out").string(), "--format", "json"});
    INFO(p.all());
    CHECK(p.code == 0);
    const auto pj = read_json(dir / "pg-out" / "report.json");
    check_region(pj);
    CHECK(result(pj, "ni59", "region 2008/09")["message"] == "Test region: 50.0% (2 / 4, 2 of 2 councils)");
}

TEST_CASE("indicators: a region file with mistakes is refused at its place, and --sources refuses --explain and --area") {
    auto dir = temp_dir("indicators-region-bad");
    {
        std::ofstream o(dir / "bad.toml");
        o << "[region]\nname = \"R\"\n\n[[council]]\nid = \"a\"\nname = \"A\"\nsource = \"sqlite:a.db\"\n\n[[council]]\nid = \"a\"\nname = \"B\"\n"
             "source = \"postgresql://u:secret@host/db\"\nsauce = 1\n";
    }
    auto r = run_cli({"run", "indicators", "--sources", (dir / "bad.toml").string(), "--as-of", "2009-03-31", "--out", (dir / "o").string()});
    INFO(r.all());
    CHECK(r.code == 2);
    const std::string f = (dir / "bad.toml").string();
    CHECK(r.err.find(f + ":10:6: error: council id 'a' is given twice") != std::string::npos);
    CHECK(r.err.find(f + ":13:1: error:") != std::string::npos);  // sauce: an unknown key
    CHECK(r.all().find("secret") == std::string::npos);            // a password is never echoed
    auto e = run_cli({"run", "indicators", "--sources", (dir / "bad.toml").string(), "--explain", "ni59"});
    CHECK(e.code == 2);
    CHECK(e.err.find("--sources measures each council of the region whole") != std::string::npos);
}

TEST_CASE("indicators: on the demo council, three years in the seed's shape, 2008/09 within the demo's planted tolerances of the seed") {
    auto dir = temp_dir("indicators-demo");
    auto built = run_cli({"demo", "--out", (dir / "demo").string(), "--no-run"});
    REQUIRE_MESSAGE(built.code == 0, built.all());
    const auto j = run_indicators("sqlite:" + (dir / "demo" / "council.db").string(), dir / "out", {}, "3");
    auto value = [&](const char* rule, const char* subject) { return result(j, rule, subject)["value"].get<double>(); };
    // The seed's section 3 figures, which rules/demo/council.toml plants: referrals per 10,000
    // (3.1.1) and repeat referrals (3.1.2) exactly as shares of the year's referrals, so within
    // rounding; NI 68 (3.1.3) and NI 59 (3.1.4) by a chance per referral or assessment, so within
    // about 2.5 standard deviations (some 4,000 referrals and 2,000 assessments a year).
    CHECK(value("referral-rate", "ALL 2006/07") == doctest::Approx(562).epsilon(0.001));
    CHECK(value("referral-rate", "ALL 2007/08") == doctest::Approx(519).epsilon(0.001));
    CHECK(value("referral-rate", "ALL 2008/09") == doctest::Approx(317).epsilon(0.001));
    CHECK(std::fabs(value("repeat-referrals", "ALL 2008/09") - 26.3) < 0.1);
    CHECK(std::fabs(value("ni68", "ALL 2008/09") - 53.6) < 2.0);
    CHECK(std::fabs(value("ni59", "ALL 2008/09") - 61.9) < 3.0);
    // 361 children on a plan at the end of 2008/09 (3.1.5). The seed's 0.0% not allocated to a
    // qualified worker becomes the demo's planted lapses: 2 with no allocated worker and 2
    // allocated to an unqualified one.
    const auto& cp = result(j, "cp-not-qualified", "ALL 2008/09");
    CHECK(cp["denominator"].get<double>() == 361);
    CHECK(cp["numerator"].get<double>() == 4);
    // Table 1: 2,396 open cases, less the 10 open cases and 2 children on a plan the demo leaves unallocated.
    CHECK(result(j, "caseload", "ALL 2008/09")["numerator"].get<double>() == 2396 - 12);
    // The table: years across; the council, its statistical neighbours and England down.
    const auto& t = plugin_section(j, "indicators", "indicators/table");
    CHECK(t["table"]["header"] == nlohmann::json::array({"Indicator", "", "2006/07", "2007/08", "2008/09", "RAG 2008/09"}));
    const auto& rows = t["table"]["rows"];
    CHECK(rows[0] == nlohmann::json::array({"Referrals per 10,000 children under 18", "Council", "561.7", "519.0", "317.0",
                                            "not judged: neither higher nor lower is better"}));
    CHECK(rows[1] == nlohmann::json::array({"", "Statistical neighbours", "358.0", "303.0", "not published", ""}));
    CHECK(rows[2] == nlohmann::json::array({"", "England", "496.0", "490.0", "not published", ""}));
    CHECK(rows[3][5] == "not judged: no comparator published for 2008/09");  // repeat referrals: lower is better, nothing to judge against
}

TEST_CASE("indicators: measures are kept in the run history, verify, and come back in a stored run's report") {
    auto dir = temp_dir("indicators-history");
    auto src = load_fixture(dir);
    const std::string history = (dir / "h.db").string();
    auto r = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--history", history, "--out",
                      (dir / "out").string(), "--format", "json"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(run_cli({"history", "verify", "--history", history}).code == 0);
    auto again = run_cli({"report", "latest", "--history", history, "--out", (dir / "again").string(), "--format", "json"});
    INFO(again.all());
    REQUIRE(again.code == 0);
    const auto stored = read_json(dir / "again" / "report.json");
    check_hand_worked(stored);
    CHECK(result(stored, "cp-not-qualified", "ALL 2007/08")["measure"] == result(read_json(dir / "out" / "report.json"), "cp-not-qualified", "ALL 2007/08")["measure"]);
    // A measure changed in the history is caught.
    execute_sqlite(dir / "h.db", "UPDATE sgaudit_history_result SET measure = replace(measure, '\"rag\":\"red\"', '\"rag\":\"green\"') "
                                 "WHERE rule = 'cp-not-qualified' AND subject_id = 'ALL 2007/08'");
    CHECK(query_rows("sqlite:" + history, "SELECT count(*) FROM sgaudit_history_result WHERE measure LIKE '%\"rag\":\"green\"%' "
                                          "AND rule = 'cp-not-qualified' AND subject_id = 'ALL 2007/08'") == std::vector<std::string>{"1"});
    auto v = run_cli({"history", "verify", "--history", history});
    CHECK(v.code == 1);
}

TEST_CASE("indicators: an audit date inside a year measures that year to the audit date, and what was not yet due is not overdue") {
    auto dir = temp_dir("indicators-midyear");
    auto src = load_fixture(dir);
    auto r = run_cli({"run", "indicators", "--source", src, "--as-of", "2008-12-31", "--years", "1", "--no-history", "--out",
                      (dir / "out").string(), "--format", "json"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const auto j = read_json(dir / "out" / "report.json");
    const char* y = "ALL 2008/09 to 2008-12-31";
    // Referrals to 31 December: R1, R6, R7, R8 (R2 and R4 come on 31 March 2009).
    figure(j, "referral-rate", y, 4, 5000, 10000);
    figure(j, "ni68", y, 3, 4, 100);  // R1, R7, R8 have an assessment; R6 none
    // Plans open on 31 December for 3 months: P3 (its review on the day due; the next not due till
    // June) and P6 (a review a day late); P4 began that day.
    figure(j, "ni67", y, 1, 2, 100);
    // CA1's second review is due on 29 January 2009, after the audit date: not overdue. CA3 late.
    figure(j, "looked-after-reviews", y, 1, 2, 100);
    CHECK(result(j, "ni67", y)["measure"]["period"] == "2008/09 to 2008-12-31");
}

TEST_CASE("indicators: repeated rows, impossible records, an unreadable population, no population table, undated referrals") {
    auto dir = temp_dir("indicators-bad-rows");
    auto src = load_fixture(dir);
    const fs::path db = dir / "c.db";
    // P1 twice with the same content is one plan; P3 twice with different content cannot be told apart.
    execute_sqlite(db, "INSERT INTO ssd_cp_plans SELECT * FROM ssd_cp_plans WHERE cppl_cp_plan_id = 'P1'");
    execute_sqlite(db, "INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date) VALUES ('P3', 'K7', '2008-09-02')");
    // A1 authorised before its referral; P2 now starts after it ends.
    execute_sqlite(db, "UPDATE ssd_cin_assessments SET cina_assessment_auth_date = '2008-05-30' WHERE cina_assessment_id = 'A1'");
    execute_sqlite(db, "UPDATE ssd_cp_plans SET cppl_cp_plan_start_date = '2008-06-01' WHERE cppl_cp_plan_id = 'P2'");
    // Area A's 2008/09 population cannot be read; R5 has no date.
    execute_sqlite(db, "UPDATE sga_population SET children_0_17 = 'many' WHERE area_id = 'A'");
    execute_sqlite(db, "UPDATE ssd_cin_episodes SET cine_referral_date = NULL WHERE cine_referral_id = 'R5'");
    auto r = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--no-history", "--out",
                      (dir / "out").string(), "--format", "json", "--explain", "referral rate"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const auto j = read_json(dir / "out" / "report.json");
    figure(j, "ni59", "ALL 2008/09", 0, 1, 100);  // A1 left out: authorised before its referral
    // Every figure P3 could be in (its dates cannot be told, so it might have ended in the year).
    for (const char* rule : {"ni64", "ni65", "ni67", "cp-not-qualified"}) {
        const auto& e = result(j, rule, "ALL 2008/09");
        INFO(rule);
        CHECK(e["outcome"] == "error");
        CHECK(e["message"].get<std::string>().find("ssd_cp_plans holds more than one row with cppl_cp_plan_id=P3 and different content") !=
              std::string::npos);
    }
    // Only area A's 2008/09 rate is an error: the council has its own row, and 2007/08 had none for A.
    CHECK(result(j, "referral-rate", "A 2008/09")["outcome"] == "error");
    CHECK(result(j, "referral-rate", "A 2008/09")["message"].get<std::string>().find("sga_population.children_0_17") != std::string::npos);
    figure(j, "referral-rate", "ALL 2008/09", 6, 5000, 10000);
    CHECK(result(j, "referral-rate", "A 2007/08")["message"] == "no value: its denominator is not recorded");
    // R5 (2007/08, area B) is in no year; the explanation says so.
    figure(j, "referral-rate", "ALL 2007/08", 1, 5000, 10000);
    CHECK(r.out.find("(no date)\tB\tR5\tK4\tleft out: no referral date") != std::string::npos);

    // Without P3's second row, and without sga_population at all: P1 counts once, P2 is left out
    // (it ends before it starts), the rates have no value and everything else is counted.
    execute_sqlite(db, "DELETE FROM ssd_cp_plans WHERE cppl_cp_plan_id = 'P3' AND cppl_cp_plan_start_date = '2008-09-02'");
    execute_sqlite(db, "DROP TABLE sga_population");
    auto n = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--no-history", "--out",
                      (dir / "none").string(), "--format", "json"});
    INFO(n.all());
    REQUIRE(n.code == 0);
    const auto nj = read_json(dir / "none" / "report.json");
    CHECK(result(nj, "referral-rate", "ALL 2008/09")["message"] == "no value: its denominator is not recorded");
    figure(nj, "repeat-referrals", "ALL 2008/09", 1, 6, 100);
    figure(nj, "ni64", "ALL 2008/09", 1, 1, 100);
    figure(nj, "ni65", "ALL 2008/09", 1, 4, 100);  // P2 left out; P3, P4, P5, P6 as before
}

TEST_CASE("indicators: benchmark items that would be ignored or misread are refused") {
    auto dir = temp_dir("indicators-bad-benchmarks");
    auto src = load_fixture(dir);
    auto overlay = [&](const std::string& name, const std::string& items) {
        std::ofstream o(dir / name);
        o << "[ruleset]\nid = \"b\"\nextends = \"indicators\"\n\n[lists.benchmarks]\nitems = [\n" << items << "]\n";
        return (dir / name).string();
    };
    auto run = [&](const std::string& file, const std::string& out) {
        return run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--no-history", "--out",
                        (dir / out).string(), "--format", "json", "--rules", file});
    };
    // A name that is not an indicator, and a year not written as one: the audit stops, naming the item.
    auto named = run(overlay("named.toml", "  { id = \"x\", indicator = \"NI59\", year = \"2008/09\", england = 50.0 },\n"), "o1");
    CHECK(named.code == 3);
    CHECK(named.all().find("[lists.benchmarks] item 'x' names indicator 'NI59', which is not a rule of the rule set; write one of "
                           "referral-rate, repeat-referrals, ni68, ni59") != std::string::npos);
    auto year = run(overlay("year.toml", "  { id = \"y\", indicator = \"ni59\", year = \"2008/9\", england = 50.0 },\n"), "o2");
    CHECK(year.code == 3);
    CHECK(year.all().find("item 'y' has year '2008/9'; write a reporting year as 2008/09") != std::string::npos);
    // A second item for a year already published, and a percentage of 643: that figure is an error.
    auto twice = run(overlay("twice.toml", "  { id = \"again\", indicator = \"ni59\", year = \"2007/08\", statistical_neighbours = 99.0 },\n"
                                           "  { id = \"big\", indicator = \"ni68\", year = \"2008/09\", statistical_neighbours = 643.0 },\n"),
                     "o3");
    INFO(twice.all());
    REQUIRE(twice.code == 0);
    const auto j = read_json(dir / "o3" / "report.json");
    CHECK(result(j, "ni59", "ALL 2007/08")["outcome"] == "error");
    CHECK(result(j, "ni59", "ALL 2007/08")["message"].get<std::string>().find("[lists.benchmarks] has two items for ni59 2007/08 "
                                                                               "('ni59 2007/08' and 'again')") != std::string::npos);
    CHECK(result(j, "ni68", "ALL 2008/09")["outcome"] == "error");
    CHECK(result(j, "ni68", "ALL 2008/09")["message"].get<std::string>().find("the statistical neighbours figure 643 given for 2008/09 "
                                                                               "cannot be a percentage") != std::string::npos);
}

TEST_CASE("indicators: in the regional view a council without a figure has no value, and the region says which council") {
    auto dir = temp_dir("indicators-region-novalue");
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "b");
    load_fixture(dir / "a");
    load_fixture(dir / "b");
    execute_sqlite(dir / "b" / "c.db", "DROP TABLE sga_population");
    region_file(dir / "region.toml", {{"a", "sqlite:a/c.db"}, {"b", "sqlite:b/c.db"}});
    auto r = run_cli({"run", "indicators", "--sources", (dir / "region.toml").string(), "--as-of", "2009-03-31", "--years", "2", "--out",
                      (dir / "out").string(), "--format", "json"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const auto j = read_json(dir / "out" / "report.json");
    CHECK(result(j, "referral-rate", "b 2008/09")["message"] == "Council b: no value");
    CHECK(result(j, "referral-rate", "region 2008/09")["message"] ==
          "Test region: no regional figure: Council b has no value (its denominator is not recorded)");
    figure(j, "ni68", "region 2008/09", 6, 12, 100);  // the other figures are there for both
    const auto& s = plugin_section(j, "indicators", "region/referral-rate");
    CHECK(s["table"]["rows"][1] == nlohmann::json::array({"Council b", "no value", "no value", ""}));
}

TEST_CASE("indicators: the XLSX report's indicator table, re-saved by LibreOffice Calc, holds the figures as numbers") {
    auto dir = temp_dir("indicators-xlsx");
    auto src = load_fixture(dir);
    auto r = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--years", "2", "--no-history", "--out",
                      (dir / "out").string(), "--format", "xlsx"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    e2e::programs::convert_with_libreoffice(dir / "out" / "report.xlsx", "xlsx", dir / "calc");
    // Every row of the sheet that starts with NI 59, as Python reads the re-saved file: the 2007/08
    // figure has no value (no assessment completed), 2008/09 is 1 of 2.
    const fs::path script = dir / "read.py";
    {
        std::ofstream o(script);
        o << "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1], data_only=True)\nws = wb['Indicator table']\n"
             "for row in ws.iter_rows(values_only=True):\n    if row and isinstance(row[0], str) and row[0].startswith('NI 59'):\n"
             "        print(repr(row[1:5]))\n";
    }
    e2e::programs::run_shell("/usr/bin/python3 " + e2e::programs::shell_quoted(script.string()) + " " +
                                 e2e::programs::shell_quoted((dir / "calc" / "report.xlsx").string()),
                             dir / "rows.txt");  // what it prints
    CHECK(slurp(dir / "rows.txt") == "('Council', 'no value', 50, 'not judged: no comparator published for 2008/09')\n");
}

TEST_CASE("indicators: a qualified worker whose FTE is not recorded makes that area's caseload an error, never a smaller FTE") {
    // W4 (qualified, team TB, area B) has no FTE: area B's and the council's 2008/09 caseloads
    // cannot be worked out; area A's (W1 only) is as before, 3 open cases over 1.0.
    auto dir = temp_dir("indicators-fte");
    auto src = load_fixture(dir);
    execute_sqlite(dir / "c.db", "UPDATE ssd_professionals SET prof_full_time_equivalency = NULL WHERE prof_professional_id = 'W4'");
    auto j = run_indicators(src, dir / "out");
    for (const char* subject : {"ALL 2008/09", "B 2008/09"}) {
        const auto& e = result(j, "caseload", subject);
        INFO(subject << " " << e.dump());
        CHECK(e["outcome"] == "error");
        CHECK(e["message"].get<std::string>().find("prof_professional_id=W4) is not recorded for a qualified worker") != std::string::npos);
    }
    figure(j, "caseload", "A 2008/09", 3, 1, 1);
}
