// What the history keeps of a result (its worker, lapse and due date, also for runs stored before
// it kept them), what `history` says of each run's scope, and what `history diff` does with runs
// of different scope and with failing subjects that left or joined the audit. The real sgaudit,
// real SQLite files and, where the other history tests use it, the PostgreSQL server of
// scripts/test.sh; every expected value is worked out by hand in the comments.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "history_harness.hpp"

using namespace e2e;
using sgaudit::Lapse;

namespace {

sgaudit::Date day(const char* iso) { return *sgaudit::Date::parse(iso); }

// Each result of run `ref` as the history gives it back: "subject rule worker lapse due" ("-"
// for no worker or no due date).
std::vector<std::string> read_back(const std::string& url, const std::string& ref) {
    auto store = open_history(url, sgaudit::history::HistoryStore::Mode::existing);
    std::vector<std::string> out;
    sgaudit::history::StoredRun run;
    auto st = store->in_snapshot([&]() -> sgaudit::Status {
        if (auto o = store->open_run(ref, run); !o) return o;
        return store->read_results(run, [&](sgaudit::Result&& r) {
            out.push_back(r.subject.id + " " + r.rule + " " + (r.subject.worker.empty() ? "-" : r.subject.worker) + " " +
                          to_string(r.lapse) + " " + (r.due ? r.due->iso() : "-"));
            return sgaudit::Status::ok();
        });
    });
    if (!st) throw std::runtime_error(st.message());
    return out;
}

// The rows a query gives, each row's values joined by spaces ("-" for NULL).
std::vector<std::string> rows(const std::string& url, const std::string& sql) {
    std::vector<std::string> out;
    auto st = open_db(url)->query(sql, {}, [&](const sgaudit::Row& r) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) line += (i ? " " : "") + (r[i].is_null() ? std::string("-") : r[i].to_string());
        out.push_back(line);
        return sgaudit::Status::ok();
    });
    if (!st) throw std::runtime_error(st.message());
    return out;
}

// The one-child council (tests/fixtures/one-child: plan P1 of team T1 in area A1, allocated to
// worker W1) in a SQLite file of its own.
std::string one_child_source(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "c.db").string();
    for (auto args : {std::vector<std::string>{"db", "init"}, std::vector<std::string>{"db", "import", fixtures() + "/one-child"}}) {
        args.insert(args.end(), {"--source", src});
        if (run_cli(args).code != 0) throw std::runtime_error("loading the one-child fixture failed");
    }
    return src;
}

// Runs `plugin` as of `as_of` and stores it in `history`; `extra` adds options such as --team. The
// test plugins come from the tests' folders, the shipped ones (cp-under4) from sgaudit's own.
std::string audit(const std::string& plugin, const std::string& src, const std::string& history, const std::string& as_of,
                  const fs::path& out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args;
    if (plugin.rfind("test-", 0) == 0) args = {"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules"};
    args.insert(args.end(), {"run", plugin, "--source", src, "--as-of", as_of, "--history", history, "--format", "json", "--out",
                             out.string()});
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(args);
    INFO(r.all());
    REQUIRE(r.code == 0);
    return stored_id(r);
}

// After `sql` edits the history at `url` (given to sgaudit as `h`), verify names run `run` as the
// first that no longer matches.
void edit_is_found(const std::string& url, const std::string& h, const std::string& sql, const std::string& run) {
    REQUIRE(open_db(url)->execute(sql));
    auto v = run_cli({"history", "verify", "--history", h});
    INFO(v.all());
    CHECK(v.code == 1);
    CHECK(v.out.find("NOT VERIFIED: run " + run + " is the first that no longer matches") != std::string::npos);
}

}  // namespace

TEST_CASE("history: a result's worker, lapse and due date are stored and read back as they were") {
    // Four results written out: an open lapse, one that is over, a pass and an error, with and
    // without a worker; each must come back exactly so, and an edit to one must be found.
    auto dir = temp_dir("history-lapse-stored");
    const std::vector<Made> made{{"r1", "S1", "A1", Outcome::fail, "W1", Lapse::open, day("2009-03-06")},
                                 {"r1", "S2", "A1", Outcome::fail, "W2", Lapse::over, day("2009-01-30")},
                                 {"r2", "S1", "A1", Outcome::pass, "W1"},
                                 {"r2", "S3", "", Outcome::error}};
    const std::vector<std::string> expected{"S1 r1 W1 open 2009-03-06", "S2 r1 W2 over 2009-01-30", "S1 r2 W1 none -",
                                            "S3 r2 - none -"};
    auto check = [&](const std::string& url, const std::string& h) {
        REQUIRE(open_history(url)->store(made_run("L1", "2009-04-01T09:00:00Z", made)));
        CHECK(read_back(url, "L1") == expected);
        // In the columns a dashboard would read: the worker, lapse and due date of each.
        CHECK(rows(url, "SELECT worker, lapse, due FROM sgaudit_history_result WHERE run_id = 'L1' ORDER BY seq") ==
              std::vector<std::string>{"W1 open 2009-03-06", "W2 over 2009-01-30", "W1 none -", " none -"});
        auto v = run_cli({"history", "verify", "--history", h});
        INFO(v.all());
        CHECK(v.code == 0);
        CHECK(v.out.find("Verified: 1 run(s)") != std::string::npos);
        // A lapse made to look over (or a due date moved) afterwards is an edit like any other.
        edit_is_found(url, h, "UPDATE sgaudit_history_result SET lapse = 'over' WHERE run_id = 'L1' AND seq = 0", "L1");
    };
    SUBCASE("SQLite") { check("sqlite:" + (dir / "h.db").string(), (dir / "h.db").string()); }
    SUBCASE("PostgreSQL") {
        std::string pg = pg_source("hist_lapse");
        REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
        check(pg, pg);
    }
}

TEST_CASE("history: sgaudit stores the worker, lapse and due date of the results it reports") {
    auto dir = temp_dir("history-lapse-real");
    std::string history = (dir / "h.db").string(), url = "sqlite:" + history;
    // test-good on the tiny fixture as of 31 March 2009 (as in formats_test.cpp): plan T2 began
    // 2008-10-01 and has no review, so its first review (due three months on, 2009-01-01) and its
    // review interval are open lapses due 2009-01-01; its review count and T1's age rule fail
    // without a deadline, so no lapse and no due date.
    audit("test-good", tiny_source(dir), history, "2009-03-31", dir / "tiny");
    CHECK(rows(url, "SELECT subject_id, rule, lapse, due FROM sgaudit_history_result WHERE outcome = 'fail' ORDER BY seq") ==
          std::vector<std::string>{"T1 t.child-of-school-age none -", "T2 t.first-review open 2009-01-01",
                                   "T2 t.reviews-in-time open 2009-01-01", "T2 t.enough-reviews none -"});
    // cp-under4 on the one-child council: its one plan, P1, is allocated to worker W1.
    std::string id = audit("cp-under4", one_child_source(dir), history, "2009-03-31", dir / "child");
    CHECK(rows(url, "SELECT DISTINCT subject_kind, subject_id, worker FROM sgaudit_history_result WHERE run_id = '" + id + "'") ==
          std::vector<std::string>{"cp_plan P1 W1"});
    // Re-rendered from the history, the report says what the run's own report said.
    auto again = run_cli({"report", id, "--history", history, "--format", "json", "--out", (dir / "again").string()});
    REQUIRE(again.code == 0);
    CHECK(slurp(dir / "again" / "report.json") == slurp(dir / "child" / "report.json"));
    CHECK(slurp(dir / "again" / "report.json").find("\"worker\":\"W1\"") != std::string::npos);
}

TEST_CASE("history: a history of the format before (sgaudit-history/2) reads with no lapse, due date or worker") {
    // tests/fixtures/history-v2: one run of test-good on the tiny fixture as of 31 March 2009,
    // stored before results kept their worker, lapse and due date.
    auto dir = temp_dir("history-v2");
    fs::copy_file(fs::path(fixtures()) / "history-v2" / "history.db", dir / "h.db");
    ::chmod((dir / "h.db").c_str(), 0600);
    const std::string history = (dir / "h.db").string(), url = "sqlite:" + history;
    // Its 8 results, in the order stored (T1 then T2, four rules each), none with a worker (the
    // fixture has no allocations), and none with a lapse or a due date: not even T2's first
    // review, which that run's own report called open, due 2009-01-01.
    const std::vector<std::string> old_run{
        "T1 t.first-review - none -", "T1 t.reviews-in-time - none -", "T1 t.enough-reviews - none -",
        "T1 t.child-of-school-age - none -", "T2 t.first-review - none -", "T2 t.reviews-in-time - none -",
        "T2 t.enough-reviews - none -", "T2 t.child-of-school-age - none -"};
    CHECK(read_back(url, "latest") == old_run);
    auto v = run_cli({"history", "verify", "--history", history});
    INFO(v.all());
    CHECK(v.code == 0);
    CHECK(v.out.find("Verified: 1 run(s)") != std::string::npos);
    CHECK(run_cli({"history", "--history", history}).out.find(" all areas and teams ") != std::string::npos);
    // Reading changed nothing: the history has no worker column yet.
    CHECK(rows(url, "SELECT COUNT(*) FROM pragma_table_info('sgaudit_history_result') WHERE name = 'worker'") ==
          std::vector<std::string>{"0"});

    // A new run is stored in it with what it says of each result; the old run still reads as it did.
    std::string id = audit("test-good", tiny_source(dir), history, "2009-03-31", dir / "new");
    auto fresh = read_back(url, id);
    REQUIRE(fresh.size() == 8);
    CHECK(fresh[4] == "T2 t.first-review - open 2009-01-01");
    CHECK(read_back(url, "latest~1") == old_run);
    CHECK(rows(url, "SELECT value FROM sgaudit_history_info WHERE key = 'format'") == std::vector<std::string>{"sgaudit-history/3"});
    auto v2 = run_cli({"history", "verify", "--history", history});
    CHECK(v2.code == 0);
    CHECK(v2.out.find("Verified: 2 run(s)") != std::string::npos);
    // An old run given a lapse afterwards no longer matches its hash.
    auto old_id = rows(url, "SELECT run_id FROM sgaudit_history_run WHERE chain_seq = 1");
    REQUIRE(old_id.size() == 1);
    edit_is_found(url, history, "UPDATE sgaudit_history_result SET lapse = 'open' WHERE seq = 4 AND run_id = '" + old_id[0] + "'",
                  old_id[0]);
}

TEST_CASE("history: the list shows each run's area and team filters and whether passes were kept") {
    // Four runs of cp-under4 on the one-child council: everything; --area given by its name
    // ("area one", stored as its id A1); --team T1; and everything again keeping failures only.
    auto dir = temp_dir("history-list-scope");
    std::string src = one_child_source(dir), history = (dir / "h.db").string();
    std::vector<std::string> ids{audit("cp-under4", src, history, "2009-03-31", dir / "all"),
                                 audit("cp-under4", src, history, "2009-03-31", dir / "area", {"--area", "area one"}),
                                 audit("cp-under4", src, history, "2009-03-31", dir / "team", {"--team", "T1"}),
                                 audit("cp-under4", src, history, "2009-03-31", dir / "fail", {"--results", "failures"})};
    auto list = run_cli({"history", "--history", history});
    INFO(list.all());
    REQUIRE(list.code == 0);
    CHECK(list.out.find("Data of every run listed: sqlite:" + (dir / "c.db").string() + "\n") != std::string::npos);
    CHECK(list.out.find(" SCOPE ") != std::string::npos);
    auto line_of = [&](const std::string& id) {
        auto at = list.out.find("\n" + id + " ");
        return at == std::string::npos ? std::string() : list.out.substr(at + 1, list.out.find('\n', at + 1) - at - 1);
    };
    CHECK(line_of(ids[0]).find(" all areas and teams ") != std::string::npos);
    CHECK(line_of(ids[1]).find(" area A1 ") != std::string::npos);
    CHECK(line_of(ids[2]).find(" team T1 ") != std::string::npos);
    CHECK(line_of(ids[3]).find(" all areas and teams ") != std::string::npos);
    CHECK(line_of(ids[3]).find("(failures listed only)") != std::string::npos);
    CHECK(line_of(ids[0]).find("(failures listed only)") == std::string::npos);
    // Runs of more than one data source say which each read.
    audit("test-good", tiny_source(dir), history, "2009-03-31", dir / "tiny");
    auto mixed = run_cli({"history", "--history", history});
    CHECK(mixed.out.find("Data of every run listed") == std::string::npos);
    CHECK(mixed.out.find(" team T1 of sqlite:" + (dir / "c.db").string()) != std::string::npos);
    CHECK(mixed.out.find(" all areas and teams of sqlite:" + (dir / "t.db").string()) != std::string::npos);
    // The filters in a run's row are under its hash: a run made to look like another scope is found.
    edit_is_found("sqlite:" + history, history,
                  "UPDATE sgaudit_history_run SET team_filter = 'T9' WHERE run_id = '" + ids[2] + "'", ids[2]);
}

TEST_CASE("history: diff refuses runs of different scope unless asked, and then says the scopes differ") {
    auto dir = temp_dir("history-diff-scope");
    std::string src = one_child_source(dir), history = (dir / "h.db").string();
    std::string whole = audit("cp-under4", src, history, "2009-03-31", dir / "whole");
    std::string team = audit("cp-under4", src, history, "2009-06-30", dir / "team", {"--team", "T1"});
    const std::string data = "sqlite:" + (dir / "c.db").string();

    auto refused = run_cli({"history", "diff", whole, team, "--history", history});
    INFO(refused.all());
    CHECK(refused.code == 2);
    CHECK(refused.out.empty());
    CHECK(refused.err.find("runs " + whole + " and " + team + " cover different scopes") != std::string::npos);
    CHECK(refused.err.find("earlier run " + whole + ": all areas and teams of " + data + "\n") != std::string::npos);
    CHECK(refused.err.find("later run   " + team + ": team T1 of " + data + "\n") != std::string::npos);
    CHECK(refused.err.find("add --across-scopes to compare these two anyway") != std::string::npos);

    auto allowed = run_cli({"history", "diff", whole, team, "--across-scopes", "--history", history});
    INFO(allowed.all());
    CHECK(allowed.code == 0);
    CHECK(allowed.out.rfind("SCOPES DIFFER (compared with --across-scopes): the earlier run covers all areas and teams of " +
                                data + "; the later run covers team T1 of " + data + ".",
                            0) == 0);
    auto json = run_cli({"history", "diff", whole, team, "--across-scopes", "--format", "json", "--history", history});
    REQUIRE(json.code == 0);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j["format"] == "sgaudit-diff/2");
    CHECK(j["scopes_differ"] == true);
    CHECK(j["before"]["scope"] == nlohmann::json({{"source", data}, {"area", nullptr}, {"team", nullptr}}));
    CHECK(j["after"]["scope"] == nlohmann::json({{"source", data}, {"area", nullptr}, {"team", "T1"}}));

    // The same filters on another copy of the data are another scope too.
    fs::copy_file(dir / "c.db", dir / "copy.db");
    std::string copy = audit("cp-under4", "sqlite:" + (dir / "copy.db").string(), history, "2009-06-30", dir / "copy");
    auto other_data = run_cli({"history", "diff", whole, copy, "--history", history});
    CHECK(other_data.code == 2);
    CHECK(other_data.err.find("later run   " + copy + ": all areas and teams of sqlite:" + (dir / "copy.db").string()) !=
          std::string::npos);

    // With no runs named, the latest is compared with the run before it of the same audit and
    // scope: the whole council as of 31 March (the T1 run and the copy's are passed over).
    auto latest = audit("cp-under4", src, history, "2009-06-30", dir / "latest");
    auto plain = run_cli({"history", "diff", "--history", history});
    INFO(plain.all());
    CHECK(plain.code == 0);
    CHECK(plain.out.find("Earlier: run " + whole + ",") != std::string::npos);
    CHECK(plain.out.find("Later:   run " + latest + ",") != std::string::npos);
    CHECK(plain.out.find("SCOPES DIFFER") == std::string::npos);
    // A latest run of area A1 has no earlier run of its scope: refused, saying how to compare anyway.
    audit("cp-under4", src, history, "2009-09-30", dir / "area", {"--area", "A1"});
    auto none = run_cli({"history", "diff", "--history", history});
    CHECK(none.code == 2);
    CHECK(none.err.find("no earlier run of the same audit and scope (area A1 of " + data + ")") != std::string::npos);
    CHECK(none.err.find("with --across-scopes to compare across scopes") != std::string::npos);
}

TEST_CASE("history: a failing child who left the audit is counted as left, not resolved") {
    // test-good on the tiny fixture as of 31 March 2009, then again on the same date after three
    // changes to the data:
    //   plan T2 is removed (the plan is no longer in the population): its three failures (first
    //     review, review interval, review count) have no result at all in the later run: left
    //     the audit; its age rule passed, so its leaving is not listed;
    //   child K1 (plan T1) gets a date of birth of 2003-01-01, 6 on the audit date: T1's age
    //     rule goes from fail to pass: resolved;
    //   plan T3 (child K3, born 2001-02-03) begins 2008-10-01 with no review, as T2 did: its
    //     first review, review interval and review count fail, and were not in the earlier run:
    //     joined the audit; its age rule passes (8 years old) and is not listed.
    // So: 0 new failures, 1 resolved, 3 left, 3 joined, 0 changed. Per rule, failing before ->
    // after: t.first-review 1 -> 1 (left 1, joined 1), likewise t.reviews-in-time and
    // t.enough-reviews; t.child-of-school-age 1 -> 0 (resolved 1).
    auto dir = temp_dir("history-left");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    std::string before = audit("test-good", src, history, "2009-03-31", dir / "before");
    auto db = open_db(src);
    for (const char* sql : {"DELETE FROM ssd_cp_plans WHERE cppl_cp_plan_id = 'T2'",
                            "UPDATE ssd_person SET pers_dob = '2003-01-01' WHERE pers_person_id = 'K1'",
                            "INSERT INTO ssd_person (pers_person_id, pers_sex, pers_dob, pers_ethnicity) VALUES ('K3', 'F', '2001-02-03', 'WBRI')",
                            "INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_initial_category, "
                            "cppl_cp_plan_latest_category) VALUES ('T3', 'K3', '2008-10-01', 'Neglect', 'Neglect')"})
        REQUIRE(db->execute(sql));
    db.reset();
    std::string after = audit("test-good", src, history, "2009-03-31", dir / "after");

    auto json = run_cli({"history", "diff", before, after, "--format", "json", "--history", history});
    INFO(json.all());
    REQUIRE(json.code == 0);
    auto j = nlohmann::json::parse(json.out);
    auto listed = [&](const char* key) {
        std::vector<std::string> out;
        for (const auto& c : j[key])
            out.push_back(c["subject"]["id"].get<std::string>() + " " + c["rule"].get<std::string>() + " " +
                          (c["before"].is_null() ? "-" : c["before"].get<std::string>()) + ">" +
                          (c["after"].is_null() ? "-" : c["after"].get<std::string>()));
        return out;
    };
    CHECK(listed("new_failures").empty());
    CHECK(listed("resolved") == std::vector<std::string>{"T1 t.child-of-school-age fail>pass"});
    CHECK(listed("left_the_audit") ==
          std::vector<std::string>{"T2 t.enough-reviews fail>-", "T2 t.first-review fail>-", "T2 t.reviews-in-time fail>-"});
    CHECK(listed("joined_the_audit") ==
          std::vector<std::string>{"T3 t.enough-reviews ->fail", "T3 t.first-review ->fail", "T3 t.reviews-in-time ->fail"});
    CHECK(listed("changed").empty());
    CHECK(j["scopes_differ"] == false);
    std::map<std::string, std::vector<int>> per_rule;  // failing before, after, new, resolved, left, joined, changed
    for (const auto& r : j["rules"])
        for (const char* k : {"failing_before", "failing_after", "new_failures", "resolved", "left_the_audit", "joined_the_audit", "changed"})
            per_rule[r["rule"].get<std::string>()].push_back(r[k].get<int>());
    CHECK(per_rule == std::map<std::string, std::vector<int>>{{"t.child-of-school-age", {1, 0, 0, 1, 0, 0, 0}},
                                                              {"t.enough-reviews", {1, 1, 0, 0, 1, 1, 0}},
                                                              {"t.first-review", {1, 1, 0, 0, 1, 1, 0}},
                                                              {"t.reviews-in-time", {1, 1, 0, 0, 1, 1, 0}}});

    auto text = run_cli({"history", "diff", before, after, "--history", history});
    INFO(text.all());
    REQUIRE(text.code == 0);
    CHECK(text.out.find("0 new failure(s), 1 resolved, 3 left the audit, 3 joined the audit, 0 other changed outcome(s).") !=
          std::string::npos);
    CHECK(text.out.find("  t.first-review  First review within 3 months: 1 -> 1; new 0, resolved 0, left 1, joined 1, changed 0\n") !=
          std::string::npos);
    // T2 is listed under "Left the audit" only, never under "Resolved".
    auto resolved_at = text.out.find("\nResolved\n"), left_at = text.out.find("\nLeft the audit ");
    REQUIRE(resolved_at != std::string::npos);
    REQUIRE(left_at != std::string::npos);
    CHECK(resolved_at < left_at);
    CHECK(text.out.substr(resolved_at, left_at - resolved_at).find(" plan T2") == std::string::npos);
    for (const char* rule : {"t.enough-reviews", "t.first-review", "t.reviews-in-time"})
        CHECK(text.out.find(std::string("\n  ") + rule + "  plan T2: fail -> not in the run  ", left_at) != std::string::npos);
    CHECK(text.out.find("plan T3: not in the run -> fail") != std::string::npos);
}
