#pragma once
// Generic pictures the host draws for every audit (audit-specific pictures come from plugins):
// horizontal bars of pass rates. Self-contained SVG, no scripts or external references, with a
// title and description for screen readers; the report always puts the same figures in a
// table beside it.
#include <optional>
#include <string>
#include <vector>

namespace sgaudit::report {

struct Bar {
    std::string label;
    std::optional<double> rate;  // 0..1; none when nothing could pass or fail
    std::string note;            // e.g. "9 of 11"
};

std::string pass_rate_chart(const std::string& title, const std::vector<Bar>& bars);

// Escapes text for HTML and SVG.
std::string xml_escape(const std::string& s);

}  // namespace sgaudit::report
