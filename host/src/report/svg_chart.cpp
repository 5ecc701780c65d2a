#include "sgaudit/report/svg_chart.hpp"

#include <cmath>
#include <cstdio>

namespace sgaudit::report {

std::string xml_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string pass_rate_chart(const std::string& title, const std::vector<Bar>& bars) {
    // Sized for an A4 page: labels on the left, bars to 100%, the figure after each bar.
    const int label_w = 260, bar_w = 330, row_h = 22, top = 8, width = label_w + bar_w + 110;
    const int height = top * 2 + row_h * static_cast<int>(bars.size());
    char buf[1024];
    std::string svg;
    std::snprintf(buf, sizeof buf,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                  "role=\"img\" aria-label=\"%s\">",
                  width, height, width, height, xml_escape(title).c_str());
    svg += buf;
    svg += "<title>" + xml_escape(title) + "</title><desc>Pass rate = pass / (pass + fail); the table beside gives the figures.</desc>";
    for (int pct : {0, 50, 100}) {
        int x = label_w + bar_w * pct / 100;
        std::snprintf(buf, sizeof buf, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>", x, top - 4, x, height - top + 4);
        svg += buf;
    }
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        int y = top + static_cast<int>(i) * row_h;
        std::string label = b.label.size() > 42 ? b.label.substr(0, 40) + "…" : b.label;
        std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">", label_w - 8, y + 15);
        svg += buf + xml_escape(label) + "</text>";
        if (b.rate) {
            int w = static_cast<int>(std::lround(*b.rate * bar_w));
            const char* cls = *b.rate >= 0.9 ? "good" : *b.rate >= 0.7 ? "fair" : "poor";
            std::snprintf(buf, sizeof buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"bar %s\"/>", label_w, y + 3,
                          w, row_h - 6, cls);
            svg += buf;
            std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" class=\"value\">%.0f%%", label_w + w + 6, y + 15, *b.rate * 100);
            svg += buf;
        } else {
            std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" class=\"value\">not judged", label_w + 6, y + 15);
            svg += buf;
        }
        if (!b.note.empty()) svg += " (" + xml_escape(b.note) + ")";
        svg += "</text>";
    }
    return svg + "</svg>";
}

}  // namespace sgaudit::report
