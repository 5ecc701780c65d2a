#pragma once
// Two lists of the case-audit review (review_sections.hpp): where auditors disagreed with the
// record, and the sampled cases whose audit has not come back.
#include <vector>

#include "grades.hpp"

namespace ca {

sgaudit::ReportSection disagreement_section(const std::vector<SampledCase>& cases, const Judged& judged);
sgaudit::ReportSection not_returned_section(const std::vector<SampledCase>& cases, const Judged& judged);

// A review section in the grades' group: id "grades/<id>".
sgaudit::ReportSection grades_section(const std::string& id, const std::string& title);

}  // namespace ca
