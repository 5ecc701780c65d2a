// The plugin author's path, end to end: `cmake --install` puts the host, its plugins, rule sets,
// templates and the SDK (headers and a CMake package) under a prefix; the prefix is moved (nothing
// in it names where it was installed); `sgaudit new-plugin` writes a plugin outside the tree,
// which builds against the installed SDK, passes its own hand-worked test (CA1 seen after 42
// days passes the 6-weekly rule, CA2 after 43 fails) and the conformance suite.
#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "spreadsheet_programs.hpp"

using namespace e2e;

TEST_CASE("install: new-plugin writes a plugin that builds against the installed SDK, from a moved prefix, and passes its test") {
    auto dir = temp_dir("install");
    const fs::path build = fs::path(SGAUDIT_BIN).parent_path().parent_path();
    using e2e::programs::run_shell;
    using e2e::programs::shell_quoted;
    run_shell("cmake --install " + shell_quoted(build.string()) + " --prefix " + shell_quoted((dir / "prefix").string()), dir / "install.log");
    CHECK(fs::exists(dir / "prefix" / "lib" / "cmake" / "sgaudit" / "sgauditConfig.cmake"));
    CHECK(fs::exists(dir / "prefix" / "include" / "sgaudit" / "sdk.hpp"));
    fs::rename(dir / "prefix", dir / "moved");
    const fs::path host = dir / "moved" / "bin" / "sgaudit";

    run_shell(shell_quoted(host.string()) + " new-plugin la-visits --dir " + shell_quoted(dir.string()), dir / "new.log");
    for (const char* f : {"CMakeLists.txt", "la_visits.cpp", "rules/la-visits.toml", "tests/visits.toml", "test.sh", "README.md"})
        CHECK_MESSAGE(fs::exists(dir / "la-visits" / f), f);
    CHECK(mode_of(dir / "la-visits" / "la_visits.cpp") == 0600);
    // Its test builds it against the moved install, audits the fixture and runs the conformance suite.
    run_shell("SGAUDIT=" + shell_quoted(host.string()) + " bash " + shell_quoted((dir / "la-visits" / "test.sh").string()), dir / "test.log");
    const std::string test = slurp(dir / "test.log");
    CHECK(test.find("  ok    la-visits.visits CA1: pass\n  ok    la-visits.visits CA2: fail\n\n2 passed, 0 failed\n") != std::string::npos);
    CHECK(test.find("la-visits: passed") != std::string::npos);
    // The moved host found its own plugins beside itself.
    run_shell(shell_quoted(host.string()) + " plugins", dir / "plugins.log");
    CHECK(slurp(dir / "plugins.log").find((dir / "moved" / "lib" / "sgaudit" / "plugins" / "sgaudit-indicators.so").string()) !=
          std::string::npos);

    // A name that cannot be a plugin's, and a folder that exists, are refused.
    auto bad = run_cli({"new-plugin", "La Visits", "--dir", dir.string()});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("cannot be a plugin's name") != std::string::npos);
    auto again = run_cli({"new-plugin", "la-visits", "--dir", dir.string()});
    CHECK(again.code == 2);
    CHECK(again.err.find("exists already") != std::string::npos);
}
