// The streaming pieces on their own: the counts kept as results pass, the fan-out that hands
// results on, the merge behind `history diff`, the JSON text written without a document, and the
// history's writer thread brought to rest before a worker is forked.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "sgaudit/data/database.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/run_diff.hpp"
#include "sgaudit/history/run_recorder.hpp"
#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/json_report.hpp"
#include "sgaudit/run/summary_counts.hpp"
#include "sgaudit/util/json_text.hpp"

using namespace sgaudit;

namespace {

Result result(const std::string& plugin, const std::string& rule, const std::string& id, Outcome o, const std::string& area = "A1") {
    Result r;
    r.plugin = plugin;
    r.rule = rule;
    r.subject = {"case", id, "", "T1", area, ""};
    r.outcome = o;
    r.message = rule + " " + id;
    return r;
}

rules::RuleSet rules_of(std::initializer_list<const char*> ids) {
    rules::RuleSet rs;
    for (const char* id : ids) {
        rules::Rule r;
        r.id = id;
        r.title = std::string("Rule ") + id;
        rs.rules.push_back(r);
    }
    return rs;
}

// A recording stream for the fan-out.
struct Seen final : run::ResultStream {
    std::vector<std::string> ids;
    std::size_t taken = 0;
    void add(const Result& r) override { ids.push_back(r.subject.id); }
    void take(Result&& r) override {
        ++taken;
        add(r);
    }
};

// Results held in memory, in the order history diff reads them.
struct Listed final : history::SubjectStream {
    std::vector<history::SubjectOutcome> rows;
    std::size_t at = 0;
    Listed(std::vector<Result> results) {
        for (const auto& r : results)
            rows.push_back({r.plugin, r.rule, r.subject.kind, r.subject.id, r.subject.team, r.subject.area, r.message, r.outcome});
        std::stable_sort(rows.begin(), rows.end(), history::subject_before);
    }
    bool next(history::SubjectOutcome& out) override {
        if (at == rows.size()) return false;
        out = rows[at++];
        return true;
    }
    Status status() const override { return Status::ok(); }
};

run::RunResult run_of(const std::string& id, std::initializer_list<const char*> plugins) {
    run::RunResult run;
    run.id = id;
    for (const char* p : plugins) {
        run::PluginRun pr;
        pr.name = p;
        run.plugins.push_back(pr);
    }
    return run;
}

std::vector<std::string> listed(const std::vector<history::SubjectChange>& v) {
    std::vector<std::string> out;
    for (const auto& c : v)
        out.push_back(c.rule + " " + c.subject_id + " " + (c.before ? to_string(*c.before) : "-") + ">" +
                      (c.after ? to_string(*c.after) : "-"));
    return out;
}

}  // namespace

TEST_CASE("stream: the counts hold every result per rule, area and team, and set aside a plugin that ended incomplete") {
    run::SummaryCounts counts;
    counts.plugin_started("p", rules_of({"r1", "r2", "unmet"}));
    counts.add(result("p", "r1", "S1", Outcome::pass));
    counts.add(result("p", "r1", "S2", Outcome::fail, "A2"));
    counts.add(result("p", "r2", "S1", Outcome::not_applicable));
    counts.plugin_ended("p", true);
    counts.plugin_started("q", rules_of({"q1"}));
    counts.add(result("q", "q1", "S1", Outcome::error));

    run::RunResult run;
    counts.fill(run);
    REQUIRE(run.rule_summary.size() == 4);  // every enabled rule, even one no subject met
    CHECK(run.rule_summary[0].rule == "r1");
    CHECK(run.rule_summary[0].pass == 1);
    CHECK(run.rule_summary[0].fail == 1);
    CHECK(run.rule_summary[2].rule == "unmet");
    CHECK(run.rule_summary[2].evaluated == 0);
    CHECK(run.rule_summary[3].error == 1);
    CHECK(run.totals.evaluated == 4);
    CHECK(run.by_area.at("A1").evaluated == 3);
    CHECK(run.by_area.at("A2").fail == 1);
    CHECK(run.by_team.at("T1").evaluated == 4);

    // q stopped part-way: its counts leave the summaries and are kept apart.
    counts.plugin_ended("q", false);
    counts.fill(run);
    CHECK(run.rule_summary.size() == 3);
    CHECK(run.totals.evaluated == 3);
    CHECK(run.totals.error == 0);
    REQUIRE(counts.set_aside().size() == 1);
    CHECK(counts.set_aside()[0]->plugin == "q");
    CHECK(counts.set_aside()[0]->totals.error == 1);
    CHECK(counts.find("p")->complete);
}

TEST_CASE("stream: with --results failures the counters see every result and the listers none of the passes") {
    run::ResultFanout fanout(true);
    run::SummaryCounts counts;
    Seen first, last;
    fanout.add_counter(counts);
    fanout.add_lister(first);
    fanout.add_lister(last);
    counts.plugin_started("p", rules_of({"r1"}));
    fanout.take(result("p", "r1", "S1", Outcome::pass));
    fanout.take(result("p", "r1", "S2", Outcome::fail));
    fanout.take(result("p", "r1", "S3", Outcome::not_applicable));
    run::RunResult run;
    counts.fill(run);
    CHECK(run.totals.pass == 1);
    CHECK(run.totals.evaluated == 3);
    CHECK(first.ids == std::vector<std::string>{"S2", "S3"});
    CHECK(last.ids == first.ids);
    CHECK(last.taken == 2);  // the last lister takes each result rather than a copy
    CHECK(first.taken == 0);
    CHECK(fanout.listed() == 2);
}

TEST_CASE("stream: diff merges two runs read in subject order, as the map it replaces matched them") {
    // Before (p): r1 S1 fail, r1 S2 pass, r1 S3 fail, r2 S1 pass, r1 S5 fail, and S9 judged twice
    // by r2 (pass, then fail: the last counts). Plugin x only in the earlier run.
    auto before = run_of("A", {"p", "x"});
    auto after = run_of("B", {"p"});
    Listed was({result("p", "r1", "S1", Outcome::fail), result("p", "r1", "S2", Outcome::pass), result("p", "r1", "S3", Outcome::fail),
                result("p", "r2", "S1", Outcome::pass), result("p", "r1", "S5", Outcome::fail), result("x", "x1", "S1", Outcome::fail),
                result("p", "r2", "S9", Outcome::pass), result("p", "r2", "S9", Outcome::fail)});
    // After: S2 fails now, S3 passes, S5 left, S6 joins failing, S7 joins passing, r2 S1 not
    // applicable; S9 judged twice (pass, then fail): the first against the earlier last, the
    // second as new (S9 was in the earlier run: it did not join the audit). S5, failing and gone,
    // left the audit; S6, failing and new to it, joined it: neither is resolved nor new.
    Listed now({result("p", "r1", "S1", Outcome::fail), result("p", "r1", "S2", Outcome::fail), result("p", "r1", "S3", Outcome::pass),
                result("p", "r2", "S1", Outcome::not_applicable), result("p", "r1", "S6", Outcome::fail, "A2"),
                result("p", "r2", "S7", Outcome::pass), result("p", "r2", "S9", Outcome::pass), result("p", "r2", "S9", Outcome::fail)});
    history::RunDiff d;
    REQUIRE(history::diff_runs(before, was, after, now, d));
    CHECK(listed(d.new_failures) == std::vector<std::string>{"r1 S2 pass>fail", "r2 S9 ->fail"});
    CHECK(listed(d.resolved) == std::vector<std::string>{"r1 S3 fail>pass", "r2 S9 fail>pass"});
    CHECK(listed(d.left) == std::vector<std::string>{"r1 S5 fail>-"});
    CHECK(listed(d.joined) == std::vector<std::string>{"r1 S6 ->fail"});
    CHECK(listed(d.changed) == std::vector<std::string>{"r2 S1 pass>not_applicable"});
    CHECK(d.notes.size() == 2);  // x only in the earlier run, and so the areas include it
}

TEST_CASE("stream: JSON text is written as nlohmann::json writes it") {
    for (std::string s : {std::string("plain"), std::string("quote \" and \\ back"), std::string("tab\tnew\nline\r\b\f"),
                          std::string("\x01\x1f\x7f"), std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
                          std::string("bad \xE9 byte"), std::string("nul \0 inside", 13), std::string("")}) {
        std::string mine;
        util::append_json_string(mine, s);
        CHECK(mine == nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    for (double d : {0.5, 1.0, -2.25, 1e21, 3.141592653589793}) {
        std::string mine;
        util::append_json_number(mine, d);
        CHECK(mine == nlohmann::json(d).dump());
    }

    Result r = result("p", "r1", "S\"1", Outcome::waived);
    r.evidence["date"] = *Date::parse("2009-03-31");
    r.evidence["dates"] = DateList{*Date::parse("2009-01-01"), *Date::parse("2009-02-01")};
    r.evidence["flag"] = true;
    r.evidence["n"] = std::int64_t{-7};
    r.evidence["x"] = 0.25;
    r.evidence["none"] = Null{};
    r.evidence["text"] = std::string("a\nb");
    r.waiver = Waiver{"agreed", "Head", *Date::parse("2009-06-30")};
    r.subject.worker = "W7";
    r.lapse = Lapse::open;
    r.due = *Date::parse("2009-03-02");
    std::string mine;
    report::append_result_json(mine, r);
    nlohmann::ordered_json ev = {{"date", "2009-03-31"}, {"dates", {"2009-01-01", "2009-02-01"}}, {"flag", true}, {"n", -7},
                                 {"none", nullptr}, {"text", "a\nb"}, {"x", 0.25}};
    nlohmann::ordered_json expected = {
        {"plugin", "p"}, {"rule", "r1"}, {"severity", "medium"},
        {"subject", {{"kind", "case"}, {"id", "S\"1"}, {"person_id", nullptr}, {"team", "T1"}, {"area", "A1"}, {"worker", "W7"}}},
        {"outcome", "waived"}, {"lapse", "open"}, {"due", "2009-03-02"}, {"message", "r1 S\"1"}, {"evidence", ev},
        {"waiver", {{"justification", "agreed"}, {"approver", "Head"}, {"expires", "2009-06-30"}}}};
    CHECK(mine == expected.dump());
}

TEST_CASE("stream: the HTML draws plugin sections one at a time exactly as a list would") {
    report::Templates standard;
    REQUIRE(report::Templates::load({std::string(SGAUDIT_SOURCE_DIR) + "/host/templates"}, standard));
    // The same template, but one the section drawing cannot trust (it names {{&sections}}, here
    // in a comment, which draws nothing): its sections are drawn as one list.
    report::Templates listed = standard;
    auto end = listed.html.rfind("</html>");
    REQUIRE(end != std::string::npos);
    listed.html.insert(end, "{{! {{&sections}}");
    run::RunResult run = run_of("R", {"p", "q", "r"});
    run.as_of = *Date::parse("2009-03-31");
    run.period = {*Date::parse("2008-04-01"), *Date::parse("2009-03-31")};
    for (int i = 0; i < 3; ++i) {
        ReportSection s;
        s.id = "sheet/" + std::to_string(i);
        s.title = "Plan <" + std::to_string(i) + ">";
        s.text = i == 1 ? "" : "some & text";
        s.svg = i == 2 ? "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>" : "";
        s.svg_alt = "a timeline";
        if (i != 1) {
            s.table_header = {"Check", "Outcome"};
            s.table_rows = {{"first", "pass"}, {"second", "fail"}};
        }
        run.plugins[0].sections.push_back(s);
        if (i == 0) run.plugins[2].sections.push_back(s);
    }
    std::vector<Result> shown{result("p", "r1", "S1", Outcome::fail)};
    std::ostringstream a, b;
    REQUIRE(report::write_html(run, shown, standard, a));
    REQUIRE(report::write_html(run, shown, listed, b));
    CHECK(a.str().find("Plan &lt;2&gt;") != std::string::npos);
    CHECK(a.str() == b.str());
}

TEST_CASE("stream: settle waits until the history's writer thread has written all it was handed, so a worker can be forked") {
    // fork() copies the locks a thread holds but not the thread: a worker forked while the writer
    // was inside SQLite waited for ever on SQLite's lock when it opened its own connection (seen in
    // the demo). settle() returns only once the writer has written every batch and waits for more.
    auto dir = std::filesystem::temp_directory_path() / ("sgaudit-settle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string error;
    auto spec = std::get<data::SourceSpec>(data::parse_source("sqlite:" + (dir / "h.db").string()));
    auto store = history::HistoryStore::open(spec, history::HistoryStore::Mode::create, error);
    REQUIRE_MESSAGE(store, error);
    auto recorder = store->recorder();
    run::RunResult run;
    run.id = "20090331T000000Z-0001";
    run.as_of = *Date::parse("2009-03-31");
    REQUIRE(recorder->begin(run));
    // Ten batches of 1,000: two inserts of 5,000 rows each, all done by the writer thread.
    for (int i = 0; i < 10000; ++i) recorder->add(result("p", "r", "S" + std::to_string(i), Outcome::pass));
    recorder->settle();
    CHECK(recorder->stored() == 10000);
    // With the writer idle, a forked child can use SQLite at once.
    pid_t child = ::fork();
    if (child == 0) {
        std::string e;
        auto db = data::Database::open(spec, data::Access::read_only, e);
        ::_exit(db ? 0 : 1);
    }
    int status = -1;
    for (int waited = 0; waited < 200 && ::waitpid(child, &status, WNOHANG) == 0; ++waited) ::usleep(50'000);
    if (!WIFEXITED(status)) ::kill(child, SIGKILL), ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    recorder->abandon();
    recorder.reset();
    store.reset();
    std::filesystem::remove_all(dir);
}
