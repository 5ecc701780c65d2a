#pragma once
// Generic pictures the host draws for every audit (audit-specific pictures come from plugins):
// horizontal bars of pass rates. Self-contained SVG, no scripts or external references, with a
// title and description for screen readers; the report always puts the same figures in a
// table beside it.
#include <cstddef>
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

// "87%": rounded down, so a rate below 100% never shows as 100% (one failure in thousands
// still reads as a failure).
std::string percent_text(double rate);

// At most `max` characters (code points, not bytes), with an ellipsis when cut.
std::string shorten(const std::string& s, std::size_t max);

// Why a plugin's SVG may not go into the report (scripts, event handlers, foreign content,
// external references), or empty when it is acceptable.
std::string svg_problem(const std::string& svg);

}  // namespace sgaudit::report
