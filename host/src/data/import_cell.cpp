#include "sgaudit/data/import_cell.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>

#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/read.hpp"

namespace sgaudit::data {

namespace {

bool is_whole_number(std::string_view s) {
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Plain decimal notation: -12, 0.5, .5, 1.25e3. Not hexadecimal, "inf" or "nan", which strtod
// would also take.
bool is_decimal_number(std::string_view s) {
    std::size_t i = 0;
    auto sign = [&] { i += i < s.size() && (s[i] == '-' || s[i] == '+') ? 1 : 0; };
    auto digits = [&] {
        std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - from;
    };
    sign();
    std::size_t n = digits();
    if (i < s.size() && s[i] == '.') {
        ++i;
        n += digits();
    }
    if (n == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        sign();
        if (digits() == 0) return false;
    }
    return i == s.size();
}

bool is_finite_number(const std::string& s) {
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(d);
}

CheckedCell bad(std::string what) { return {std::nullopt, std::move(what), false}; }

}  // namespace

CheckedCell check_cell(const ColumnDef& column, const std::string& cell) {
    if (column.type == ColumnType::text) return {cell.empty() ? std::nullopt : std::optional<std::string>(cell), {}, false};
    // Every other kind of value may carry surrounding white space, as read.hpp reads it.
    const std::string value(trim(cell));
    if (value.empty()) return {};  // not recorded
    switch (column.type) {
        case ColumnType::id: return {value, {}, value.size() != cell.size()};
        case ColumnType::date:
            if (auto d = Date::parse(value)) return {d->iso(), {}, false};
            return bad("is not a date; write dates as YYYY-MM-DD (e.g. 2009-03-31)");
        case ColumnType::flag:
            if (auto f = parse_flag(value)) return {*f ? "Y" : "N", {}, false};
            return bad(std::string("is not a flag; write ") + kFlagForms +
                       " (stored as Y or N), or leave the cell empty when it was not recorded");
        case ColumnType::integer:
            if (is_whole_number(value)) return {value, {}, false};
            return bad("is not a whole number; write digits only (e.g. 12)");
        default:
            if (is_decimal_number(value) && is_finite_number(value)) return {value, {}, false};
            return bad("is not a number; write digits, with a dot for decimals (e.g. 0.5)");
    }
}

}  // namespace sgaudit::data
