#pragma once
// The case-file audit's workbooks (docs/case-audit.md, "The auditor's part"): one per area of a
// stored run's sample, `sgaudit workbook case-audit --run RUN`. Each holds the area's sampled
// cases with their compliance items pre-filled from the run, for the auditor's grade, comments,
// safeguarding concern, agreement with each item, and the moderator's grade. What is filled in
// is judgements about the run (sdk Form::judgements), kept with it in the run history.
#include <vector>

#include "sgaudit/sdk.hpp"

namespace ca {

// The Context's earlier_runs hold the run the workbooks follow (the host reads it for --run).
sgaudit::Status audit_forms(sgaudit::Context& ctx, const sgaudit::FormRequest& request, std::vector<sgaudit::Form>& out);

}  // namespace ca
