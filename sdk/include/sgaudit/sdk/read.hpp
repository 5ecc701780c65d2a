#pragma once
// Reading values from case data: the one implementation of the data model's conventions
// (docs/data.md), used by every plugin and by the importer.
//
// - Identifiers are text compared after removing surrounding white space (`read_id`): real
//   extracts pad keys ("W1 "), and a padded key names the same record.
// - Dates are YYYY-MM-DD, optionally with a time part that is ignored; PostgreSQL gives Date.
// - Flags are Y/N, Yes/No, 1/0 or True/False in any case, with surrounding spaces allowed.
// - NULL (or empty text) means "not recorded". A value that is recorded but cannot be read
//   is an error naming table.column and the row's key; error text never quotes the value,
//   because it comes from a child's record.
#include <charconv>
#include <system_error>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

// One value read from a row: recorded and readable (`value`), not recorded (neither), or
// recorded but unreadable (`error`, naming table.column and the row's key).
template <class T>
struct Read {
    std::optional<T> value;
    std::string error;
    bool ok() const { return error.empty(); }
    bool recorded() const { return value.has_value() || !error.empty(); }
};

// Surrounding spaces, tabs, carriage returns and line feeds removed.
inline std::string_view trim(std::string_view s) {
    const char* ws = " \t\r\n\v\f";
    auto first = s.find_first_not_of(ws);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

// An identifier (a key or a link to one): trimmed text, empty when NULL. Numbers (SQLite may
// hand back an integer key) become their decimal text.
inline std::string read_id(const Value& v) {
    if (v.is_null()) return {};
    if (v.is_text()) return std::string(trim(v.as_text()));
    return v.to_string();
}

// "table.column (key=value)": where an unreadable value was found. `row_key` is written
// "pers_person_id=C1"; it may be empty when the row has no key.
inline std::string value_place(std::string_view table_column, std::string_view row_key) {
    std::string s(table_column);
    if (!row_key.empty()) s += " (" + std::string(row_key) + ")";
    return s;
}

// Y/N, Yes/No, 1/0, True/False in any case with surrounding white space; nothing otherwise.
inline std::optional<bool> parse_flag(std::string_view text) {
    std::string t;
    for (char c : trim(text)) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (t == "y" || t == "yes" || t == "1" || t == "true") return true;
    if (t == "n" || t == "no" || t == "0" || t == "false") return false;
    return std::nullopt;
}

inline constexpr const char* kFlagForms = "Y/N, Yes/No, 1/0 or True/False";

inline Read<bool> read_flag(const Value& v, std::string_view table_column, std::string_view row_key) {
    if (v.is_null()) return {};
    if (v.is_bool()) return {v.as_bool(), {}};
    if (v.is_int() && (v.as_int() == 0 || v.as_int() == 1)) return {v.as_int() == 1, {}};
    if (v.is_text()) {
        if (trim(v.as_text()).empty()) return {};
        if (auto f = parse_flag(v.as_text())) return {*f, {}};
    }
    return {std::nullopt, value_place(table_column, row_key) + " is not a flag (" + kFlagForms + ")"};
}

inline Read<Date> read_date(const Value& v, std::string_view table_column, std::string_view row_key) {
    if (v.is_null()) return {};
    if (v.is_date()) return {v.as_date(), {}};
    if (v.is_text()) {
        auto t = trim(v.as_text());
        if (t.empty()) return {};
        if (auto d = Date::parse(t)) return {d, {}};
    }
    return {std::nullopt, value_place(table_column, row_key) + " is not a date (YYYY-MM-DD)"};
}

// A whole number (a count): an integer, a number without a fraction, or text of digits with an
// optional minus sign, an optional fraction of zeros ("12.0", as a database may write a number)
// and surrounding white space. NULL or empty text is not recorded. Select a count column as
// CAST(column AS TEXT) where the database may hold text in it: SQLite keeps text written into an
// INTEGER column as it is, and reading it as a number would make it 0.
inline Read<std::int64_t> read_whole(const Value& v, std::string_view table_column, std::string_view row_key) {
    if (v.is_null()) return {};
    if (v.is_int()) return {v.as_int(), {}};
    if (v.is_double()) {
        double d = v.as_number();
        // NaN fails every comparison; 2^53 keeps the conversion exact.
        if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == static_cast<double>(static_cast<std::int64_t>(d)))
            return {static_cast<std::int64_t>(d), {}};
    }
    if (v.is_text()) {
        auto t = trim(v.as_text());
        if (t.empty()) return {};
        auto point = t.find('.');
        auto whole = t.substr(0, point);
        bool zero_fraction = point == std::string_view::npos || t.find_first_not_of('0', point + 1) == std::string_view::npos;
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), n);
        if (zero_fraction && !whole.empty() && ec == std::errc() && end == whole.data() + whole.size()) return {n, {}};
    }
    return {std::nullopt, value_place(table_column, row_key) + " is not a whole number"};
}

// A decimal number (a full-time equivalence, "0.5"): a number, or text of one with surrounding
// white space; NULL or empty text is not recorded; anything else (a word, "1,0", infinity) is an
// error naming table.column and the row. Select such a column as CAST(column AS TEXT) where the
// database may hold text in it (see read_whole).
inline Read<double> read_number(const Value& v, std::string_view table_column, std::string_view row_key) {
    if (v.is_null()) return {};
    if (v.is_number()) {
        double d = v.as_number();
        if (d - d == 0) return {d, {}};  // finite
    }
    if (v.is_text()) {
        auto t = trim(v.as_text());
        if (t.empty()) return {};
        double d = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d, std::chars_format::fixed);
        if (ec == std::errc() && end == t.data() + t.size() && d - d == 0) return {d, {}};
    }
    return {std::nullopt, value_place(table_column, row_key) + " is not a number"};
}

// A number of days from a rule-set parameter, refused when it is not a whole number that fits.
inline std::optional<int> whole_parameter(const std::optional<Value>& v, long min, long max) {
    if (!v || !v->is_number()) return std::nullopt;
    double d = v->as_number();
    if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max))) return std::nullopt;  // NaN fails too
    auto i = static_cast<long>(d);
    if (static_cast<double>(i) != d) return std::nullopt;
    return static_cast<int>(i);
}

}  // namespace sgaudit
