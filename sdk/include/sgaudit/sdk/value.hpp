#pragma once
// The values that flow between host, plugins and rules: our own types, so plugins do not
// depend on SOCI, toml++ or any other library's representation.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sgaudit/sdk/date.hpp"

namespace sgaudit {

struct Null {
    bool operator==(const Null&) const = default;
};

using DateList = std::vector<Date>;

class Value {
public:
    using Storage = std::variant<Null, bool, std::int64_t, double, std::string, Date, DateList>;

    Value() = default;
    Value(Null) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(static_cast<std::int64_t>(i)) {}
    Value(std::int64_t i) : v_(i) {}
    Value(double d) : v_(d) {}
    Value(std::string s) : v_(std::move(s)) {}
    Value(const char* s) : v_(std::string(s)) {}
    Value(Date d) : v_(d) {}
    Value(DateList l) : v_(std::move(l)) {}

    bool is_null() const { return std::holds_alternative<Null>(v_); }
    bool is_bool() const { return std::holds_alternative<bool>(v_); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
    bool is_double() const { return std::holds_alternative<double>(v_); }
    bool is_number() const { return is_int() || is_double(); }
    bool is_text() const { return std::holds_alternative<std::string>(v_); }
    bool is_date() const { return std::holds_alternative<Date>(v_); }
    bool is_date_list() const { return std::holds_alternative<DateList>(v_); }

    bool as_bool() const { return std::get<bool>(v_); }
    std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
    double as_number() const { return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_); }
    const std::string& as_text() const { return std::get<std::string>(v_); }
    Date as_date() const { return std::get<Date>(v_); }
    const DateList& as_date_list() const { return std::get<DateList>(v_); }

    const Storage& storage() const { return v_; }
    bool operator==(const Value&) const = default;

    // The type name used in messages and declarations: null, flag/bool, number, text, date, dates.
    const char* type_name() const {
        switch (v_.index()) {
            case 0: return "null";
            case 1: return "boolean";
            case 2: case 3: return "number";
            case 4: return "text";
            case 5: return "date";
            default: return "dates";
        }
    }

    // Human-readable form for messages and evidence: ISO dates, plain numbers.
    std::string to_string() const {
        switch (v_.index()) {
            case 0: return "null";
            case 1: return as_bool() ? "true" : "false";
            case 2: return std::to_string(as_int());
            case 3: {
                std::string s = std::to_string(std::get<double>(v_));
                while (s.size() > 1 && s.back() == '0') s.pop_back();
                if (!s.empty() && s.back() == '.') s.pop_back();
                return s;
            }
            case 4: return as_text();
            case 5: return as_date().iso();
            default: {
                std::string s = "[";
                for (std::size_t i = 0; i < as_date_list().size(); ++i) s += (i ? ", " : "") + as_date_list()[i].iso();
                return s + "]";
            }
        }
    }

private:
    Storage v_;
};

// A date from a query value: PostgreSQL gives a Date, SQLite ISO text (a time part is ignored).
// Null, empty or unreadable gives nothing; use Facts::set_date where an unreadable value must
// be reported.
inline std::optional<Date> to_date(const Value& v) {
    if (v.is_date()) return v.as_date();
    if (v.is_text() && !v.as_text().empty()) return Date::parse(v.as_text());
    return std::nullopt;
}

// Text of a query value, empty for NULL.
inline std::string to_text(const Value& v) { return v.is_null() ? std::string() : v.to_string(); }

}  // namespace sgaudit
