#pragma once
// The machine-readable report, sgaudit-report/1 (docs/report-json.md). Every other
// format is a view of the same RunResult.
#include <ostream>
#include <string>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

// Streams the report: results are written one at a time, never built as one document.
void write_json(const run::RunResult& run, std::ostream& out);
std::string to_json(const run::RunResult& run);

}  // namespace sgaudit::report
