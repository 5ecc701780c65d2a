#include "sgaudit/workbook/cell_ref.hpp"

namespace sgaudit::workbook {

std::optional<CellPosition> parse_cell_ref(std::string_view ref) {
    std::size_t i = 0;
    std::uint32_t column = 0;
    for (; i < ref.size() && i < 3; ++i) {
        char c = ref[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
    }
    if (i == 0 || column > kMaxColumns) return std::nullopt;
    const std::size_t digits = ref.size() - i;
    if (digits == 0 || digits > 7 || ref[i] == '0') return std::nullopt;
    std::uint32_t row = 0;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
        row = row * 10 + static_cast<std::uint32_t>(ref[i] - '0');
    }
    if (row > kMaxRows) return std::nullopt;
    return CellPosition{row, column};
}

std::string column_letters(std::uint32_t column) {
    std::string letters;
    while (column > 0) {
        const std::uint32_t rest = (column - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + rest));
        column = (column - 1) / 26;
    }
    return letters;
}

std::string cell_ref(std::uint32_t row, std::uint32_t column) {
    return column_letters(column) + std::to_string(row);
}

}  // namespace sgaudit::workbook
