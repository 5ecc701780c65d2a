#pragma once
// What every command says the same way: errors, where reports go, and the reports it wrote.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "sgaudit/config/config.hpp"
#include "sgaudit/report/report_set.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::cli {

// Prints "error: ..." when `st` is an error; true when it was.
bool failed(const Status& st);

// Where reports go before a run's id is known, and what chose it: --out, else `out` in the
// settings file, else ./sgaudit-out (in those two, each run gets a folder of its own inside).
struct ReportPlace {
    std::filesystem::path folder;
    std::string named_by;  // "--out", "out in sgaudit.toml", "the default folder"
};
ReportPlace report_place(const std::string& out_arg, const config::Config& cfg);

// --out, else the configured folder (default ./sgaudit-out) with a folder per run.
std::filesystem::path report_dir(const std::string& out_arg, const config::Config& cfg, const std::string& run_id);

// Whether reports can be written into `folder`: an existing folder this user can create files
// in, or one that can be created (its nearest existing parent is such a folder). Only that:
// who else may read the folder is not judged here. The error says what, where and what to do.
Status check_report_folder(const std::filesystem::path& folder, const std::string& named_by);

// check_report_folder, before anything runs or is stored: prints the error followed by
// `nothing_done` (e.g. "Nothing was run or stored.") and returns false when reports cannot go there.
bool reports_can_go_to(const ReportPlace& place, const std::string& nothing_done);

// Completes the reports the run's results went to and lists each file written, and each report
// of an earlier run it removed from the folder; false (with the error printed) on failure.
bool finish_and_list_reports(report::ReportSet& reports, const run::RunResult& run);

// A table for the terminal: each column as wide as its widest cell (header included) plus two
// spaces, so no value runs into the next; the last column is not padded. Rows shorter than the
// header leave the rest blank.
void print_columns(std::ostream& out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

}  // namespace sgaudit::cli
