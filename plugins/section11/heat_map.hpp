#pragma once
// The board's overview picture: agencies down, standards across, each cell coloured by the
// rating's RAG colour on the scale and with the rating written in it, so it reads in black and
// white; where the board's panel rated a standard differently, the panel's rating is shown and
// the cell outlined. One self-contained SVG, paired with the same figures as a table (with the
// same colours, and on a sheet of its own in XLSX).
#include "judged.hpp"

namespace s11 {

sgaudit::ReportSection heat_map_section(const Population& pop, const Judged& judged);

}  // namespace s11
