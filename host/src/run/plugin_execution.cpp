#include "sgaudit/run/plugin_execution.hpp"

#include <spdlog/spdlog.h>

#include "sgaudit/report/section_cells.hpp"
#include "sgaudit/run/plugin_job.hpp"
#include "sgaudit/run/result_collector.hpp"
#include "sgaudit/run/supervisor.hpp"

namespace sgaudit::run {
namespace {

// Where a plugin's output lands in the host, whichever way it ran: results to the run's sink,
// sections and expired waivers to its record, log lines to the log with its name.
class Delivery final : public PluginOutput {
public:
    Delivery(PluginRun& record, rules::ResultSink& sink) : record_(record), sink_(sink) {}
    void add(Result&& result) override { sink_.add(std::move(result)); }
    // Colours and column types reach the reports only in the forms they can use safely.
    void section(ReportSection&& section) override {
        if (auto left_out = report::accept_cell_styles(section); !left_out.empty()) log(LogLevel::error, left_out);
        record_.sections.push_back(std::move(section));
    }
    void log(LogLevel level, std::string_view message) override {
        auto lvl = level == LogLevel::debug ? spdlog::level::debug
                 : level == LogLevel::info  ? spdlog::level::info
                 : level == LogLevel::warn  ? spdlog::level::warn
                                            : spdlog::level::err;
        spdlog::log(lvl, "[{}] {}", record_.name, message);
    }
    void progress(std::uint64_t done, std::uint64_t total) override { spdlog::debug("[{}] {}/{}", record_.name, done, total); }
    void expired_waiver(const rules::ExpiredWaiver& waiver) override { record_.expired_waivers.push_back(waiver); }

private:
    PluginRun& record_;
    rules::ResultSink& sink_;
};

// --in-process: the plugin runs in the host, as under gdb; no limits apply.
Ending run_in_host(const PluginJob& job, data::Database& db, PluginOutput& out) {
    try {
        Status st = run_plugin(job, db, out);
        return st ? Ending{} : Ending{PluginStatus::failed, st.message()};
    } catch (const std::exception& e) {
        return {PluginStatus::failed, std::string("the host failed while running it: ") + e.what()};
    } catch (...) {
        return {PluginStatus::failed, "the host failed while running it"};
    }
}

void conclude(PluginRun& pr, ResultCollector& collector, const Ending& end) {
    pr.status = end.status;
    pr.error = end.reason;
    pr.results_delivered = collector.delivered();
    collector.finish(!pr.incomplete());
    if (pr.incomplete()) spdlog::error("plugin {} {}: {}", pr.name, to_string(pr.status), pr.error);
}

}  // namespace

void execute_plugins(RunPlan& plan, data::Database* db, const RunOptions& opt, RunResult& run) {
    const Scope scope{opt.area, opt.team};
    for (auto& p : plan.plugins) {
        PluginRun& pr = p.record;
        if (!pr.has_ruleset || pr.status != PluginStatus::ok) continue;  // no rule set, or skipped
        if (cancel_flag()) {
            pr.status = PluginStatus::failed;
            pr.error = "not run: the run was interrupted";
            continue;
        }
        PluginJob job{*p.library, pr, plan.calendars.at(pr.ruleset.calendar), plan.waivers, run, scope, p.earlier};
        ResultCollector collector(opt.stream ? *opt.stream : discard_stream(), pr.name, pr.ruleset);
        Delivery delivery(pr, collector);
        spdlog::info("running {} {} as of {}{}", pr.name, pr.version, run.as_of.iso(), opt.limits.in_process ? " (in process)" : "");
        if (!opt.limits.in_process && opt.stream) opt.stream->settle();  // no other thread inside a library at fork()
        Ending end = opt.limits.in_process ? run_in_host(job, *db, delivery) : run_in_worker(job, opt.source, opt.limits, delivery);
        conclude(pr, collector, end);
    }
}

}  // namespace sgaudit::run
