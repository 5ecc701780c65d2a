#pragma once
// Writes the chosen formats of one run into a folder: used by `run` for a new run and by
// `report` for a stored one, so both give the same files.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::report {

// The formats this version writes, in the order they are listed to users.
const std::vector<std::string>& known_formats();

// "HTML, xlsx" -> {"html", "xlsx"}: commas separate, case and spaces do not matter.
std::vector<std::string> parse_formats(const std::string& list);

// Checks the names, and loads the HTML templates when html is among them, so a bad format or
// template is found before an audit runs rather than after.
Status prepare_formats(const std::vector<std::string>& formats, const std::vector<std::filesystem::path>& template_dirs,
                       Templates& templates);

// The file a format is written to inside the report folder.
std::filesystem::path report_file(const std::filesystem::path& dir, const std::string& format);

// Creates `dir` owner-only and writes each format; stops at the first failure.
Status write_reports(const run::RunResult& run, const std::vector<std::string>& formats, const Templates& templates,
                     const std::filesystem::path& dir, std::vector<std::filesystem::path>& written);

}  // namespace sgaudit::report
