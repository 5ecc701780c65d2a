#include "row_changes.hpp"

#include "form_cells.hpp"
#include "sgaudit/workbook/cell_ref.hpp"
#include "written_rows.hpp"

namespace sgaudit::workbook {

std::string key_condition(const CollectedRows& t, std::vector<std::size_t>& at) {
    std::string sql;
    at.clear();
    for (std::size_t i = 0; i < t.replace_rows_by.size(); ++i) {
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c] == t.replace_rows_by[i]) at.push_back(c);
        sql += (i ? " AND " : "") + t.replace_rows_by[i] + " = :p" + std::to_string(i);
    }
    return sql;
}

std::vector<Value> key_values(const std::vector<std::optional<std::string>>& row, const std::vector<std::size_t>& at) {
    std::vector<Value> params;
    for (std::size_t c : at) params.push_back(row[c] ? Value(*row[c]) : Value());
    return params;
}

namespace {

// The stored rows of one collected row's key, compared with it.
struct Stored {
    std::size_t count = 0;
    bool same = true;         // every stored row reads as the collected one
    std::string fingerprint;  // of the one stored row (unreadable_fingerprint() if it cannot be read or is not one)
};

// The row's identifiers, for people: "R02, laming-2009".
std::string who(const CollectedRows& t, std::size_t r) {
    std::string key;
    for (const auto& part : key_parts(row_key(t, t.rows[r]))) key += (key.empty() ? "" : ", ") + part;
    return key;
}

void conflict(const CollectedRows& t, std::size_t r, const std::string& what, RowChanges& counts) {
    counts.conflicts.push_back({cell_ref(t.sheet_rows[r] + 1, 1), "the row for " + who(t, r) + " " + what});
}

// Whether row r may be compared with the table as it is now; false when it is set aside (the
// table changed it since the workbook was written and the workbook did not) or conflicts.
bool as_written(const CollectedRows& t, std::size_t r, const Stored& stored, const std::map<std::string, std::string>& written,
                RowChanges& counts) {
    if (stored.count == 0 || stored.same) return true;
    auto w = written.find(row_key(t, t.rows[r]));
    if (w == written.end()) {
        conflict(t, r, "was added to " + t.table + " after this workbook was written, and this row gives it other values: "
                       "write the workbook again, copy this row's changes into it, and collect that", counts);
        return false;
    }
    if (stored.fingerprint == w->second) return true;  // the table holds what was written: the workbook changed it
    if (row_fingerprint(t.rows[r]) == w->second) {
        ++counts.changed_since;
        return false;
    }
    conflict(t, r, "was changed in " + t.table + " after this workbook was written (another copy collected, or an edit), "
                   "and this workbook changes it too: collecting it would undo that change. Write the workbook again, copy "
                   "this row's changes into it, and collect that", counts);
    return false;
}

}  // namespace

Status keep_changed_rows(data::Database& db, CollectedRows& t, const std::map<std::string, std::string>& written,
                         const std::string& date, RowChanges& counts) {
    std::vector<std::size_t> at;
    std::string sql = "SELECT ";
    for (std::size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + t.columns[c];
    sql += " FROM " + t.table + " WHERE " + key_condition(t, at);
    std::vector<std::vector<std::optional<std::string>>> kept;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        auto& row = t.rows[r];
        Stored stored;
        Status st = db.query(sql, key_values(row, at), [&](const Row& got) {
            ++stored.count;
            auto texts = stored_texts(t, got);
            stored.same = stored.same && texts && *texts == row;
            stored.fingerprint = stored.count == 1 && texts ? row_fingerprint(*texts) : unreadable_fingerprint();
            return Status::ok();
        });
        if (!st) return Status::error("cannot compare with what " + t.table + " holds: " + st.message());
        if (!as_written(t, r, stored, written, counts)) continue;
        if (stored.count > 0 && stored.same) {
            ++counts.unchanged;
            continue;
        }
        ++(stored.count > 0 ? counts.changed : counts.added);
        row.push_back(date);
        kept.push_back(std::move(row));
    }
    t.rows = std::move(kept);
    t.sheet_rows.clear();
    t.columns.push_back(t.stamp_changed);
    FormColumn stamp;
    stamp.field = t.stamp_changed;
    stamp.type = FieldType::date;
    t.reading.push_back(stamp);
    return Status::ok();
}

}  // namespace sgaudit::workbook
