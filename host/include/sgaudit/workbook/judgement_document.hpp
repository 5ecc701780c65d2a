#pragma once
// Judgements collected from a workbook (sdk Form::judgements), as the run history keeps them:
// one JSON document per workbook,
//   {"sheets": [{"sheet": "Cases", "kind": "grades",
//                "columns": [{"field": "grade", "type": "choice"}, ...],
//                "rows": [["good", ...], ...]}]}
// each cell the text collect read (dates YYYY-MM-DD, flags Y/N, numbers in decimal) or null,
// and read back typed for the plugin's review (sdk review.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/sdk/review.hpp"
#include "sgaudit/sdk/status.hpp"
#include "sgaudit/workbook/form_check.hpp"

namespace sgaudit::workbook {

std::string judgement_document(const std::vector<CollectedRows>& sheets);

// The sheets of a stored document, each value typed as its column says. An error names what is
// damaged (the document was edited by hand; `history verify` would also say so).
Status judged_sheets(std::string_view document, std::vector<JudgedSheet>& out);

}  // namespace sgaudit::workbook
