// Issue 18, item 8: data sources that go away. PostgreSQL drops the connection mid-run (as a
// restart does), an SQLite file is locked by another writer, the disk fills while the history is
// written: each gives a clear error, the run is marked failed or not stored, and nothing
// half-written remains.
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

std::vector<std::string> waits_args(const std::string& src, const fs::path& dir) {
    return {"--plugin-dir", SGAUDIT_BROKEN_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-waits", "--source", src,
            "--as-of", "2009-03-31", "--history", (dir / "h.db").string(), "--out", (dir / "out").string(), "--format", "json,html"};
}

bool wait_for(const fs::path& file, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        if (fs::exists(file)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::string runs_in(const fs::path& history) { return run_cli({"history", "--history", history.string()}).out; }

}  // namespace

TEST_CASE("sources that go away: PostgreSQL drops the connection mid-run, and the run says so and is stored as failed") {
    const char* url = std::getenv("SGAUDIT_TEST_PG_URL");
    REQUIRE_MESSAGE((url && *url), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    // A database of its own, so that ending its connections touches no other test.
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url));
    auto admin = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    REQUIRE_MESSAGE(admin, err);
    REQUIRE(admin->execute("DROP DATABASE IF EXISTS sgaudit_gone WITH (FORCE)"));
    REQUIRE(admin->execute("CREATE DATABASE sgaudit_gone"));
    std::string gone(url);
    gone.replace(gone.find("/sgaudit_test?"), 14, "/sgaudit_gone?");
    REQUIRE(run_cli({"db", "init", "--source", gone}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/tiny", "--source", gone}).code == 0);

    auto dir = temp_dir("source-gone-pg");
    const fs::path wait = dir / "wait";
    fs::create_directories(wait);
    auto running = std::async(std::launch::async, [&] { return run_cli(waits_args(gone, dir), "SGAUDIT_TEST_WAIT_DIR=" + quote(wait.string())); });
    REQUIRE(wait_for(wait / "ready", 60));
    // The plugin has read once and waits: every connection to its database is ended.
    REQUIRE(admin->execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'sgaudit_gone' AND pid <> pg_backend_pid()"));
    write_text(wait / "go", "");
    const CliResult r = running.get();
    INFO(r.all());
    CHECK(r.code == 3);  // a plugin failed
    CHECK(r.all().find("test-waits: failed") != std::string::npos);
    CHECK(r.all().find("server closed the connection unexpectedly") != std::string::npos);
    CHECK(r.all().find("The connection to the database server was lost mid-run (it restarted, or the session was ended), so this "
                       "plugin's results are incomplete and none are counted: run the audit again once the server is back") != std::string::npos);
    // Stored, as failed: the history says the plugin failed, and no result claims to be complete.
    const auto report = read_json(dir / "out" / "report.json");
    CHECK(report["plugins"][0]["status"] == "failed");
    CHECK(report["results"].empty());
    CHECK(runs_in(dir / "h.db").find(": 1 run(s)") != std::string::npos);
    CHECK(run_cli({"history", "verify", "--history", (dir / "h.db").string()}).code == 0);
    admin->execute("DROP DATABASE IF EXISTS sgaudit_gone WITH (FORCE)");
}

TEST_CASE("sources that go away: an SQLite file locked by another writer is a clear error, and nothing is stored or written") {
    auto dir = temp_dir("source-gone-locked");
    const std::string src = tiny_source(dir);
    const fs::path db = dir / "t.db", locked = dir / "locked";
    // Another program holds the file with a write lock for 8 s (sgaudit waits 5 s for it).
    const std::string python = "python3 -c " + quote("import sqlite3, time, pathlib\nc = sqlite3.connect('" + db.string() +
                                                     "', isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\npathlib.Path('" +
                                                     locked.string() + "').touch()\ntime.sleep(8)\n") + " >/dev/null 2>&1 &";
    REQUIRE(std::system(python.c_str()) == 0);
    REQUIRE(wait_for(locked, 30));
    auto r = run_cli_within(60, waits_args(src, dir));
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find("is locked by another program") != std::string::npos);
    CHECK(r.err.find("(sgaudit waited 5 s); run again once it has finished, or audit a copy of the file") != std::string::npos);
    CHECK(!fs::exists(dir / "out" / "report.json"));
    CHECK(runs_in(dir / "h.db").find(": 1 run(s)") == std::string::npos);
}

TEST_CASE("sources that go away: the disk filling while the history is written leaves the history as it was, and says so") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: a small file system of its own needs root to mount");
        return;
    }
    auto dir = temp_dir("source-gone-full");
    const std::string src = sample_sqlite(dir);
    const fs::path small = dir / "small";
    fs::create_directories(small);
    REQUIRE(::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=160k,mode=0700") == 0);
    struct Unmount {
        fs::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount{small};
    const fs::path history = small / "h.db";
    // A first, small run fits; the second, every plugin on the sample, does not.
    REQUIRE(run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--history", history.string(), "--out",
                     (dir / "first").string(), "--format", "json", "--results", "failures"})
                .code <= 1);
    const std::string before = runs_in(history);
    REQUIRE(before.find(": 1 run(s)") != std::string::npos);
    auto r = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--history", history.string(), "--out", (dir / "second").string(),
                      "--format", "json"});
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find("error: the run was not stored in the history at sqlite:" + history.string()) != std::string::npos);
    CHECK(r.err.find("database or disk is full") != std::string::npos);
    CHECK(r.err.find("The reports below are NOT in the history.") != std::string::npos);
    CHECK(runs_in(history) == before);
    CHECK(run_cli({"history", "verify", "--history", history.string()}).code == 0);
}
