// The work list on a hand-worked three-child council (tests/fixtures/work-list/README.md): open
// and over lapses, two teams, three workers, a waived finding. Every expected value below is
// worked out in that README or in the comment above it.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

struct Audited {
    fs::path out;
    nlohmann::json report;
    std::string html;
};

Audited audit_work_list(const std::string& name, const std::string& formats) {
    auto dir = temp_dir(name);
    const std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto imported = run_cli({"db", "import", fixtures() + "/work-list", "--source", src});
    REQUIRE_MESSAGE(imported.code == 0, imported.all());
    Audited a{dir / "out", {}, {}};
    auto r = run_cli({"run", "cp-under4", "--source", src, "--as-of", "2009-03-31", "--format", formats, "--out", a.out.string(),
                      "--no-history", "--waivers", fixtures() + "/work-list/waivers.toml"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    if (fs::exists(a.out / "report.json")) a.report = read_json(a.out / "report.json");
    if (fs::exists(a.out / "report.html")) a.html = slurp(a.out / "report.html");
    return a;
}

// The part of `text` from `from` up to the next `to`.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
    auto a = text.find(from);
    if (a == std::string::npos) return {};
    auto b = text.find(to, a + from.size());
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace

TEST_CASE("work list: each finding says whether it is open or over, and by when it was due") {
    auto a = audit_work_list("work-list-json", "json");
    auto lapse = [&](const std::string& rule, const std::string& plan) {
        const auto* r = find_result(a.report, rule, plan);
        REQUIRE(r);
        return std::make_pair(r->value("lapse", std::string("none")), r->value("due", std::string()));
    };
    // P1: no core group by 2008-11-03, still missing: open. P2: held late: over, same due date.
    CHECK(lapse("cp4.first-core-group", "P1") == std::make_pair(std::string("open"), std::string("2008-11-03")));
    CHECK(lapse("cp4.first-core-group", "P2") == std::make_pair(std::string("over"), std::string("2008-11-03")));
    CHECK(lapse("cp4.first-core-group", "P3") == std::make_pair(std::string("none"), std::string()));
    // Not about a deadline: no lapse, no due date; the subject names its worker.
    CHECK(lapse("cp4.allocated-qualified", "P2") == std::make_pair(std::string("none"), std::string()));
    CHECK((*find_result(a.report, "cp4.allocated-qualified", "P2"))["subject"]["worker"] == "W2");
    CHECK((*find_result(a.report, "cp4.allocated-qualified", "P3"))["outcome"] == "waived");
}

TEST_CASE("work list: first in the HTML report, children by team and worker, most severe and longest overdue first") {
    auto a = audit_work_list("work-list-html", "html");
    const std::string today = between(a.html, "<section id=\"today\">", "</section>");
    REQUIRE(!today.empty());
    CHECK(a.html.find("<section id=\"today\">") < a.html.find("<section id=\"summary\">"));
    // Children with a critical finding open: C2 (unqualified) and C3 (unqualified, waived: a
    // waiver explains a finding, it does not make it untrue); high: C1; three children, three findings.
    CHECK(today.find("<span class=\"n\">2</span> children with a critical finding open") != std::string::npos);
    CHECK(today.find("<span class=\"n\">1</span> children with a high finding open") != std::string::npos);
    CHECK(today.find("<span class=\"n\">3</span> children needing action (3 findings)") != std::string::npos);
    CHECK(today.find("<span class=\"n\">1</span> lapses over, to learn from") != std::string::npos);

    // Teams: T1 (one child critical, one high) before T2 (one critical, none high), each naming
    // its children and what is due first for each, in work list order.
    const std::string teams = between(today, "<table class=\"teams\">", "</table>");
    CHECK(teams.find("T1 Team One</a></td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">2</td>"
                     "<td class=\"num\">148 days</td>") != std::string::npos);
    CHECK(teams.find("T2 Team Two</a></td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"
                     "<td class=\"num\">–</td>") != std::string::npos);
    CHECK(teams.find("T1 Team One") < teams.find("T2 Team Two"));
    CHECK(teams.find(">C1</a>: First core group within 10 working days of the ICPC, overdue since 4 November 2008</li>"
                     "<li><a class=\"child\" href=\"#work-0-1\">C3</a>: Allocated to a qualified social worker (waived)</li>") !=
          std::string::npos);
    CHECK(teams.find("href=\"#work-1-0\">C2</a>: Allocated to a qualified social worker</li>") != std::string::npos);
    // Each link leads to the child's first row on the work list.
    CHECK(between(today, "<tr id=\"work-0-1\">", "</tr>").find(">C3<") != std::string::npos);

    // The work list: T1's worker W1 (C1, unwaived) before W3 (C3, waived), then T2's W2 (C2).
    const std::string work = between(today, "<h3>Work list</h3>", "<h3>");
    const auto w1 = work.find("Worker W1"), w3 = work.find("Worker W3"), w2 = work.find("Worker W2");
    REQUIRE(w1 != std::string::npos);
    REQUIRE(w3 != std::string::npos);
    REQUIRE(w2 != std::string::npos);
    CHECK(w1 < w3);
    CHECK(w3 < w2);
    CHECK(work.find("T1 Team One: 2 children, 2 open findings") < work.find("T2 Team Two: 1 child, 1 open finding"));
    // C1: the core group, overdue since the day after it was due, 148 days on 31 March 2009
    // (3 November 2008 to 31 March 2009), with the action for an open lapse.
    const std::string c1 = between(work, ">C1<", "</tr>");
    CHECK(c1.find("First core group within 10 working days of the ICPC") != std::string::npos);
    CHECK(c1.find("<td>4 November 2008</td><td class=\"num\">148 days</td>") != std::string::npos);
    CHECK(c1.find("Convene the core group now") != std::string::npos);
    // C3: on the list, marked with its waiver.
    const std::string c3 = between(work, ">C3<", "</tr>");
    CHECK(c3.find("Waived until 30 June 2009 (Area Manager): Newly qualified worker awaiting registration") != std::string::npos);
    // C2's late core group is over: not on the work list but in the learning section, with
    // the action for a lapse that is over.
    CHECK(between(work, ">C2<", "</tr>").find("core group") == std::string::npos);
    const std::string learning = between(today, "<h3>Learning: lapses that are over</h3>", "</table>");
    CHECK(learning.find("First core group within 10 working days of the ICPC") != std::string::npos);
    CHECK(learning.find("<td class=\"num\">1</td><td>Record why the first core group was late") != std::string::npos);
    CHECK(learning.find("C2") != std::string::npos);
    CHECK(learning.find("C1") == std::string::npos);
}

TEST_CASE("work list: its own XLSX sheet, first, in the same order, with real dates") {
    auto a = audit_work_list("work-list-xlsx", "xlsx");
    const fs::path book = a.out / "report.xlsx";
    CHECK(zip_part(book, "xl/workbook.xml").find("<sheet name=\"Work list\" sheetId=\"1\"") != std::string::npos);
    const std::string sheet = zip_part(book, "xl/worksheets/sheet1.xml");
    // Rows 2-4: C1 (T1, W1), C3 (T1, W3), C2 (T2, W2); nothing else.
    CHECK(sheet.find("<c r=\"D2\" t=\"inlineStr\"><is><t>C1</t>") != std::string::npos);
    CHECK(sheet.find("<c r=\"D3\" t=\"inlineStr\"><is><t>C3</t>") != std::string::npos);
    CHECK(sheet.find("<c r=\"D4\" t=\"inlineStr\"><is><t>C2</t>") != std::string::npos);
    CHECK(sheet.find("<row r=\"5\"") == std::string::npos);
    CHECK(sheet.find("<c r=\"B2\" t=\"inlineStr\"><is><t>Team One</t>") != std::string::npos);
    // C1's due date 2008-11-03 is Excel day 39755 (2009-01-01 is 39814, 59 days later), overdue
    // since 39756, for 148 days.
    CHECK(sheet.find("><v>39755</v></c><c r=\"J2\" s=\"") != std::string::npos);
    CHECK(sheet.find("><v>39756</v></c><c r=\"K2\"><v>148</v></c>") != std::string::npos);
    const std::string learning = zip_part(book, "xl/worksheets/sheet2.xml");
    CHECK(learning.find("<c r=\"D2\" t=\"inlineStr\"><is><t>C2</t>") != std::string::npos);
    CHECK(learning.find("<row r=\"3\"") == std::string::npos);
}
