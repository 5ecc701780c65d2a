#include "grade_chart.hpp"

#include <cstdio>

namespace ca {
using namespace sgaudit;

namespace {

// Best to worst; a longer scale repeats the last colour.
const char* const kColours[] = {"#1B5E20", "#66BB6A", "#FBC02D", "#E65100", "#B71C1C"};

const char* colour(std::size_t i) { return kColours[std::min(i, std::size(kColours) - 1)]; }

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string key(const GradeScale& scale) {
    std::string svg;
    double x = 120;
    for (std::size_t i = 0; i < scale.grades.size(); ++i) {
        const std::string& name = scale.grades[i].label;
        svg += "<rect x=\"" + number(x) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + colour(i) + "\"/>";
        svg += "<text x=\"" + number(x + 16) + "\" y=\"16\" font-size=\"11\">" + xml_escape(name) + "</text>";
        x += 24 + 6.5 * static_cast<double>(name.size());
    }
    return svg;
}

}  // namespace

std::string grade_chart(const std::vector<GradeBar>& bars, const GradeScale& scale) {
    const double left = 120, width = 420, row = 26, top = 28;
    const double height = top + row * static_cast<double>(bars.size()) + 8;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"case-audit-grades\" width=\"640\" height=\"" +
                      number(height) + "\" viewBox=\"0 0 640 " + number(height) + "\" role=\"img\" font-family=\"sans-serif\">";
    svg += "<title>Grades after moderation, by area</title>" + key(scale);
    for (std::size_t b = 0; b < bars.size(); ++b) {
        const double y = top + row * static_cast<double>(b);
        svg += "<text x=\"0\" y=\"" + number(y + 14) + "\" font-size=\"12\">" + xml_escape(bars[b].label) + "</text>";
        std::size_t total = 0;
        for (std::size_t n : bars[b].counts) total += n;
        if (total == 0) {
            svg += "<text x=\"" + number(left) + "\" y=\"" + number(y + 14) + "\" font-size=\"11\">none graded yet</text>";
            continue;
        }
        double x = left;
        for (std::size_t i = 0; i < bars[b].counts.size(); ++i) {
            const double w = width * static_cast<double>(bars[b].counts[i]) / static_cast<double>(total);
            if (w <= 0) continue;
            svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(w) + "\" height=\"18\" fill=\"" +
                   colour(i) + "\"><title>" + xml_escape(scale.grades[i].label) + ": " + std::to_string(bars[b].counts[i]) +
                   "</title></rect>";
            x += w;
        }
        svg += "<text x=\"" + number(left + width + 8) + "\" y=\"" + number(y + 14) + "\" font-size=\"11\">" +
               std::to_string(total) + " graded</text>";
    }
    return svg + "</svg>";
}

}  // namespace ca
