#pragma once
// Which collected rows of a sheet with FormSheet::stamp_changed differ from the rows the table
// holds now under the same replace_rows_by key (internal to form_collect.cpp).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/workbook/form_check.hpp"

namespace sgaudit::workbook {

// "k1 = :p0 AND k2 = :p1" for the sheet's replace_rows_by; `at` gets where each key is among
// t.columns. The names were checked against the data model (form_problem), so they are spliced.
std::string key_condition(const CollectedRows& t, std::vector<std::size_t>& at);

// A collected row's key values, in the order of key_condition's placeholders.
std::vector<Value> key_values(const std::vector<std::optional<std::string>>& row, const std::vector<std::size_t>& at);

struct RowChanges {
    std::size_t changed = 0;    // the table holds the key, with other content
    std::size_t added = 0;      // the table does not hold the key
    std::size_t unchanged = 0;  // every stored row of the key reads the same: left as it is
    // The table changed the row after the workbook was written, and the workbook left it as
    // written: left as the table has it (collecting it would undo that change).
    std::size_t changed_since = 0;
    // Rows the table and the workbook both changed since it was written: the cell of the row's
    // first column ("A7") and what to do. Any of these stops the collection.
    std::vector<std::pair<std::string, std::string>> conflicts;
};

// Compares each row of `t` with the stored rows of its key, value by value as the form reads
// them, and with what the workbook said when written (`written`: joined key -> fingerprint,
// from the marker); keeps in `t` only the changed and new rows, each with t.stamp_changed set
// to `date` (YYYY-MM-DD). Only reads the database.
Status keep_changed_rows(data::Database& db, CollectedRows& t, const std::map<std::string, std::string>& written,
                         const std::string& date, RowChanges& counts);

}  // namespace sgaudit::workbook
