#pragma once
// The Section 11 report's sections, in the order the board reads them: the overview, the heat
// map (heat_map.hpp), the returns, coverage, sectors and change since the previous round, the
// action tracker, then one page per agency that can be sent to it.
#include <vector>

#include "judged.hpp"

namespace s11 {

sgaudit::ReportSection overview_section(const Population& pop, const Judged& judged, const sgaudit::Scope& scope);
sgaudit::ReportSection returns_section(const Population& pop, const Judged& judged);
sgaudit::ReportSection coverage_section(const Population& pop, const Judged& judged);
sgaudit::ReportSection sectors_section(const Population& pop, const Judged& judged);
sgaudit::ReportSection change_section(const Population& pop, const Judged& judged);
sgaudit::ReportSection tracker_section(const Population& pop, const Judged& judged);
std::vector<sgaudit::ReportSection> agency_pages(const Population& pop, const Judged& judged);

}  // namespace s11
