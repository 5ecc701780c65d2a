#include "xlsx_sections.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include "sgaudit/report/section_cells.hpp"

namespace sgaudit::report::xlsx {

namespace {

// Formats made as they are first needed: one per fill colour and kind of cell.
class CellFormats {
public:
    CellFormats(lxw_workbook* wb, const Styles& st) : wb_(wb), st_(st) {}

    lxw_format* get(const std::string& fill, bool is_date) {
        if (fill.empty()) return is_date ? st_.date : st_.wrap;
        auto [it, fresh] = formats_.try_emplace({fill, is_date}, nullptr);
        if (fresh) {
            lxw_format* f = workbook_add_format(wb_);
            format_set_bg_color(f, static_cast<lxw_color_t>(std::strtoul(fill.c_str() + 1, nullptr, 16)));
            format_set_font_color(f, 0x000000);
            format_set_border(f, LXW_BORDER_THIN);
            if (is_date) format_set_num_format(f, "d mmm yyyy");
            else format_set_text_wrap(f);
            it->second = f;
        }
        return it->second;
    }

private:
    lxw_workbook* wb_;
    const Styles& st_;
    std::map<std::pair<std::string, bool>, lxw_format*> formats_;
};

// A finite number written plainly ("12", "0.9"), as the cell's whole text.
std::optional<double> number_cell(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    double d = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

void write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const ReportSection& s, std::size_t row, CellFormats& formats) {
    const std::string& cell = s.table_rows[row][c];
    const std::string fill = fill_at(s, row, c);
    if (auto d = date_cell(s, c, cell); d && d->year() >= 1900) {
        lxw_datetime dt{d->year(), static_cast<int>(d->month()), static_cast<int>(d->day()), 0, 0, 0.0};
        worksheet_write_datetime(ws, r, c, &dt, formats.get(fill, true));
        return;
    }
    if (column_type_at(s, c) == "number")
        if (auto n = number_cell(cell)) {
            worksheet_write_number(ws, r, c, *n, fill.empty() ? nullptr : formats.get(fill, false));
            return;
        }
    // A coloured cell with no text still shows its colour.
    if (cell.empty() && !fill.empty()) worksheet_write_blank(ws, r, c, formats.get(fill, false));
    else text(ws, r, c, cell, formats.get(fill, false));
}

void section_sheet(lxw_worksheet* ws, const ReportSection& s, const Styles& st, CellFormats& formats) {
    std::vector<double> widths;
    for (const auto& h : s.table_header) widths.push_back(h.size() < 12 ? 14.0 : h.size() > 40 ? 44.0 : static_cast<double>(h.size()) + 4);
    header_row(ws, s.table_header, st, widths);
    lxw_row_t r = 1;
    for (std::size_t i = 0; i < s.table_rows.size(); ++i, ++r) {
        if (r == kMaxRows - 1) {  // never cut short without saying so
            text(ws, r, 0, std::to_string(s.table_rows.size() - i) + " more rows do not fit in a sheet: see report.json");
            break;
        }
        for (std::size_t c = 0; c < s.table_rows[i].size() && c < 16384; ++c)
            write_cell(ws, r, static_cast<lxw_col_t>(c), s, i, formats);
    }
    if (!s.table_header.empty())
        worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, static_cast<lxw_col_t>(s.table_header.size() - 1));
}

}  // namespace

void section_sheets(lxw_workbook* wb, const run::RunResult& run, const Styles& st, std::set<std::string>& used) {
    CellFormats formats(wb, st);
    for (const auto& p : run.plugins)
        for (const auto& s : p.sections) {
            if (s.sheet.empty() || s.table_header.empty()) continue;
            lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(s.sheet, used).c_str());
            if (ws) section_sheet(ws, s, st, formats);
        }
}

}  // namespace sgaudit::report::xlsx
