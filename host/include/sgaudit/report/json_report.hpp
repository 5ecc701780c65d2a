#pragma once
// The machine-readable report, sgaudit-report/1 (../shared/spec/report-json.md). Every other
// format is a view of the same RunResult.
#include <string>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

std::string to_json(const run::RunResult& run);

}  // namespace sgaudit::report
