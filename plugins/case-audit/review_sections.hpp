#pragma once
// `sgaudit report RUN` for a case-audit run with grades collected (sdk review.hpp): follow-up
// actions (safeguarding concerns first), grades by area and team against the record's compliance,
// moderation agreement by auditor, where auditors disagreed with the record, and the audits not
// yet returned. Auditors' comments and notes stay in the workbooks and the history: free text
// may name people, so the report does not repeat it.
#include <vector>

#include "sgaudit/sdk.hpp"

namespace ca {

sgaudit::Status audit_review(sgaudit::Context& ctx, const sgaudit::RunReview& review, std::vector<sgaudit::ReportSection>& out);

}  // namespace ca
