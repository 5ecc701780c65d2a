#pragma once
// The Excel view of a run (libxlsxwriter): a summary sheet of rules, sheets by area and by
// team, a sheet about the run, and one sheet of results per plugin with coloured outcomes;
// every sheet has a frozen, filterable header row.
#include <filesystem>

#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::report {

// Written owner-only through a temporary file renamed into place, like every report.
Status write_xlsx(const run::RunResult& run, const std::filesystem::path& file);

}  // namespace sgaudit::report
