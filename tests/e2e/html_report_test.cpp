// The HTML report, checked for facts listed by hand for the sample council (see
// data_quality_test.cpp for how each count was worked out).
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {
std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + needle.size())) ++n;
    return n;
}
}  // namespace

TEST_CASE("html: the report states the hand-worked facts, offline and owner-only") {
    auto dir = temp_dir("html");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(),
                      "--waivers", fixtures() + "/waivers/current.toml"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    // Both formats by default, from the same run.
    CHECK(fs::exists(dir / "out" / "report.json"));
    const fs::path file = dir / "out" / "report.html";
    REQUIRE(fs::exists(file));
    CHECK(mode_of(file) == 0600);
    std::string html = slurp(file);

    CHECK(html.find("<h1>Safeguarding audit as of 31 March 2009</h1>") != std::string::npos);
    CHECK(html.find("Reporting period 1 April 2008 to 31 March 2009") != std::string::npos);
    // 27 failures less the one waived (P004), and the one waiver: all data quality, so reported
    // as records to correct, apart from practice, and nothing on the work list.
    CHECK(html.find("<p>26 records to correct across ") != std::string::npos);
    CHECK(html.find("; 1 waived.</p>") != std::string::npos);
    CHECK(html.find("<p>No child has an open finding.</p>") != std::string::npos);
    // A failing subject with its message, team and area: C001's plan P009 overlaps P001 (T-HUN-1, HUN).
    CHECK(html.find("<td>cp_plan P009</td><td>C001</td><td>T-HUN-1 / HUN</td><td>plan P009 overlaps 1 other plan(s) of child C001</td>") !=
          std::string::npos);
    // The rule's title and its action text.
    CHECK(html.find("Plan does not overlap another plan of the same child") != std::string::npos);
    CHECK(html.find("End the earlier plan on the day the later one started, or merge duplicate plans.") != std::string::npos);
    // The waived result with its justification, approver and UK-format expiry.
    CHECK(html.find("<td>Head of Safeguarding</td><td>30 June 2009</td>") != std::string::npos);
    // The expired waiver is listed, its failure standing.
    CHECK(html.find("<td>dq.referral-closes-before-it-opens</td><td>R004</td><td>Area Manager HUN</td><td>31 January 2009</td>") !=
          std::string::npos);
    // Charts, each with its table: one per rule, area and team.
    CHECK(count_of(html, "<svg ") == 3);
    CHECK(html.find("aria-label=\"Pass rate by area\"") != std::string::npos);
    // Provenance: the rule file and its hash.
    CHECK(html.find("rules/data-quality.toml") != std::string::npos);
    // Self-contained: no scripts, no external resources.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    // Identifiers only: no date of birth from the sample.
    for (const char* dob : {"2006-05-10", "2007-11-30", "2002-02-28", "10 May 2006", "30 November 2007"})
        CHECK_MESSAGE(html.find(dob) == std::string::npos, dob);
}

TEST_CASE("html: a missing or broken template is a clear error before anything runs") {
    auto dir = temp_dir("html-templates");
    auto src = sample_sqlite(dir);
    fs::create_directories(dir / "broken");
    { std::ofstream(dir / "broken" / "report.html.mustache") << "<h1>{{#unclosed}}</h1>"; }
    { std::ofstream(dir / "broken" / "report.css") << "body{}"; }
    auto broken = run_cli({"--template-dir", (dir / "broken").string(), "run", "--source", src, "--as-of", "2009-03-31",
                           "--out", (dir / "out").string()});
    CHECK(broken.code == 2);
    CHECK(broken.err.find("the report template " + (dir / "broken" / "report.html.mustache").string() + " is broken") !=
          std::string::npos);
    CHECK(!fs::exists(dir / "out"));

    fs::create_directories(dir / "nocss");
    { std::ofstream(dir / "nocss" / "report.html.mustache") << "<h1>{{as_of}}</h1>"; }
    auto nocss = run_cli({"--template-dir", (dir / "nocss").string(), "run", "--source", src, "--as-of", "2009-03-31"});
    CHECK(nocss.code == 2);
    CHECK(nocss.err.find("has report.html.mustache but no report.css") != std::string::npos);

    // A council's own template is used as it is.
    fs::create_directories(dir / "mine");
    { std::ofstream(dir / "mine" / "report.html.mustache") << "<h1>Cambridgeshire: {{as_of}}</h1>{{#totals}}{{fail}}{{/totals}}"; }
    { std::ofstream(dir / "mine" / "report.css") << "body{}"; }
    auto mine = run_cli({"--template-dir", (dir / "mine").string(), "run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out",
                         (dir / "mine-out").string(), "--format", "html"});
    REQUIRE(mine.code == 0);
    CHECK(slurp(dir / "mine-out" / "report.html") == "<h1>Cambridgeshire: 31 March 2009</h1>27");
    CHECK(!fs::exists(dir / "mine-out" / "report.json"));
}

TEST_CASE("html: text from data and rule files is escaped") {
    auto dir = temp_dir("html-escaping");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "out").string(), "--waivers",
                      fixtures() + "/waivers/markup.toml", "--format", "html"});
    REQUIRE(r.code == 0);
    std::string html = slurp(dir / "out" / "report.html");
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quoted&quot;") != std::string::npos);
    CHECK(html.find("<b>Head</b>") == std::string::npos);
    // Dates inside findings are shown the UK way (the JSON keeps ISO).
    CHECK(html.find("plan P009 overlaps 1 other plan(s) of child C001") != std::string::npos);
    CHECK(html.find("plan P002 has a review on 1 August 2008, not after the plan started on 8 August 2008") != std::string::npos);
}
