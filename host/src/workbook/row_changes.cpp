#include "row_changes.hpp"

#include "form_cells.hpp"

namespace sgaudit::workbook {

namespace {

// Whether a stored row (selected in t.columns' order) reads, column by column, as the collected
// one. A stored value that cannot be read as its cell would be counts as different.
bool reads_same(const Row& stored, const CollectedRows& t, const std::vector<std::optional<std::string>>& row) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        FormCellRead got = read_stored_value(stored[c], t.reading[c]);
        if (!got.error.empty() || got.text != row[c]) return false;
    }
    return true;
}

}  // namespace

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

Status keep_changed_rows(data::Database& db, CollectedRows& t, const std::string& date, RowChanges& counts) {
    std::vector<std::size_t> at;
    std::string sql = "SELECT ";
    for (std::size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + t.columns[c];
    sql += " FROM " + t.table + " WHERE " + key_condition(t, at);
    std::vector<std::vector<std::optional<std::string>>> kept;
    for (auto& row : t.rows) {
        std::size_t stored = 0;
        bool same = true;
        Status st = db.query(sql, key_values(row, at), [&](const Row& r) {
            ++stored;
            same = same && reads_same(r, t, row);
            return Status::ok();
        });
        if (!st) return Status::error("cannot compare with what " + t.table + " holds: " + st.message());
        if (stored > 0 && same) {
            ++counts.unchanged;
            continue;
        }
        ++(stored > 0 ? counts.changed : counts.added);
        row.push_back(date);
        kept.push_back(std::move(row));
    }
    t.rows = std::move(kept);
    t.columns.push_back(t.stamp_changed);
    FormColumn stamp;
    stamp.field = t.stamp_changed;
    stamp.type = FieldType::date;
    t.reading.push_back(stamp);
    return Status::ok();
}

}  // namespace sgaudit::workbook
