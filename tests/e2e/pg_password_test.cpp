// Issue 18, item 6: a PostgreSQL role that must give a password (SCRAM-SHA-256, made afresh by
// scripts/pg-test-server.sh at each start). PGPASSWORD and ~/.pgpass work; without a password,
// or with a wrong one, the error says so and where a password goes, naming no secret; the
// password never appears in the output, the reports, the log or the history.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

struct PasswordServer {
    std::string url, password;  // url: the password role's source, on a schema of its own
};

// The sample council in `schema`, loaded by the trusted role; the password role's URL for it.
PasswordServer password_source(const std::string& schema) {
    const char* url = std::getenv("SGAUDIT_TEST_PG_PASSWORD_URL");
    const char* password = std::getenv("SGAUDIT_TEST_PG_PASSWORD");
    REQUIRE_MESSAGE((url && password && *password), "SGAUDIT_TEST_PG_PASSWORD_URL is not set: run the tests with scripts/test.sh");
    const std::string trusted = pg_source(schema);
    REQUIRE(!trusted.empty());
    REQUIRE(run_cli({"db", "init", "--source", trusted}).code == 0);
    REQUIRE(run_cli({"db", "import", sample_dir(), "--source", trusted}).code == 0);
    return {std::string(url) + "&schema=" + schema, password};
}

// The environment of a run: no password from the test's own environment or home folder.
std::string env_with(const fs::path& home, const std::string& extra = "") {
    return "env -u PGPASSWORD -u PGPASSFILE HOME=" + quote(home.string()) + (extra.empty() ? "" : " " + extra);
}

std::vector<std::string> run_args(const std::string& src, const fs::path& dir) {
    return {"--verbose", "run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--history", (dir / "h.db").string(),
            "--out", (dir / "out").string(), "--format", "json,html,csv,md,xlsx,junit"};
}

// Every byte sgaudit wrote under `dir`, and what it printed.
std::string everything_written(const fs::path& dir, const CliResult& r) {
    std::string all = r.out + r.err;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) all += slurp(e.path());
    return all;
}

}  // namespace

TEST_CASE("PostgreSQL password: PGPASSWORD and ~/.pgpass work, and the password is never in the output, reports, log or history") {
    const auto server = password_source("pw_sample");
    auto dir = temp_dir("pg-password");
    const fs::path home = dir / "home";
    fs::create_directories(home);

    // PGPASSWORD: the audit runs and is stored.
    auto r = run_cli(run_args(server.url, dir / "env"), env_with(home, "PGPASSWORD=" + quote(server.password)));
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("stored in the history") != std::string::npos);
    CHECK(read_json(dir / "env" / "out" / "report.json")["results"].size() > 0);
    CHECK(everything_written(dir / "env", r).find(server.password) == std::string::npos);

    // ~/.pgpass (owner-only, as libpq requires): the same audit.
    write_text(home / ".pgpass", "*:*:sgaudit_test:sgaudit_pw:" + server.password + "\n");
    fs::permissions(home / ".pgpass", fs::perms(0600));
    auto p = run_cli(run_args(server.url, dir / "pgpass"), env_with(home));
    INFO(p.all());
    REQUIRE(p.code == 0);
    CHECK(slurp(dir / "pgpass" / "out" / "report.json").size() > 0);
    CHECK(everything_written(dir / "pgpass", p).find(server.password) == std::string::npos);
}

TEST_CASE("PostgreSQL password: none, or a wrong one, is a clear error naming no secret, and nothing is run or stored") {
    const auto server = password_source("pw_refused");
    auto dir = temp_dir("pg-password-refused");
    const fs::path home = dir / "home";
    fs::create_directories(home);

    auto none = run_cli(run_args(server.url, dir / "none"), env_with(home));
    INFO(none.all());
    CHECK(none.code == 2);
    CHECK(none.err.find("no password supplied") != std::string::npos);
    CHECK(none.err.find("The server wants a password for this role: put the password in the PGPASSWORD environment variable or in "
                        "~/.pgpass") != std::string::npos);
    CHECK(run_cli({"history", "--history", (dir / "none" / "h.db").string()}).out.find(": 0 run(s)") != std::string::npos);

    const std::string wrong = "Wrong-" + server.password.substr(0, 6) + "-guess";
    auto bad = run_cli(run_args(server.url, dir / "wrong"), env_with(home, "PGPASSWORD=" + quote(wrong)));
    INFO(bad.all());
    CHECK(bad.code == 2);
    CHECK(bad.err.find("password authentication failed for user \"sgaudit_pw\"") != std::string::npos);
    CHECK(bad.err.find("put the password in the PGPASSWORD environment variable") != std::string::npos);
    CHECK(bad.all().find(wrong) == std::string::npos);
    CHECK(bad.all().find(server.password) == std::string::npos);
    CHECK(!fs::exists(dir / "wrong" / "out" / "report.json"));
}
