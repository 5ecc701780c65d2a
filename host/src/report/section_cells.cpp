#include "sgaudit/report/section_cells.hpp"

#include <cctype>

namespace sgaudit::report {

bool is_fill_colour(std::string_view s) {
    if (s.size() != 7 || s[0] != '#') return false;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

bool is_column_type(std::string_view s) { return s.empty() || s == "date" || s == "number"; }

std::string accept_cell_styles(ReportSection& s) {
    std::string left_out;
    for (const auto& row : s.cell_fills)
        for (const auto& f : row)
            if (!f.empty() && !is_fill_colour(f)) {
                s.cell_fills.clear();
                left_out = "its cell colours (each must be #RRGGBB or empty)";
                break;
            }
    for (const auto& t : s.column_types)
        if (!is_column_type(t)) {
            s.column_types.clear();
            left_out += std::string(left_out.empty() ? "" : " and ") + "its column types (each must be \"\", \"date\" or \"number\")";
            break;
        }
    return left_out.empty() ? left_out : "section '" + s.id + "': " + left_out + " were left out";
}

std::string fill_at(const ReportSection& s, std::size_t row, std::size_t col) {
    if (row >= s.cell_fills.size() || col >= s.cell_fills[row].size()) return {};
    const std::string& f = s.cell_fills[row][col];
    return is_fill_colour(f) ? f : std::string();
}

std::string column_type_at(const ReportSection& s, std::size_t col) {
    if (col >= s.column_types.size() || !is_column_type(s.column_types[col])) return {};
    return s.column_types[col];
}

std::optional<Date> date_cell(const ReportSection& s, std::size_t col, const std::string& cell) {
    if (column_type_at(s, col) != "date" || cell.size() != 10) return std::nullopt;
    return Date::parse(cell);
}

}  // namespace sgaudit::report
