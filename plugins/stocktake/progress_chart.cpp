// "Progress across stocktakes": each audit date's entries by status, as a table and as a chart
// of 100% bars (the table carries the numbers; the chart, the shape). Colours are always named in
// the key and the numbers are in the table, so the chart never carries meaning by colour alone.
#include <cstdio>

#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

struct Band {
    const char* name;
    const char* colour;
    std::int64_t StatusCounts::*count;
};

const Band kBands[] = {{"compliant", "#1B7F3B", &StatusCounts::compliant},
                       {"in progress", "#E0A800", &StatusCounts::in_progress},
                       {"not started", "#C62828", &StatusCounts::not_started},
                       {"not applicable", "#9E9E9E", &StatusCounts::not_applicable},
                       {"other status", "#6A1B9A", &StatusCounts::other}};

std::int64_t total_of(const StatusCounts& c) { return c.compliant + c.in_progress + c.not_started + c.not_applicable + c.other; }

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string key(double y) {
    std::string svg;
    double x = 110;
    for (const Band& b : kBands) {
        svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"12\" height=\"12\" fill=\"" + b.colour + "\"/>";
        svg += "<text x=\"" + number(x + 16) + "\" y=\"" + number(y + 10) + "\" font-size=\"11\">" + b.name + "</text>";
        x += 22 + 6.5 * static_cast<double>(std::string(b.name).size());
    }
    return svg;
}

}  // namespace

std::string progress_chart(const std::vector<StatusCounts>& series) {
    const double left = 110, width = 420, row = 26, top = 28;
    const double height = top + row * static_cast<double>(series.size()) + 8;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"stocktake-progress\" width=\"640\" height=\"" + number(height) +
                      "\" viewBox=\"0 0 640 " + number(height) + "\" role=\"img\" font-family=\"sans-serif\">";
    svg += "<title>Entries by status at each stocktake</title>" + key(6);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const StatusCounts& c = series[i];
        const double y = top + row * static_cast<double>(i);
        svg += "<text x=\"0\" y=\"" + number(y + 14) + "\" font-size=\"12\">" + xml_escape(c.as_of.iso()) + "</text>";
        const std::int64_t total = total_of(c);
        double x = left;
        for (const Band& b : kBands) {
            const std::int64_t n = c.*(b.count);
            if (total == 0 || n == 0) continue;
            const double w = width * static_cast<double>(n) / static_cast<double>(total);
            svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(w) + "\" height=\"18\" fill=\"" + b.colour +
                   "\"><title>" + b.name + ": " + std::to_string(n) + "</title></rect>";
            x += w;
        }
        svg += "<text x=\"" + number(left + width + 8) + "\" y=\"" + number(y + 14) + "\" font-size=\"12\">" +
               percent(c.compliant, total - c.not_applicable) + " compliant</text>";
    }
    return svg + "</svg>";
}

ReportSection across_stocktakes(const std::vector<StatusCounts>& series) {
    ReportSection s;
    s.id = "progress-chart";
    s.title = "Progress across stocktakes";
    s.text = "Entries by status at each stocktake of this pack on this source in the run history (the last 12 audit dates) and "
             "now. Share compliant: compliant entries of those that apply (all but not applicable), rounded down.";
    s.table_header = {"audit date", "compliant", "in progress", "not started", "not applicable", "other status", "entries",
                      "share compliant"};
    s.column_types = {"date", "number", "number", "number", "number", "number", "number", ""};
    for (const StatusCounts& c : series)
        s.table_rows.push_back({c.as_of.iso(), std::to_string(c.compliant), std::to_string(c.in_progress), std::to_string(c.not_started),
                                std::to_string(c.not_applicable), std::to_string(c.other), std::to_string(total_of(c)),
                                percent(c.compliant, total_of(c) - c.not_applicable)});
    s.svg = progress_chart(series);
    s.svg_alt = "Entries by status at each stocktake, as 100% bars; the table gives the numbers.";
    s.sheet = "Stocktake progress";
    return s;
}

}  // namespace stocktake
