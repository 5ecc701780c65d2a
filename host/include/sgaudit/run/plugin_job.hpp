#pragma once
// One plugin's audit, wherever it runs: the plugin and its rule evaluation together, so that
// only what PluginOutput carries (results, sections, logs, progress, expired waivers) leaves it.
// The host runs it directly with --in-process; otherwise a worker process runs it (worker.hpp).
#include <set>
#include <string>

#include "sgaudit/data/database.hpp"
#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/waivers.hpp"
#include "sgaudit/run/plugin_output.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::run {

struct PluginJob {
    const plugin::LoadedPlugin& library;
    const PluginRun& record;           // name and effective rule set
    const WorkingCalendar& calendar;
    const rules::Waivers& waivers;
    const RunResult& run;              // as_of, period, seed
    const Scope& scope;
    const EarlierRuns& earlier;        // what the plugin asked of the history (Context::earlier_runs)
};

// Creates the plugin's audit object, runs it against `db` and hands everything it produces to
// `out`, then its expired waivers. The plugin's own Status comes back (an error when the audit
// object could not be created).
Status run_plugin(const PluginJob& job, data::Database& db, PluginOutput& out);

}  // namespace sgaudit::run
