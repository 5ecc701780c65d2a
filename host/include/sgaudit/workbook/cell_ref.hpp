#pragma once

// A1-style cell references: "B3" is row 3, column 2.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sgaudit::workbook {

inline constexpr std::uint32_t kMaxRows = 1'048'576;  // Excel's grid
inline constexpr std::uint32_t kMaxColumns = 16'384;  // XFD

struct CellPosition {
    std::uint32_t row = 0;     // 1-based
    std::uint32_t column = 0;  // 1-based
    friend bool operator==(const CellPosition&, const CellPosition&) = default;
};

// "B3" (letters in either case, then digits) within Excel's grid; "$B$3" and anything else is nullopt.
std::optional<CellPosition> parse_cell_ref(std::string_view ref);

std::string column_letters(std::uint32_t column);  // 1 -> "A", 27 -> "AA"
std::string cell_ref(std::uint32_t row, std::uint32_t column);

}  // namespace sgaudit::workbook
