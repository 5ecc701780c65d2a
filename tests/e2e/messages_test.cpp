// What sgaudit says when it is given the wrong thing: each message names what is wrong and what
// to do, once, and nothing is written on the way (issue 12, item 10).
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {
std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("messages: a folder or a file that is not SQLite given as --source is named for what it is, nothing written") {
    auto dir = temp_dir("msg-source");
    fs::create_directories(dir / "exports");
    auto r = run_cli({"run", "--source", "sqlite:" + (dir / "exports").string(), "--as-of", "2009-03-31", "--out", (dir / "a").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find((dir / "exports").string() + " is a folder, not a SQLite file") != std::string::npos);
    CHECK(r.err.find("disk I/O error") == std::string::npos);
    std::ofstream(dir / "ssd_person.csv") << "pers_person_id,pers_dob\nC1,2007-06-15\n";
    auto csv = run_cli({"run", "--source", "sqlite:" + (dir / "ssd_person.csv").string(), "--as-of", "2009-03-31", "--out",
                        (dir / "b").string()});
    CHECK(csv.code == 2);
    CHECK(csv.err.find("ssd_person.csv is not a SQLite database") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "b"));  // no empty report
}

TEST_CASE("messages: a folder given as --rules or --waivers is refused once, and rules check checks waiver files") {
    auto dir = temp_dir("msg-folders");
    auto src = sample_sqlite(dir);
    fs::create_directories(dir / "empty");
    auto rules = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--rules", (dir / "empty").string(), "--no-history"});
    CHECK(rules.code == 2);
    CHECK(count_of(rules.err, "this is a folder; give the .toml file itself") == 1);
    auto waivers = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--waivers", (dir / "empty").string(), "--no-history"});
    CHECK(waivers.code == 2);
    CHECK(waivers.err.find((dir / "empty").string() + ": error: this is a folder; give the .toml file itself") != std::string::npos);
    // The file a waiver error names can be checked on its own (current.toml holds 2 waivers).
    auto check = run_cli({"rules", "check", fixtures() + "/waivers/current.toml"});
    CHECK(check.code == 0);
    CHECK(check.out.find("current.toml: ok (2 waivers)") != std::string::npos);
}

TEST_CASE("messages: db import of a missing folder, db init of an existing database") {
    auto dir = temp_dir("msg-db");
    std::string src = "sqlite:" + (dir / "c.db").string();
    auto first = run_cli({"db", "init", "--source", src});
    CHECK(first.out.find("Created the sgaudit case-data tables") != std::string::npos);
    auto again = run_cli({"db", "init", "--source", src});
    CHECK(again.code == 0);
    CHECK(again.out.find("already holds the sgaudit case-data tables") != std::string::npos);
    auto missing = run_cli({"db", "import", (dir / "no-such-folder").string(), "--source", src});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("no-such-folder is not a folder") != std::string::npos);
    CHECK(missing.err.find("Fix the cells") == std::string::npos);
}

TEST_CASE("messages: options given before the subcommand work after it, and help says each command's own exit codes") {
    auto dir = temp_dir("msg-quiet");
    auto src = sample_sqlite(dir);
    auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "o").string(), "--no-history", "-q"});
    CHECK(r.code == 0);
    CHECK(r.err.find("info:") == std::string::npos);
    auto db_help = run_cli({"db", "--help"});
    CHECK(db_help.out.find("the audit ran") == std::string::npos);
    CHECK(run_cli({"plugins", "--help"}).out.find("the audit ran") == std::string::npos);
    CHECK(run_cli({"run", "--help"}).out.find("the audit ran") != std::string::npos);
    CHECK(run_cli({"run", "--help"}).out.find("dept_team_parent_id") == std::string::npos);
}

TEST_CASE("messages: --area and --team take an id or a name in any case, and anything else is refused with the list") {
    // The sample's areas: HUN (Huntingdonshire), SCC (South Cambridgeshire and Cambridge City),
    // ECF (East Cambridgeshire and Fenland); one team in each.
    auto dir = temp_dir("msg-scope");
    auto src = sample_sqlite(dir);
    for (const char* area : {"HUN", "hun", "Huntingdonshire", " HUNTINGDONSHIRE "}) {
        INFO(area);
        auto out = dir / "ok";
        fs::remove_all(out);
        auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--out", out.string(), "--area", area,
                          "--no-history"});
        REQUIRE(r.code == 0);
        auto report = read_json(out / "report.json");
        CHECK(report["run"]["filters"]["area"] == "HUN");
        REQUIRE(report["results"].size() > 0);
        for (const auto& res : report["results"]) CHECK(res["subject"]["area"] == "HUN");
    }
    auto wrong = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "no").string(), "--area", "Hunts"});
    CHECK(wrong.code == 2);
    CHECK(wrong.err.find("--area Hunts names no area in ssd_department; the areas are: ECF (East Cambridgeshire and Fenland), "
                         "HUN (Huntingdonshire), SCC (South Cambridgeshire and Cambridge City)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "no"));
    auto team = run_cli({"run", "--source", src, "--as-of", "2009-03-31", "--out", (dir / "no2").string(), "--team", "T-HUN-9"});
    CHECK(team.code == 2);
    CHECK(team.err.find("--team T-HUN-9 names no team") != std::string::npos);
    CHECK(team.err.find("T-HUN-1 (Huntingdon Assessment)") != std::string::npos);
}

TEST_CASE("messages: a settings file in a folder that cannot be looked into is named, not a crash") {
    // XDG_CONFIG_HOME is a folder only its owner may look into; sgaudit runs as someone else
    // (as root, as the user nobody; otherwise the folder is closed to its owner too). It used to
    // stop with an uncaught filesystem error (exit 134).
    auto dir = temp_dir("config-locked");
    const fs::path cfg = dir / "cfg";
    fs::create_directories(cfg / "sgaudit");
    std::string as = "HOME=" + quote(dir.string()) + " XDG_CONFIG_HOME=" + quote(cfg.string());
    if (::geteuid() == 0) {
        fs::permissions(dir, fs::perms::owner_all | fs::perms::others_exec | fs::perms::others_read);
        fs::permissions(cfg, fs::perms::owner_all);
        as += " setpriv --reuid=65534 --regid=65534 --clear-groups";
    } else {
        fs::permissions(cfg, fs::perms::none);
    }
    auto r = run_cli({"plugins"}, as);
    fs::permissions(cfg, fs::perms::owner_all);
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find((cfg / "sgaudit" / "sgaudit.toml").string() + ": error: cannot read this file") != std::string::npos);
}
