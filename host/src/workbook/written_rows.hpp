#pragma once
// What a workbook's pre-filled rows said when `sgaudit workbook` wrote it, kept in its hidden
// marker, so that `sgaudit collect` can tell an entry the officer changed from one the table
// changed after the workbook was written (another copy collected first, or an edit in the
// database) — internal to the workbook module. Only sheets with FormSheet::stamp_changed (a
// register kept up to date by repeated collections) record them.
//
// A row is recorded as its key (the texts of its replace_rows_by columns) and a fingerprint:
// SHA-256 of its texts in CollectedRows column order, each read as read_stored_value reads it,
// so the fingerprint of a pre-filled row, of the same row collected untouched and of the stored
// row it came from are equal.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk/form.hpp"
#include "sgaudit/sdk/value.hpp"
#include "sgaudit/workbook/form_check.hpp"

namespace sgaudit::workbook {

using RowTexts = std::vector<std::optional<std::string>>;

// The fingerprint of a row's texts; a row that could not be read gives one no row has.
std::string row_fingerprint(const RowTexts& texts);
std::string unreadable_fingerprint();

// The key of a row of t (its texts at t.replace_rows_by), joined for use as a map key.
std::string row_key(const CollectedRows& t, const RowTexts& texts);

// A stored row (selected in t.columns' order) read as the form reads it; nullopt when a value
// cannot be read so.
std::optional<RowTexts> stored_texts(const CollectedRows& t, const std::vector<Value>& stored);

// Each pre-filled row of a stamped sheet: key -> fingerprint, for the marker.
std::map<std::string, std::string> written_rows(const FormSheet& sheet);

// The joined key's parts, for the marker's cells, and back.
std::vector<std::string> key_parts(const std::string& key);
std::string join_key(const std::vector<std::string>& parts);

}  // namespace sgaudit::workbook
