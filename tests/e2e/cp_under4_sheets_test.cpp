// The IRO's review sheets end to end, on the cp-under4 fixture (tests/fixtures/cp-under4, see
// cp_under4_test.cpp for how each outcome was worked out) as of Tuesday 31 March 2009, with a
// second team added: T2 ("Team Two"), where K7's plan Q7 is allocated to SW2 (qualified) and
// K8's plan Q8 is referred (no allocated worker). Q3's overdue first core group is waived, and
// Q7's core group date is made unreadable. Every expected value is worked out by hand below.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/data/source.hpp"

using namespace e2e;

namespace {

void append_line(const fs::path& csv, const std::string& line) { std::ofstream(csv, std::ios::app) << line << "\n"; }

// The fixture with the second team, loaded into SQLite, with one unreadable date planted.
std::string two_teams(const fs::path& dir) {
    const fs::path data = dir / "data";
    fs::copy(fixtures() + "/cp-under4", data);
    append_line(data / "ssd_department.csv", "T2,Team Two,A1,Area One");
    append_line(data / "ssd_professionals.csv", "SW2,SW0002,Social Worker,T2,1.0,N");
    append_line(data / "ssd_involvements.csv", "N7,SW2,Allocated Case Worker,T2,2008-08-31,,K7,R7");
    std::string episodes = slurp(data / "ssd_cin_episodes.csv");
    const std::string r8 = "R8,K8,2009-03-10,1A,N,,,T1";
    REQUIRE(episodes.find(r8) != std::string::npos);
    episodes.replace(episodes.find(r8), r8.size(), "R8,K8,2009-03-10,1A,N,,,T2");
    write_text(data / "ssd_cin_episodes.csv", episodes);
    const std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    auto r = run_cli({"db", "import", data.string(), "--source", src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    std::string err;
    auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(src)),
                                            sgaudit::data::Access::read_write, err);
    REQUIRE(db);
    REQUIRE(db->execute("UPDATE sga_cp_core_groups SET meeting_date = '31/02/2009' WHERE core_group_id = 'G7'"));
    write_text(dir / "waivers.toml",
               "[[waiver]]\nrule = \"cp4.first-core-group\"\nsubject = \"Q3\"\njustification = \"Moved at the family's request\"\n"
               "approver = \"Conference Service Manager\"\nexpires = 2009-06-30\n");
    return src;
}

const nlohmann::json& sheet_of(const nlohmann::json& report, const std::string& plan) {
    for (const auto& s : report["sections"])
        if (s["id"] == "sheet/" + plan) return s;
    FAIL("no sheet for " << plan);
    static const nlohmann::json none;
    return none;
}

// Column 1 (where it stands) and 2 (detail) of a sheet's rows, in the rule set's order.
std::vector<std::pair<std::string, std::string>> words_of(const nlohmann::json& sheet) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : sheet["table"]["rows"]) out.emplace_back(row[1].get<std::string>(), row[2].get<std::string>());
    return out;
}

std::string standing_of(const nlohmann::json& sheet, const std::string& title_start) {
    for (const auto& row : sheet["table"]["rows"])
        if (row[0].get<std::string>().rfind(title_start, 0) == 0) return row[1].get<std::string>();
    return "(no row " + title_start + ")";
}

std::size_t position(const std::string& text, const std::string& needle) {
    auto p = text.find(needle);
    CHECK_MESSAGE(p != std::string::npos, needle);
    return p;
}

void check_sheets(const nlohmann::json& report) {
    // Order: team T1 (no allocated worker: Q2, Q5; worker CFW1: Q3; worker SW1: Q1), then team
    // T2 (no allocated worker: Q8; worker SW2: Q7), after the summary and the compliance table.
    std::vector<std::string> ids;
    std::vector<std::string> groups;
    for (const auto& s : report["sections"]) {
        ids.push_back(s["id"].get<std::string>());
        groups.push_back(s.value("group", "") + " / " + s.value("subgroup", "") + " / " + s.value("group_key", ""));
    }
    CHECK(ids == std::vector<std::string>{"summary", "by-area-and-team", "sheet/Q2", "sheet/Q5", "sheet/Q3", "sheet/Q1", "sheet/Q8", "sheet/Q7"});
    CHECK(groups == std::vector<std::string>{" /  / ", " /  / ", "Team T1: Team One / No allocated worker / T1",
                                             "Team T1: Team One / No allocated worker / T1", "Team T1: Team One / Worker CFW1 / T1",
                                             "Team T1: Team One / Worker SW1 / T1", "Team T2: Team Two / No allocated worker / T2",
                                             "Team T2: Team Two / Worker SW2 / T2"});

    // Q1, check by check (the rule set's order): allocated to SW1 (qualified): met. ICPC on the
    // day it was due: met. First core group due 22 January, held 23 January: 1 working day late.
    // First review due 8 April: not yet. Later reviews: none to count from. Visits: last seen
    // Friday 6 March; 10 working days on is Friday 20 March, so overdue since 21 March. Seen alone:
    // two seen visits in a row without (22 January, 5 February). The prompts pass; the category is
    // recorded. Chronology: none yet, due 8 April (3 months after 8 January). Oversight: the
    // latest 28 February, due again 28 March: overdue since 29 March.
    const auto& q1 = sheet_of(report, "Q1");
    CHECK(q1["title"] == "Plan Q1, child K1");
    CHECK(q1["table"]["header"] == nlohmann::json{"Check", "Where it stands", "Detail"});
    std::vector<std::pair<std::string, std::string>> want = {
        {"Met", ""},
        {"Met", "On time"},
        {"Held 1 working day late", "First core group 1 working day late; counted from the initial conference on 8 January 2009"},
        {"Not yet due (due 8 April 2009)", ""},
        {"Not applicable", "The starting event is not recorded"},
        {"Overdue since 21 March 2009",
         "Child not seen often enough: 2 gaps over 10 working days; longest 17 (6 March 2009 to 31 March 2009); 5 visits recorded"},
        {"Not met", "2 seen visits in a row without the child seen alone"},
        {"Met", ""},
        {"Met", ""},
        {"Met", ""},
        {"Met", ""},
        {"Not yet due (due 8 April 2009)", ""},
        {"Overdue since 29 March 2009", "Management oversight: latest 28 February 2009, due again by 28 March 2009"},
    };
    CHECK(words_of(q1) == want);
    // Born 15 January 2006: 38 completed months on 31 March 2009 (the date of birth is not shown).
    CHECK(q1["text"] == "Child K1, 38 months old. Team T1, area A1; allocated to SW1, a qualified social worker. Plan started 8 January "
                        "2009; 5 visits recorded, the child seen at 4.");
    CHECK(q1["details"] == nlohmann::json::parse(R"json([
        {"label": "Next review conference due", "value": "8 April 2009"},
        {"label": "Next visit due (child to be seen)", "value": "Overdue since 21 March 2009"},
        {"label": "Chronology update due", "value": "8 April 2009"},
        {"label": "Management oversight due", "value": "Overdue since 29 March 2009"}])json"));

    // Q3: first core group due 23 March, not held, waived. Q5: ICPC due 26 January, held the 27th.
    // Q2: a transfer-in conference. Q8: first core group due 8 April. Q7: its core group's date
    // cannot be read.
    CHECK(standing_of(sheet_of(report, "Q3"), "First core group") == "Waived: overdue since 24 March 2009");
    CHECK(standing_of(sheet_of(report, "Q5"), "Initial conference") == "Held 1 working day late");
    CHECK(standing_of(sheet_of(report, "Q2"), "Initial conference") == "Not applicable");
    CHECK(standing_of(sheet_of(report, "Q8"), "First core group") == "Not yet due (due 8 April 2009)");
    CHECK(standing_of(sheet_of(report, "Q7"), "First core group") ==
          "Could not be judged: sga_cp_core_groups.meeting_date (core_group_id=G7) is not a date (YYYY-MM-DD)");
    CHECK(sheet_of(report, "Q3")["details"][1] == nlohmann::json{{"label", "First core group due"}, {"value", "Overdue since 24 March 2009"}});
    for (const auto& s : report["sections"])
        for (const auto& row : s["table"]["rows"])
            for (const char* token : {"fail", "not_applicable", "pass", "waived", "error"}) CHECK(row[1] != token);
}

void check_html(const std::string& html) {
    // Headings in order, each group in an element its print link targets, every sheet anchored.
    std::size_t t1 = position(html, "<div class=\"section-group\" id=\"group.cp-under4.T1\">");
    std::size_t t2 = position(html, "<div class=\"section-group\" id=\"group.cp-under4.T2\">");
    CHECK(t1 < t2);
    CHECK(html.find("<h3>Team T1: Team One</h3>") != std::string::npos);
    CHECK(html.find("<a href=\"#group.cp-under4.T2\">Print only Team T2: Team Two</a>") != std::string::npos);
    std::size_t last = 0;
    for (const char* plan : {"Q2", "Q5", "Q3", "Q1", "Q8", "Q7"}) {
        std::size_t at = position(html, "<article class=\"plugin-section subject\" id=\"subject.cp-under4." + std::string(plan) + "\">");
        CHECK_MESSAGE(at > last, plan);
        last = at;
    }
    // A subgroup's heading opens its first sheet's page, above the sheet's title.
    const std::size_t cfw1 = position(html, "<h4 class=\"subgroup-heading\">Worker CFW1</h4>");
    CHECK(position(html, "id=\"subject.cp-under4.Q3\"") < cfw1);
    CHECK(cfw1 < position(html, "<h3>Plan Q3, child K4</h3>"));
    // Q5, the second with no allocated worker in T1, names its team and worker on its own page.
    CHECK(html.find("<p class=\"kicker\">Team T1: Team One · No allocated worker</p>") != std::string::npos);
    CHECK(html.find("<dt>Next visit due (child to be seen)</dt><dd>Overdue since 21 March 2009</dd>") != std::string::npos);
    CHECK(html.find("<td>Held 1 working day late</td>") != std::string::npos);
    // Two groups, each closed before the next opens.
    std::size_t opened = 0;
    for (auto p = html.find("<div class=\"section-group\""); p != std::string::npos; p = html.find("<div class=\"section-group\"", p + 1)) ++opened;
    CHECK(opened == 2);
    const std::size_t q1 = position(html, "id=\"subject.cp-under4.Q1\"");
    CHECK(html.substr(q1, t2 - q1).find("</div>") != std::string::npos);
    // No date of birth, in any form: K1 2006-01-15, K3 2005-04-01, K7 2007-01-01, K8 2008-06-01.
    for (const char* dob : {"2006-01-15", "15 January 2006", "2005-04-01", "1 April 2005", "2007-01-01", "1 January 2007", "2008-06-01",
                            "1 June 2008"})
        CHECK_MESSAGE(html.find(dob) == std::string::npos, dob);
}

}  // namespace

TEST_CASE("cp-under4 sheets: grouped by team and worker, in plain words, with the next dates due, stored and drawn again") {
    auto dir = temp_dir("cp4-sheets");
    const std::string src = two_teams(dir);
    const std::string history = (dir / "h.db").string();
    auto r = run_cli({"run", "cp-under4", "--source", src, "--as-of", "2009-03-31", "--waivers", (dir / "waivers.toml").string(), "--history",
                      history, "--format", "json,html", "--out", (dir / "out").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const auto report = read_json(dir / "out" / "report.json");
    check_sheets(report);
    check_html(slurp(dir / "out" / "report.html"));

    // From the history: the same sections, groups and details, and the same page.
    auto again = run_cli({"report", "latest", "--history", history, "--format", "json,html", "--out", (dir / "again").string()});
    INFO(again.all());
    REQUIRE(again.code == 0);
    const auto stored = read_json(dir / "again" / "report.json");
    check_sheets(stored);
    CHECK(stored["sections"] == report["sections"]);
    check_html(slurp(dir / "again" / "report.html"));
}

TEST_CASE("cp-under4 sheets: messages follow an overridden parameter") {
    // With the first core group due 5 working days after Q3's ICPC (Monday 9 March 2009): March
    // 10, 11, 12, 13, 16, so due Monday 16 March and, not held, overdue since 17 March.
    auto dir = temp_dir("cp4-sheets-set");
    const std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/cp-under4", "--source", src}).code == 0);
    auto r = run_cli({"run", "cp-under4", "--source", src, "--as-of", "2009-03-31", "--set", "cp-under4.core_group_working_days=5",
                      "--format", "json", "--no-history", "--out", (dir / "out").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    const auto report = read_json(dir / "out" / "report.json");
    const auto* q3 = find_result(report, "cp4.first-core-group", "Q3");
    REQUIRE(q3);
    CHECK((*q3)["message"] == "plan Q3: first core group not recorded; it was due by 2009-03-16; counted from the initial conference on 2009-03-09");
    CHECK(standing_of(sheet_of(report, "Q3"), "First core group within 5 working days") == "Overdue since 17 March 2009");
    // Q5 is allocated to no one: the message says so, not "allocated false".
    CHECK((*find_result(report, "cp4.allocated-qualified", "Q5"))["message"] ==
          "plan Q5: not allocated to a qualified social worker (no worker is allocated)");
    // Q3's worker CFW1 has no registration number.
    CHECK((*find_result(report, "cp4.allocated-qualified", "Q3"))["message"] ==
          "plan Q3: not allocated to a qualified social worker (the allocated worker, CFW1, has no social work registration number)");
}
