// The run history, end to end: the real sgaudit storing real runs in real SQLite files and the
// PostgreSQL server scripts/test.sh starts. Hand-made runs (built below with the C++ API, every
// outcome written out) give the diff and prune cases their known answers.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include <doctest/doctest.h>

#include "history_harness.hpp"

using namespace e2e;
using sgaudit::Outcome;

namespace {

CliResult tiny_run(const std::string& src, const std::string& history, const fs::path& out, const std::string& formats = "json") {
    return run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                    "--as-of", "2009-03-31", "--history", history, "--out", out.string(), "--format", formats});
}

// SQLite gives COUNT(*) without a declared type, so SOCI may hand it over as text or a number.
std::int64_t count_of(const sgaudit::Value& v) {
    if (v.is_number()) return static_cast<std::int64_t>(v.as_number());
    return v.is_text() ? std::stoll(v.as_text()) : -1;
}

}  // namespace

TEST_CASE("history: a run is stored whole, listed, shown and re-rendered identically in every format") {
    auto dir = temp_dir("history-store");
    std::string src = tiny_source(dir);
    auto check_backend = [&](const std::string& history, const std::string& label) {
        INFO(label);
        auto r = tiny_run(src, history, dir / (label + "-first"), "html,json,csv,xlsx,md,junit");
        INFO(r.all());
        REQUIRE(r.code == 0);
        std::string id = stored_id(r);
        REQUIRE(!id.empty());

        auto list = run_cli({"history", "--history", history});
        CHECK(list.code == 0);
        CHECK(list.out.find(id) != std::string::npos);
        // T1 and T2 by hand (see formats_test.cpp): T1 fails only school age, T2 passes only school age.
        CHECK(list.out.find("4 pass, 4 fail, 0 n/a, 0 waived, 0 error") != std::string::npos);

        auto show = run_cli({"history", "show", id.substr(0, 20), "--history", history});
        INFO(show.all());
        CHECK(show.code == 0);
        CHECK(show.out.find("Run " + id + " (complete)") != std::string::npos);
        CHECK(show.out.find("audit date     2009-03-31") != std::string::npos);
        CHECK(show.out.find("test-good.toml  sha256 ") != std::string::npos);
        CHECK(show.out.find("t.first-review") != std::string::npos);

        auto again = run_cli({"report", id, "--history", history, "--format", "html,json,csv,xlsx,md,junit", "--out",
                              (dir / (label + "-again")).string()});
        INFO(again.all());
        REQUIRE(again.code == 0);
        for (const char* f : {"report.html", "report.json", "report.csv", "report.xlsx", "report.md", "report.junit.xml"}) {
            INFO(f);
            CHECK(slurp(dir / (label + "-again") / f) == slurp(dir / (label + "-first") / f));
            CHECK(mode_of(dir / (label + "-again") / f) == 0600);
        }
    };
    SUBCASE("SQLite") {
        check_backend((dir / "h.db").string(), "sqlite");
        CHECK(mode_of(dir / "h.db") == 0600);
    }
    SUBCASE("PostgreSQL") {
        std::string pg = pg_source("hist_store");
        REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
        check_backend(pg, "pg");
    }
}

TEST_CASE("history: the list's columns are as wide as their longest value, so a long audit name never runs into its status") {
    auto dir = temp_dir("history-columns");
    auto src = sample_sqlite(dir);
    const std::string history = (dir / "h.db").string();
    auto r = run_cli({"run", "case-audit", "cp-under4", "data-quality", "--source", src, "--as-of", "2009-03-31", "--history", history,
                      "--format", "json", "--out", (dir / "out").string()});
    INFO(r.all());
    REQUIRE(r.code <= 1);
    const std::string id = stored_id(r);
    auto list = run_cli({"history", "--history", history});
    INFO(list.all());
    REQUIRE(list.code == 0);
    std::istringstream lines(list.out);
    std::string line, header, row;
    while (std::getline(lines, line)) {
        if (line.rfind("RUN ", 0) == 0) header = line;
        if (line.rfind(id, 0) == 0) row = line;
    }
    REQUIRE(!header.empty());
    REQUIRE(!row.empty());
    // The plugins' names, sorted and joined by '+': 33 characters, then two spaces, then the
    // status, which starts where the STATUS heading does.
    const std::string audit = "case-audit+cp-under4+data-quality";
    const auto at = row.find(audit + "  complete");
    CHECK(at != std::string::npos);
    CHECK(header.find("AUDIT") == at);
    CHECK(header.find("STATUS") == at + audit.size() + 2);
}

TEST_CASE("history: list --format json gives each run, its scope and counts for scripts, and --limit keeps the newest") {
    auto dir = temp_dir("history-list-json");
    auto src = sample_sqlite(dir);
    const std::string history = (dir / "h.db").string();
    // Two runs: test-good on the tiny fixture for everyone, then on the sample for team T-HUN-1 only.
    REQUIRE(tiny_run(tiny_source(dir), history, dir / "one").code == 0);
    auto second = run_cli(with_test_plugins({"run", "test-good", "--source", src, "--as-of", "2009-03-31", "--team", "T-HUN-1",
                                             "--history", history, "--format", "json", "--out", (dir / "two").string()}));
    INFO(second.all());
    REQUIRE(second.code <= 1);
    auto list = run_cli({"history", "list", "--history", history, "--format", "json"});
    INFO(list.all());
    REQUIRE(list.code == 0);
    const auto j = nlohmann::json::parse(list.out);
    CHECK(j["runs_stored"] == 2);
    REQUIRE(j["runs"].size() == 2);
    const auto& first = j["runs"][0];
    CHECK(first["audit"] == "test-good");
    CHECK(first["status"] == "complete");
    CHECK(first["as_of"] == "2009-03-31");
    CHECK(first["area"].is_null());
    CHECK(first["team"].is_null());
    CHECK(first["results_listed"] == "all");
    // T1 and T2 by hand (formats_test.cpp): T1 fails only school age, T2 passes only school age.
    CHECK(first["totals"] == nlohmann::json{{"pass", 4}, {"fail", 4}, {"not_applicable", 0}, {"waived", 0}, {"error", 0}});
    CHECK(j["runs"][1]["audit"] == "test-good");
    CHECK(j["runs"][1]["team"] == "T-HUN-1");
    CHECK(j["runs"][1]["id"] == stored_id(second));

    auto newest = nlohmann::json::parse(run_cli({"history", "list", "--history", history, "--format", "json", "--limit", "1"}).out);
    CHECK(newest["runs_stored"] == 2);
    REQUIRE(newest["runs"].size() == 1);
    CHECK(newest["runs"][0]["audit"] == "test-good");

    auto bad = run_cli({"history", "list", "--history", history, "--format", "yaml"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--format must be text or json") != std::string::npos);
    // `history` alone is `history list`, with the same options.
    auto bare = run_cli({"history", "--history", history, "--format", "json", "--limit", "1"});
    INFO(bare.all());
    REQUIRE(bare.code == 0);
    CHECK(nlohmann::json::parse(bare.out)["runs"][0]["audit"] == "test-good");
    auto zero = run_cli({"history", "list", "--history", history, "--limit", "0"});
    CHECK(zero.code != 0);
    CHECK(zero.err.find("must be a whole number, 1 or more") != std::string::npos);
}

TEST_CASE("history: text that is not UTF-8 is stored and shown the same way in the reports and the history") {
    // A council's own case system in Latin-1: plan T2 becomes "T\xE9" (é in Latin-1). The run's
    // reports and the stored run must say the same, so the byte is replaced (U+FFFD) in both.
    auto dir = temp_dir("history-latin1");
    std::string src = tiny_source(dir);
    REQUIRE(open_db(src)->execute("UPDATE ssd_cp_plans SET cppl_cp_plan_id = CAST(X'54E9' AS TEXT) WHERE cppl_cp_plan_id = 'T2'"));
    std::string history = (dir / "h.db").string();
    auto r = tiny_run(src, history, dir / "first", "html,json,csv,md,junit");
    INFO(r.all());
    REQUIRE(r.code == 0);
    std::string id = stored_id(r);
    CHECK(slurp(dir / "first" / "report.csv").find("plan,T\xEF\xBF\xBD,") != std::string::npos);
    auto again = run_cli({"report", id, "--history", history, "--format", "html,json,csv,md,junit", "--out", (dir / "again").string()});
    REQUIRE(again.code == 0);
    for (const char* f : {"report.html", "report.json", "report.csv", "report.md", "report.junit.xml"}) {
        INFO(f);
        CHECK(slurp(dir / "again" / f) == slurp(dir / "first" / f));
    }
}

TEST_CASE("history: the XLSX holds the facts listed by hand") {
    auto dir = temp_dir("history-xlsx");
    std::string src = tiny_source(dir);
    auto r = tiny_run(src, (dir / "h.db").string(), dir / "out", "xlsx");
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto part = [&](const std::string& name) {
        auto u = ::popen(("unzip -p " + quote((dir / "out" / "report.xlsx").string()) + " " + quote(name)).c_str(), "r");
        std::string s;
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, u)) > 0) s.append(buf, n);
        ::pclose(u);
        return s;
    };
    std::string workbook = part("xl/workbook.xml");
    // What to act on first, then the figures, the run, and one sheet of findings per plugin.
    const char* names[] = {"Work list", "Learning", "Prompts", "Summary", "By area", "By team", "About this run", "test-good"};
    for (int i = 0; i < 8; ++i)
        CHECK_MESSAGE(workbook.find("<sheet name=\"" + std::string(names[i]) + "\" sheetId=\"" + std::to_string(i + 1) + "\"") !=
                          std::string::npos,
                      names[i]);
    std::string work = part("xl/worksheets/sheet1.xml"), prompts = part("xl/worksheets/sheet3.xml"),
                summary = part("xl/worksheets/sheet4.xml"), by_area = part("xl/worksheets/sheet5.xml"),
                results = part("xl/worksheets/sheet8.xml");
    for (const auto* sheet : {&work, &summary, &by_area, &results}) {
        CHECK(sheet->find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>") != std::string::npos);
        CHECK(sheet->find("<autoFilter ") != std::string::npos);
        CHECK(sheet->find("<f>") == std::string::npos);  // nothing is a formula
    }
    // The work list: T2's three failures, most severe first. Its first review was due by
    // 2009-01-01 (plan 2008-10-01 + 3 months), a real date (Excel day 39814), overdue since
    // 2009-01-02 (39815), 89 days on 31 March 2009; then reviews-in-time (medium, same date),
    // then enough-reviews (low, not a deadline: no dates). T1's info failure is a prompt.
    CHECK(work.find("<c r=\"E2\" t=\"inlineStr\"><is><t>plan T2</t></is></c><c r=\"F2\" t=\"inlineStr\"><is><t>high</t>") !=
          std::string::npos);
    CHECK(work.find("<c r=\"G2\" s=\"3\" t=\"inlineStr\"><is><t>First review within 3 months</t>") != std::string::npos);
    std::smatch due_cell;
    REQUIRE(std::regex_search(work, due_cell, std::regex("<c r=\"I2\" s=\"(\\d+)\"><v>39814</v></c><c r=\"J2\" s=\"\\d+\"><v>39815</v></c>"
                                                         "<c r=\"K2\"><v>89</v></c>")));
    CHECK(work.find("<c r=\"F3\" t=\"inlineStr\"><is><t>medium</t>") != std::string::npos);
    CHECK(work.find("<c r=\"F4\" t=\"inlineStr\"><is><t>low</t>") != std::string::npos);
    CHECK(work.find("<c r=\"I4\"") == std::string::npos);
    CHECK(work.find("<row r=\"5\"") == std::string::npos);
    CHECK(prompts.find("<c r=\"E2\" t=\"inlineStr\"><is><t>plan T1</t>") != std::string::npos);
    CHECK(prompts.find("<row r=\"3\"") == std::string::npos);
    // Summary row 2: the rule's title, then its id; 1 pass, 1 fail, 0, 0, 0, pass rate 0.5.
    CHECK(summary.find("<c r=\"B2\" t=\"inlineStr\"><is><t>First review within 3 months</t></is></c>") != std::string::npos);
    CHECK(summary.find("<c r=\"C2\" t=\"inlineStr\"><is><t>t.first-review</t></is></c>") != std::string::npos);
    CHECK(summary.find("<c r=\"E2\"><v>1</v></c><c r=\"F2\"><v>1</v></c>") != std::string::npos);
    CHECK(summary.find("<c r=\"J2\" s=\"2\"><v>0.5</v></c>") != std::string::npos);
    // The fixture records no teams or areas: one row, all eight results, 4 pass and 4 fail.
    CHECK(by_area.find("<c r=\"A2\" t=\"inlineStr\"><is><t>(none recorded)</t></is></c>") != std::string::npos);
    CHECK(by_area.find("<c r=\"C2\"><v>4</v></c><c r=\"D2\"><v>4</v></c>") != std::string::npos);
    CHECK(by_area.find("<row r=\"3\"") == std::string::npos);
    // The plugin's sheet lists what needs looking at, not the passes: the four failures (T1's
    // school age, then T2's three), in words and in their colour; the first review's due date
    // is a date cell with the same style as the work list's.
    CHECK(results.find("<row r=\"5\"") != std::string::npos);
    CHECK(results.find("<row r=\"6\"") == std::string::npos);
    CHECK(results.find("<t>Met</t>") == std::string::npos);
    std::smatch fail_cell;
    REQUIRE(std::regex_search(results, fail_cell, std::regex("<c r=\"J3\" s=\"(\\d+)\" t=\"inlineStr\"><is><t>Failed</t>")));
    CHECK(results.find("<c r=\"K3\" t=\"inlineStr\"><is><t>Open</t></is></c><c r=\"L3\" s=\"" + due_cell[1].str() + "\"><v>39814</v>") !=
          std::string::npos);
    std::string styles = part("xl/styles.xml");
    CHECK(styles.find("FFFFC7CE") != std::string::npos);  // fail: red
    CHECK(mode_of(dir / "out" / "report.xlsx") == 0600);
}

TEST_CASE("history: a run killed with SIGKILL while being stored leaves nothing behind") {
    auto dir = temp_dir("history-kill");
    // The demo council: enough results (about 230,000) that storing them takes a while.
    auto demo = run_cli({"demo", "--out", (dir / "demo").string(), "--no-run"});
    REQUIRE(demo.code == 0);
    std::string src = "sqlite:" + (dir / "demo" / "council.db").string();
    std::string history = (dir / "h.db").string();
    std::vector<std::string> args{"--quiet", "run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--history", history,
                                  "--format", "md", "--out", (dir / "out").string()};
    auto first = run_cli(args);
    INFO(first.all());
    REQUIRE(first.code == 0);

    fs::path journal = history + "-journal";
    REQUIRE(!fs::exists(journal));
    pid_t pid = spawn_cli(args);
    // The journal exists only while a write transaction is open: the run is being stored.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() < deadline) {
        seen = fs::exists(journal);
        if (!seen) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    REQUIRE(seen);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    CHECK(fs::exists(journal));  // killed mid-write: SQLite rolls it back on the next open

    auto list = run_cli({"history", "--history", history});
    INFO(list.all());
    CHECK(list.out.find(": 1 run(s)") != std::string::npos);
    auto verify = run_cli({"history", "verify", "--history", history});
    CHECK(verify.code == 0);
    CHECK(verify.out.find("Verified: 1 run(s)") != std::string::npos);
    // Nothing of the killed run is left: no results without a run.
    auto db = open_db("sqlite:" + history);
    std::int64_t runs = -1, results = -1;
    auto q1 = db->query("SELECT COUNT(DISTINCT run_id) FROM sgaudit_history_result", {}, [&](const sgaudit::Row& r) {
        results = count_of(r[0]);
        return sgaudit::Status::ok();
    });
    auto q2 = db->query("SELECT COUNT(*) FROM sgaudit_history_run", {}, [&](const sgaudit::Row& r) {
        runs = count_of(r[0]);
        return sgaudit::Status::ok();
    });
    CHECK_MESSAGE(q1, q1.message());
    CHECK_MESSAGE(q2, q2.message());
    CHECK(runs == 1);
    CHECK(results == 1);
    db.reset();
    // And the next run joins the chain as if nothing had happened.
    REQUIRE(run_cli(args).code == 0);
    auto verify2 = run_cli({"history", "verify", "--history", history});
    CHECK(verify2.out.find("Verified: 2 run(s)") != std::string::npos);
}

TEST_CASE("history: a run interrupted with Ctrl-C stores nothing and writes no report") {
    auto dir = temp_dir("history-interrupt");
    REQUIRE(run_cli({"demo", "--out", (dir / "demo").string(), "--no-run"}).code == 0);
    std::string history = (dir / "h.db").string();
    pid_t pid = spawn_cli({"--quiet", "run", "data-quality", "--source", "sqlite:" + (dir / "demo" / "council.db").string(), "--as-of",
                       "2009-03-31", "--history", history, "--format", "json", "--out", (dir / "out").string()});
    // The history is opened (created) before the audit starts, and the audit of the demo council
    // takes over a second: once the file is there, Ctrl-C lands during the audit.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(history) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(fs::exists(history));
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(!fs::exists(dir / "out" / "report.json"));
    // The history may have been created when the run began, but holds no run.
    auto list = run_cli({"history", "--history", history});
    CHECK(list.out.find(": 0 run(s)") != std::string::npos);
}

TEST_CASE("history: verify names the first run that was changed, removed or relinked") {
    auto dir = temp_dir("history-tamper");
    std::string src = tiny_source(dir);
    std::string pristine = (dir / "pristine.db").string();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto r = tiny_run(src, pristine, dir / ("out" + std::to_string(i)));
        REQUIRE(r.code == 0);
        ids.push_back(stored_id(r));
    }
    REQUIRE(run_cli({"history", "verify", "--history", pristine}).code == 0);
    // verify must fail (exit 1) and name `run` as the first that no longer matches.
    auto names_first_bad = [&](const std::string& h, const std::string& run) {
        auto v = run_cli({"history", "verify", "--history", h});
        INFO(v.all());
        CHECK(v.code == 1);
        CHECK(v.out.find("NOT VERIFIED: run " + run) != std::string::npos);
        return v;
    };
    auto tampered = [&](const std::string& name, const std::string& sql) {
        std::string copy = (dir / (name + ".db")).string();
        fs::copy_file(pristine, copy, fs::copy_options::overwrite_existing);
        REQUIRE(open_db("sqlite:" + copy)->execute(sql));
        return copy;
    };

    SUBCASE("a result's outcome edited") {
        auto h = tampered("edited", "UPDATE sgaudit_history_result SET outcome = 'pass' WHERE run_id = '" + ids[1] + "' AND seq = 4");
        auto v = run_cli({"history", "verify", "--history", h});
        INFO(v.all());
        CHECK(v.code == 1);
        CHECK(v.out.find("NOT VERIFIED: run " + ids[1] + " is the first that no longer matches") != std::string::npos);
        CHECK(v.out.find("has been changed since") != std::string::npos);
        // The altered run is not passed off as the record.
        auto rep = run_cli({"report", ids[1], "--history", h, "--out", (dir / "rep").string()});
        CHECK(rep.code == 2);
        CHECK(rep.err.find("has been changed since it was stored") != std::string::npos);
        CHECK(!fs::exists(dir / "rep" / "report.json"));
    }
    SUBCASE("a result deleted") {
        auto h = tampered("deleted-result", "DELETE FROM sgaudit_history_result WHERE run_id = '" + ids[2] + "' AND seq = 7");
        names_first_bad(h, ids[2]);
    }
    SUBCASE("the audit date of a run edited") {
        auto h = tampered("as-of", "UPDATE sgaudit_history_run SET as_of = '2009-04-30' WHERE run_id = '" + ids[0] + "'");
        names_first_bad(h, ids[0]);
    }
    SUBCASE("a whole run removed from the middle") {
        auto h = tampered("removed", "DELETE FROM sgaudit_history_run WHERE run_id = '" + ids[1] + "'");
        REQUIRE(open_db("sqlite:" + h)->execute("DELETE FROM sgaudit_history_result WHERE run_id = '" + ids[1] + "'"));
        auto v = names_first_bad(h, ids[2]);
        CHECK(v.out.find("link to the run before it is broken") != std::string::npos);
    }
    SUBCASE("the run document edited") {
        auto h = tampered("document", "UPDATE sgaudit_history_run SET document = REPLACE(document, '\"2009-03-31\"', "
                                      "'\"2009-04-30\"') WHERE run_id = '" + ids[2] + "'");
        names_first_bad(h, ids[2]);
    }
    SUBCASE("a stored count that is no longer a number") {
        auto h = tampered("count", "UPDATE sgaudit_history_run SET fail = 'x' WHERE run_id = '" + ids[1] + "'");
        names_first_bad(h, ids[1]);
    }
    SUBCASE("results added for a run that does not exist") {
        auto h = tampered("orphan", "INSERT INTO sgaudit_history_result SELECT 'ghost', seq, plugin, rule, severity, subject_kind, "
                                    "subject_id, person_id, team, area, outcome, message, evidence, waiver, worker, lapse, due, measure "
                                    "FROM sgaudit_history_result "
                                    "WHERE run_id = '" + ids[0] + "'");
        auto v = run_cli({"history", "verify", "--history", h});
        CHECK(v.code == 1);
        CHECK(v.out.find("results are stored for run ghost, which is not in the history") != std::string::npos);
    }
    SUBCASE("a recorded chain head that is no longer there") {
        auto head = run_cli({"history", "verify", "--history", pristine});
        std::smatch m;
        REQUIRE(std::regex_search(head.out, m, std::regex("Chain head: ([0-9a-f]{64})")));
        CHECK(run_cli({"history", "verify", "--history", pristine, "--expect", m[1]}).code == 0);
        auto v = run_cli({"history", "verify", "--history", pristine, "--expect", std::string(64, 'a')});
        CHECK(v.code == 1);
        CHECK(v.out.find("no stored run carries the expected chain head") != std::string::npos);
    }
}

TEST_CASE("history: prune keeps the chain verifiable with a checkpoint") {
    auto dir = temp_dir("history-prune");
    // `url` opens the history from here; `h` is what a user gives --history.
    auto check = [&](const std::string& url, const std::string& h) {
        {
            auto store = open_history(url);
            REQUIRE(store->store(made_run("R1", "2009-01-10T09:00:00Z", {{"r1", "S1", "A1", Outcome::fail}})));
            REQUIRE(store->store(made_run("R2", "2009-04-10T09:00:00Z", {{"r1", "S1", "A1", Outcome::pass}})));
            REQUIRE(store->store(made_run("R3", "2009-07-10T09:00:00Z", {{"r1", "S1", "A1", Outcome::fail}})));
        }
        auto p = run_cli({"history", "prune", "--before", "2009-05-01", "--history", h});
        INFO(p.all());
        REQUIRE(p.code == 0);
        CHECK(p.out.find("Pruned 2 run(s) started before 2009-05-01; 1 kept.") != std::string::npos);
        CHECK(p.out.find("continues from run R2") != std::string::npos);
        auto list = run_cli({"history", "--history", h});
        CHECK(list.out.find(": 1 run(s)") != std::string::npos);
        CHECK(list.out.find("R3") != std::string::npos);
        auto v = run_cli({"history", "verify", "--history", h});
        INFO(v.all());
        CHECK(v.code == 0);
        CHECK(v.out.find("2 run(s) started before 2009-05-01 were pruned") != std::string::npos);
        CHECK(v.out.find("Verified: 1 run(s)") != std::string::npos);
        // A new run links to R3, and the chain still verifies.
        REQUIRE(open_history(url)->store(made_run("R4", "2009-10-10T09:00:00Z", {})));
        CHECK(run_cli({"history", "verify", "--history", h}).out.find("Verified: 2 run(s)") != std::string::npos);
        // Nothing to prune is not an error.
        CHECK(run_cli({"history", "prune", "--before", "2009-01-01", "--history", h}).out.find("No runs to prune") != std::string::npos);
        // A dry run lists what would go and changes nothing; a year typo never empties the history.
        auto dry = run_cli({"history", "prune", "--before", "2030-01-01", "--dry-run", "--history", h});
        CHECK(dry.out.find("Would prune 1 run(s) started before 2030-01-01 and keep 1:\n  R3\n") != std::string::npos);
        CHECK(run_cli({"history", "--history", h}).out.find(": 2 run(s)") != std::string::npos);
        auto all = run_cli({"history", "prune", "--before", "2030-01-01", "--history", h});
        CHECK(all.out.find("Pruned 1 run(s) started before 2030-01-01; 1 kept.") != std::string::npos);
        auto left = run_cli({"history", "--history", h});
        CHECK(left.out.find(": 1 run(s)") != std::string::npos);
        CHECK(left.out.find("R4") != std::string::npos);
        CHECK(run_cli({"history", "verify", "--history", h}).code == 0);
    };
    SUBCASE("SQLite") { check("sqlite:" + (dir / "h.db").string(), (dir / "h.db").string()); }
    SUBCASE("PostgreSQL") {
        std::string pg = pg_source("hist_prune");
        REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
        check(pg, pg);
    }
}

TEST_CASE("history: a history that does not verify is not pruned") {
    auto dir = temp_dir("history-prune-broken");
    std::string url = "sqlite:" + (dir / "h.db").string(), h = (dir / "h.db").string();
    {
        auto store = open_history(url);
        REQUIRE(store->store(made_run("R1", "2009-01-10T09:00:00Z", {{"r1", "S1", "A1", Outcome::fail}})));
        REQUIRE(store->store(made_run("R2", "2009-04-10T09:00:00Z", {{"r1", "S1", "A1", Outcome::pass}})));
    }
    REQUIRE(open_db(url)->execute("UPDATE sgaudit_history_result SET outcome = 'pass' WHERE run_id = 'R1'"));
    auto refused = run_cli({"history", "prune", "--before", "2009-12-01", "--history", h});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("does not verify (run R1") != std::string::npos);
    CHECK(run_cli({"history", "--history", h}).out.find(": 2 run(s)") != std::string::npos);
}

TEST_CASE("history: diff of two hand-made runs, subject by subject, per rule and per area") {
    // Earlier run A and later run B of plugin p. Worked by hand:
    //   r1 S1 (A1): fail -> fail            unchanged, not listed
    //   r1 S2 (A1): pass -> fail            new failure
    //   r1 S3 (A1): fail -> pass            resolved
    //   r2 S1 (A1): pass -> not_applicable  changed
    //   r2 S4 (A2): error -> pass           changed
    //   r1 S5 (A2): fail -> (absent)        left the audit (not resolved)
    //   r1 S6 (A2): (absent) -> fail        joined the audit, failing (not a new failure)
    //   r2 S7 (A2): (absent) -> pass        a pass joining: not a change worth listing
    // Per rule, failing A -> B: r1 3 -> 3 (new 1, resolved 1, left 1, joined 1); r2 0 -> 0 (changed 2).
    // Per area, failing A -> B: A1 2 -> 2 (new 1, resolved 1, changed 1); A2 1 -> 1 (left 1, joined 1, changed 1).
    auto dir = temp_dir("history-diff");
    std::string url = "sqlite:" + (dir / "h.db").string();
    {
        auto store = open_history(url);
        REQUIRE(store->store(made_run("A", "2009-01-10T09:00:00Z",
                                      {{"r1", "S1", "A1", Outcome::fail}, {"r1", "S2", "A1", Outcome::pass}, {"r1", "S3", "A1", Outcome::fail},
                                       {"r2", "S1", "A1", Outcome::pass}, {"r2", "S4", "A2", Outcome::error}, {"r1", "S5", "A2", Outcome::fail}})));
        REQUIRE(store->store(made_run("B", "2009-04-10T09:00:00Z",
                                      {{"r1", "S1", "A1", Outcome::fail}, {"r1", "S2", "A1", Outcome::fail}, {"r1", "S3", "A1", Outcome::pass},
                                       {"r2", "S1", "A1", Outcome::not_applicable}, {"r2", "S4", "A2", Outcome::pass},
                                       {"r1", "S6", "A2", Outcome::fail}, {"r2", "S7", "A2", Outcome::pass}})));
    }
    auto d = run_cli({"history", "diff", "A", "B", "--format", "json", "--history", (dir / "h.db").string()});
    INFO(d.all());
    REQUIRE(d.code == 0);
    auto j = nlohmann::json::parse(d.out);
    auto subjects = [&](const char* key) {
        std::vector<std::string> out;
        for (const auto& c : j[key])
            out.push_back(c["rule"].get<std::string>() + " " + c["subject"]["id"].get<std::string>() + " " +
                          (c["before"].is_null() ? "-" : c["before"].get<std::string>()) + ">" +
                          (c["after"].is_null() ? "-" : c["after"].get<std::string>()));
        return out;
    };
    CHECK(subjects("new_failures") == std::vector<std::string>{"r1 S2 pass>fail"});
    CHECK(subjects("resolved") == std::vector<std::string>{"r1 S3 fail>pass"});
    CHECK(subjects("left_the_audit") == std::vector<std::string>{"r1 S5 fail>-"});
    CHECK(subjects("joined_the_audit") == std::vector<std::string>{"r1 S6 ->fail"});
    CHECK(subjects("changed") == std::vector<std::string>{"r2 S1 pass>not_applicable", "r2 S4 error>pass"});
    REQUIRE(j["rules"].size() == 2);
    CHECK(j["rules"][0] == nlohmann::json({{"plugin", "p"}, {"rule", "r1"}, {"title", "Rule r1"}, {"failing_before", 3},
                                           {"failing_after", 3}, {"new_failures", 1}, {"resolved", 1}, {"left_the_audit", 1},
                                           {"joined_the_audit", 1}, {"changed", 0}}));
    CHECK(j["rules"][1] == nlohmann::json({{"plugin", "p"}, {"rule", "r2"}, {"title", "Rule r2"}, {"failing_before", 0},
                                           {"failing_after", 0}, {"new_failures", 0}, {"resolved", 0}, {"left_the_audit", 0},
                                           {"joined_the_audit", 0}, {"changed", 2}}));
    REQUIRE(j["areas"].size() == 2);
    CHECK(j["areas"][0] == nlohmann::json({{"area", "A1"}, {"failing_before", 2}, {"failing_after", 2}, {"new_failures", 1},
                                           {"resolved", 1}, {"left_the_audit", 0}, {"joined_the_audit", 0}, {"changed", 1}}));
    CHECK(j["areas"][1] == nlohmann::json({{"area", "A2"}, {"failing_before", 1}, {"failing_after", 1}, {"new_failures", 0},
                                           {"resolved", 0}, {"left_the_audit", 1}, {"joined_the_audit", 1}, {"changed", 1}}));
    CHECK(j["notes"].empty());

    auto text = run_cli({"history", "diff", "latest~1", "latest", "--history", (dir / "h.db").string()});
    CHECK(text.code == 0);
    CHECK(text.out.find("1 new failure(s), 1 resolved, 1 left the audit, 1 joined the audit, 2 other changed outcome(s).") !=
          std::string::npos);
    CHECK(text.out.find("r1  case S5 (team -, area A2): fail -> not in the run") != std::string::npos);
    CHECK(run_cli({"history", "diff", "A", "A", "--history", (dir / "h.db").string()}).code == 2);
    // With no runs named: the latest (B) against the one before it of the same audit (A).
    auto plain = run_cli({"history", "diff", "--history", (dir / "h.db").string()});
    CHECK(plain.code == 0);
    CHECK(plain.out.find("Earlier: run A,") != std::string::npos);
    CHECK(plain.out.find("Later:   run B,") != std::string::npos);
}

TEST_CASE("history: concurrent writers lose nothing and break no chain") {
    auto dir = temp_dir("history-concurrent");
    std::string src = tiny_source(dir);
    auto hammer = [&](const std::string& history) {
        // Four auditors, three runs each, all at once.
        std::string cmd;
        for (int w = 0; w < 4; ++w) {
            cmd += "(for i in 1 2 3; do SGAUDIT_HISTORY=" + quote(history) + " " + quote(SGAUDIT_BIN) + " --quiet --plugin-dir " +
                   quote(SGAUDIT_TEST_PLUGIN_DIR) + " --rules-dir " + quote(fixtures() + "/rules") + " run test-good --source " +
                   quote(src) + " --as-of 2009-03-31 --format json --out " + quote((dir / ("w" + std::to_string(w))).string()) +
                   " >/dev/null || echo FAILED; done) & ";
        }
        cmd += "wait";
        auto p = ::popen(cmd.c_str(), "r");
        std::string out;
        char buf[256];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
        CHECK(out.find("FAILED") == std::string::npos);
        auto store = open_history(history.rfind("postgresql:", 0) == 0 ? history : "sqlite:" + history);
        std::vector<sgaudit::history::RunSummary> runs;
        REQUIRE(store->list(runs));
        CHECK(runs.size() == 12);
        std::set<std::string> ids;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            ids.insert(runs[i].id);
            CHECK(runs[i].chain_seq == static_cast<std::int64_t>(i + 1));
            CHECK(runs[i].previous_sha256 == (i ? runs[i - 1].chain_sha256 : sgaudit::history::kGenesis));
            CHECK(runs[i].pass == 4);
            CHECK(runs[i].fail == 4);
        }
        CHECK(ids.size() == 12);
        sgaudit::history::VerifyReport v;
        REQUIRE(store->verify(v));
        CHECK(v.ok());
        CHECK(v.runs_checked == 12);
    };
    SUBCASE("PostgreSQL") {
        std::string pg = pg_source("hist_concurrent");
        REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
        hammer(pg);
    }
    SUBCASE("SQLite") { hammer((dir / "h.db").string()); }
}

TEST_CASE("history: bad locations and unknown runs are clear errors") {
    auto dir = temp_dir("history-errors");
    auto missing = run_cli({"history", "--history", (dir / "none.db").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("there is no run history at") != std::string::npos);
    CHECK(!fs::exists(dir / "none.db"));
    // Reading commands pointed at case data by mistake refuse it and leave it untouched.
    std::string src = tiny_source(dir);
    std::string case_file = (dir / "t.db").string();
    std::string before = slurp(case_file);
    for (const char* cmd : {"list", "verify"}) {
        auto wrong = run_cli({"history", cmd, "--history", case_file});
        CHECK(wrong.code == 2);
        CHECK(wrong.err.find("is not an sgaudit run history") != std::string::npos);
    }
    CHECK(slurp(case_file) == before);
    auto pw = run_cli({"history", "--history", "postgresql://u:secret@localhost/x"});
    CHECK(pw.code == 2);
    CHECK(pw.all().find("secret") == std::string::npos);

    std::string url = "sqlite:" + (dir / "h.db").string();
    {
        auto store = open_history(url);
        REQUIRE(store->store(made_run("20090101-aa", "2009-01-10T09:00:00Z", {})));
        REQUIRE(store->store(made_run("20090101-ab", "2009-01-11T09:00:00Z", {})));
    }
    std::string h = (dir / "h.db").string();
    auto unknown = run_cli({"history", "show", "nope", "--history", h});
    CHECK(unknown.code == 2);
    CHECK(unknown.err.find("no run 'nope'") != std::string::npos);
    auto ambiguous = run_cli({"report", "20090101-a", "--history", h});
    CHECK(ambiguous.code == 2);
    CHECK(ambiguous.err.find("matches 2 runs") != std::string::npos);
    CHECK(run_cli({"history", "show", "latest~5", "--history", h}).err.find("goes back further") != std::string::npos);
    CHECK(run_cli({"history", "prune", "--before", "01/04/2009", "--history", h}).err.find("is not a date") != std::string::npos);
    CHECK(run_cli({"report", "latest", "--format", "pdf", "--history", h}).err.find("unknown format 'pdf'") != std::string::npos);
    // A mistyped chain head is a usage error, not a tamper alarm.
    auto typo = run_cli({"history", "verify", "--expect", "b8ae640d", "--history", h});
    CHECK(typo.code == 2);
    CHECK(typo.err.find("64 hexadecimal digits") != std::string::npos);
    // A missing argument is said like every other error.
    auto no_before = run_cli({"history", "prune", "--history", h});
    CHECK(no_before.code == 2);
    CHECK(no_before.err.find("error: --before is required") != std::string::npos);
    // A history that cannot be opened stops the run before the audit, and says how to run without one.
    auto r = tiny_run(src, dir.string(), dir / "out");
    CHECK(r.code == 2);
    CHECK(r.err.find("--no-history") != std::string::npos);
}
