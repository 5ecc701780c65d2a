#pragma once
// The Excel view of a run (libxlsxwriter): a summary sheet of rules, sheets by area and by
// team, a sheet about the run, and one sheet of results per plugin with coloured outcomes;
// every sheet has a frozen, filterable header row.
#include <filesystem>
#include <memory>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::report {

// Written owner-only through a temporary file renamed into place, like every report; the
// results as they arrive, the summaries at the end.
std::unique_ptr<run::RunSink> xlsx_writer(const std::filesystem::path& file);

}  // namespace sgaudit::report
