#pragma once
// The host's side of process isolation (after osquery's watchdog): one worker process per plugin,
// watched with poll() against --plugin-timeout and the run's Ctrl-C, its frames handed to the run
// as they arrive. However the worker ends — finished, crashed, killed at the limit, stopped for
// malformed output or because the run was interrupted — its whole process group is killed and
// reaped before this returns, so no process a plugin started outlives its turn.
#include "sgaudit/data/source.hpp"
#include "sgaudit/run/plugin_job.hpp"
#include "sgaudit/run/plugin_limits.hpp"
#include "sgaudit/run/plugin_output.hpp"
#include "sgaudit/run/worker_ending.hpp"

namespace sgaudit::run {

// The host must hold no open connection to the case data: the worker opens its own.
Ending run_in_worker(const PluginJob& job, const data::SourceSpec& source, const PluginLimits& limits, PluginOutput& out);

}  // namespace sgaudit::run
