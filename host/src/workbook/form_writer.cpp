#include "sgaudit/workbook/form_writer.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <xlsxwriter.h>

#include "sgaudit/workbook/form_layout.hpp"
#include "sgaudit/util/private_file.hpp"
#include "written_rows.hpp"

namespace sgaudit::workbook {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCellText = kMaxCellCharacters;

struct Formats {
    lxw_format *title, *intro, *header, *locked, *locked_date, *open, *open_date, *label, *wrap;
};

Formats make_formats(lxw_workbook* wb) {
    Formats f{};
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.intro = workbook_add_format(wb);
    format_set_italic(f.intro);
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_bg_color(f.header, 0xD9D9D9);
    format_set_border(f.header, LXW_BORDER_THIN);
    f.locked = workbook_add_format(wb);  // written by sgaudit: grey, protected
    format_set_bg_color(f.locked, 0xF2F2F2);
    format_set_border(f.locked, LXW_BORDER_THIN);
    format_set_text_wrap(f.locked);
    f.locked_date = workbook_add_format(wb);
    format_set_bg_color(f.locked_date, 0xF2F2F2);
    format_set_border(f.locked_date, LXW_BORDER_THIN);
    format_set_num_format(f.locked_date, "d mmm yyyy");
    f.open = workbook_add_format(wb);  // to fill in: white, unlocked
    format_set_unlocked(f.open);
    format_set_border(f.open, LXW_BORDER_THIN);
    format_set_text_wrap(f.open);
    f.open_date = workbook_add_format(wb);
    format_set_unlocked(f.open_date);
    format_set_border(f.open_date, LXW_BORDER_THIN);
    format_set_num_format(f.open_date, "d mmm yyyy");
    f.label = workbook_add_format(wb);
    format_set_bold(f.label);
    format_set_text_wrap(f.label);
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

// Text is always written as text, never as a formula, so nothing typed into the data can run.
void put_text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
    worksheet_write_string(ws, r, c, s.size() > kMaxCellText ? s.substr(0, kMaxCellText).c_str() : s.c_str(), f);
}

// What a choice cell shows for a code: its label.
std::string choice_label(const FormColumn& col, const std::string& code) {
    for (const auto& ch : col.choices)
        if (ch.code == code) return ch.label.empty() ? ch.code : ch.label;
    return code;
}

void put_value(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const FormColumn& col, const Value& v, const Formats& f) {
    const bool open = !col.locked;
    lxw_format* plain = open ? f.open : f.locked;
    lxw_format* as_date = open ? f.open_date : f.locked_date;
    if (v.is_null()) {
        worksheet_write_blank(ws, r, c, col.type == FieldType::date ? as_date : plain);
    } else if (v.is_date() && v.as_date().year() >= 1900) {
        Date d = v.as_date();
        lxw_datetime dt{static_cast<int>(d.year()), static_cast<int>(d.month()), static_cast<int>(d.day()), 0, 0, 0.0};
        worksheet_write_datetime(ws, r, c, &dt, as_date);
    } else if (v.is_number() && col.type != FieldType::text) {
        worksheet_write_number(ws, r, c, v.as_number(), plain);
    } else if (v.is_bool()) {
        put_text(ws, r, c, v.as_bool() ? "Yes" : "No", plain);
    } else if (col.type == FieldType::choice && v.is_text()) {
        put_text(ws, r, c, choice_label(col, v.as_text()), plain);
    } else {
        put_text(ws, r, c, v.to_string(), plain);
    }
}

std::string what_to_write(const FormColumn& col) {
    switch (col.type) {
        case FieldType::whole: {
            std::string s = "a whole number";
            if (col.min && col.max) s += " from " + Value(*col.min).to_string() + " to " + Value(*col.max).to_string();
            else if (col.min) s += " of at least " + Value(*col.min).to_string();
            return s;
        }
        case FieldType::number: return "a number";
        case FieldType::date: return "a date, e.g. 31/03/2010 (the cell is formatted as a date)";
        case FieldType::flag: return "Yes or No, from the drop-down";
        case FieldType::choice: {
            std::string s = "one of: ";
            for (std::size_t i = 0; i < col.choices.size(); ++i)
                s += (i ? ", " : "") + (col.choices[i].label.empty() ? col.choices[i].code : col.choices[i].label);
            return s + " (from the drop-down)";
        }
        default: return "text";
    }
}

// Excel limits an input title to 32 characters and a message to 255.
std::string clip(const std::string& s, std::size_t n) { return s.size() <= n ? s : s.substr(0, n - 3) + "..."; }

class FormWorkbook {
public:
    FormWorkbook(lxw_workbook* wb, const Form& form) : wb_(wb), form_(form), f_(make_formats(wb)) {}

    void write(const FormStamp& stamp) {
        lxw_worksheet* instructions = workbook_add_worksheet(wb_, kInstructionsSheet);
        std::vector<lxw_worksheet*> sheets;
        for (const auto& s : form_.sheets) sheets.push_back(workbook_add_worksheet(wb_, s.name.c_str()));
        lists_ = workbook_add_worksheet(wb_, kListsSheet);
        lxw_worksheet* marker = workbook_add_worksheet(wb_, kMarkerSheet);
        write_instructions(instructions);
        for (std::size_t i = 0; i < sheets.size(); ++i) write_sheet(sheets[i], form_.sheets[i]);
        write_marker(marker, stamp);
        worksheet_hide(lists_);
        worksheet_hide(marker);
        worksheet_activate(instructions);
    }

private:
    void write_instructions(lxw_worksheet* ws) {
        worksheet_set_column(ws, 0, 0, 22, nullptr);
        worksheet_set_column(ws, 1, 1, 26, nullptr);
        worksheet_set_column(ws, 2, 2, 16, nullptr);
        worksheet_set_column(ws, 3, 4, 50, nullptr);
        put_text(ws, 0, 0, form_.title, f_.title);
        lxw_row_t r = 2;
        for (const auto& p : form_.instructions) {
            worksheet_merge_range(ws, r, 0, r, 4, "", f_.wrap);
            put_text(ws, r, 0, p, f_.wrap);
            worksheet_set_row(ws, r, 15.0 * static_cast<double>(1 + p.size() / 150), nullptr);
            ++r;
        }
        const std::string how = "Fill in the white cells only; grey cells were written by sgaudit and are protected. "
                                "Save the workbook as .xlsx (keep its name) and send it back: every cell is checked when it is "
                                "collected, and any problem is named by sheet and cell.";
        worksheet_merge_range(ws, r, 0, r, 4, "", f_.wrap);
        put_text(ws, r, 0, how, f_.wrap);
        worksheet_set_row(ws, r, 30, nullptr);
        r += 2;
        r = write_column_guide(ws, r);
    }

    lxw_row_t write_column_guide(lxw_worksheet* ws, lxw_row_t r) {
        const char* heads[] = {"Sheet", "Column", "Fill in", "What to write", "Notes"};
        for (lxw_col_t c = 0; c < 5; ++c) put_text(ws, r, c, heads[c], f_.header);
        ++r;
        for (const auto& s : form_.sheets)
            for (const auto& col : s.columns) {
                put_text(ws, r, 0, s.name, f_.wrap);
                put_text(ws, r, 1, col.heading, f_.wrap);
                put_text(ws, r, 2, col.locked ? "written by sgaudit" : col.required ? "required" : "if it applies", f_.wrap);
                put_text(ws, r, 3, col.locked ? "do not change" : what_to_write(col), f_.wrap);
                put_text(ws, r, 4, col.help, f_.wrap);
                ++r;
            }
        return r;
    }

    void write_sheet(lxw_worksheet* ws, const FormSheet& s) {
        put_text(ws, 0, 0, s.name, f_.title);
        if (!s.intro.empty()) put_text(ws, 1, 0, s.intro, f_.intro);
        if (s.layout == FormLayout::record) write_record(ws, s);
        else write_table(ws, s);
        for (std::size_t c = 0; c < s.columns.size(); ++c) validate(ws, s, c);
        lxw_protection p{};
        p.format_columns = 1;  // people may widen a column to read it
        p.format_rows = 1;
        worksheet_protect(ws, nullptr, &p);
    }

    void write_table(lxw_worksheet* ws, const FormSheet& s) {
        for (std::size_t c = 0; c < s.columns.size(); ++c) {
            const auto& col = s.columns[c];
            double width = col.width > 0 ? col.width : std::max<double>(12, static_cast<double>(col.heading.size()) + 2);
            worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
            put_text(ws, kHeaderRow, static_cast<lxw_col_t>(c), col.heading + (col.required && !col.locked ? " *" : ""), f_.header);
        }
        worksheet_freeze_panes(ws, kFirstDataRow, 0);
        for (std::size_t r = 0; r < s.rows.size(); ++r)
            for (std::size_t c = 0; c < s.columns.size(); ++c) {
                auto [row, col] = form_cell(s, r, c);
                put_value(ws, row, static_cast<lxw_col_t>(col), s.columns[c], s.rows[r][c], f_);
            }
    }

    void write_record(lxw_worksheet* ws, const FormSheet& s) {
        worksheet_set_column(ws, 0, 0, 34, nullptr);
        double width = 40;
        for (const auto& col : s.columns) width = std::max(width, col.width);
        worksheet_set_column(ws, 1, 1, width, nullptr);
        for (std::size_t c = 0; c < s.columns.size(); ++c) {
            auto [row, col] = form_cell(s, 0, c);
            const auto& fc = s.columns[c];
            put_text(ws, row, 0, fc.heading + (fc.required && !fc.locked ? " *" : ""), f_.label);
            put_value(ws, row, static_cast<lxw_col_t>(col), fc, s.rows[0][c], f_);
        }
    }

    // The hidden sheet's range holding a column's drop-down entries, as a formula.
    std::string list_range(const std::vector<std::string>& entries) {
        lxw_col_t c = next_list_++;
        for (std::size_t i = 0; i < entries.size(); ++i) put_text(lists_, static_cast<lxw_row_t>(i), c, entries[i], nullptr);
        char from[16], to[16];
        lxw_rowcol_to_cell_abs(from, 0, c, 1, 1);
        lxw_rowcol_to_cell_abs(to, static_cast<lxw_row_t>(entries.size() - 1), c, 1, 1);
        return std::string("='") + kListsSheet + "'!" + from + ":" + to;
    }

    void validate(lxw_worksheet* ws, const FormSheet& s, std::size_t c) {
        const auto& col = s.columns[c];
        if (col.locked) return;
        std::size_t rows = s.layout == FormLayout::record ? 1 : std::max<std::size_t>(s.rows.size(), 1);
        auto [first_row, column] = form_cell(s, 0, c);
        lxw_data_validation dv{};
        std::string formula, title = clip(col.heading, 32), message = clip(col.help.empty() ? what_to_write(col) : col.help, 255);
        std::string error = clip("Write " + what_to_write(col) + ".", 255);
        dv.ignore_blank = LXW_VALIDATION_ON;
        dv.show_input = LXW_VALIDATION_ON;
        dv.input_title = title.data();
        dv.input_message = message.data();
        dv.show_error = LXW_VALIDATION_ON;
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        dv.error_title = title.data();
        dv.error_message = error.data();
        if (!constrain(dv, col, formula)) {
            dv.validate = LXW_VALIDATION_TYPE_LENGTH;  // any text: the prompt still shows
            dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            dv.value_number = kMaxCellText;
        }
        worksheet_data_validation_range(ws, first_row, static_cast<lxw_col_t>(column), first_row + static_cast<lxw_row_t>(rows - 1),
                                        static_cast<lxw_col_t>(column), &dv);
    }

    // The check a spreadsheet program makes as the cell is typed in; false for free text.
    bool constrain(lxw_data_validation& dv, const FormColumn& col, std::string& formula) {
        switch (col.type) {
            case FieldType::choice:
            case FieldType::flag: {
                std::vector<std::string> entries;
                if (col.type == FieldType::flag) entries = {"Yes", "No"};
                for (const auto& ch : col.choices) entries.push_back(ch.label.empty() ? ch.code : ch.label);
                formula = list_range(entries);
                dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
                dv.value_formula = formula.data();
                return true;
            }
            case FieldType::date:
                dv.validate = LXW_VALIDATION_TYPE_DATE;
                dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
                dv.minimum_datetime = lxw_datetime{1900, 1, 1, 0, 0, 0.0};
                dv.maximum_datetime = lxw_datetime{9999, 12, 31, 0, 0, 0.0};
                return true;
            case FieldType::whole:
            case FieldType::number:
                dv.validate = col.type == FieldType::whole ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
                dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
                dv.minimum_number = col.min.value_or(-kLargestFormNumber);
                dv.maximum_number = col.max.value_or(kLargestFormNumber);
                return true;
            default: return false;
        }
    }

    void write_marker(lxw_worksheet* ws, const FormStamp& stamp) {
        std::vector<std::pair<std::string, std::string>> rows = {
            {"format", kMarkerFormat}, {"plugin", stamp.plugin}, {"form", form_.name}, {"version", std::to_string(form_.version)}};
        rows.insert(rows.end(), form_.marker.begin(), form_.marker.end());
        rows.push_back({"written by", "sgaudit, plugin " + stamp.plugin + " " + stamp.plugin_version + ", rule set " + stamp.ruleset});
        rows.push_back({"written at", stamp.written_at});
        lxw_row_t r = 0;
        for (; r < rows.size(); ++r) {
            put_text(ws, r, 0, rows[r].first, nullptr);
            put_text(ws, r, 1, rows[r].second, nullptr);
        }
        for (const auto& sheet : form_.sheets) {
            if (sheet.stamp_changed.empty()) continue;
            auto written = written_rows(sheet);
            put_text(ws, r, 0, kWrittenRowsKey, nullptr);
            put_text(ws, r, 1, sheet.name, nullptr);
            put_text(ws, r++, 2, std::to_string(written.size()), nullptr);
            for (const auto& [key, fingerprint] : written) {
                put_text(ws, r, 0, kWrittenRowKey, nullptr);
                put_text(ws, r, 1, sheet.name, nullptr);
                put_text(ws, r, 2, fingerprint, nullptr);
                lxw_col_t c = 3;
                for (const auto& part : key_parts(key)) put_text(ws, r, c++, part, nullptr);
                ++r;
            }
        }
        worksheet_protect(ws, nullptr, nullptr);
    }

    lxw_workbook* wb_;
    const Form& form_;
    Formats f_;
    lxw_worksheet* lists_ = nullptr;
    lxw_col_t next_list_ = 0;
};

}  // namespace

Status write_form_workbook(const Form& form, const FormStamp& stamp, const fs::path& file) {
    // libxlsxwriter creates its files by name: in a fresh private folder nobody can plant a file
    // or link under that name first.
    util::PrivateTempDir private_dir;
    if (auto st = private_dir.create(file.parent_path()); !st) return st;
    const fs::path tmp = private_dir.path() / file.filename();
    std::string tmpdir = private_dir.path().string();
    lxw_workbook_options options{};
    options.tmpdir = tmpdir.data();
    mode_t old_mask = ::umask(077);  // libxlsxwriter creates the file itself: owner-only from the start
    lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
    if (!wb) {
        ::umask(old_mask);
        return Status::error("cannot create " + file.string() + ": " + std::strerror(errno));
    }
    FormWorkbook(wb, form).write(stamp);
    lxw_doc_properties props{};
    props.title = const_cast<char*>(form.title.c_str());
    std::string comments = "Written by sgaudit for " + stamp.plugin + " (" + form.name + ")";
    props.comments = comments.data();
    workbook_set_properties(wb, &props);
    lxw_error err = workbook_close(wb);
    ::umask(old_mask);
    if (err != LXW_NO_ERROR) {
        fs::remove(tmp);
        return Status::error("cannot write " + file.string() + ": " + lxw_strerror(err));
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp);
        return Status::error("cannot write " + file.string() + ": " + ec.message());
    }
    return Status::ok();
}

}  // namespace sgaudit::workbook
