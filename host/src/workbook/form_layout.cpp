#include "sgaudit/workbook/form_layout.hpp"

#include <cctype>
#include <set>

#include "sgaudit/data/schema.hpp"

namespace sgaudit::workbook {

namespace {

bool plain_file_name(const std::string& s) {
    if (s.empty() || s.size() > 120 || s.front() == '.') return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

bool sheet_name_ok(const std::string& s) {
    if (s.empty() || s.size() > 31 || s.front() == '\'' || s.back() == '\'') return false;
    return s.find_first_of("[]:*?/\\") == std::string::npos;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The column stamped on changed rows: a date column sgaudit sets itself, and rows compared with
// the stored ones by their replace_rows_by key (a sheet that removes by `replaces` first would
// have nothing left to compare with).
std::string stamp_problem(const FormSheet& sheet, const data::TableDef& table, const std::set<std::string>& fields) {
    if (sheet.stamp_changed.empty()) return {};
    const std::string col = sheet.table + "." + sheet.stamp_changed;
    const data::ColumnDef* def = table.find(sheet.stamp_changed);
    if (!def || def->type != data::ColumnType::date) return "changed rows are stamped in " + col + ", which is not a date column of the table";
    if (fields.count(sheet.stamp_changed)) return col + " is both a column and the stamp of changed rows";
    for (const auto& [c, v] : sheet.constants)
        if (c == sheet.stamp_changed) return col + " is both a constant and the stamp of changed rows";
    if (sheet.replace_rows_by.empty()) return "changed rows are stamped, but replace_rows_by does not say which stored row each one is";
    if (!sheet.replaces.empty()) return "changed rows are stamped, so rows must be replaced by replace_rows_by, not removed by replaces";
    return {};
}

// The columns of one sheet against its table: every field a column of the table, no field twice.
std::string column_problem(const FormSheet& sheet, const data::TableDef& table) {
    std::set<std::string> fields;
    for (const auto& c : sheet.columns) {
        if (c.heading.empty()) return "a column has no heading";
        if (c.type == FieldType::choice && c.choices.empty()) return "column '" + c.heading + "' is a choice with no choices";
        if (c.field.empty()) continue;
        if (!table.find(c.field)) return "column '" + c.heading + "' goes to " + sheet.table + "." + c.field + ", which the table does not have";
        if (!fields.insert(c.field).second) return "two columns go to " + sheet.table + "." + c.field;
    }
    for (const auto* list : {&sheet.constants, &sheet.replaces})
        for (const auto& [col, v] : *list)
            if (!table.find(col)) return "it names " + sheet.table + "." + col + ", which the table does not have";
    for (const auto& [col, v] : sheet.constants)
        if (fields.count(col)) return sheet.table + "." + col + " is both a column and a constant";
    for (const auto& col : sheet.replace_rows_by) {
        bool constant = false;
        for (const auto& [c, v] : sheet.constants) constant = constant || c == col;
        if (!fields.count(col) && !constant) return "rows are replaced by " + col + ", which is neither a column nor a constant";
    }
    return stamp_problem(sheet, table, fields);
}

// A column required with another must name a field of the sheet.
std::string required_with_problem(const FormSheet& sheet) {
    for (const auto& c : sheet.columns) {
        if (c.required_with.empty()) continue;
        bool found = false;
        for (const auto& other : sheet.columns) found = found || (other.field == c.required_with && &other != &c);
        if (!found || c.field.empty())
            return "column '" + c.heading + "' is required with " + c.required_with + ", which is not another field of the sheet";
    }
    return {};
}

// A sheet of judgements about a run: kept in the history, so it names a kind, not a table.
std::string judgement_sheet_problem(const FormSheet& sheet) {
    if (sheet.table.empty() || sheet.table.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
        return "its kind of judgement '" + sheet.table + "' is not a plain name (a-z, 0-9, '_')";
    if (!sheet.replaces.empty() || !sheet.replace_rows_by.empty() || !sheet.stamp_changed.empty() || !sheet.constants.empty())
        return "judgements are kept whole in the history: replaces, replace_rows_by, stamp_changed and constants are not used";
    std::set<std::string> fields;
    for (const auto& c : sheet.columns) {
        if (c.heading.empty()) return "a column has no heading";
        if (c.type == FieldType::choice && c.choices.empty()) return "column '" + c.heading + "' is a choice with no choices";
        if (!c.field.empty() && !fields.insert(c.field).second) return "two columns are field " + c.field;
    }
    return {};
}

std::string sheet_problem(const FormSheet& sheet, bool judgements, std::set<std::string>& names) {
    if (!sheet_name_ok(sheet.name)) return "its name is not a sheet name (1 to 31 characters, none of []:*?/\\)";
    for (const char* reserved : {kMarkerSheet, kListsSheet, kInstructionsSheet})
        if (lower(sheet.name) == lower(reserved)) return "its name is kept for sgaudit's own sheet";
    if (!names.insert(lower(sheet.name)).second) return "two sheets have this name";
    if (sheet.columns.empty()) return "it has no columns";
    if (sheet.layout == FormLayout::record && sheet.rows.size() != 1) return "a record sheet must have exactly one row";
    for (const auto& row : sheet.rows)
        if (row.size() != sheet.columns.size()) return "a row has " + std::to_string(row.size()) + " values for " +
                                                       std::to_string(sheet.columns.size()) + " columns";
    if (auto p = required_with_problem(sheet); !p.empty()) return p;
    if (judgements) return judgement_sheet_problem(sheet);
    if (sheet.table.rfind("sga_", 0) != 0) return "it collects into " + sheet.table + ": workbooks may only fill sga_ tables";
    const data::TableDef* table = data::find_table(sheet.table);
    if (!table) return "it collects into " + sheet.table + ", which is not a table of the data model";
    return column_problem(sheet, *table);
}

}  // namespace

std::string describe_marker(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string s;
    for (const auto& [k, v] : pairs) s += (s.empty() ? "" : ", ") + k + "=" + v;
    return s;
}

std::string form_problem(const Form& form) {
    const std::string what = "the plugin's workbook '" + form.name + "'";
    if (form.name.empty()) return "the plugin gave a workbook with no name";
    if (!plain_file_name(form.file)) return what + " has a file name that is not plain (letters, digits, '-', '_', '.')";
    if (form.version < 1) return what + " has no version (1 or more)";
    if (form.sheets.empty()) return what + " has no sheets";
    for (const auto& [k, v] : form.marker)
        if (k.empty() || k == "plugin" || k == "form" || k == "version" || k == "format")
            return what + " has a marker key that is empty or kept for sgaudit (plugin, form, version, format)";
    bool follows_run = false;
    for (const auto& [k, v] : form.marker) follows_run = follows_run || (k == "run" && !v.empty());
    if (form.judgements && !follows_run) return what + " holds judgements about a run, but its marker names no run";
    std::set<std::string> names;
    for (const auto& sheet : form.sheets)
        if (auto p = sheet_problem(sheet, form.judgements, names); !p.empty()) return what + ", sheet '" + sheet.name + "': " + p;
    return {};
}

}  // namespace sgaudit::workbook
