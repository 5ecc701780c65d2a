#pragma once
// The Section 11 workbooks (docs/section11.md, "Workbooks"): one self-assessment return per
// in-scope agency for a round, pre-filled with what the source already holds for it, and, once
// returns are in, the board's challenge panel workbook for the round. Everything a workbook
// offers (the standards, the rating scale, the round's due date) comes from the rule set.
#include <vector>

#include "sgaudit/sdk.hpp"

namespace section11 {

// The round asked for (--round), else the rule set's `round`, else the earliest listed round due
// on or after the audit date; an error naming the rule set's list when it is not listed.
sgaudit::Status workbook_round(sgaudit::Context& ctx, const std::string& asked, const sgaudit::Record*& round);

sgaudit::Status forms(sgaudit::Context& ctx, const sgaudit::FormRequest& request, std::vector<sgaudit::Form>& out);

}  // namespace section11
