// A run as a pipeline: the record of the run; which plugins (run_plan.cpp); their rule sets,
// calendars and waivers, all checked before any data is read (run_plan.cpp); a look at the case
// data (area and team names, the columns each plugin needs); then each plugin, in a worker of
// its own or in the host (plugin_execution.cpp).
#include "sgaudit/run/runner.hpp"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "sgaudit/data/database.hpp"
#include "sgaudit/run/plugin_execution.hpp"
#include "sgaudit/run/result_collector.hpp"
#include "sgaudit/run/run_plan.hpp"
#include "sgaudit/sdk/read.hpp"
#include "sgaudit/util/os_user.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::run {

std::atomic<bool>& cancel_flag() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {

// Absolute and without ./, ../ or links, so the same file named another way is the same source in
// the history (earlier runs, history diff); as given, made absolute, if that cannot be worked out.
std::string source_path(const std::filesystem::path& p) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    if (ec) return p.string();
    auto canon = std::filesystem::weakly_canonical(abs, ec);
    return (ec ? abs : canon).string();
}

// Who, when, where and what the run is about, before anything runs.
RunResult new_run_record(const RunOptions& opt) {
    RunResult run;
    run.id = new_run_id();
    run.started_at = util::now_iso();
    run.tool_version = SGAUDIT_VERSION;
    // Absolute, so the record still says which file when it is read from another folder.
    run.source = opt.source.backend == data::Backend::sqlite ? "sqlite:" + source_path(opt.source.path) : opt.source.display;
    run.as_of = opt.as_of;
    run.period = opt.period.value_or(Period{reporting_year_first_day(opt.as_of), reporting_year_last_day(opt.as_of)});
    run.area_filter = opt.area;
    run.team_filter = opt.team;
    run.failures_only = opt.failures_only;
    run.seed = opt.seed;
    run.years = opt.years;
    run.explain = opt.explain;
    run.operator_name = util::os_user();
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) run.host_name = host;
    return run;
}

std::string missing_columns(data::Database& db, const plugin::Manifest& m, std::map<std::string, std::set<std::string>>& cache) {
    std::string missing;
    std::set<std::string> tables_missing;  // each missing table named once, however many columns it was to give
    for (const auto& tc : m.required_columns) {
        auto dot = tc.find('.');
        std::string table = tc.substr(0, dot), column = dot == std::string::npos ? "" : tc.substr(dot + 1);
        auto it = cache.find(table);
        if (it == cache.end()) it = cache.emplace(table, db.columns(table)).first;
        if (it->second.empty()) {
            if (tables_missing.insert(table).second) missing += (missing.empty() ? "" : ", ") + std::string("table ") + table;
        } else if (!column.empty() && !it->second.count(column)) {
            missing += (missing.empty() ? "" : ", ") + std::string("column ") + tc;
        }
    }
    return missing;
}

// Area and team names are shown beside their ids when the data has them.
void read_unit_names(data::Database& db, RunResult& run) {
    auto dept = db.columns("ssd_department");
    if (!dept.count("dept_team_id") || !dept.count("dept_team_name") || !dept.count("dept_team_parent_id") ||
        !dept.count("dept_team_parent_name"))
        return;
    db.query("SELECT dept_team_id, dept_team_name, dept_team_parent_id, dept_team_parent_name FROM ssd_department", {},
             [&](const Row& r) {
                 if (!r[0].is_null() && !r[1].is_null()) run.team_names[r[0].to_string()] = r[1].to_string();
                 if (!r[2].is_null() && !r[3].is_null()) run.area_names[r[2].to_string()] = r[3].to_string();
                 return Status::ok();
             });
}

// A plugin whose tables or columns the data lacks is skipped, naming what is missing.
void skip_what_cannot_run(data::Database& db, RunPlan& plan) {
    std::map<std::string, std::set<std::string>> column_cache;
    for (auto& p : plan.plugins) {
        PluginRun& pr = p.record;
        if (!pr.has_ruleset || pr.status != PluginStatus::ok) continue;
        if (auto missing = missing_columns(db, p.library->manifest(), column_cache); !missing.empty()) {
            pr.status = PluginStatus::skipped;
            pr.error = "the data source lacks " + missing + ", which plugin '" + pr.name + "' needs";
            spdlog::warn("skipped plugin {}: {}", pr.name, pr.error);
        }
    }
}

// --area and --team accept an id or a name, in any case, and are turned into the id the data
// uses; anything else is refused with the list, never run as an empty audit.
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool resolve_unit(std::string& wanted, const std::map<std::string, std::string>& names, const char* what, std::string& error) {
    if (wanted.empty()) return true;
    const std::string w = lower(std::string(trim(wanted)));
    for (const auto& [id, name] : names)
        if (lower(id) == w || lower(name) == w) {
            wanted = id;
            return true;
        }
    error = std::string("--") + what + " " + wanted + " names no " + what + " in ssd_department; the " + what + "s are: ";
    if (names.empty()) error += "(none recorded)";
    for (auto it = names.begin(); it != names.end(); ++it) error += (it == names.begin() ? "" : ", ") + it->first + " (" + it->second + ")";
    return false;
}

// --explain RULE names a rule of a plugin that runs: matched in any case and with or without
// spaces, hyphens, underscores and dots ("NI 59", "NI-59", "ni59"), and turned into the rule's id; anything else is refused with the ids.
bool resolve_explain(std::string& wanted, const RunPlan& plan, std::string& error) {
    if (wanted.empty()) return true;
    auto squeeze = [](const std::string& s) {  // "NI 59", "ni-59" and "ni59" name one rule
        std::string out;
        for (char c : s)
            if (c != ' ' && c != '-' && c != '_' && c != '.') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    std::string ids;
    for (const auto& p : plan.plugins)
        for (const auto& r : p.record.ruleset.rules) {
            if (squeeze(r.id) == squeeze(wanted)) {
                wanted = r.id;
                return true;
            }
            ids += (ids.empty() ? "" : ", ") + r.id;
        }
    error = "--explain " + wanted + " names no rule of the plugins run; their rules are: " + (ids.empty() ? "(none)" : ids);
    return false;
}

// What each plugin asked of the history, read before the run begins to be stored (so the run
// itself is never among them). A history that cannot be read is said to the plugin, and logged;
// the audit still runs.
void read_earlier_runs(RunPlan& plan, const RunOptions& opt, const RunResult& run) {
    for (auto& p : plan.plugins) {
        const auto& need = p.library->manifest().history;
        if (need.runs == 0 || !p.record.has_ruleset || p.record.status != PluginStatus::ok) continue;
        if (!opt.earlier_runs) {
            p.earlier.note = "this run keeps no history (--no-history), so earlier runs cannot be read";
            continue;
        }
        if (auto st = opt.earlier_runs(p.record.name, run.source, run.as_of, need, p.earlier); !st) {
            p.earlier = EarlierRuns{};
            p.earlier.note = "the earlier runs could not be read from the history: " + st.message();
            spdlog::warn("[{}] {}; it runs without them: what it shows against earlier runs (such as progress since them) is not "
                         "shown",
                         p.record.name, p.earlier.note);
        }
    }
}

}  // namespace

// Sortable by time, unique enough for two auditors starting runs in the same second.
std::string new_run_id() {
    std::string stamp = util::utc_now("%Y%m%dT%H%M%SZ");
    std::random_device rd;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%04x", rd() & 0xffffu);
    return stamp + "-" + suffix;
}

RunOutcome run_audit(const plugin::Discovery& discovery, const RunOptions& opt) {
    RunOutcome out;
    RunResult& run = out.result;
    run = new_run_record(opt);
    auto selected = select_plugins(discovery, opt.plugins, out.usage_error);
    if (!selected) return out;
    RunPlan plan = plan_run(*selected, opt, out.diagnostics);
    run.waiver_files = plan.waivers.files();
    if (out.diagnostics.has_errors()) return out;
    if (!resolve_explain(run.explain, plan, out.usage_error)) return out;

    auto db = data::Database::open(opt.source, data::Access::read_only, out.data_error);
    if (!db) return out;
    read_unit_names(*db, run);
    RunOptions scoped = opt;
    if (!resolve_unit(scoped.area, run.area_names, "area", out.usage_error) ||
        !resolve_unit(scoped.team, run.team_names, "team", out.usage_error))
        return out;
    run.area_filter = scoped.area;
    run.team_filter = scoped.team;
    skip_what_cannot_run(*db, plan);
    read_earlier_runs(plan, opt, run);
    // The sinks (summaries, history, reports) learn the run before the first result reaches them.
    ResultStream& stream = opt.stream ? *opt.stream : discard_stream();
    // The sinks see which plugins the run holds (e.g. a workbook sheet each); their final
    // records replace these once they have run.
    for (const auto& p : plan.plugins) run.plugins.push_back(p.record);
    if (auto st = stream.begin(run); !st) {
        out.stream_error = st.message();
        return out;
    }
    // A connection is never carried into a worker (SQLite and libpq both forbid using one across
    // fork()): each worker opens its own, and the host's is closed before the first starts.
    if (!opt.limits.in_process) db.reset();
    execute_plugins(plan, db.get(), scoped, run);
    run.plugins.clear();
    for (auto& p : plan.plugins) run.plugins.push_back(std::move(p.record));
    run.finished_at = util::now_iso();
    return out;
}

}  // namespace sgaudit::run
