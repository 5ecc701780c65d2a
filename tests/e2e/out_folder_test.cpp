// Where reports go: checked before the audit runs or anything is stored (a --out that is a file,
// under a file, or in a folder the user cannot write in is refused with exit 2), and a folder
// re-used for a run with fewer formats is left holding only that run's reports.
#include <sys/stat.h>
#include <unistd.h>

#include <regex>

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

std::vector<std::string> tiny_args(const std::string& src, const std::string& history, const fs::path& out, const std::string& formats) {
    return {"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
            "--as-of", "2009-03-31", "--history", history, "--out", out.string(), "--format", formats};
}

// The run ids `history` lists.
std::size_t runs_listed(const std::string& history) {
    auto list = run_cli({"history", "--history", history});
    static const std::regex id("\\d{8}T\\d{6}Z-[0-9a-f]{4}");
    std::set<std::string> ids;
    for (auto it = std::sregex_iterator(list.out.begin(), list.out.end(), id); it != std::sregex_iterator(); ++it) ids.insert(it->str());
    return ids.size();
}

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

}  // namespace

TEST_CASE("out: --out naming an existing file is refused before the audit runs, and nothing is stored") {
    auto dir = temp_dir("out-file");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    REQUIRE(run_cli(tiny_args(src, history, dir / "first", "json")).code == 0);
    REQUIRE(runs_listed(history) == 1);
    fs::path file = dir / "existing.txt";
    write_text(file, "keep me\n");

    auto r = run_cli(tiny_args(src, history, file, "json"));
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find("error: --out " + file.string() + " is a file, not a folder") != std::string::npos);
    CHECK(r.err.find("Give a new or existing folder instead") != std::string::npos);
    CHECK(r.err.find("Nothing was run or stored.") != std::string::npos);
    CHECK(r.out.find("stored in the history") == std::string::npos);
    CHECK(slurp(file) == "keep me\n");
    CHECK(runs_listed(history) == 1);

    // A history that did not exist is not even created.
    auto fresh = run_cli(tiny_args(src, (dir / "new-history.db").string(), file, "json"));
    CHECK(fresh.code == 2);
    CHECK(!fs::exists(dir / "new-history.db"));
}

TEST_CASE("out: a folder that cannot be created, or written in, is refused before the audit runs") {
    auto dir = temp_dir("out-uncreatable");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    write_text(dir / "a-file", "x");
    auto under = run_cli(tiny_args(src, history, dir / "a-file" / "reports", "json"));
    INFO(under.all());
    CHECK(under.code == 2);
    CHECK(under.err.find("--out " + (dir / "a-file" / "reports").string() + " cannot be created: " + (dir / "a-file").string() +
                         " is a file, not a folder") != std::string::npos);
    CHECK(!fs::exists(history));

    // A folder the user may not write in: read-only for its owner, and sgaudit subject to file
    // permissions even when the tests run as root.
    fs::path locked = dir / "locked";
    fs::create_directories(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    const std::string as = without_root_powers();
    auto r = run_cli({"run", "--source", src, "--no-history", "--format", "json", "--out", (locked / "reports").string()}, as);
    auto s = run_cli({"run", "--source", src, "--no-history", "--format", "json", "--out", locked.string()}, as);
    fs::permissions(locked, fs::perms::owner_all);
    INFO(r.all() << s.all());
    CHECK(r.code == 2);
    CHECK(r.err.find("cannot be created: folders cannot be created in " + locked.string() + " (Permission denied)") != std::string::npos);
    CHECK(s.code == 2);
    CHECK(s.err.find("reports cannot be written in --out " + locked.string() + " (Permission denied)") != std::string::npos);
    CHECK(entries(locked).empty());
}

TEST_CASE("out: demo and report refuse a --out that is a file before doing anything") {
    auto dir = temp_dir("out-demo-report");
    fs::path file = dir / "existing.txt";
    write_text(file, "keep me\n");
    auto before = entries(dir);
    auto demo = run_cli({"demo", "--out", file.string()});
    INFO(demo.all());
    CHECK(demo.code == 2);
    CHECK(demo.err.find("error: --out " + file.string() + " is a file, not a folder") != std::string::npos);
    CHECK(demo.err.find("Nothing was built, run or stored.") != std::string::npos);
    CHECK(entries(dir) == before);
    CHECK(slurp(file) == "keep me\n");

    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    REQUIRE(run_cli(tiny_args(src, history, dir / "first", "json")).code == 0);
    auto report = run_cli({"report", "latest", "--history", history, "--format", "md", "--out", file.string()});
    INFO(report.all());
    CHECK(report.code == 2);
    CHECK(report.err.find("error: --out " + file.string() + " is a file, not a folder") != std::string::npos);
    CHECK(report.err.find("Nothing was written.") != std::string::npos);
    CHECK(slurp(file) == "keep me\n");
}

TEST_CASE("out: re-running into a folder removes the earlier run's reports this run did not write, and nothing else") {
    auto dir = temp_dir("out-stale");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    fs::path out = dir / "reports";
    REQUIRE(run_cli(tiny_args(src, history, out, "json,csv,md")).code == 0);
    REQUIRE(fs::exists(out / "report.json"));
    write_text(out / "notes.txt", "the auditor's notes\n");
    write_text(out / "report.json.old", "an earlier copy kept by hand\n");
    fs::create_directories(out / "report.xlsx");  // a folder of a report's name is not a report

    auto r = run_cli(tiny_args(src, history, out, "html"));
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(r.out.find("Report written to " + (out / "report.html").string()) != std::string::npos);
    for (const char* name : {"report.json", "report.csv", "report.md"}) {
        CHECK(!fs::exists(out / name));
        CHECK(r.out.find(std::string("Removed ") + name + " from an earlier run in " + out.string()) != std::string::npos);
    }
    CHECK(r.out.find("Removed report.xlsx") == std::string::npos);
    CHECK(entries(out) == std::set<std::string>{"notes.txt", "report.html", "report.json.old", "report.xlsx"});
    CHECK(slurp(out / "notes.txt") == "the auditor's notes\n");
    CHECK(slurp(out / "report.json.old") == "an earlier copy kept by hand\n");
    CHECK(mode_of(out / "report.html") == 0600);

    // The same formats again: everything is rewritten, nothing removed.
    auto again = run_cli(tiny_args(src, history, out, "html"));
    CHECK(again.code == 0);
    CHECK(again.out.find("Removed") == std::string::npos);
}

TEST_CASE("out: a report folder others can write in, or that belongs to another user, is refused before the audit runs") {
    auto dir = temp_dir("out-loose");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    // Writable by the group, and by anyone (as /tmp is): refused, saying what to do; nothing run.
    for (const auto& [mode, who] : {std::pair{fs::perms(0775), "its group (mode 0775)"}, {fs::perms(01777), "anyone (mode 1777)"}}) {
        const fs::path loose = dir / ("loose-" + std::to_string(static_cast<int>(mode)));
        fs::create_directory(loose);
        fs::permissions(loose, mode);
        auto r = run_cli(tiny_args(src, history, loose, "json,xlsx,md"));
        INFO(r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find("error: --out " + loose.string() + " can be written by " + who) != std::string::npos);
        CHECK(r.err.find("Run chmod go-w on it, or give a folder only you can write in") != std::string::npos);
        CHECK(r.err.find("Nothing was run or stored.") != std::string::npos);
        CHECK(entries(loose).empty());
        // The same folder tightened is used.
        fs::permissions(loose, fs::perms(0700));
        CHECK(run_cli(tiny_args(src, history, loose, "json")).code == 0);
    }
    // A link to a loose folder is judged by the folder it leads to.
    const fs::path target = dir / "shared", link = dir / "link";
    fs::create_directory(target);
    fs::permissions(target, fs::perms(0777));
    fs::create_directory_symlink(target, link);
    auto via_link = run_cli(tiny_args(src, history, link, "json"));
    CHECK(via_link.code == 2);
    CHECK(entries(target).empty());

    // Owned by another user (only root can make one here): refused, naming the owner.
    if (::geteuid() == 0) {
        const fs::path theirs = dir / "theirs";
        fs::create_directory(theirs);
        fs::permissions(theirs, fs::perms(0755));
        REQUIRE(::chown(theirs.c_str(), 65534, 65534) == 0);  // nobody
        auto r = run_cli(tiny_args(src, history, theirs, "json"));
        INFO(r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find("error: --out " + theirs.string() + " belongs to user nobody (uid 65534), not to you") != std::string::npos);
        CHECK(entries(theirs).empty());
    }
}

TEST_CASE("out: the XLSX report is built in a private folder of its own, gone afterwards, and the folder holds only the reports") {
    auto dir = temp_dir("out-private-xlsx");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    auto r = run_cli(tiny_args(src, history, dir / "out", "xlsx,md,json"));
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(entries(dir / "out") == std::set<std::string>{"report.json", "report.md", "report.xlsx"});
    CHECK(mode_of(dir / "out" / "report.xlsx") == 0600);
    CHECK(mode_of(dir / "out") == 0700);
}

TEST_CASE("out: a report folder inside one others can write in is refused, and what a stopped run left is removed") {
    auto dir = temp_dir("out-loose-parent");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    const fs::path loose = dir / "loose";
    fs::create_directory(loose);
    fs::permissions(loose, fs::perms(0777));
    // New, or already there and private: either could be moved away and replaced by others.
    fs::create_directory(loose / "mine");
    fs::permissions(loose / "mine", fs::perms(0700));
    for (const fs::path& out : {loose / "new" / "deeper", loose / "mine"}) {
        auto r = run_cli(tiny_args(src, history, out, "json"));
        INFO(r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find("is inside " + loose.string() + ", which others can write in: they could move the report folder away") !=
              std::string::npos);
    }
    CHECK(!fs::exists(loose / "new"));
    // A sticky folder (as /tmp is) lets only owners move what is in it: allowed.
    fs::permissions(loose, fs::perms(01777));
    CHECK(run_cli(tiny_args(src, history, loose / "mine", "json")).code == 0);

    // A run killed mid-write left its temporary files and private folder (pid 999999 is no
    // process): the next run into the folder removes them and says so; a live process's stays.
    const fs::path out = dir / "out";
    fs::create_directory(out);
    fs::permissions(out, fs::perms(0700));
    write_text(out / "report.json.tmp-999999-123", "half");
    fs::create_directory(out / ".sgaudit-999999-AbC123");
    write_text(out / ".sgaudit-999999-AbC123" / "report.xlsx", "half");
    write_text(out / ("report.csv.tmp-" + std::to_string(::getpid()) + "-1"), "a live run's");
    auto r = run_cli(tiny_args(src, history, out, "json"));
    INFO(r.all());
    CHECK(r.code == 0);
    CHECK(r.out.find("Removed report.json.tmp-999999-123 from " + out.string() + ": left half-written by an earlier run that was stopped") !=
          std::string::npos);
    CHECK(!fs::exists(out / "report.json.tmp-999999-123"));
    CHECK(!fs::exists(out / ".sgaudit-999999-AbC123"));
    CHECK(fs::exists(out / ("report.csv.tmp-" + std::to_string(::getpid()) + "-1")));
}
