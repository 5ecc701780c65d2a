#pragma once
// The last stage of a run: each planned plugin that can run is run — in a worker process of its
// own, or in the host with --in-process — and its results reach the run's result sink as they
// arrive. Its record then says how it ended; the counts of a plugin that did not finish stay out
// of the run's totals (ResultCollector::finish).
#include "sgaudit/data/database.hpp"
#include "sgaudit/run/run_plan.hpp"
#include "sgaudit/run/runner.hpp"

namespace sgaudit::run {

// `db` is the host's connection, used only --in-process (null otherwise: workers open their own).
void execute_plugins(RunPlan& plan, data::Database* db, const RunOptions& opt, RunResult& run);

}  // namespace sgaudit::run
