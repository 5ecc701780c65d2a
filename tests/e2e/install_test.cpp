// The installed SDK: `cmake --install` puts the host, its plugins, rule sets, templates and the SDK
// (headers and a CMake package) under a prefix; a plugin built elsewhere with find_package(sgaudit)
// loads into the installed host, passes the conformance suite and audits; the prefix still works
// after it is moved (nothing in it names where it was installed).
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"

using namespace e2e;

namespace {

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

}  // namespace

TEST_CASE("install: a plugin built outside the tree against the installed SDK loads, passes plugins check and audits, from a moved prefix") {
    auto dir = temp_dir("install");
    const fs::path build = fs::path(SGAUDIT_BIN).parent_path().parent_path();
    const fs::path example = fs::path(SGAUDIT_SOURCE_DIR) / "tests" / "fixtures" / "outside-plugin";
    using e2e::programs::run_shell;
    using e2e::programs::shell_quoted;
    run_shell("cmake --install " + shell_quoted(build.string()) + " --prefix " + shell_quoted((dir / "prefix").string()), dir / "install.log");
    CHECK(fs::exists(dir / "prefix" / "lib" / "cmake" / "sgaudit" / "sgauditConfig.cmake"));
    CHECK(fs::exists(dir / "prefix" / "include" / "sgaudit" / "sdk.hpp"));
    run_shell("cmake -S " + shell_quoted(example.string()) + " -B " + shell_quoted((dir / "build").string()) + " -G Ninja -DCMAKE_PREFIX_PATH=" +
                  shell_quoted((dir / "prefix").string()) + " && cmake --build " + shell_quoted((dir / "build").string()),
              dir / "build.log");
    const fs::path plugin = dir / "build" / "bin" / "plugins" / "sgaudit-la-visits.so";
    REQUIRE(fs::exists(plugin));
    // Moved: the host finds its plugins, rule sets and templates beside itself.
    fs::rename(dir / "prefix", dir / "moved");
    const std::string host = (dir / "moved" / "bin" / "sgaudit").string();
    const std::vector<std::string> globals{"--plugin-dir", plugin.parent_path().string(), "--rules-dir", (example / "rules").string()};
    auto run_host = [&](std::vector<std::string> args, const fs::path& log) {
        std::string cmd = shell_quoted(host);
        for (const auto& a : globals) cmd += " " + shell_quoted(a);
        for (const auto& a : args) cmd += " " + shell_quoted(a);
        run_shell(cmd, log);
        return slurp(log);
    };
    const std::string listed = run_host({"plugins"}, dir / "plugins.log");
    CHECK(listed.find("la-visits 0.1.0  ABI 1  rule sets: la-visits") != std::string::npos);
    CHECK(listed.find((dir / "moved" / "lib" / "sgaudit" / "plugins" / "sgaudit-indicators.so").string()) != std::string::npos);
    CHECK(run_host({"plugins", "check", "la-visits"}, dir / "check.log").find("la-visits: passed") != std::string::npos);

    // Hand-worked: CA1 began 2009-01-05 and was seen 2009-02-16 (42 days) and is judged on
    // 2009-03-30 (42 more): within 6 weeks. CA2, seen 2009-02-17 (43 days): not.
    fs::create_directories(dir / "csv");
    write(dir / "csv" / "ssd_cla_episodes.csv",
          "clae_cla_episode_id,clae_person_id,clae_cla_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date,clae_referral_id\n"
          "E1,K1,CA1,2009-01-05,,\nE2,K2,CA2,2009-01-05,,\n");
    write(dir / "csv" / "ssd_cla_visits.csv",
          "clav_cla_visit_id,clav_cla_id,clav_person_id,clav_cla_visit_date,clav_cla_visit_seen,clav_cla_visit_seen_alone\n"
          "V1,CA1,K1,2009-02-16,Y,N\nV2,CA2,K2,2009-02-17,Y,N\n");
    const std::string src = "sqlite:" + (dir / "council.db").string();
    run_host({"db", "init", "--source", src}, dir / "init.log");
    run_host({"db", "import", (dir / "csv").string(), "--source", src}, dir / "import.log");
    run_host({"run", "la-visits", "--source", src, "--as-of", "2009-03-30", "--no-history", "--format", "json", "--out", (dir / "out").string()},
             dir / "run.log");
    const auto report = read_json(dir / "out" / "report.json");
    CHECK(result(report, "la.visits", "CA1")["outcome"] == "pass");
    CHECK(result(report, "la.visits", "CA2")["outcome"] == "fail");
    CHECK(result(report, "la.visits", "CA2")["message"] == "period of care CA2: 1 gap over 42 days; longest 43 (2009-01-05 to 2009-02-17)");
}
