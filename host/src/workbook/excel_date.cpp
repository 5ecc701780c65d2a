#include "sgaudit/workbook/excel_date.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>

namespace sgaudit::workbook {

namespace {

constexpr std::int32_t kDay1899_12_30 = -25569;  // days from 1970-01-01
constexpr std::int32_t kDay1904_01_01 = -24107;
constexpr double kLast1900Serial = 2958465;  // 9999-12-31
constexpr double kLast1904Serial = 2957003;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view word) {
    if (text.size() - at < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(text[at + i]) != word[i]) return false;
    return true;
}

// "[h]", "[mm]", "[ss]": a duration, not a time of day or a date.
bool is_elapsed_section(std::string_view inside) {
    if (inside.empty()) return false;
    const char first = lower(inside.front());
    if (first != 'h' && first != 'm' && first != 's') return false;
    for (char c : inside)
        if (lower(c) != first) return false;
    return true;
}

struct FormatTokens {
    bool day = false, month = false, year = false, hour = false, second = false, elapsed = false;
};

// Where the [...] section opening at `at` ends (its ']'), noting an elapsed-time section.
std::size_t skip_bracket(std::string_view code, std::size_t at, FormatTokens& tokens) {
    const std::size_t close = code.find(']', at);
    if (close == std::string_view::npos) return code.size();
    if (is_elapsed_section(code.substr(at + 1, close - at - 1))) tokens.elapsed = true;
    return close;
}

FormatTokens scan_tokens(std::string_view code) {
    FormatTokens t;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = lower(code[i]);
        if (c == '"') {
            const std::size_t close = code.find('"', i + 1);
            i = close == std::string_view::npos ? code.size() : close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is shown as it is
        } else if (c == '[') {
            i = skip_bracket(code, i, t);
        } else if (starts_with_nocase(code, i, "am/pm")) {
            i += 4;
        } else if (starts_with_nocase(code, i, "a/p")) {
            i += 2;
        } else {
            t.day |= c == 'd';
            t.month |= c == 'm';
            t.year |= c == 'y';
            t.hour |= c == 'h';
            t.second |= c == 's';
        }
    }
    return t;
}

}  // namespace

std::optional<Date> excel_serial_to_date(double serial, bool date1904) {
    if (!std::isfinite(serial)) return std::nullopt;
    // Half a millisecond, so 23:59:59.9995 counts as the next day, as Excel shows it.
    const double day = std::floor(serial + 0.5 / 86'400'000.0);
    if (date1904) {
        if (day < 0 || day > kLast1904Serial) return std::nullopt;
        return Date::from_days(kDay1904_01_01 + static_cast<std::int32_t>(day));
    }
    if (day < 1 || day > kLast1900Serial || day == 60) return std::nullopt;
    const auto n = static_cast<std::int32_t>(day);
    return Date::from_days(kDay1899_12_30 + n + (n < 60 ? 1 : 0));
}

bool is_builtin_date_format(unsigned id) { return (id >= 14 && id <= 17) || id == 22; }

bool is_date_format_code(std::string_view code) {
    const FormatTokens t = scan_tokens(code);
    if (t.elapsed) return false;
    return t.day || t.year || (t.month && !t.hour && !t.second);
}

}  // namespace sgaudit::workbook
