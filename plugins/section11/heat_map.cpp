#include "heat_map.hpp"

#include <cstdio>

#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

constexpr const char* kUnreadable = "#D9D9D9";

// One cell: what it says, its colour, and whether the panel's rating is shown.
struct Cell {
    std::string text, fill = "#FFFFFF", table_text;
    bool panel = false;
};

Cell rating_cell(const Settings& s, const S11Data& d, const RatingKey& k) {
    auto it = d.ratings.find(k);
    if (it == d.ratings.end() || it->second.rating.empty()) return {"Not rated", "#FFFFFF", "Not rated"};
    if (!it->second.conflict.empty()) return {"Unreadable", kUnreadable, "Could not be read (two different rows)"};
    const ScaleItem* own = s.scale_item(it->second.rating);
    if (!own) return {"Not on scale", kUnreadable, "Not on the scale"};
    Cell c{own->label, rag_fill(own->rag), own->label};
    auto panel = d.panel.find(k);
    if (panel == d.panel.end() || panel->second.rating.empty() || panel->second.rating == it->second.rating) return c;
    const ScaleItem* theirs = panel->second.conflict.empty() ? s.scale_item(panel->second.rating) : nullptr;
    if (!theirs) {
        c.table_text += "; the panel's rating could not be read";
        return c;
    }
    return {theirs->label, rag_fill(theirs->rag), theirs->label + " (panel; the agency: " + own->label + ")", true};
}

// The cells of one agency's row: its ratings, or one word across when it has no single return.
std::vector<Cell> row_cells(const Population& pop, const std::string& org) {
    const Settings& s = pop.settings();
    auto one = pop.return_for(org, s.audited().period);
    std::vector<Cell> cells;
    for (const auto& st : s.standards) {
        if (!one.error.empty()) cells.push_back({"Unreadable", kUnreadable, "Could not be told (see the agency's findings)"});
        else if (!one.ret) cells.push_back({"No return", "#FFFFFF", "No return"});
        else cells.push_back(rating_cell(s, pop.data(), {one.ret->id, st.code}));
    }
    return cells;
}

// Sized so that, scaled to an A4 page's width, the words stay about 9 points.
constexpr int kLabelW = 280, kCellW = 84, kRowH = 32, kTop = 34;

std::string text_at(int x, int y, const std::string& s, const char* extra = "") {
    char buf[160];
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\"%s>", x, y, extra);
    return buf + xml_escape(s) + "</text>";
}

std::string rect(int x, int y, int w, int h, const std::string& fill, bool outlined) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\"/>", x, y,
                  w, h, fill.c_str(), outlined ? "#000000" : "#888888", outlined ? 3 : 1);
    return buf;
}

// Each colour the scale uses, with its label, and what an outline means.
std::string legend(const Settings& s, int y) {
    std::string svg = text_at(0, y + 12, "Key:", " font-weight=\"bold\"");
    int x = 40;
    for (const auto& item : s.scale) {
        svg += rect(x, y, 18, 16, rag_fill(item.rag), false) + text_at(x + 24, y + 12, item.label + " (" + item.rag + ")");
        x += 36 + 7 * static_cast<int>(item.label.size() + item.rag.size());
    }
    svg += rect(0, y + 24, 18, 16, "#FFFFFF", false) + text_at(24, y + 36, "No return, or not rated") +
           rect(190, y + 24, 18, 16, kUnreadable, false) + text_at(214, y + 36, "Not on the scale, or could not be read");
    svg += rect(0, y + 48, 18, 16, "#FFFFFF", true) +
           text_at(24, y + 60, "Outlined: the board's panel rated it differently; the panel's rating is shown (the table gives both).");
    return svg;
}

}  // namespace

ReportSection heat_map_section(const Population& pop, const Judged& judged) {
    const Settings& s = pop.settings();
    ReportSection sec;
    sec.id = "heat-map";
    sec.title = "Ratings by agency and standard, round " + s.audited().period;
    sec.sheet = "Heat map";
    // Codes head the columns, so the table fits a page; the key to them comes above it.
    sec.table_header = {"Agency"};
    for (const auto& st : s.standards) {
        sec.table_header.push_back(st.code);
        sec.details.emplace_back(st.code, st.title);
    }
    const int width = kLabelW + kCellW * static_cast<int>(s.standards.size());
    const int height = kTop + kRowH * static_cast<int>(judged.agencies.size()) + 80;
    char head[320];
    std::snprintf(head, sizeof head, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heat-map\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">",
                  width, height, width, height);
    std::string svg = head + ("<title>" + xml_escape(sec.title) + "</title><desc>The table beside the picture gives every rating in words.</desc>");
    for (std::size_t c = 0; c < s.standards.size(); ++c)
        svg += text_at(kLabelW + kCellW * static_cast<int>(c) + kCellW / 2, kTop - 10, s.standards[c].code,
                       " text-anchor=\"middle\" font-weight=\"bold\"");
    for (std::size_t r = 0; r < judged.agencies.size(); ++r) {
        const std::string& org = judged.agencies[r];
        const int y = kTop + kRowH * static_cast<int>(r);
        svg += text_at(kLabelW - 8, y + 20, shortened(agency_name(pop.data(), org), 44), " text-anchor=\"end\"");
        std::vector<std::string> row{agency_name(pop.data(), org)}, fills{""};
        auto cells = row_cells(pop, org);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const int x = kLabelW + kCellW * static_cast<int>(c);
            svg += rect(x + 1, y + 1, kCellW - 2, kRowH - 2, cells[c].fill, cells[c].panel);
            svg += text_at(x + kCellW / 2, y + (cells[c].panel ? 15 : 20), shortened(cells[c].text, 14), " text-anchor=\"middle\"");
            if (cells[c].panel) svg += text_at(x + kCellW / 2, y + 27, "(panel)", " text-anchor=\"middle\" font-size=\"9\"");
            row.push_back(cells[c].table_text);
            fills.push_back(cells[c].fill);
        }
        sec.table_rows.push_back(std::move(row));
        sec.cell_fills.push_back(std::move(fills));
    }
    svg += legend(s, kTop + kRowH * static_cast<int>(judged.agencies.size()) + 8);
    sec.svg = svg + "</svg>";
    sec.svg_alt = "Heat map of the " + std::to_string(judged.agencies.size()) + " agencies' ratings of the " +
                  std::to_string(s.standards.size()) + " standards, coloured by rating (the key below the picture); the table gives every rating in words.";
    sec.text = "Each agency's own rating of each standard for round " + s.audited().period +
               ", in the scale's colours with the rating written in each cell. Where the board's challenge panel rated a standard "
               "differently, the panel's rating is shown and the cell outlined; the table gives both.";
    return sec;
}

}  // namespace s11
