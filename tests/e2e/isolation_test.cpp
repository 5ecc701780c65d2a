// Plugins run in worker processes of their own. Real, deliberately broken plugins
// (tests/plugins/broken.cpp) segfault, abort, exit, hang, eat memory, throw, fail, print to
// stdout and scribble on the frame pipe; each time the run names what happened, the other plugins'
// results are complete and exactly right, what the broken plugin delivered is kept but marked
// incomplete and counted nowhere, the run is stored with that status, and sgaudit exits 3.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

std::vector<std::string> with_broken_plugins(std::vector<std::string> args) {
    args.insert(args.begin(), {"--plugin-dir", SGAUDIT_BROKEN_PLUGIN_DIR, "--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir",
                               fixtures() + "/rules"});
    return args;
}

std::map<std::string, json> plugins_of(const json& report) {
    std::map<std::string, json> out;
    for (const auto& p : report["plugins"]) out[p["name"].get<std::string>()] = p;
    return out;
}

// What data-quality alone reports on the sample: the counts a run with a broken plugin beside it
// must give exactly.
const json& data_quality_alone() {
    static const json report = [] {
        // Per process: ctest runs the test cases of this file side by side.
        auto dir = temp_dir("isolation-dq-alone-" + std::to_string(::getpid()));
        auto src = sample_sqlite(dir);
        auto r = run_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--no-history", "--format", "json",
                          "--out", (dir / "out").string()});
        if (r.code != 0) throw std::runtime_error("data-quality alone failed: " + r.all());
        return read_json(dir / "out" / "report.json");
    }();
    return report;
}

bool gone(pid_t pid) { return ::kill(pid, 0) == -1 && errno == ESRCH; }

struct Expected {
    std::string plugin, status, reason;  // reason: the start of `error`, or all of it with exact_reason
    int delivered = 0;
    bool exact_reason = false;
};

// Runs `want.plugin` between data-quality and test-good on the sample and checks everything a
// plugin that did not finish must leave behind. Returns the report for further checks.
json check_broken_run(const Expected& want, std::vector<std::string> extra = {}) {
    INFO(want.plugin);
    auto dir = temp_dir("isolation-" + want.plugin);
    auto src = sample_sqlite(dir);
    std::string history = (dir / "history.db").string();
    std::vector<std::string> args{"run", "data-quality", want.plugin, "--source", src, "--as-of", "2009-03-31",
                                  "--history", history, "--format", "json,html,md", "--out", (dir / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(with_broken_plugins(args));
    INFO(r.all());
    CHECK(r.code == 3);
    auto report = read_json(dir / "out" / "report.json");
    auto plugins = plugins_of(report);
    const auto& p = plugins[want.plugin];
    CHECK(p["status"] == want.status);
    std::string error = p["error"].is_string() ? p["error"].get<std::string>() : "";
    if (want.exact_reason) CHECK(error == want.reason);
    else CHECK_MESSAGE(error.rfind(want.reason, 0) == 0, error);
    CHECK(p["incomplete"] == true);
    CHECK(p["results_delivered"] == want.delivered);

    // data-quality ran whole, and the totals are its own: nothing of the broken plugin is counted.
    CHECK(plugins["data-quality"]["status"] == "ok");
    CHECK(plugins["data-quality"]["incomplete"] == false);
    const auto& alone = data_quality_alone();
    CHECK(report["rule_summary"] == alone["rule_summary"]);
    CHECK(report["summary"] == alone["summary"]);
    CHECK(report["area_summary"] == alone["area_summary"]);
    CHECK(report["team_summary"] == alone["team_summary"]);
    std::size_t dq = 0, partial = 0;
    for (const auto& res : report["results"]) {
        if (res["plugin"] == "data-quality") {
            ++dq;
            CHECK_FALSE(res.contains("incomplete"));
        } else {
            // Results stream out as they arrive, before anyone knows the plugin will stop part-way,
            // so they are marked by their plugin's `incomplete` above, not one by one.
            ++partial;
            CHECK(res["plugin"] == want.plugin);
        }
    }
    CHECK(dq == alone["results"].size());
    CHECK(partial == static_cast<std::size_t>(want.delivered));

    // The summary, the HTML and the Markdown say what happened and what became of its results.
    CHECK(r.out.find("  " + want.plugin + ": " + want.status + " - " + error) != std::string::npos);
    std::string note = want.delivered == 0 ? "It delivered no results."
                                           : "The " + std::to_string(want.delivered) + " result(s) it delivered before it stopped are kept";
    CHECK(r.out.find(note) != std::string::npos);
    CHECK(slurp(dir / "out" / "report.html").find(note) != std::string::npos);
    CHECK(slurp(dir / "out" / "report.md").find(note) != std::string::npos);

    // Stored, as an incomplete run, with the plugin's status and reason, and re-rendered alike.
    auto list = run_cli({"history", "--history", history});
    CHECK(list.out.find("incomplete") != std::string::npos);
    auto show = run_cli({"history", "show", "latest", "--history", history});
    CHECK(show.out.find(want.plugin + " 0.0.1: " + want.status + " - " + error) != std::string::npos);
    REQUIRE(run_cli({"report", "latest", "--history", history, "--format", "json", "--out", (dir / "again").string()}).code == 0);
    auto again = read_json(dir / "again" / "report.json");
    CHECK(plugins_of(again)[want.plugin] == p);
    CHECK(again["results"] == report["results"]);
    CHECK(again["summary"] == report["summary"]);
    return report;
}

// The worker's pid and its helper's, once the hanging plugin has written them.
std::pair<pid_t, pid_t> wait_for_pids(const fs::path& file) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pid_t worker = 0, helper = 0;
    std::ifstream(file) >> worker >> helper;
    return {worker, helper};
}

}  // namespace

TEST_CASE("isolation: a plugin that segfaults after delivering results is reported crashed with the signal") {
    check_broken_run({"test-segfault", "crashed",
                      "killed by signal SIGSEGV (Segmentation fault); its last message was \"judged 3 things\"", 3, true});
}

TEST_CASE("isolation: a plugin that aborts is reported crashed with SIGABRT") {
    check_broken_run({"test-abort", "crashed", "killed by signal SIGABRT (Aborted)", 2});
}

TEST_CASE("isolation: a plugin that calls exit() is reported crashed with its exit status") {
    check_broken_run({"test-exit", "crashed", "exited with status 7 before it finished; its last message was \"judged 2 things\"", 2, true});
}

TEST_CASE("isolation: a plugin that hangs is stopped at --plugin-timeout, and nothing it started is left running") {
    auto pid_file = temp_dir("isolation-hang-pids") / "pids";
    auto t0 = std::chrono::steady_clock::now();
    check_broken_run({"test-hang", "timed_out",
                      "did not finish within --plugin-timeout 2s and was stopped; its last message was \"judged 1 things\"", 1, true},
                     {"--plugin-timeout", "2s"});
    // The timed run plus the history commands: well under the hour the default would allow.
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));
    // check_broken_run's environment has no pid file; run again with one to look for survivors.
    auto dir = pid_file.parent_path();
    auto src = sample_sqlite(dir);
    auto r = run_cli(with_broken_plugins({"run", "test-hang", "--source", src, "--as-of", "2009-03-31", "--no-history",
                                          "--plugin-timeout", "2s", "--format", "json", "--out", (dir / "out").string()}),
                     "SGAUDIT_TEST_PID_FILE=" + quote(pid_file.string()));
    CHECK(r.code == 3);
    auto [worker, helper] = wait_for_pids(pid_file);
    REQUIRE(worker > 0);
    REQUIRE(helper > 0);
    CHECK(gone(worker));
    CHECK(gone(helper));
}

TEST_CASE("isolation: a plugin that eats memory is stopped at --plugin-memory, and says so") {
    check_broken_run({"test-hog", "failed",
                      "ran out of memory: it reached its limit (--plugin-memory 256 MiB): plugin threw: std::bad_alloc", 2, true},
                     {"--plugin-memory", "256MiB"});
}

TEST_CASE("isolation: a plugin that throws or fails part-way keeps its results out of the totals") {
    check_broken_run({"test-throws-late", "failed", "plugin threw: thrown after two things", 2, true});
    check_broken_run({"test-fails-late", "failed", "gave up after two things", 2, true});
}

TEST_CASE("isolation: a plugin that prints to stdout cannot corrupt the run's output, and is failed for it") {
    auto report = check_broken_run({"test-stdout", "failed", "wrote 94 byte(s) to standard output, which a plugin must not do", 2});
    // Its printing went nowhere near sgaudit's own output or the reports.
    CHECK(report.dump().find("garbage") == std::string::npos);
    auto r = run_cli(with_broken_plugins({"run", "test-stdout", "--source", sample_sqlite(temp_dir("isolation-stdout-2")),
                                          "--as-of", "2009-03-31", "--no-history", "--format", "json", "--out",
                                          (temp_dir("isolation-stdout-3") / "out").string()}));
    CHECK(r.all().find("garbage") == std::string::npos);
    CHECK(r.all().find("plain text the plugin printed") == std::string::npos);
}

TEST_CASE("isolation: a plugin that writes junk into the frame pipe is stopped as malformed output") {
    check_broken_run({"test-scribbler", "failed", "sent malformed output (a frame of 4022250974 bytes", 0});
}

TEST_CASE("isolation: two plugins at once beside one that crashes first: both complete and exact") {
    auto dir = temp_dir("isolation-crash-first");
    auto src = sample_sqlite(dir);
    auto r = run_cli(with_broken_plugins({"run", "test-segfault", "test-good", "data-quality", "--source", src, "--as-of",
                                          "2009-03-31", "--no-history", "--format", "json", "--out", (dir / "out").string()}));
    INFO(r.all());
    CHECK(r.code == 3);
    auto report = read_json(dir / "out" / "report.json");
    auto plugins = plugins_of(report);
    CHECK(plugins["test-segfault"]["status"] == "crashed");
    CHECK(plugins["test-good"]["status"] == "ok");
    CHECK(plugins["data-quality"]["status"] == "ok");
    // test-good's hand-worked counts (plugins_test.cpp) and data-quality's, as if alone.
    auto s = summary_of(report);
    CHECK(s["t.first-review"] == Counts{3, 4, 2, 0, 1});
    CHECK(s["t.reviews-in-time"] == Counts{3, 5, 2});
    CHECK(s["t.enough-reviews"] == Counts{4, 6, 0});
    CHECK(s["t.child-of-school-age"] == Counts{2, 6, 2});
    CHECK(s.count("b.x-is-one") == 0);
    for (const auto& row : data_quality_alone()["rule_summary"])
        CHECK(s[row["rule"].get<std::string>()] == summary_of(data_quality_alone())[row["rule"].get<std::string>()]);
    CHECK(report["sections"][0]["text"] == "10 plans");
}

TEST_CASE("isolation: Ctrl-C or SIGTERM while a worker runs stops it, leaves no process behind, stores nothing") {
    for (int sig : {SIGINT, SIGTERM}) {
        INFO(sig);
        auto dir = temp_dir("isolation-interrupt-" + std::to_string(sig));
        auto src = sample_sqlite(dir);
        std::string history = (dir / "h.db").string();
        auto pid_file = dir / "pids";
        pid_t pid = spawn_cli(with_broken_plugins({"run", "data-quality", "test-hang", "--source", src, "--as-of", "2009-03-31",
                                                   "--history", history, "--plugin-timeout", "10m", "--format", "json", "--out",
                                                   (dir / "out").string()}),
                              {{"SGAUDIT_TEST_PID_FILE", pid_file.string()}});
        auto [worker, helper] = wait_for_pids(pid_file);
        REQUIRE(worker > 0);
        REQUIRE(helper > 0);
        CHECK_FALSE(gone(worker));
        auto t0 = std::chrono::steady_clock::now();
        ::kill(pid, sig);
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 130);
        CHECK(gone(worker));
        CHECK(gone(helper));
        CHECK_FALSE(fs::exists(dir / "out" / "report.json"));
        CHECK(run_cli({"history", "--history", history}).out.find(": 0 run(s)") != std::string::npos);
    }
}

TEST_CASE("isolation: a host started with SIGCHLD ignored still waits for its workers") {
    auto dir = temp_dir("isolation-sigchld");
    auto src = sample_sqlite(dir);
    // An ignored signal stays ignored across exec: sgaudit starts with SIGCHLD ignored, as it
    // would under a careless parent, where the kernel would reap workers before they are waited for.
    std::signal(SIGCHLD, SIG_IGN);
    pid_t pid = spawn_cli({"run", "data-quality", "--source", src, "--as-of", "2009-03-31", "--no-history", "--plugin-timeout",
                           "20s", "--format", "json", "--out", (dir / "out").string()});
    std::signal(SIGCHLD, SIG_DFL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(plugins_of(read_json(dir / "out" / "report.json"))["data-quality"]["status"] == "ok");
}

TEST_CASE("isolation: --in-process gives the same report as workers, and still keeps partial results out of the totals") {
    auto dir = temp_dir("isolation-in-process");
    auto src = sample_sqlite(dir);
    auto run = [&](const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args{"run", "data-quality", "cp-under4", "test-good", "--source", src, "--as-of", "2009-03-31",
                                      "--no-history", "--waivers", fixtures() + "/waivers/current.toml", "--format", "json",
                                      "--out", (dir / out).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_cli(with_broken_plugins(args));
        INFO(r.all());
        CHECK(r.code == 0);
        auto report = read_json(dir / out / "report.json");
        report.erase("run");  // its id and times
        return report;
    };
    auto isolated = run("workers", {});
    auto in_process = run("in-process", {"--in-process"});
    CHECK(isolated == in_process);
    CHECK(isolated["expired_waivers"].size() == 1);
    CHECK_FALSE(isolated["sections"].empty());

    auto r = run_cli(with_broken_plugins({"run", "data-quality", "test-fails-late", "--in-process", "--source", src, "--as-of",
                                          "2009-03-31", "--no-history", "--format", "json", "--out", (dir / "partial").string()}));
    CHECK(r.code == 3);
    auto report = read_json(dir / "partial" / "report.json");
    CHECK(plugins_of(report)["test-fails-late"]["error"] == "gave up after two things");
    CHECK(plugins_of(report)["test-fails-late"]["results_delivered"] == 2);
    CHECK(report["summary"] == data_quality_alone()["summary"]);
}

TEST_CASE("isolation: limits are checked where they are written, and sgaudit.toml gives the defaults") {
    auto dir = temp_dir("isolation-limits");
    auto src = sample_sqlite(dir);
    auto bad = run_cli({"run", "--source", src, "--plugin-timeout", "30", "--no-history"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("error: --plugin-timeout '30' is not a duration; write a whole number and a unit, e.g. 90s, 30m or 2h") !=
          std::string::npos);
    auto small = run_cli({"run", "--source", src, "--plugin-memory", "1MiB", "--no-history"});
    CHECK(small.code == 2);
    CHECK(small.err.find("--plugin-memory '1MiB' is too little for any plugin; give at least 16 MiB") != std::string::npos);

    write_text(dir / "bad.toml", "plugin_timeout = \"5 fortnights\"\nplugin_memory = 2048\n");
    auto cfg = run_cli({"--config", (dir / "bad.toml").string(), "plugins"});
    CHECK(cfg.code == 2);
    CHECK(cfg.err.find("bad.toml:1:18: error: plugin_timeout: '5 fortnights' is not a duration") != std::string::npos);
    CHECK(cfg.err.find("bad.toml:2:17: error: plugin_memory must be text in quotes") != std::string::npos);

    write_text(dir / "sgaudit.toml", "plugin_timeout = \"2s\"\n");
    auto r = run_cli(with_broken_plugins({"--config", (dir / "sgaudit.toml").string(), "run", "test-hang", "--source", src,
                                          "--as-of", "2009-03-31", "--no-history", "--format", "json", "--out",
                                          (dir / "out").string()}));
    CHECK(r.code == 3);
    CHECK(r.out.find("test-hang: timed_out - did not finish within --plugin-timeout 2s") != std::string::npos);
}
