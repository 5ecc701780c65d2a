#pragma once
// One cell of an imported CSV file, checked against its column and put in the form stored:
// identifiers trimmed, flags as Y/N, dates as YYYY-MM-DD (the conventions of sdk/read.hpp and
// docs/data.md). What is wrong is said without repeating the cell: it comes from a child's record.
#include <optional>
#include <string>

#include "sgaudit/data/schema.hpp"

namespace sgaudit::data {

struct CheckedCell {
    std::optional<std::string> value;  // what to store; nothing for NULL (an empty cell)
    std::string error;                 // "is not a date; write dates as ..."; empty when readable
    bool trimmed = false;              // an identifier that had surrounding white space
};

CheckedCell check_cell(const ColumnDef& column, const std::string& cell);

}  // namespace sgaudit::data
