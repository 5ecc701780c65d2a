#pragma once
// The regional view (`sgaudit run PLUGIN --sources region.toml`): each council's whole-council
// figures (results with a measure and no area) from its own run, side by side, ranked by the
// measure's polarity, with the regional figure (the councils' numerators over their
// denominators). Only these aggregates cross between councils: subjects are council ids, and
// every message and table is written here from the numbers, never copied from a council's report.
#include <string>
#include <vector>

#include "sgaudit/run/region_runs.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

struct RegionInput {
    const run::Region& region;
    const std::vector<run::CouncilRun>& runs;
    std::vector<run::PluginRun> plugins;  // as planned: names, versions, rule sets (titles, severities)
    Date as_of;
    Period period;
};

// The id of the section listing the councils not measured (first column "Name (id)"), which
// the note at the top of every report reads (scope_note.hpp).
inline constexpr const char* kNotMeasuredSection = "region/not-measured";

// The regional run, whole in memory (results, rule summary, sections), ready for write_reports.
// Councils whose run failed, or whose report cannot be read, are listed with the reason in a
// section and on `failed` (council id and why).
run::RunResult region_run(RegionInput in, std::vector<std::pair<std::string, std::string>>& failed);

// The regional tables and charts (region_sections.cpp), drawn from the regional run's results:
// the latest year's figures council by council (an XLSX sheet "Region"), one table and bar chart
// per indicator with every year, and the councils that could not be measured.
void add_region_sections(run::RunResult& run, const run::Region& region, const std::vector<std::pair<std::string, std::string>>& failed);

}  // namespace sgaudit::report
