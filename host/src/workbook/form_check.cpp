#include "sgaudit/workbook/form_check.hpp"

#include <map>

#include "form_cells.hpp"
#include "written_rows.hpp"
#include "sgaudit/sdk/read.hpp"
#include "sgaudit/workbook/cell_ref.hpp"

namespace sgaudit::workbook {

namespace {

// Problems found in one workbook, each at its sheet and cell.
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void at(const std::string& sheet, std::uint32_t row0, std::uint32_t col0, std::string message) {
        list_.push_back({file_, sheet, cell_ref(row0 + 1, col0 + 1), std::move(message)});
    }
    void in(const std::string& sheet, std::string message) { list_.push_back({file_, sheet, "", std::move(message)}); }
    bool empty() const { return list_.empty(); }
    std::vector<XlsxError>& list() { return list_; }

private:
    std::string file_;
    std::vector<XlsxError> list_;
};

std::string strip_required_mark(std::string s) {
    if (s.size() >= 2 && s.compare(s.size() - 2, 2, " *") == 0) s.resize(s.size() - 2);
    return s;
}

// The headings (table) or labels (record) must be where sgaudit wrote them, or cells would be
// read into the wrong columns.
bool headings_in_place(const Sheet& sheet, const FormSheet& form, Problems& p) {
    for (std::size_t c = 0; c < form.columns.size(); ++c) {
        auto [row, col] = form.layout == FormLayout::record ? std::pair{form_cell(form, 0, c).first, 0u}
                                                             : std::pair{kHeaderRow, static_cast<std::uint32_t>(c)};
        if (strip_required_mark(cell_identifier(sheet.find(row + 1, col + 1))) != form.columns[c].heading) {
            p.at(form.name, row, col, "this should be the heading '" + form.columns[c].heading +
                                          "': rows or columns were moved, added or removed. Keep the layout sgaudit wrote "
                                          "(write the workbook again if need be)");
            return false;
        }
    }
    return true;
}

// The key of a pre-filled row: its locked field values, joined.
std::string expected_key(const FormSheet& form, std::size_t r) {
    std::string key;
    for (std::size_t c = 0; c < form.columns.size(); ++c)
        if (form.columns[c].locked && !form.columns[c].field.empty()) key += value_text(form.rows[r][c], form.columns[c]) + "\x1f";
    return key;
}

std::string key_for_people(const std::string& key) {
    std::string s;
    for (char c : key) s += c == '\x1f' ? std::string(" ") : std::string(1, c);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// The last row (0-based) holding anything at or below the first data row; or none.
std::optional<std::uint32_t> last_filled_row(const Sheet& sheet) {
    std::optional<std::uint32_t> last;
    for (const auto& cell : sheet.cells)
        if (cell.row - 1 >= kFirstDataRow && cell_filled(&cell)) last = std::max(last.value_or(0), cell.row - 1);
    return last;
}

class SheetReader {
public:
    SheetReader(const Sheet& sheet, const FormSheet& form, Problems& p) : sheet_(sheet), form_(form), p_(p), out_(rows_shape(form)) {}

    CollectedRows read() {
        if (!headings_in_place(sheet_, form_, p_)) return std::move(out_);
        refuse_outside_cells();
        if (form_.layout == FormLayout::record) {
            read_row(0, 0);
            return std::move(out_);
        }
        read_table();
        return std::move(out_);
    }

private:
    void read_table() {
        std::map<std::string, std::size_t> wanted;
        for (std::size_t r = 0; r < form_.rows.size(); ++r) wanted.emplace(expected_key(form_, r), r);
        std::map<std::size_t, std::uint32_t> seen;  // form row -> sheet row
        auto last = last_filled_row(sheet_);
        for (std::uint32_t row = kFirstDataRow; last && row <= *last; ++row) {
            if (!row_filled(row)) continue;
            // A blank spare row the form no longer has (its recommendation has been given an entry
            // since the workbook was written) holds nothing to collect: it is passed over.
            if (!wanted.count(row_key(row)) && blank_to_skip(0, row)) continue;
            auto idx = match(row, wanted, seen);
            if (idx) read_row(*idx, row);
        }
        for (std::size_t r = 0; r < form_.rows.size(); ++r)
            if (!seen.count(r) && !spare(r))
                p_.in(form_.name, "the row for " + key_for_people(expected_key(form_, r)) +
                                      " is missing: every row sgaudit wrote must come back (write the workbook again if need be)");
    }

    // A row left blank to be filled in if need be, on a sheet whose blank rows are not collected:
    // it does not matter whether it comes back.
    bool spare(std::size_t idx) const {
        if (!form_.skip_blank_rows) return false;
        for (std::size_t c = 0; c < form_.columns.size(); ++c)
            if (!form_.columns[c].locked && !form_.rows[idx][c].is_null()) return false;
        return true;
    }

    bool row_filled(std::uint32_t row) const {
        for (const auto& cell : sheet_.cells)
            if (cell.row == row + 1 && cell_filled(&cell)) return true;
        return false;
    }

    // A sheet row's identifiers (its locked cells with a field), as expected_key gives a form row's.
    std::string row_key(std::uint32_t row) const {
        std::string key;
        for (std::size_t c = 0; c < form_.columns.size(); ++c)
            if (form_.columns[c].locked && !form_.columns[c].field.empty())
                key += cell_identifier(sheet_.find(row + 1, static_cast<std::uint32_t>(c) + 1)) + "\x1f";
        return key;
    }

    // The pre-filled row this sheet row is, by its identifiers; none (with the problem said) when it is not one.
    std::optional<std::size_t> match(std::uint32_t row, const std::map<std::string, std::size_t>& wanted,
                                     std::map<std::size_t, std::uint32_t>& seen) {
        std::string key = row_key(row);
        std::uint32_t first_locked = 0;
        bool any_locked = false;
        for (std::size_t c = 0; c < form_.columns.size(); ++c)
            if (form_.columns[c].locked && !form_.columns[c].field.empty()) {
                if (!any_locked) first_locked = static_cast<std::uint32_t>(c);
                any_locked = true;
            }
        auto it = wanted.find(key);
        if (!any_locked || it == wanted.end()) {
            p_.at(form_.name, row, first_locked, "this row is not one sgaudit wrote (an unknown or changed identifier, or an "
                                                 "added row): put back what sgaudit wrote, and add nothing below the rows given");
            return std::nullopt;
        }
        if (auto s = seen.find(it->second); s != seen.end()) {
            p_.at(form_.name, row, first_locked, "this row repeats row " + std::to_string(s->second + 1) + " (" +
                                                     key_for_people(it->first) + "): keep one of them");
            return std::nullopt;
        }
        seen[it->second] = row;
        return it->second;
    }

    // Whether a cell is none of the form's: not the title, the intro, a heading or label, or a
    // cell of a record. What people write there would be lost, so it is refused.
    bool outside_form(const Cell& cell) const {
        const std::uint32_t row = cell.row - 1, col = cell.column - 1, n = static_cast<std::uint32_t>(form_.columns.size());
        if (row <= 1) return col != 0;
        if (form_.layout == FormLayout::record) return !(row >= kFirstFieldRow && row < kFirstFieldRow + n && col <= 1);
        return row < kHeaderRow || col >= n;
    }

    void refuse_outside_cells() {
        for (const auto& cell : sheet_.cells)
            if (cell_filled(&cell) && outside_form(cell))
                p_.at(form_.name, cell.row - 1, cell.column - 1, "this cell is outside the form and would not be collected: "
                                                                  "move what it says into the form's cells, or clear it");
    }

    bool blank_to_skip(std::size_t idx, std::uint32_t row) const {
        if (!form_.skip_blank_rows) return false;
        for (std::size_t c = 0; c < form_.columns.size(); ++c) {
            if (form_.columns[c].locked) continue;
            auto [r, col] = cell_at(idx, row, c);
            if (cell_filled(sheet_.find(r + 1, col + 1))) return false;
        }
        return true;
    }

    std::pair<std::uint32_t, std::uint32_t> cell_at(std::size_t idx, std::uint32_t row, std::size_t c) const {
        if (form_.layout == FormLayout::record) return form_cell(form_, idx, c);
        return {row, static_cast<std::uint32_t>(c)};
    }

    void read_row(std::size_t idx, std::uint32_t row) {
        if (blank_to_skip(idx, row)) return;
        std::vector<std::optional<std::string>> values;
        for (std::size_t c = 0; c < form_.columns.size(); ++c) {
            const auto& col = form_.columns[c];
            if (col.field.empty()) {
                shown_as_written(idx, row, c);
                continue;
            }
            auto [r, cc] = cell_at(idx, row, c);
            if (col.locked) {
                std::string t = value_text(form_.rows[idx][c], col);
                if (cell_identifier(sheet_.find(r + 1, cc + 1)) != t)
                    p_.at(form_.name, r, cc, col.heading + " was changed: it must stay " + (t.empty() ? "empty" : t) +
                                                 " as sgaudit wrote it (write the workbook again if need be)");
                values.push_back(t.empty() ? std::nullopt : std::optional<std::string>(t));
                continue;
            }
            auto got = read_form_cell(sheet_.find(r + 1, cc + 1), col);
            if (!got.error.empty()) p_.at(form_.name, r, cc, col.heading + " " + got.error);
            else if (!got.text && col.required) p_.at(form_.name, r, cc, col.heading + " is required: fill it in");
            values.push_back(got.text);
        }
        required_with(idx, row, values);
        for (const auto& [column, v] : form_.constants) values.push_back(v.is_null() ? std::nullopt : std::optional<std::string>(value_text(v, {})));
        out_.rows.push_back(std::move(values));
        out_.sheet_rows.push_back(form_.layout == FormLayout::record ? kFirstFieldRow : row);
    }

    // A grey text cell shown beside a row's identifiers (a case's team and worker) must still say
    // what sgaudit wrote for that row: otherwise identifiers were edited or rows mixed up, and
    // what is typed on the row would be collected for another record than the one it shows.
    void shown_as_written(std::size_t idx, std::uint32_t row, std::size_t c) {
        const auto& col = form_.columns[c];
        const Value& written = form_.rows[idx][c];
        if (!col.locked || !written.is_text()) return;
        auto [r, cc] = cell_at(idx, row, c);
        const Cell* cell = sheet_.find(r + 1, cc + 1);
        const std::string now = cell && std::holds_alternative<std::string>(cell->value) ? std::get<std::string>(cell->value) : "";
        if (trim(now) == trim(written.as_text())) return;
        p_.at(form_.name, r, cc, col.heading + " is not what sgaudit wrote on the row of " + key_for_people(expected_key(form_, idx)) +
                                     ": an identifier was changed or rows were mixed up; put back what sgaudit wrote (write the "
                                     "workbook again if need be)");
    }

    // Cells required because another of the row is filled in (FormColumn::required_with);
    // `values` are the row's field values, in field order.
    void required_with(std::size_t idx, std::uint32_t row, const std::vector<std::optional<std::string>>& values) {
        std::map<std::string, bool> filled;
        for (std::size_t c = 0, f = 0; c < form_.columns.size(); ++c)
            if (!form_.columns[c].field.empty()) filled[form_.columns[c].field] = values[f++].has_value();
        for (std::size_t c = 0; c < form_.columns.size(); ++c) {
            const auto& col = form_.columns[c];
            if (col.required_with.empty() || filled[col.field] || !filled[col.required_with]) continue;
            std::string other = col.required_with;
            for (const auto& o : form_.columns)
                if (o.field == col.required_with) other = o.heading;
            auto [r, cc] = cell_at(idx, row, c);
            p_.at(form_.name, r, cc, col.heading + " is required where " + other + " is given: fill it in");
        }
    }

    const Sheet& sheet_;
    const FormSheet& form_;
    Problems& p_;
    CollectedRows out_;
};

// A "written row" of the marker: its key, from column D on.
std::string written_key(const Sheet& marker, std::uint32_t row) {
    std::uint32_t last = 3;
    for (const auto& cell : marker.cells)
        if (cell.row == row && cell.column > last) last = cell.column;
    std::vector<std::string> parts;
    for (std::uint32_t c = 4; c <= last; ++c) parts.push_back(cell_identifier(marker.find(row, c)));
    return join_key(parts);
}

}  // namespace

CollectedRows rows_shape(const FormSheet& form) {
    CollectedRows out;
    out.sheet = form.name;
    out.table = form.table;
    out.replaces = form.replaces;
    out.replace_rows_by = form.replace_rows_by;
    out.stamp_changed = form.stamp_changed;
    for (const auto& c : form.columns)
        if (!c.field.empty()) {
            out.columns.push_back(c.field);
            out.reading.push_back(c);
        }
    for (const auto& [col, v] : form.constants) {
        out.columns.push_back(col);
        out.reading.push_back(FormColumn{});
    }
    return out;
}

std::variant<Marker, XlsxError> read_marker(const Workbook& wb) {
    const Sheet* s = wb.sheet(kMarkerSheet);
    auto none = [&](const std::string& why) {
        return XlsxError{wb.file, "", "", why + ": only workbooks written by `sgaudit workbook` can be collected; write one "
                                            "with it and fill that in"};
    };
    if (!s) return none("this is not a workbook sgaudit wrote (it has no hidden '" + std::string(kMarkerSheet) + "' sheet)");
    Marker m;
    std::map<std::string, std::string> fixed;
    for (std::uint32_t row = 1; row <= kMaxRows; ++row) {
        std::string k = cell_identifier(s->find(row, 1)), v = cell_identifier(s->find(row, 2));
        if (k.empty()) break;
        if (k == "format" || k == "plugin" || k == "form" || k == "version") fixed[k] = v;
        else if (k == kWrittenRowsKey) m.written[v];
        else if (k == kWrittenRowKey) m.written[v][written_key(*s, row)] = cell_identifier(s->find(row, 3));
        else if (k != "written by" && k != "written at") m.pairs.emplace_back(k, v);
    }
    if (fixed["format"] != kMarkerFormat)
        return none("its '" + std::string(kMarkerSheet) + "' sheet is not sgaudit's marker, or it is of another format");
    m.plugin = fixed["plugin"];
    m.form = fixed["form"];
    try {
        m.version = std::stoi(fixed["version"]);
    } catch (...) {
        m.version = 0;
    }
    if (m.plugin.empty() || m.form.empty() || m.version < 1) return none("its marker sheet was changed");
    return m;
}

CheckedForm check_filled_form(const Workbook& wb, const Form& form) {
    Problems p(wb.file);
    std::vector<CollectedRows> out;
    for (const auto& fs : form.sheets) {
        const Sheet* sheet = wb.sheet(fs.name);
        if (!sheet) {
            p.in(fs.name, "the sheet is missing (renamed or deleted): put it back as sgaudit wrote it");
            continue;
        }
        out.push_back(SheetReader(*sheet, fs, p).read());
    }
    if (!p.empty()) return std::move(p.list());
    return out;
}

}  // namespace sgaudit::workbook
