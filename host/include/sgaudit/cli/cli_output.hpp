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

// Writes the reports and lists each file written; false (with the error printed) on failure.
bool write_and_list_reports(const run::RunResult& run, const std::vector<std::string>& formats,
                            const report::Templates& templates, const std::filesystem::path& dir);

}  // namespace sgaudit::cli
