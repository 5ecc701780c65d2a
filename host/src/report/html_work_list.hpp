#pragma once
// The first screen of the HTML report (internal to it): children needing action today by team,
// the work list, the learning section, the prompts, and practice and data-quality figures
// kept apart.
#include <functional>
#include <string>

#include <kainjow/mustache.hpp>

#include "sgaudit/report/work_list.hpp"

namespace sgaudit::report::detail {

// The link to a subject's own page in the report ("#…"), or "" when it has none.
using SheetLink = std::function<std::string(const Result&)>;

// Sets, on the page's data: `today` (headline tiles, teams, the work list), `learning`,
// `prompts`, `practice` and `data_quality` figures, and `look_first` (every practice rule with a
// high or critical failure, or results that could not be judged: never cut short).
void add_today(kainjow::mustache::data& page, const run::RunResult& run, const WorkList& list, const SheetLink& link);

}  // namespace sgaudit::report::detail
