#pragma once
// The machine-readable report, sgaudit-report/1 (docs/report-json.md). Every other
// format is a view of the same run.
#include <filesystem>
#include <memory>
#include <string>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::report {

// Written as the run goes: each result, as it arrives, to a private scratch file beside the
// report; at the end the header (whose summaries are known only then) and the results after it
// into report.json's temporary file, moved into place at once. Never built as one document.
std::unique_ptr<run::RunSink> json_writer(const std::filesystem::path& file);

// One result as the report lists it: a compact JSON object.
void append_result_json(std::string& out, const Result& r);

}  // namespace sgaudit::report
