#pragma once
// Reviewing a stored run with what people judged about it (docs/workbooks.md, "Judgements"):
// `sgaudit report RUN` hands a plugin that has a review() member its run's results and the
// judgements collected about the run (Form::judgements workbooks: an auditor's grades, a
// moderator's), and adds the sections it returns to the run's report. A plugin implements
//     sgaudit::Status review(sgaudit::Context& ctx, const sgaudit::RunReview& review,
//                            std::vector<sgaudit::ReportSection>& out);
// The Context gives the rule set's parameters and lists and the working calendar; it reads no
// case data (the run's results are what the audit found on its audit date).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

// One sheet of a collected judgement workbook: the values of its field columns, typed as the
// form's column says (text, a whole or other number, a Date, a flag as bool, a choice's code;
// Null for a blank cell), one row per row collected (blank rows are not collected).
struct JudgedSheet {
    std::string sheet, kind;           // the sheet's name and its `table` (the kind of judgement)
    std::vector<std::string> columns;  // the field names, in the form's order
    std::vector<std::vector<Value>> rows;
    // The column's index, or columns.size() when the sheet has no such field.
    std::size_t column(const std::string& field) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == field) return i;
        return columns.size();
    }
};

// One workbook collected about the run.
struct Judgement {
    std::string form;  // Form::name
    std::vector<std::pair<std::string, std::string>> marker;
    std::string file_name, file_sha256;
    std::string collected_at, collected_by;  // UTC ISO 8601; the operating-system account
    Date collected_on;  // `collect --as-of` (default: the day collected): when what it says counts from
    std::vector<JudgedSheet> sheets;
};

struct RunReview {
    EarlierRun run;  // the run being reported, with this plugin run's results (every rule)
    // The latest collection of each workbook (the same form and marker), oldest first.
    std::vector<Judgement> judgements;
    std::size_t superseded = 0;  // earlier collections of the same workbooks: kept in the history, not handed over
};

}  // namespace sgaudit
