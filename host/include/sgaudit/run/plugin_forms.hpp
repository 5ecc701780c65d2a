#pragma once
// Asks one plugin for the workbooks it wants filled in (sdk/form.hpp), for `sgaudit workbook` and
// `sgaudit collect`. The plugin runs in the host with its effective rule set (packs, overlays and
// --set, as `run` would use them) and a read-only Context on the source; describing workbooks
// produces no results, so none are kept.
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/run/run_plan.hpp"

namespace sgaudit::run {

struct FormsCall {
    const PlannedPlugin& plugin;      // from plan_run: the library and its effective rule set
    const WorkingCalendar& calendar;
    Date as_of;
    Period period;
    // The stored run the workbooks follow (FormRequest::run), handed to the plugin as
    // Context::earlier_runs; null when they follow none.
    const EarlierRuns* followed = nullptr;
};

// The sections the plugin's review (sdk review.hpp) adds to a stored run's report from the
// judgements about it. The plugin runs in the host with its effective rule set, on an empty
// database of its own: a review reads no case data. `review.run` is also its earlier_runs.
Status plugin_review(const FormsCall& call, const RunReview& review, std::vector<ReportSection>& out);

// The plugin's forms for `request`; an error from the plugin (or a plugin without workbooks), or
// naming the first form the host could not write or check (form_layout.hpp form_problem).
Status plugin_forms(const FormsCall& call, data::Database& db, const FormRequest& request, std::vector<Form>& out);

}  // namespace sgaudit::run
