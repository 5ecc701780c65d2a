#include "xlsx_cells.hpp"

#include <cctype>
#include <cstring>

#include "sgaudit/sdk/text.hpp"

namespace sgaudit::report::xlsx {

Styles make_styles(lxw_workbook* wb) {
    Styles s{};
    s.header = workbook_add_format(wb);
    format_set_bold(s.header);
    format_set_bg_color(s.header, 0xD9E1F2);
    format_set_border(s.header, LXW_BORDER_THIN);
    s.percent = workbook_add_format(wb);
    format_set_num_format(s.percent, "0%");
    s.wrap = workbook_add_format(wb);
    format_set_text_wrap(s.wrap);
    s.date = workbook_add_format(wb);
    format_set_num_format(s.date, "d mmm yyyy");
    // Excel's familiar good / bad / neutral colours.
    const std::pair<Outcome, std::pair<lxw_color_t, lxw_color_t>> colours[] = {
        {Outcome::pass, {0xC6EFCE, 0x006100}},           {Outcome::fail, {0xFFC7CE, 0x9C0006}},
        {Outcome::waived, {0xFFEB9C, 0x9C5700}},         {Outcome::not_applicable, {0xEDEDED, 0x595959}},
        {Outcome::error, {0xE4DFEC, 0x5B2C6F}},
    };
    for (const auto& [o, c] : colours) {
        lxw_format* f = workbook_add_format(wb);
        format_set_bg_color(f, c.first);
        format_set_font_color(f, c.second);
        s.outcome[o] = f;
    }
    return s;
}

std::string sheet_name(std::string want, std::set<std::string>& used) {
    want = xml_safe(want);
    for (char& c : want)
        if (std::strchr("[]:*?/\\", c) || static_cast<unsigned char>(c) < 0x20) c = '_';
    if (want.size() > 28) {
        std::size_t cut = 28;
        while (cut > 0 && (static_cast<unsigned char>(want[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
        want.resize(cut);
    }
    if (!want.empty() && want.front() == '\'') want.front() = '_';
    if (!want.empty() && want.back() == '\'') want.back() = '_';
    if (want.empty()) want = "Results";
    std::string name = want;
    auto lower = [](std::string x) {
        for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return x;
    };
    for (int n = 2; used.count(lower(name)); ++n) name = want + " " + std::to_string(n);
    used.insert(lower(name));
    return name;
}

void header_row(lxw_worksheet* ws, const std::vector<std::string>& cols, const Styles& st, const std::vector<double>& widths) {
    for (std::size_t c = 0; c < cols.size(); ++c)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), xml_safe(cols[c]).c_str(), st.header);
    for (std::size_t c = 0; c < widths.size(); ++c)
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_freeze_panes(ws, 1, 0);
}

void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& raw, lxw_format* f) {
    if (raw.empty()) return;
    // libxlsxwriter escapes controls, not bytes that are not UTF-8; most cells need neither.
    std::string mended;
    const std::string& s = plain_ascii(raw) ? raw : (mended = xml_safe(raw));
    constexpr std::size_t kMax = 32767 - 40;
    if (s.size() <= kMax) {
        worksheet_write_string(ws, r, c, s.c_str(), f);
        return;
    }
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    std::string shown = s.substr(0, cut) + " [cut: see the JSON report]";
    worksheet_write_string(ws, r, c, shown.c_str(), f);
}

void date(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, Date d, const Styles& st) {
    // Excel's dates start in 1900; an earlier one (a typing slip in the data) stays readable as text.
    if (d.year() < 1900) return text(ws, r, c, d.iso());
    lxw_datetime dt{static_cast<int>(d.year()), static_cast<int>(d.month()), static_cast<int>(d.day()), 0, 0, 0.0};
    worksheet_write_datetime(ws, r, c, &dt, st.date);
}

}  // namespace sgaudit::report::xlsx
