// The run history is never written into the case data it audits (README: case data is only
// read): the same SQLite file however it is named, and the same PostgreSQL database and schema
// however the URL is spelt, are refused before anything is opened for writing.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

CliResult run_with_history(const std::string& src, const std::string& history, const fs::path& out, const std::string& env = "") {
    std::vector<std::string> args{"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good",
                                  "--source", src, "--as-of", "2009-03-31", "--out", out.string(), "--format", "json"};
    if (!history.empty()) args.insert(args.end(), {"--history", history});
    return run_cli(args, env);
}

std::string refusal(const std::string& history_display, const std::string& src) {
    return "error: the run history " + history_display + " is the case data being audited (" + src + "); sgaudit only reads "
           "case data and never stores runs in it. Keep the history in a database of its own (e.g. --history "
           "sgaudit-history.db, or another PostgreSQL schema), or run with --no-history\n";
}

bool has_history_tables(const std::string& url) {
    std::string err;
    auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url)),
                                            sgaudit::data::Access::read_only, err);
    REQUIRE_MESSAGE(db, err);
    return !db->columns("sgaudit_history_info").empty() || !db->columns("sgaudit_history_run").empty();
}

}  // namespace

TEST_CASE("history: a run refuses to store its history in the case file it audits, by any name, and changes nothing") {
    auto dir = temp_dir("history-in-case-data");
    std::string src = tiny_source(dir);
    const fs::path case_file = dir / "t.db";
    fs::create_symlink(case_file, dir / "link.db");
    fs::create_hard_link(case_file, dir / "hard.db");
    fs::create_directories(dir / "sub");
    const std::string relative = fs::relative(case_file, fs::current_path()).string();
    const std::string before = slurp(case_file);
    // --history as given, and the history's display name sgaudit prints (a plain path gets "sqlite:").
    const std::pair<std::string, std::string> names[] = {
        {case_file.string(), "sqlite:" + case_file.string()},
        {"sqlite:" + case_file.string(), "sqlite:" + case_file.string()},
        {relative, "sqlite:" + relative},
        {"./" + relative, "sqlite:./" + relative},
        {(dir / "sub" / ".." / "t.db").string(), "sqlite:" + (dir / "sub" / ".." / "t.db").string()},
        {(dir / "link.db").string(), "sqlite:" + (dir / "link.db").string()},
        {(dir / "hard.db").string(), "sqlite:" + (dir / "hard.db").string()},
    };
    for (const auto& [history, display] : names) {
        auto r = run_with_history(src, history, dir / "out");
        INFO(history << "\n" << r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find(refusal(display, src)) != std::string::npos);
    }
    // Named by SGAUDIT_HISTORY instead of --history.
    auto env = run_with_history(src, "", dir / "out", "SGAUDIT_HISTORY=" + quote(case_file.string()));
    CHECK(env.code == 2);
    CHECK(env.err.find(refusal("sqlite:" + case_file.string(), src)) != std::string::npos);
    // Nothing was written: not a table, not a report, not a journal.
    CHECK(slurp(case_file) == before);
    CHECK(!has_history_tables(src));
    CHECK(!fs::exists(dir / "out"));
    CHECK(!fs::exists(dir / "t.db-journal"));
    // A history of its own beside it is fine.
    auto ok = run_with_history(src, (dir / "h.db").string(), dir / "out");
    INFO(ok.all());
    CHECK(ok.code == 0);
    CHECK(ok.out.find("stored in the history at sqlite:" + (dir / "h.db").string()) != std::string::npos);
}

TEST_CASE("history: another case-data file is refused as a history too, and left untouched") {
    auto dir = temp_dir("history-other-case-data");
    std::string src = tiny_source(dir);
    // Another council's data, say, given as the history by mistake.
    fs::copy_file(dir / "t.db", dir / "other.db");
    const std::string before = slurp(dir / "other.db");
    auto r = run_with_history(src, (dir / "other.db").string(), dir / "out");
    INFO(r.all());
    CHECK(r.code == 2);
    // ssd_person is the first table of the data model.
    CHECK(r.err.find("error: the run history at sqlite:" + (dir / "other.db").string() + " cannot be used: it holds case data "
                     "(table ssd_person) and sgaudit only reads case data, never storing runs in it; keep the history in a "
                     "database of its own (e.g. --history sgaudit-history.db) (--no-history runs without storing)\n") !=
          std::string::npos);
    CHECK(slurp(dir / "other.db") == before);
}

TEST_CASE("history: the demo refuses its own council as the history") {
    auto dir = temp_dir("history-demo-council");
    auto r = run_cli_within(300, {"demo", "--out", dir.string(), "--history", (dir / "council.db").string()});
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find(refusal("sqlite:" + (dir / "council.db").string(), "sqlite:" + (dir / "council.db").string())) !=
          std::string::npos);
    CHECK(!has_history_tables("sqlite:" + (dir / "council.db").string()));
}

TEST_CASE("history: a PostgreSQL history in the same database and schema as the source is refused, another schema is fine") {
    const char* base = std::getenv("SGAUDIT_TEST_PG_URL");
    std::string src = pg_source("apart_cases");
    REQUIRE_MESSAGE(!src.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/tiny", "--source", src}).code == 0);
    auto dir = temp_dir("history-pg-apart");
    // The test server's URL is postgresql://postgres@/sgaudit_test?host=SOCKET_DIR&port=PORT. The
    // same database and schema spelt differently: parameters in another order, the socket folder
    // with a trailing slash.
    std::string url = base;
    auto host_at = url.find("host="), port_at = url.find("&port=");
    std::string host = url.substr(host_at + 5, port_at - host_at - 5), port = url.substr(port_at + 6);
    const std::string respelt = "postgresql://postgres@/sgaudit_test?schema=apart_cases&port=" + port + "&host=" + host + "/";
    for (const std::string& history : {src, respelt}) {
        auto r = run_with_history(src, history, dir / "out");
        INFO(history << "\n" << r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find(refusal(history, src)) != std::string::npos);
    }
    CHECK(!has_history_tables(src));
    CHECK(!fs::exists(dir / "out"));
    // The same database, another schema: a history of its own.
    std::string other = pg_source("apart_history");
    auto ok = run_with_history(src, other, dir / "out");
    INFO(ok.all());
    CHECK(ok.code == 0);
    CHECK(ok.out.find("stored in the history at " + other) != std::string::npos);
    CHECK(has_history_tables(other));
    CHECK(!has_history_tables(src));
}
