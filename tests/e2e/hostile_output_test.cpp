// Issue 18, items 1 and 2: values from case data that are markup or not XML reach every report
// as text. Plan ids hold HTML, Markdown, control characters (\x01, \x0b, \x1f), a carriage return
// and a byte that is not UTF-8; each plan has no start date, so dq.plan-start-missing lists it
// under Failures in every format.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"
#include "sgaudit/sdk/text.hpp"

using namespace e2e;

namespace {

// The hostile plan ids, as SQLite expressions (char() for control characters, a blob cast for
// the byte 0xFF).
const char* kHostileIds[] = {
    "'P<script>alert(1)</script>'",
    "'\"><img src=x onerror=alert(2)>'",
    "'P1' || char(1) || char(11) || char(31) || 'end'",
    "'P2' || char(13) || '# Heading' || char(10) || '- item [link](javascript:alert(3)) *bold* `code` _em_ ~~strike~~'",
    "CAST(X'5033FF' AS TEXT)",
    "'https://evil.example/b'",
    "'www.evil.example'",
};

fs::path hostile_run(const std::string& name, const std::string& formats) {
    auto dir = temp_dir(name);
    const std::string src = tiny_source(dir);
    for (const char* id : kHostileIds)
        execute_sqlite(dir / "t.db", std::string("INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id) VALUES (") + id + ", 'K1')");
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--no-history", "--out", (dir / "out").string(),
                      "--format", formats});
    INFO(r.all());
    CHECK(r.code == 0);  // data-quality's findings are reported, not an exit code
    return dir / "out";
}

// Fails the test, with xmllint's words, when the file is not well-formed XML.
void xmllint_accepts(const fs::path& file, const fs::path& log) { programs::run_shell("xmllint --noout " + programs::shell_quoted(file.string()), log); }

}  // namespace

TEST_CASE("hostile ids: Markdown carries no live HTML or markup from case data, and a line break cannot start a heading or list") {
    const fs::path out = hostile_run("hostile-md", "md");
    const std::string md = slurp(out / "report.md");
    CHECK(md.find("<script") == std::string::npos);
    CHECK(md.find("<img") == std::string::npos);
    CHECK(md.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(md.find("\"&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    CHECK(md.find('\r') == std::string::npos);
    CHECK(md.find("\n# Heading") == std::string::npos);
    CHECK(md.find("\n- item") == std::string::npos);
    // Each markup character escaped: no link, emphasis, code or strike-through is made.
    CHECK(md.find("P2 # Heading - item \\[link\\](javascript:alert(3)) \\*bold\\* \\`code\\` \\_em\\_ \\~\\~strike\\~\\~") != std::string::npos);
    // Control characters and the byte that is not UTF-8 are U+FFFD.
    CHECK(md.find('\x01') == std::string::npos);
    CHECK(md.find("P1\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "end") != std::string::npos);
    CHECK(md.find("P3\xEF\xBF\xBD") != std::string::npos);
    // Bare addresses are not made links by renderers that link them by themselves: a zero-width
    // space (U+200B) after "://" and "www".
    CHECK(md.find("https://evil") == std::string::npos);
    CHECK(md.find("https:\u200B//evil.example/b") != std::string::npos);
    CHECK(md.find("www\u200B.evil.example") != std::string::npos);
}

TEST_CASE("hostile ids: JUnit and the XLSX parts are XML a strict parser (xmllint) accepts, control characters replaced") {
    const fs::path out = hostile_run("hostile-xml", "junit,xlsx");
    const fs::path log = out.parent_path() / "xmllint.log";
    const std::string junit = slurp(out / "report.junit.xml");
    CHECK(junit.find('\x01') == std::string::npos);
    CHECK(junit.find("&lt;script&gt;") != std::string::npos);
    xmllint_accepts(out / "report.junit.xml", log);
    // Every XML part of the workbook (its sheets write text inline).
    const fs::path parts = out.parent_path() / "xlsx-parts";
    programs::run_shell("unzip -q -o " + programs::shell_quoted((out / "report.xlsx").string()) + " -d " + programs::shell_quoted(parts.string()), log);
    programs::run_shell("cd " + programs::shell_quoted(parts.string()) + " && xmllint --noout $(find . -name '*.xml' -o -name '*.rels')", log);
    std::string sheets;
    for (const auto& e : fs::directory_iterator(parts / "xl" / "worksheets")) sheets += slurp(e.path());
    CHECK(sheets.find("P&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(sheets.find("P1\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "end") != std::string::npos);
}

TEST_CASE("xml_safe and xml_escape: what XML 1.0 forbids, and bytes that are not UTF-8, become U+FFFD") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(sgaudit::xml_safe("a\tb\nc\rd") == "a\tb\nc\rd");
    CHECK(sgaudit::xml_safe(std::string("a\x01" "b\x0b" "c\x1f", 6)) == "a" + fffd + "b" + fffd + "c" + fffd);
    CHECK(sgaudit::xml_safe(std::string("x\0y", 3)) == "x" + fffd + "y");
    CHECK(sgaudit::xml_safe("\xFF") == fffd);                 // a stray byte
    CHECK(sgaudit::xml_safe("\xC3") == fffd);                 // a cut sequence
    CHECK(sgaudit::xml_safe("\xC0\xAF") == fffd + fffd);      // an overlong '/'
    CHECK(sgaudit::xml_safe("\xED\xA0\x80") == fffd + fffd + fffd);  // a surrogate
    CHECK(sgaudit::xml_safe("\xEF\xBF\xBE") == fffd);         // U+FFFE, not a character
    CHECK(sgaudit::xml_safe("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");  // é and an emoji stay
    CHECK(sgaudit::xml_escape("<a href='x'>&\"\x02") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;" + fffd);
}
