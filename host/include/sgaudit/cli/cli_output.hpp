#pragma once
// What every command says the same way: errors, and the reports it wrote.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/config/config.hpp"
#include "sgaudit/report/report_set.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::cli {

// Prints "error: ..." when `st` is an error; true when it was.
bool failed(const Status& st);

// --out, else the configured folder (default ./sgaudit-out) with a folder per run.
std::filesystem::path report_dir(const std::string& out_arg, const config::Config& cfg, const std::string& run_id);

// Completes the reports the run's results went to and lists each file written; false (with the
// error printed) on failure.
bool finish_and_list_reports(report::ReportSet& reports, const run::RunResult& run);

}  // namespace sgaudit::cli
