#pragma once
// Helpers of the history tests (history_test.cpp, history_scope_test.cpp): the run id sgaudit
// printed, the history and its database opened directly, and runs made by hand with the C++ API,
// every outcome written out, which give the diff and prune cases their known answers.
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "sgaudit/history/history_store.hpp"

namespace e2e {

using sgaudit::Outcome;

inline std::string stored_id(const CliResult& r) {
    std::smatch m;
    static const std::regex re("Run (\\S+) stored in the history");
    if (!std::regex_search(r.out, m, re)) return {};
    return m[1];
}

inline std::unique_ptr<sgaudit::data::Database> open_db(const std::string& url) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url));
    auto db = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    if (!db) throw std::runtime_error(err);
    return db;
}

inline std::unique_ptr<sgaudit::history::HistoryStore> open_history(
    const std::string& url, sgaudit::history::HistoryStore::Mode mode = sgaudit::history::HistoryStore::Mode::create) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url));
    auto store = sgaudit::history::HistoryStore::open(spec, mode, err);
    if (!store) throw std::runtime_error(err);
    return store;
}

// One result of a hand-made run; the worker, lapse and due date only where a test needs them.
struct Made {
    std::string rule, subject, area;
    Outcome outcome;
    std::string worker = "";
    sgaudit::Lapse lapse = sgaudit::Lapse::none;
    std::optional<sgaudit::Date> due = std::nullopt;
};

// A run of plugin "p" with rules r1 and r2, as a user of the C++ API would build one.
inline sgaudit::run::RunResult made_run(const std::string& id, const std::string& started, const std::vector<Made>& results) {
    sgaudit::run::RunResult run;
    run.id = id;
    run.started_at = started;
    run.finished_at = started;
    run.tool_version = "test";
    run.source = "hand-made";
    run.operator_name = "tester";
    run.host_name = "test";
    run.as_of = *sgaudit::Date::parse("2009-03-31");
    run.period = {*sgaudit::Date::parse("2008-04-01"), *sgaudit::Date::parse("2009-03-31")};
    sgaudit::run::PluginRun p;
    p.name = "p";
    p.version = "1";
    p.has_ruleset = true;
    p.ruleset.id = "p";
    p.ruleset.version = "1";
    p.ruleset.plugin = "p";
    for (const char* r : {"r1", "r2"}) {
        sgaudit::rules::Rule rule;
        rule.id = r;
        rule.title = std::string("Rule ") + r;
        p.ruleset.rules.push_back(rule);
        run.rule_summary.push_back({"p", r, rule.title});
    }
    run.plugins.push_back(p);
    for (const auto& m : results) {
        sgaudit::Result r;
        r.plugin = "p";
        r.rule = m.rule;
        r.subject = {"case", m.subject, "", "", m.area, m.worker};
        r.outcome = m.outcome;
        r.lapse = m.lapse;
        r.due = m.due;
        r.message = m.rule + " " + m.subject;
        run.rule_summary[m.rule == "r1" ? 0 : 1].add(m.outcome);
        run.totals.add(m.outcome);
        run.by_area[m.area].add(m.outcome);
        run.results.push_back(r);
    }
    return run;
}

}  // namespace e2e
