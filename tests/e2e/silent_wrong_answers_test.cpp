// Data shaped like real SSD extracts, one change at a time to a clean one-child council
// (tests/fixtures/one-child, README there): child C1 born 2007-06-15, plan P1 from Monday
// 2008-10-20, 23 weekly visits with the child seen, worker W1 registered; audit date
// 2009-03-31. On the clean council every cp-under4 check passes but later-reviews (the next
// review is due 2009-07-15: not yet due). Each case below was once a confident wrong answer;
// each expected outcome is worked out by hand in the comment above it.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/data/database.hpp"

using namespace e2e;

namespace {

struct Council {
    fs::path dir;
    std::string src;
};

Council one_child(const std::string& name) {
    Council c{temp_dir(name), {}};
    c.src = "sqlite:" + (c.dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", c.src}).code == 0);
    auto r = run_cli({"db", "import", fixtures() + "/one-child", "--source", c.src});
    REQUIRE_MESSAGE(r.code == 0, r.all());
    return c;
}

// Changes the case data as a council's own extract would hold it (not through the importer).
void sql(const Council& c, const std::string& statement) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(c.src));
    auto db = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    REQUIRE_MESSAGE(db, err);
    auto st = db->execute(statement);
    REQUIRE_MESSAGE(st, statement);
}

// One audit of the council as of `as_of`, with any further options (--set, --rules, --waivers).
nlohmann::json audit(const Council& c, const std::string& plugin, const std::string& as_of = "2009-03-31",
                     const std::vector<std::string>& options = {}) {
    static int runs = 0;
    auto out = c.dir / ("out-" + plugin + "-" + as_of + "-" + std::to_string(runs++));
    std::vector<std::string> args{"run", plugin, "--source", c.src, "--as-of", as_of, "--format", "json", "--out", out.string(),
                                  "--no-history"};
    args.insert(args.end(), options.begin(), options.end());
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return read_json(out / "report.json");
}

std::string outcome(const nlohmann::json& report, const std::string& rule, const std::string& subject) {
    const auto* r = find_result(report, rule, subject);
    return r ? (*r)["outcome"].get<std::string>() : "absent";
}

std::string message(const nlohmann::json& report, const std::string& rule, const std::string& subject) {
    const auto* r = find_result(report, rule, subject);
    return r ? (*r)["message"].get<std::string>() : "";
}

std::string section_text(const nlohmann::json& report, const std::string& id) {
    for (const auto& s : report["sections"])
        if (s["id"] == id) return s["text"].get<std::string>();
    return {};
}

const std::vector<std::string> kCp4Rules = {
    "cp4.allocated-qualified", "cp4.icpc-on-time", "cp4.first-core-group", "cp4.first-review", "cp4.later-reviews",
    "cp4.visits", "cp4.seen-alone", "cp4.long-plan", "cp4.very-long-plan", "cp4.repeat-plan",
    "cp4.category-recorded", "cp4.chronology", "cp4.oversight"};

void all_errors_naming(const nlohmann::json& report, const std::string& subject, const std::string& where) {
    for (const auto& rule : kCp4Rules) {
        INFO(rule);
        CHECK(outcome(report, rule, subject) == "error");
        CHECK(message(report, rule, subject).find(where) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("silent wrong answers: the clean one-child council passes every check that is due") {
    auto c = one_child("swa-clean");
    auto report = audit(c, "cp-under4");
    for (const auto& rule : kCp4Rules) {
        INFO(rule);
        CHECK(outcome(report, rule, "P1") == (rule == "cp4.later-reviews" ? "not_applicable" : "pass"));
    }
    CHECK(section_text(report, "sheet/P1").find("23 visits recorded, the child seen at 23") != std::string::npos);
}

TEST_CASE("silent wrong answers 1: an expected date of birth long past stands in for the date of birth") {
    auto c = one_child("swa-expected-old");
    // Only an expected date, 1999-09-01: 42 days later is 1999-10-13, long before the audit.
    // The expected date stands in: C1 is 9, so P1 is not in the under-4 review at all.
    sql(c, "UPDATE ssd_person SET pers_dob = NULL, pers_expected_dob = '1999-09-01'");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.visits", "P1") == "absent");
    // Data quality says so, without the date.
    auto dq = audit(c, "data-quality");
    CHECK(outcome(dq, "dq.expected-date-passed", "C1") == "fail");
    CHECK(message(dq, "dq.expected-date-passed", "C1").find("expected date passed, no date of birth") != std::string::npos);
    CHECK(dq.dump().find("1999-09-01") == std::string::npos);
}

TEST_CASE("silent wrong answers 1: a baby is unborn only up to unborn_grace_days after the expected date") {
    // Expected 2009-02-17: + 42 days = 2009-03-31, the audit date itself: still unborn, so the
    // visit checks are not applicable. Expected 2009-02-16: + 42 = 2009-03-30, passed: the
    // expected date stands in (the child is 1 month old) and the visits check applies: the 23
    // weekly visits (longest gap 5 working days) pass.
    auto c = one_child("swa-expected-boundary");
    sql(c, "UPDATE ssd_person SET pers_dob = NULL, pers_expected_dob = '2009-02-17'");
    auto unborn = audit(c, "cp-under4");
    CHECK(outcome(unborn, "cp4.visits", "P1") == "not_applicable");
    CHECK(outcome(audit(c, "data-quality"), "dq.expected-date-passed", "C1") == "pass");
    sql(c, "UPDATE ssd_person SET pers_expected_dob = '2009-02-16'");
    auto born = audit(c, "cp-under4");
    CHECK(outcome(born, "cp4.visits", "P1") == "pass");
    CHECK(section_text(born, "sheet/P1").find("1 months old (by the expected date of birth") != std::string::npos);
    CHECK(outcome(audit(c, "data-quality"), "dq.expected-date-passed", "C1") == "fail");
    // With 60 days' grace (2009-02-16 + 60 = 2009-04-17) the child counts as unborn again.
    auto grace = audit(c, "cp-under4", "2009-03-31", {"--set", "cp-under4.unborn_grace_days=60"});
    CHECK(outcome(grace, "cp4.visits", "P1") == "not_applicable");
}

TEST_CASE("silent wrong answers 2: flags spelt y, Yes, 1 or ' TRUE ' read as yes and anything else is an error") {
    auto c = one_child("swa-flags");
    for (const char* seen : {"y", "Yes", "1", " TRUE "}) {
        INFO(seen);
        sql(c, std::string("UPDATE ssd_cp_visits SET cppv_cp_visit_seen = '") + seen + "'");
        CHECK(outcome(audit(c, "cp-under4"), "cp4.visits", "P1") == "pass");
    }
    // One visit's flag reads 'maybe': whether the child was seen cannot be told, so the visits
    // check is an error naming the column and the visit, not a fail, and never quotes it.
    sql(c, "UPDATE ssd_cp_visits SET cppv_cp_visit_seen = 'maybe' WHERE cppv_cp_visit_id = 'X05'");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.visits", "P1") == "error");
    CHECK(message(report, "cp4.visits", "P1").find("ssd_cp_visits.cppv_cp_visit_seen (cppv_cp_visit_id=X05)") != std::string::npos);
    CHECK(report.dump().find("maybe") == std::string::npos);
    // The transfer-in flag is read the same way: '1' is a transfer-in (the ICPC timing does not
    // apply), 'perhaps' an error.
    sql(c, "UPDATE ssd_initial_cp_conference SET icpc_icpc_transfer_in = '1'");
    CHECK(outcome(audit(c, "cp-under4"), "cp4.icpc-on-time", "P1") == "not_applicable");
    sql(c, "UPDATE ssd_initial_cp_conference SET icpc_icpc_transfer_in = 'perhaps'");
    CHECK(outcome(audit(c, "cp-under4"), "cp4.icpc-on-time", "P1") == "error");
}

TEST_CASE("silent wrong answers 2: seen alone spelt 'y' counts as seen alone") {
    // Born 2005-06-15, C1 turned 3 on 2008-06-15, before every visit, so from the first seen
    // visit the child must be seen alone at least every other visit. Seen alone 'N' at all 23:
    // a run of 23 without, fail. Spelt 'y' at all 23: run 0, pass.
    auto c = one_child("swa-alone");
    sql(c, "UPDATE ssd_person SET pers_dob = '2005-06-15'");
    auto never = audit(c, "cp-under4");
    CHECK(outcome(never, "cp4.seen-alone", "P1") == "fail");
    CHECK(message(never, "cp4.seen-alone", "P1").find("23 seen visits in a row") != std::string::npos);
    sql(c, "UPDATE ssd_cp_visits SET cppv_cp_visit_seen_alone = 'y'");
    CHECK(outcome(audit(c, "cp-under4"), "cp4.seen-alone", "P1") == "pass");
}

TEST_CASE("silent wrong answers 3: identifiers with stray spaces match and a worker who is nowhere is an error") {
    auto c = one_child("swa-ids");
    // 'W1 ' names W1: identifiers are compared without surrounding white space.
    sql(c, "UPDATE ssd_involvements SET invo_professional_id = 'W1 '");
    CHECK(outcome(audit(c, "cp-under4"), "cp4.allocated-qualified", "P1") == "pass");
    // W9 is not in ssd_professionals: whether the worker is qualified cannot be told (error,
    // never "not qualified"), and data quality reports the broken link.
    sql(c, "UPDATE ssd_involvements SET invo_professional_id = 'W9'");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.allocated-qualified", "P1") == "error");
    CHECK(message(report, "cp4.allocated-qualified", "P1").find("worker W9 is not in ssd_professionals") != std::string::npos);
    auto dq = audit(c, "data-quality");
    CHECK(outcome(dq, "dq.involvement-worker-link", "I1") == "fail");
}

TEST_CASE("silent wrong answers 4: a row repeated with the same key counts once") {
    auto c = one_child("swa-repeats");
    // The first review twice: there is still only one review, so later reviews are not yet due
    // (not a pass over a 0-day interval between the review and itself).
    sql(c, "INSERT INTO ssd_cp_reviews SELECT * FROM ssd_cp_reviews");
    // Visit X05 twice: still 23 visits on the sheet.
    sql(c, "INSERT INTO ssd_cp_visits SELECT * FROM ssd_cp_visits WHERE cppv_cp_visit_id = 'X05'");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.later-reviews", "P1") == "not_applicable");
    CHECK(section_text(report, "sheet/P1").find("23 visits recorded, the child seen at 23") != std::string::npos);
    auto dq = audit(c, "data-quality");
    CHECK(outcome(dq, "dq.review-id-unique", "RV1") == "fail");
    CHECK(outcome(dq, "dq.visit-id-unique", "X05") == "fail");
}

TEST_CASE("silent wrong answers 4: a child recorded twice with different dates of birth is not decided by the last row") {
    // Born 2007-06-15 (1, in the review) and 2003-06-15 (5, not): which is true cannot be told,
    // so P1 stays in the review with every check an error, and data quality reports it.
    auto c = one_child("swa-two-births");
    sql(c, "INSERT INTO ssd_person (pers_person_id, pers_dob) VALUES ('C1', '2003-06-15')");
    auto report = audit(c, "cp-under4");
    all_errors_naming(report, "P1", "ssd_person holds more than one row with pers_person_id=C1");
    auto dq = audit(c, "data-quality");
    CHECK(outcome(dq, "dq.birth-dates-agree", "C1") == "fail");
    CHECK(dq.dump().find("2003-06-15") == std::string::npos);
    CHECK(dq.dump().find("2007-06-15") == std::string::npos);
}

TEST_CASE("silent wrong answers 5: a plan start that cannot be read keeps the plan in the review, every check an error") {
    auto c = one_child("swa-plan-start");
    sql(c, "UPDATE ssd_cp_plans SET cppl_cp_plan_start_date = '20/10/2008'");
    auto report = audit(c, "cp-under4");
    all_errors_naming(report, "P1", "ssd_cp_plans.cppl_cp_plan_start_date (cppl_cp_plan_id=P1) is not a date");
    CHECK(report.dump().find("20/10/2008") == std::string::npos);
}

TEST_CASE("silent wrong answers 5: visit dates written day-first make the visits check an error, not '0 visits'") {
    auto c = one_child("swa-visit-dates");
    sql(c, "UPDATE ssd_cp_visits SET cppv_cp_visit_date = substr(cppv_cp_visit_date, 9, 2) || '/' || "
           "substr(cppv_cp_visit_date, 6, 2) || '/' || substr(cppv_cp_visit_date, 1, 4)");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.visits", "P1") == "error");
    CHECK(outcome(report, "cp4.seen-alone", "P1") == "error");
    CHECK(message(report, "cp4.visits", "P1").find("ssd_cp_visits.cppv_cp_visit_date (cppv_cp_visit_id=X01) is not a date") !=
          std::string::npos);
    // Checks that do not need the visits are still judged.
    CHECK(outcome(report, "cp4.first-review", "P1") == "pass");
}

TEST_CASE("silent wrong answers 5: a date of birth that cannot be read is an error everywhere it matters, never shown") {
    auto c = one_child("swa-dob");
    sql(c, "UPDATE ssd_person SET pers_dob = '17/10/2005'");
    auto report = audit(c, "cp-under4");
    all_errors_naming(report, "P1", "ssd_person.pers_dob (pers_person_id=C1) is not a date");
    auto dq = audit(c, "data-quality");
    CHECK(outcome(dq, "dq.birth-date-readable", "C1") == "fail");
    CHECK(outcome(dq, "dq.expected-date-passed", "C1") == "error");
    for (const auto& r : {report, dq}) CHECK(r.dump().find("17/10/2005") == std::string::npos);
}

TEST_CASE("silent wrong answers 6: rules check refuses a sensitive fact given to a check that shows its value") {
    // Line 10 is the check; `from = "birth_date"` starts at column 40, where the value's quote is.
    std::string file = fixtures() + "/bad-rules/bad-sensitive-check.toml";
    auto r = run_cli({"rules", "check", file});
    CHECK(r.code == 2);
    CHECK(r.err.find(file + ":10:40: error: fact 'birth_date' is sensitive") != std::string::npos);
}

TEST_CASE("silent wrong answers 6: an expression that fails on a date of birth does not quote what it worked out") {
    // 100,000 working days after 2007-06-15 is beyond the calendar (it ends in 2035): the
    // expression fails, and its message would name the date of birth. It is withheld.
    auto c = one_child("swa-sensitive-expr");
    auto out = c.dir / "out";
    auto r = run_cli({"run", "cp-under4", "--source", c.src, "--as-of", "2009-03-31", "--rules",
                      fixtures() + "/sensitive/cp4-birth-expression.toml", "--format", "json", "--out", out.string(), "--no-history"});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto report = read_json(out / "report.json");
    CHECK(outcome(report, "cp4.far-future", "P1") == "error");
    CHECK(message(report, "cp4.far-future", "P1").find("withheld because it reads the sensitive fact 'birth_date'") != std::string::npos);
    CHECK(report.dump().find("2007-06-15") == std::string::npos);
    CHECK(r.all().find("2007-06-15") == std::string::npos);
}

TEST_CASE("runaway extract: thousands of visits to one child give a timeline a person can read, every visit counted") {
    // 5,000 more visits to P1 (visits 23 + 5,000 = 5,023, all seen, on 2008-10-21 .. 2009-03-29,
    // before the audit date). The timeline draws at most one visit mark per 4 pixels of its
    // 584-pixel width (x from 100 to 684: bins 25 to 171, 147 marks), and the marks' titles still
    // account for all 5,023 visits.
    auto c = one_child("runaway");
    sql(c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
           "INSERT INTO ssd_cp_visits (cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, cppv_cp_visit_date, cppv_cp_visit_seen, "
           "cppv_cp_visit_seen_alone) SELECT 'R' || i, 'C1', 'P1', date('2008-10-21', '+' || (i % 160) || ' days'), 'Y', 'N' FROM n");
    auto report = audit(c, "cp-under4");
    CHECK(outcome(report, "cp4.visits", "P1") == "pass");
    std::string svg;
    for (const auto& s : report["sections"])
        if (s["id"] == "sheet/P1") svg = s["svg"].get<std::string>();
    std::size_t marks = 0, counted = 0;
    for (std::size_t at = svg.find("class=\"seen\""); at != std::string::npos; at = svg.find("class=\"seen\"", at + 1)) {
        ++marks;
        auto title = svg.find("<title>", at) + 7;
        counted += std::stoul(svg.substr(title, svg.find(' ', title) - title));
    }
    CHECK(marks <= 147);
    CHECK(counted == 5023);
    CHECK(section_text(report, "sheet/P1").find("5023 visits recorded, the child seen at 5023") != std::string::npos);
}

TEST_CASE("titles and actions follow the parameters they name, after overlays and --set") {
    // The overlay sets the visiting limit to 5 working days: the title says 5, not 10. The
    // one-child council's weekly visits leave gaps of at most 5 working days (Mondays; the
    // Christmas weeks are shorter), so the check still passes at exactly the limit.
    auto c = one_child("titles");
    std::string overlay = fixtures() + "/overlays/cp4-visits-5.toml";
    auto show = run_cli({"rules", "show", "cp-under4", "--rules", overlay});
    INFO(show.all());
    CHECK(show.out.find("Child seen at least every 5 working days") != std::string::npos);
    CHECK(show.out.find("Child seen at least every 10 working days") == std::string::npos);
    auto report = audit(c, "cp-under4", "2009-03-31", {"--rules", overlay});
    CHECK(outcome(report, "cp4.visits", "P1") == "pass");
    bool titled = false;
    for (const auto& s : report["rule_summary"])
        if (s["rule"] == "cp4.visits") titled = s["title"] == "Child seen at least every 5 working days";
    CHECK(titled);
    // A placeholder in a title must name a parameter (titles are the same for every child).
    std::string bad = fixtures() + "/bad-rules/bad-title-placeholder.toml";
    auto check = run_cli({"rules", "check", bad});
    CHECK(check.code == 2);
    CHECK(check.err.find(bad + ":7:9: error: title placeholder {visit_days} is not a parameter of this rule set") != std::string::npos);
}

TEST_CASE("a table the audit needs is missing: the plugin is skipped with a message naming the table once") {
    // cp-under4 reads four columns of sga_case_records; without the table it cannot run, and
    // says so once, not once per column.
    auto c = one_child("missing-table");
    sql(c, "DROP TABLE sga_case_records");
    auto r = run_cli({"run", "cp-under4", "--source", c.src, "--as-of", "2009-03-31", "--format", "json", "--out",
                      (c.dir / "out").string(), "--no-history"});
    CHECK(r.code == 3);
    auto report = read_json(c.dir / "out" / "report.json");
    REQUIRE(report["plugins"].size() == 1);
    CHECK(report["plugins"][0]["status"] == "skipped");
    CHECK(report["plugins"][0]["error"] == "the data source lacks table sga_case_records, which plugin 'cp-under4' needs");
}

TEST_CASE("a waiver explains a finding and does not make it true: the waived plan still counts as not qualified") {
    // W1 loses the registration number: P1 is allocated to an unqualified worker (a critical
    // fail). A waiver until 30 June 2009 makes the result `waived`, but the summary still counts
    // the plan among those not allocated to a qualified social worker (1 of 1, 100.0%) and lists
    // it among children with a high-severity finding, marked waived.
    auto c = one_child("waived-still-counts");
    sql(c, "UPDATE ssd_professionals SET prof_social_worker_registration_no = NULL");
    auto report = audit(c, "cp-under4", "2009-03-31", {"--waivers", fixtures() + "/one-child-waivers/p1-unqualified.toml"});
    CHECK(outcome(report, "cp4.allocated-qualified", "P1") == "waived");
    CHECK(section_text(report, "summary").find("Plans not allocated to a qualified social worker: 1 (100.0%)") != std::string::npos);
    bool listed = false;
    for (const auto& s : report["sections"])
        if (s["id"] == "summary")
            for (const auto& row : s["table"]["rows"])
                listed = listed || (row[0] == "P1" && row[1].get<std::string>().find("Allocated to a qualified social worker (waived)") !=
                                                          std::string::npos);
    CHECK(listed);
}
