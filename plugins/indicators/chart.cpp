// A small line chart: the council's figure and its comparators across the reporting years. The
// numbers are in the table beside it; each line is named in the key and drawn in its own dash,
// so nothing is told by colour alone.
#include <algorithm>
#include <cstdio>

#include "figures.hpp"

namespace indicators {
namespace {

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

struct Style {
    const char* colour;
    const char* dash;
};
const Style kStyles[] = {{"#1F4E79", ""}, {"#B45F06", "6 4"}, {"#555555", "2 3"}};

}  // namespace

std::string trend_chart(const std::string& title, const std::vector<std::string>& years,
                        const std::vector<std::pair<std::string, std::vector<std::optional<double>>>>& series, const std::string& unit) {
    const double left = 56, top = 30, width = 380, height = 160;
    double top_value = 0;
    for (const auto& [name, values] : series)
        for (const auto& v : values)
            if (v) top_value = std::max(top_value, *v);
    if (top_value <= 0) top_value = unit == "percent" ? 100 : 1;
    top_value *= 1.1;
    const std::size_t n = years.size();
    auto x_of = [&](std::size_t i) { return left + (n <= 1 ? width / 2 : width * static_cast<double>(i) / static_cast<double>(n - 1)); };
    auto y_of = [&](double v) { return top + height - height * v / top_value; };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"indicator-trend\" width=\"600\" height=\"230\" viewBox=\"0 0 600 230\" "
                      "role=\"img\" font-family=\"sans-serif\"><title>" + xml_escape(title) + "</title>";
    svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + height) + "\" x2=\"" + num(left + width) + "\" y2=\"" + num(top + height) +
           "\" stroke=\"#999\"/>";
    for (double frac : {0.0, 0.5, 1.0}) {
        const double v = top_value / 1.1 * frac;
        svg += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y_of(v) + 4) + "\" font-size=\"10\" text-anchor=\"end\">" + num(v) + "</text>";
    }
    for (std::size_t i = 0; i < n; ++i)
        svg += "<text x=\"" + num(x_of(i)) + "\" y=\"" + num(top + height + 16) + "\" font-size=\"11\" text-anchor=\"middle\">" +
               xml_escape(years[i]) + "</text>";
    for (std::size_t s = 0; s < series.size() && s < 3; ++s) {
        const auto& [name, values] = series[s];
        std::string points;
        for (std::size_t i = 0; i < values.size() && i < n; ++i) {
            if (!values[i]) continue;
            points += num(x_of(i)) + "," + num(y_of(*values[i])) + " ";
            svg += "<circle cx=\"" + num(x_of(i)) + "\" cy=\"" + num(y_of(*values[i])) + "\" r=\"3\" fill=\"" + kStyles[s].colour +
                   "\"><title>" + xml_escape(name + " " + years[i] + ": " + num(*values[i])) + "</title></circle>";
        }
        if (!points.empty())
            svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + kStyles[s].colour + "\" stroke-width=\"2\"" +
                   (*kStyles[s].dash ? std::string(" stroke-dasharray=\"") + kStyles[s].dash + "\"" : std::string()) + "/>";
        const double ky = top + 14.0 * static_cast<double>(s);
        svg += "<line x1=\"450\" y1=\"" + num(ky) + "\" x2=\"476\" y2=\"" + num(ky) + "\" stroke=\"" + kStyles[s].colour +
               "\" stroke-width=\"2\"" + (*kStyles[s].dash ? std::string(" stroke-dasharray=\"") + kStyles[s].dash + "\"" : std::string()) + "/>";
        svg += "<text x=\"482\" y=\"" + num(ky + 4) + "\" font-size=\"11\">" + xml_escape(name) + "</text>";
    }
    return svg + "</svg>";
}

}  // namespace indicators
