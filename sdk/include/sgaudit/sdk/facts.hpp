#pragma once
// The named values a plugin computes for one subject; rules refer to them by name.
// A value that could not be read (a malformed date, say) is kept as an error naming the
// table.column, so any rule that needs it reports `error` instead of passing silently.
#include <map>
#include <string>
#include <string_view>

#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

class Facts {
public:
    void set(const std::string& name, Value v) {
        errors_.erase(name);
        values_[name] = std::move(v);
    }

    // A date read from case data: a Date passes through, ISO text is parsed, NULL stays NULL,
    // anything else is recorded as an error naming `table_column`.
    void set_date(const std::string& name, const Value& raw, std::string_view table_column) {
        if (raw.is_null() || raw.is_date()) return set(name, raw);
        if (raw.is_text()) {
            if (raw.as_text().empty()) return set(name, Null{});
            if (auto d = Date::parse(raw.as_text())) return set(name, *d);
        }
        set_error(name, std::string(table_column) + " holds '" + raw.to_string() + "', which is not a date (YYYY-MM-DD)");
    }

    // As set_date, for a sensitive column (a date of birth): an unreadable value is reported
    // without repeating it.
    void set_sensitive_date(const std::string& name, const Value& raw, std::string_view table_column) {
        if (raw.is_null() || raw.is_date()) return set(name, raw);
        if (raw.is_text()) {
            if (raw.as_text().empty()) return set(name, Null{});
            if (auto d = Date::parse(raw.as_text())) return set(name, *d);
        }
        set_error(name, std::string(table_column) + " holds a value that is not a date (YYYY-MM-DD)");
    }

    // A Y/N flag read from case data: 'Y' -> true, 'N' -> false, NULL/empty -> NULL.
    void set_flag(const std::string& name, const Value& raw, std::string_view table_column) {
        if (raw.is_null() || (raw.is_text() && raw.as_text().empty())) return set(name, Null{});
        if (raw.is_bool()) return set(name, raw);
        if (raw.is_text() && (raw.as_text() == "Y" || raw.as_text() == "y")) return set(name, true);
        if (raw.is_text() && (raw.as_text() == "N" || raw.as_text() == "n")) return set(name, false);
        set_error(name, std::string(table_column) + " holds '" + raw.to_string() + "', which is not a Y/N flag");
    }

    void set_error(const std::string& name, std::string message) {
        values_.erase(name);
        errors_[name] = std::move(message);
    }

    bool has(const std::string& name) const { return values_.count(name) || errors_.count(name); }
    const Value* find(const std::string& name) const {
        auto it = values_.find(name);
        return it == values_.end() ? nullptr : &it->second;
    }
    const std::string* error(const std::string& name) const {
        auto it = errors_.find(name);
        return it == errors_.end() ? nullptr : &it->second;
    }
    const std::map<std::string, Value>& values() const { return values_; }
    const std::map<std::string, std::string>& errors() const { return errors_; }

private:
    std::map<std::string, Value> values_;
    std::map<std::string, std::string> errors_;
};

}  // namespace sgaudit
