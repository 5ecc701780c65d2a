#pragma once
// Grades after moderation by area as 100% bars (SVG). The table beside it carries the numbers;
// every grade is named in the key, so the chart never carries meaning by colour alone.
#include <string>
#include <vector>

#include "grades.hpp"

namespace ca {

struct GradeBar {
    std::string label;                // the area, or "All areas"
    std::vector<std::size_t> counts;  // one per grade of the scale, best first
};

std::string grade_chart(const std::vector<GradeBar>& bars, const GradeScale& scale);

}  // namespace ca
