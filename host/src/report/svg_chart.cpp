#include "sgaudit/report/svg_chart.hpp"

#include "sgaudit/sdk/context.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace sgaudit::report {

std::string percent_text(double rate) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d%%", static_cast<int>(std::floor(rate * 100.0 + 1e-9)));
    return buf;
}

std::string shorten(const std::string& s, std::size_t max) {
    std::size_t chars = 0, i = 0, cut = std::string::npos;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (chars == max - 1) cut = i;
        if (++chars > max) return s.substr(0, cut) + "…";
    }
    return s;
}

std::string svg_problem(const std::string& svg) {
    std::string lower;
    for (char c : svg) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto trimmed_end = lower.find_last_not_of(" \n\r\t");
    if (lower.rfind("<svg", 0) != 0 || trimmed_end == std::string::npos || lower.compare(trimmed_end - 5, 6, "</svg>") != 0)
        return "it is not a single <svg> element";
    for (const char* bad : {"<script", "<foreignobject", "javascript:", "<iframe", "<image", "<use", "@import"})
        if (lower.find(bad) != std::string::npos) return std::string("it contains ") + bad;
    for (std::size_t p = lower.find(" on"); p != std::string::npos; p = lower.find(" on", p + 3)) {
        std::size_t e = p + 3;
        while (e < lower.size() && std::isalpha(static_cast<unsigned char>(lower[e]))) ++e;
        if (e < lower.size() && lower[e] == '=') return "it has an event handler attribute";
    }
    for (const char* ref : {"href=\"", "href='", "url("})
        for (std::size_t p = lower.find(ref); p != std::string::npos; p = lower.find(ref, p + 1)) {
            std::size_t v = p + std::string(ref).size();
            if (v < lower.size() && lower[v] != '#') return "it refers to something outside the report";
        }
    return {};
}

std::string pass_rate_chart(const std::string& title, const std::vector<Bar>& bars) {
    // Sized for an A4 page: labels on the left, bars to 100%, the figure after each bar.
    const int label_w = 270, bar_w = 300, row_h = 22, top = 8, width = label_w + bar_w + 150;
    const int height = top * 2 + row_h * static_cast<int>(bars.size());
    char buf[1024];
    std::string svg;
    std::snprintf(buf, sizeof buf,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                  "role=\"img\" aria-label=\"%s\">",
                  width, height, width, height, xml_escape(title).c_str());
    svg += buf;
    svg += "<title>" + xml_escape(title) + "</title><desc>Pass rate = pass / (pass + fail + waived); the table beside gives the figures.</desc>";
    for (int pct : {0, 50, 100}) {
        int x = label_w + bar_w * pct / 100;
        std::snprintf(buf, sizeof buf, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>", x, top - 4, x, height - top + 4);
        svg += buf;
    }
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        int y = top + static_cast<int>(i) * row_h;
        std::string label = shorten(b.label, 42);
        std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">", label_w - 8, y + 15);
        svg += buf + xml_escape(label) + "</text>";
        if (b.rate) {
            int w = static_cast<int>(std::lround(*b.rate * bar_w));
            const char* cls = *b.rate >= 0.9 ? "good" : *b.rate >= 0.7 ? "fair" : "poor";
            std::snprintf(buf, sizeof buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"bar %s\"/>", label_w, y + 3,
                          w, row_h - 6, cls);
            svg += buf;
            std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" class=\"value\">", label_w + w + 6, y + 15);
            svg += buf + percent_text(*b.rate);
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
