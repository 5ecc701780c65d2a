// Results streamed from the rule engine to the history and the reports as they are produced:
// a run of many results keeps memory flat and writes the same report the history gives back;
// --results failures counts the passes it does not list, and says so; a history written before
// streaming still reads; and history diff's merge holds on PostgreSQL.
#include <sys/stat.h>

#include <regex>

#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/report/json_report.hpp"

using namespace e2e;
using nlohmann::ordered_json;

namespace {

std::string stored_id(const CliResult& r) {
    std::smatch m;
    static const std::regex re("Run (\\S+) stored in the history");
    return std::regex_search(r.out, m, re) ? std::string(m[1]) : std::string();
}

std::unique_ptr<sgaudit::history::HistoryStore> open_history(const std::string& url) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url));
    auto store = sgaudit::history::HistoryStore::open(spec, sgaudit::history::HistoryStore::Mode::existing, err);
    if (!store) throw std::runtime_error(err);
    return store;
}

// Each stored result of run `id`, as the JSON report writes it.
std::vector<std::string> stored_results(const std::string& url, const std::string& id) {
    auto store = open_history(url);
    std::vector<std::string> out;
    sgaudit::history::StoredRun run;
    auto st = store->in_snapshot([&]() -> sgaudit::Status {
        if (auto o = store->open_run(id, run); !o) return o;
        return store->read_results(run, [&](sgaudit::Result&& r) {
            out.emplace_back();
            sgaudit::report::append_result_json(out.back(), r);
            return sgaudit::Status::ok();
        });
    });
    if (!st) throw std::runtime_error(st.message());
    return out;
}

// Peak memory of the sgaudit a CliResult ran under /usr/bin/time (see below), in kB.
long peak_kb(const CliResult& r) {
    std::smatch m;
    static const std::regex re("peak-kb (\\d+)");
    return std::regex_search(r.err, m, re) ? std::stol(m[1]) : -1;
}

// Flat memory: under 150 MB. AddressSanitizer (scripts/sanitize.sh) keeps freed memory in
// quarantine and adds shadow memory, so its build is allowed four times as much.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kFlatKb = 4 * 150 * 1024;
#else
constexpr long kFlatKb = 150 * 1024;
#endif

}  // namespace

TEST_CASE("streaming: a run of many results writes its reports as they come, in flat memory, as the history gives them back") {
    auto dir = temp_dir("streaming-many");
    REQUIRE(run_cli({"demo", "--out", (dir / "demo").string(), "--no-run"}).code == 0);
    std::string src = "sqlite:" + (dir / "demo" / "council.db").string(), history = (dir / "h.db").string();
    // About 280,000 results. Held whole, as they were before streaming, they took over 200 MB.
    auto r = run_cli({"--quiet", "run", "--source", src, "--as-of", "2009-03-31", "--history", history, "--format", "json,csv,xlsx",
                      "--out", (dir / "run").string()},
                     "/usr/bin/time -f 'peak-kb %M'");
    INFO(r.all());
    REQUIRE(r.code == 0);
    std::string id = stored_id(r);
    REQUIRE(!id.empty());
    CHECK(peak_kb(r) > 0);
    CHECK(peak_kb(r) < kFlatKb);

    // Valid JSON, its results exactly those the history streams back, in the same order.
    ordered_json j = ordered_json::parse(slurp(dir / "run" / "report.json"));
    auto stored = stored_results("sqlite:" + history, id);
    REQUIRE(j["results"].size() == stored.size());
    CHECK(stored.size() > 200000);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < stored.size(); ++i) differ += j["results"][i].dump() != stored[i];
    CHECK(differ == 0);
    CHECK(j["summary"]["pass"].get<std::size_t>() + j["summary"]["fail"].get<std::size_t>() +
              j["summary"]["not_applicable"].get<std::size_t>() + j["summary"]["waived"].get<std::size_t>() +
              j["summary"]["error"].get<std::size_t>() == stored.size());
    // Nothing left behind but the reports: the scratch and temporary files are gone.
    std::set<std::string> files;
    for (const auto& e : fs::directory_iterator(dir / "run")) files.insert(e.path().filename().string());
    CHECK(files == std::set<std::string>{"report.csv", "report.json", "report.xlsx"});

    // Re-rendered from the history, read as a stream: the same files, in flat memory too.
    auto again = run_cli({"--quiet", "report", id, "--history", history, "--format", "json,csv,xlsx", "--out", (dir / "again").string()},
                         "/usr/bin/time -f 'peak-kb %M'");
    INFO(again.all());
    REQUIRE(again.code == 0);
    CHECK(peak_kb(again) < kFlatKb);
    for (const char* f : {"report.json", "report.csv", "report.xlsx"}) {
        INFO(f);
        CHECK(slurp(dir / "again" / f) == slurp(dir / "run" / f));
    }
}

TEST_CASE("streaming: --results failures lists no pass, counts every one, and report and diff say so") {
    auto dir = temp_dir("streaming-failures");
    std::string src = tiny_source(dir), history = (dir / "h.db").string();
    auto run = [&](const std::string& results, const std::string& out) {
        return run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                        "--as-of", "2009-03-31", "--history", history, "--results", results, "--format", "json,md", "--out",
                        (dir / out).string()});
    };
    auto all = run("all", "all"), failures = run("failures", "failures");
    REQUIRE(all.code == 0);
    REQUIRE(failures.code == 0);
    auto a = read_json(dir / "all" / "report.json"), f = read_json(dir / "failures" / "report.json");
    // The four failures are listed, the four passes only counted: the same counts either way.
    CHECK(a["results"].size() == 8);
    REQUIRE(f["results"].size() == 4);
    for (const auto& r : f["results"]) CHECK(r["outcome"] != "pass");
    CHECK(f["run"]["results_mode"] == "failures");
    CHECK(summary_of(f) == summary_of(a));
    CHECK(f["summary"] == a["summary"]);
    CHECK(f["area_summary"] == a["area_summary"]);
    CHECK(f["team_summary"] == a["team_summary"]);
    CHECK(failures.out.find("(4 results in ") != std::string::npos);  // four stored
    CHECK(slurp(dir / "failures" / "report.md") == slurp(dir / "all" / "report.md"));

    auto list = run_cli({"history", "--history", history});
    CHECK(list.out.find("4 pass, 4 fail, 0 n/a, 0 waived, 0 error (failures listed only)") != std::string::npos);
    auto show = run_cli({"history", "show", "latest", "--history", history});
    CHECK(show.out.find("passes are kept as counts per rule, area and team, not as results") != std::string::npos);
    auto rep = run_cli({"report", "latest", "--history", history, "--format", "json", "--out", (dir / "again").string()});
    REQUIRE(rep.code == 0);
    CHECK(rep.out.find("this run kept failures only (--results failures): the history holds its passes as counts per rule, "
                       "area and team") != std::string::npos);
    CHECK(slurp(dir / "again" / "report.json") == slurp(dir / "failures" / "report.json"));
    auto diff = run_cli({"history", "diff", "--history", history, "--format", "json"});
    REQUIRE(diff.code == 0);
    auto d = nlohmann::json::parse(diff.out);
    bool said = false;
    for (const auto& n : d["notes"]) said = said || n.get<std::string>().find("holds its passes as counts per rule, area and team") != std::string::npos;
    CHECK(said);
    // A pass that is not listed is not a change: nothing resolved, nothing new.
    CHECK(d["new_failures"].empty());
    CHECK(d["resolved"].empty());
}

TEST_CASE("streaming: a history written before streaming still verifies, re-renders, compares and takes new runs") {
    auto dir = temp_dir("streaming-v1");
    const fs::path fixture = fs::path(fixtures()) / "history-v1";
    fs::copy_file(fixture / "history.db", dir / "h.db");
    ::chmod((dir / "h.db").c_str(), 0600);
    const std::string history = (dir / "h.db").string();

    auto v = run_cli({"history", "verify", "--history", history});
    INFO(v.all());
    CHECK(v.code == 0);
    CHECK(v.out.find("Verified: 2 run(s)") != std::string::npos);
    auto rep = run_cli({"report", "latest~1", "--history", history, "--format", "json,csv,md,junit", "--out", (dir / "again").string()});
    INFO(rep.all());
    REQUIRE(rep.code == 0);
    CHECK(slurp(dir / "again" / "report.junit.xml") == slurp(fixture / "report.junit.xml"));
    // The Markdown report has changed its layout since (titles first, UK dates, actions): the
    // stored run's findings are all in it, in today's layout.
    const std::string md = slurp(dir / "again" / "report.md");
    for (const char* line : {"### First review within 3 months (t.first-review)", "- plan T2: plan T2: overdue since 2 January 2009",
                             "- plan T2: plan T2 has 0 reviews", "- plan T1: plan T1: the child is under 5"}) {
        INFO(line);
        CHECK(md.find(line) != std::string::npos);
    }
    // Stored before results kept their worker, lapse and due date, so each of its 8 results reads
    // back with none: the JSON of today says so with "worker": null and neither "lapse" nor "due"
    // (its plan T2 first review, open on the audit date in a run of today, is not made open
    // afterwards), the CSV of today with three empty cells closing each row. Nothing else differs.
    std::string json = slurp(fixture / "report.json");
    const std::string area = "\"area\":null},\"outcome\"", with_worker = "\"area\":null,\"worker\":null},\"outcome\"";
    std::size_t subjects = 0;
    for (auto at = json.find(area); at != std::string::npos; at = json.find(area, at + with_worker.size()), ++subjects)
        json.replace(at, area.size(), with_worker);
    CHECK(subjects == 8);
    // Its rule set, stored before rule sets declared a purpose, reads as a practice one.
    const std::string plugin_line = "      \"plugin\": \"test-good\",\n";
    const auto at = json.find(plugin_line);
    REQUIRE(at != std::string::npos);
    json.insert(at + plugin_line.size(), "      \"purpose\": \"practice\",\n");
    CHECK(slurp(dir / "again" / "report.json") == json);
    std::string csv = slurp(fixture / "report.csv"), expected_csv;
    std::size_t rows = 0;
    for (std::size_t from = 0, end; (end = csv.find("\r\n", from)) != std::string::npos; from = end + 2, ++rows)
        expected_csv += csv.substr(from, end - from) + (rows == 0 ? ",worker,lapse,due,value,numerator,denominator,unit,period,rag,benchmark" : ",,,,,,,,,,") + "\r\n";
    CHECK(rows == 9);
    CHECK(slurp(dir / "again" / "report.csv") == expected_csv);
    auto diff = run_cli({"history", "diff", "--history", history});
    CHECK(diff.code == 0);
    CHECK(diff.out.find("0 new failure(s), 0 resolved, 0 left the audit, 0 joined the audit, 0 other changed outcome(s).") !=
          std::string::npos);

    // A new run joins the chain (in the new layout); the history then reads as the new format,
    // and every run, old and new, still verifies.
    std::string src = tiny_source(dir);
    auto r = run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source", src,
                      "--as-of", "2009-09-30", "--history", history, "--format", "json", "--out", (dir / "new").string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    auto v2 = run_cli({"history", "verify", "--history", history});
    CHECK(v2.code == 0);
    CHECK(v2.out.find("Verified: 3 run(s)") != std::string::npos);
    std::string err;
    auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source("sqlite:" + history)),
                                            sgaudit::data::Access::read_only, err);
    REQUIRE(db);
    std::string format;
    REQUIRE(db->query("SELECT value FROM sgaudit_history_info WHERE key = 'format'", {}, [&](const sgaudit::Row& row) {
        format = row[0].to_string();
        return sgaudit::Status::ok();
    }));
    CHECK(format == "sgaudit-history/3");
    // The old runs are still told apart from tampering: an edit to one is found.
    db.reset();
    auto edit = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source("sqlite:" + history)),
                                              sgaudit::data::Access::read_write, err);
    REQUIRE(edit->execute("UPDATE sgaudit_history_result SET message = 'edited' WHERE seq = 0 AND run_id = "
                          "(SELECT run_id FROM sgaudit_history_run WHERE chain_seq = 1)"));
    edit.reset();
    auto bad = run_cli({"history", "verify", "--history", history});
    CHECK(bad.code == 1);
    CHECK(bad.out.find("is the first that no longer matches") != std::string::npos);
}

TEST_CASE("streaming: history diff merges runs read through PostgreSQL cursors in byte order") {
    std::string pg = pg_source("stream_diff");
    REQUIRE_MESSAGE(!pg.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto dir = temp_dir("streaming-pg-diff");
    std::string src = tiny_source(dir);
    // Two runs of test-good on the tiny fixture, a quarter apart: T1's first review falls due
    // on 5 April 2009, so by 30 June it has one more fact to judge; the diff must agree with
    // the same diff on SQLite, subject by subject.
    auto run = [&](const std::string& history, const std::string& as_of) {
        return run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source",
                        src, "--as-of", as_of, "--history", history, "--format", "json", "--out", (dir / as_of).string()});
    };
    std::string sqlite = (dir / "h.db").string();
    for (const auto* h : {&pg, &sqlite}) {
        REQUIRE(run(*h, "2009-03-31").code == 0);
        REQUIRE(run(*h, "2009-09-30").code == 0);
    }
    auto on_pg = run_cli({"history", "diff", "--history", pg, "--format", "json"});
    auto on_sqlite = run_cli({"history", "diff", "--history", sqlite, "--format", "json"});
    INFO(on_pg.all());
    REQUIRE(on_pg.code == 0);
    REQUIRE(on_sqlite.code == 0);
    auto a = nlohmann::json::parse(on_pg.out), b = nlohmann::json::parse(on_sqlite.out);
    for (auto* j : {&a, &b}) (*j)["before"]["run"] = (*j)["after"]["run"] = "*";
    CHECK(a == b);
    auto show = run_cli({"history", "show", "latest", "--history", pg});
    CHECK(show.code == 0);
    auto rep = run_cli({"report", "latest", "--history", pg, "--format", "json", "--out", (dir / "pg-again").string()});
    REQUIRE(rep.code == 0);
    CHECK(read_json(dir / "pg-again" / "report.json")["results"].size() == 8);
}
