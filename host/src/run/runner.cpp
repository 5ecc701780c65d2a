#include "sgaudit/run/runner.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "sgaudit/data/database.hpp"
#include "sgaudit/rules/engine.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/rules/waivers.hpp"
#include "sgaudit/run/result_collector.hpp"
#include "sgaudit/util/os_user.hpp"
#include "sgaudit/util/private_file.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::run {
namespace fs = std::filesystem;

std::atomic<bool>& cancel_flag() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {

// Sortable by time, unique enough for two auditors starting runs in the same second.
std::string new_run_id() {
    std::string stamp = util::utc_now("%Y%m%dT%H%M%SZ");
    std::random_device rd;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%04x", rd() & 0xffffu);
    return stamp + "-" + suffix;
}

class HostContext final : public Context {
public:
    HostContext(const PluginRun& pr, data::Database& db, rules::RuleEngine& engine, rules::ResultSink& sink,
                const WorkingCalendar& cal, const RunResult& run, const Scope& scope, std::vector<ReportSection>& sections)
        : pr_(pr), db_(db), engine_(engine), sink_(sink), cal_(cal), run_(run), scope_(scope), sections_(sections) {}

    Date as_of() const noexcept override { return run_.as_of; }
    Period period() const noexcept override { return run_.period; }
    const Scope& scope() const noexcept override { return scope_; }
    const WorkingCalendar& calendar() const noexcept override { return cal_; }
    std::uint64_t seed() const noexcept override { return run_.seed; }
    std::optional<Value> parameter(std::string_view name) const noexcept override {
        return pr_.ruleset.parameter(std::string(name));
    }
    Status run_query(std::string_view sql, const std::vector<Value>& params, const RowHandler& on_row) noexcept override {
        try {
            return db_.query(sql, params, on_row);
        } catch (...) {
            return Status::error("query failed unexpectedly");
        }
    }
    Status evaluate_subject(const Subject& subject, const Facts& facts, std::vector<RuleOutcome>* outcomes) noexcept override {
        try {
            if (!scope_.includes(subject)) return Status::ok();
            if (!outcomes) {
                engine_.evaluate(subject, facts, sink_);
                return Status::ok();
            }
            // Record every result as usual, and copy each back for the plugin.
            struct Tee final : rules::ResultSink {
                rules::ResultSink& next;
                std::vector<RuleOutcome>& out;
                const rules::RuleSet& rules;
                Tee(rules::ResultSink& n, std::vector<RuleOutcome>& o, const rules::RuleSet& rs) : next(n), out(o), rules(rs) {}
                void add(Result&& r) override {
                    const auto* rule = rules.find_rule(r.rule);
                    out.push_back({r.rule, rule ? rule->title : r.rule, r.severity, r.outcome, r.message, r.evidence});
                    next.add(std::move(r));
                }
            } tee(sink_, *outcomes, pr_.ruleset);
            engine_.evaluate(subject, facts, tee);
            return Status::ok();
        } catch (const std::exception& e) {
            return Status::error(std::string("evaluating rules failed: ") + e.what());
        }
    }
    void add_section(ReportSection section) noexcept override {
        try { sections_.push_back(std::move(section)); } catch (...) {}
    }
    void log(LogLevel level, std::string_view message) noexcept override {
        try {
            auto lvl = level == LogLevel::debug ? spdlog::level::debug
                     : level == LogLevel::info  ? spdlog::level::info
                     : level == LogLevel::warn  ? spdlog::level::warn
                                                : spdlog::level::err;
            spdlog::log(lvl, "[{}] {}", pr_.name, message);
        } catch (...) {}
    }
    bool progress(std::uint64_t done, std::uint64_t total) noexcept override {
        try { spdlog::debug("[{}] {}/{}", pr_.name, done, total); } catch (...) {}
        return !cancelled();
    }
    bool cancelled() const noexcept override { return cancel_flag().load(); }

private:
    const PluginRun& pr_;
    data::Database& db_;
    rules::RuleEngine& engine_;
    rules::ResultSink& sink_;
    const WorkingCalendar& cal_;
    const RunResult& run_;
    const Scope& scope_;
    std::vector<ReportSection>& sections_;
};

std::string missing_columns(data::Database& db, const plugin::Manifest& m, std::map<std::string, std::set<std::string>>& cache) {
    std::string missing;
    for (const auto& tc : m.required_columns) {
        auto dot = tc.find('.');
        std::string table = tc.substr(0, dot), column = dot == std::string::npos ? "" : tc.substr(dot + 1);
        auto it = cache.find(table);
        if (it == cache.end()) it = cache.emplace(table, db.columns(table)).first;
        if (it->second.empty()) {
            if (missing.find(table + " ") == std::string::npos && missing.find(table + ",") == std::string::npos)
                missing += (missing.empty() ? "" : ", ") + std::string("table ") + table;
        } else if (!column.empty() && !it->second.count(column)) {
            missing += (missing.empty() ? "" : ", ") + std::string("column ") + tc;
        }
    }
    return missing;
}

}  // namespace

std::optional<RuleFiles> ruleset_files_for(const plugin::Manifest& plugin, const std::vector<fs::path>& rule_files,
                                           const std::vector<fs::path>& rule_dirs, rules::Diagnostics& diags) {
    std::vector<fs::path> mine;
    for (const auto& f : rule_files) {
        auto h = rules::read_header(f, rule_dirs, diags);
        if (h && h->plugin == plugin.name) mine.push_back(f);
    }
    if (!mine.empty()) return RuleFiles{mine.front(), {mine.begin() + 1, mine.end()}};
    for (const auto& id : plugin.rulesets)
        if (auto f = rules::find_ruleset_file(id, rule_dirs)) return RuleFiles{*f, {}};
    return std::nullopt;
}

RunOutcome run_audit(const plugin::Discovery& discovery, const RunOptions& opt) {
    RunOutcome out;
    RunResult& run = out.result;
    run.id = new_run_id();
    run.started_at = util::now_iso();
    run.tool_version = SGAUDIT_VERSION;
    // Absolute, so the record still says which file when it is read from another folder.
    run.source = opt.source.backend == data::Backend::sqlite ? "sqlite:" + std::filesystem::absolute(opt.source.path).string()
                                                             : opt.source.display;
    run.as_of = opt.as_of;
    run.period = opt.period.value_or(Period{reporting_year_first_day(opt.as_of), reporting_year_last_day(opt.as_of)});
    run.area_filter = opt.area;
    run.team_filter = opt.team;
    run.failures_only = opt.failures_only;
    run.seed = opt.seed;
    run.operator_name = util::os_user();
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) run.host_name = host;

    // Which plugins.
    std::vector<const plugin::LoadedPlugin*> selected;
    if (opt.plugins.empty()) {
        for (const auto& p : discovery.plugins) selected.push_back(&p);
    } else {
        for (const auto& name : opt.plugins) {
            const auto* p = discovery.find(name);
            if (!p) {
                std::string known;
                for (const auto& q : discovery.plugins) known += (known.empty() ? "" : ", ") + q.manifest().name;
                out.usage_error = "no plugin named '" + name + "' was found (found: " + (known.empty() ? "none" : known) +
                                  "); `sgaudit plugins` lists what was found where";
                return out;
            }
            selected.push_back(p);
        }
    }
    if (selected.empty()) {
        out.usage_error = "no audit plugins were found; `sgaudit plugins` shows where sgaudit looked";
        return out;
    }

    // Every --rules file must belong to one of the selected plugins.
    for (const auto& f : opt.rule_files) {
        auto h = rules::read_header(f, opt.rule_dirs, out.diagnostics);
        if (!h) continue;
        bool used = false;
        for (const auto* p : selected) used = used || h->plugin == p->manifest().name;
        if (!used) out.diagnostics.error({f.string(), 1, 1}, "rule set '" + h->id + "' is for plugin '" + h->plugin +
                                                                 "', which is not part of this run");
    }
    for (const auto& set : opt.sets) {
        auto dot = set.find('.'), eq = set.find('=');
        if (dot == std::string::npos || eq == std::string::npos || dot > eq)
            out.diagnostics.error({"--set"}, "--set " + set + ": write --set RULESET.PARAMETER=VALUE, e.g. --set data-quality.allocated_role=\"Allocated Case Worker\"");
    }

    // Rule sets and calendars, all validated before any data is read.
    std::map<std::string, WorkingCalendar> calendars;
    for (const auto* p : selected) {
        PluginRun pr;
        const auto& m = p->manifest();
        pr.name = m.name;
        pr.version = m.version;
        pr.file = p->file().string();
        auto files = ruleset_files_for(m, opt.rule_files, opt.rule_dirs, out.diagnostics);
        if (!files) {
            pr.status = PluginStatus::failed;
            pr.error = "no rule set found for plugin '" + m.name + "' (looked for " +
                       (m.rulesets.empty() ? std::string("none declared") : m.rulesets.front() + ".toml") + " in the rule folders)";
            run.plugins.push_back(std::move(pr));
            continue;
        }
        rules::LoadOptions lo{opt.rule_dirs, files->overlays, opt.sets, &m};
        auto rs = rules::load_ruleset(files->pack, lo, out.diagnostics);
        if (rs) {
            pr.ruleset = std::move(*rs);
            pr.has_ruleset = true;
            if (!calendars.count(pr.ruleset.calendar)) {
                std::string cal_path;
                if (auto cal = rules::load_calendar(pr.ruleset.calendar, opt.rule_dirs, out.diagnostics, &cal_path))
                    calendars.emplace(pr.ruleset.calendar, std::move(*cal));
                pr.calendar_file = cal_path;
            }
        }
        run.plugins.push_back(std::move(pr));
    }
    // Sets naming a rule set in the run but no parameter were reported by the loader; a set
    // naming no rule set at all must not vanish silently.
    for (const auto& set : opt.sets) {
        std::string prefix = set.substr(0, set.find('.'));
        bool matched = false;
        for (const auto& pr : run.plugins) matched = matched || pr.ruleset.id == prefix || pr.name == prefix;
        if (!matched && set.find('.') != std::string::npos)
            out.diagnostics.error({"--set"}, "--set " + set + ": no rule set '" + prefix + "' in this run");
    }
    rules::Waivers waivers;
    for (const auto& wf : opt.waiver_files) {
        if (auto w = rules::Waivers::load(wf, out.diagnostics)) waivers.merge(*w);
    }
    std::vector<const rules::RuleSet*> loaded;
    for (const auto& pr : run.plugins)
        if (pr.has_ruleset) loaded.push_back(&pr.ruleset);
    waivers.validate(loaded, out.diagnostics);
    run.waiver_files = waivers.files();
    if (out.diagnostics.has_errors()) return out;
    for (auto& pr : run.plugins)
        if (!pr.calendar_file.empty()) util::sha256_file(pr.calendar_file, pr.calendar_sha256);

    std::string err;
    auto db = data::Database::open(opt.source, data::Access::read_only, err);
    if (!db) {
        out.data_error = err;
        return out;
    }

    std::map<std::string, std::set<std::string>> column_cache;
    // Area and team names are shown beside their ids when the data has them.
    auto dept = db->columns("ssd_department");
    if (dept.count("dept_team_id") && dept.count("dept_team_name") && dept.count("dept_team_parent_id") &&
        dept.count("dept_team_parent_name")) {
        db->query("SELECT dept_team_id, dept_team_name, dept_team_parent_id, dept_team_parent_name FROM ssd_department", {},
                  [&](const Row& r) {
                      if (!r[0].is_null() && !r[1].is_null()) run.team_names[r[0].to_string()] = r[1].to_string();
                      if (!r[2].is_null() && !r[3].is_null()) run.area_names[r[2].to_string()] = r[3].to_string();
                      return Status::ok();
                  });
    }
    Scope scope{opt.area, opt.team};
    ResultStream& stream = opt.stream ? *opt.stream : discard_stream();
    if (auto st = stream.begin(run); !st) {
        out.stream_error = st.message();
        return out;
    }
    for (std::size_t i = 0; i < run.plugins.size(); ++i) {
        PluginRun& pr = run.plugins[i];
        if (!pr.has_ruleset) continue;
        const auto* lp = selected[i];
        if (auto missing = missing_columns(*db, lp->manifest(), column_cache); !missing.empty()) {
            pr.status = PluginStatus::skipped;
            pr.error = "the data source lacks " + missing + ", which plugin '" + pr.name + "' needs";
            spdlog::warn("skipped plugin {}: {}", pr.name, pr.error);
            continue;
        }
        auto instance = lp->create();
        if (!instance) {
            pr.status = PluginStatus::failed;
            pr.error = "the plugin could not create its audit object";
            continue;
        }
        const WorkingCalendar& cal = calendars.at(pr.ruleset.calendar);
        std::set<std::string> sensitive;
        for (const auto& f : lp->manifest().facts)
            if (f.sensitive) sensitive.insert(f.name);
        rules::RuleEngine engine(pr.name, pr.ruleset, cal, run.as_of, &waivers, instance.get(), std::move(sensitive));
        ResultCollector collector(stream, pr.name, pr.ruleset);
        HostContext ctx(pr, *db, engine, collector, cal, run, scope, pr.sections);
        spdlog::info("running {} {} as of {}", pr.name, pr.version, run.as_of.iso());
        Status st = instance->run(ctx);
        pr.expired_waivers = engine.expired_waivers();
        if (!st) {
            pr.status = PluginStatus::failed;
            pr.error = st.message();
            spdlog::error("plugin {} failed: {}", pr.name, pr.error);
        }
    }
    run.finished_at = util::now_iso();
    return out;
}

}  // namespace sgaudit::run
