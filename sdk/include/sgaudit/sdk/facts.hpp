#pragma once
// The named values a plugin computes for one subject; rules refer to them by name.
// A value that could not be read (a malformed date, say) is kept as an error naming the
// table.column, so any rule that needs it reports `error` instead of passing silently.
#include <map>
#include <string>
#include <string_view>

#include "sgaudit/sdk/read.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

class Facts {
public:
    void set(const std::string& name, Value v) {
        errors_.erase(name);
        values_[name] = std::move(v);
    }

    // A date read from case data (see read.hpp): a Date passes through, ISO text is parsed,
    // NULL or empty stays NULL, anything else is recorded as an error naming `table_column`
    // and `row_key` ("cppl_cp_plan_id=P1"), never quoting the value.
    void set_date(const std::string& name, const Value& raw, std::string_view table_column, std::string_view row_key = {}) {
        set(name, read_date(raw, table_column, row_key));
    }
    // Kept for plugins written against SDK 0.1: identical to set_date, which no longer quotes
    // any value.
    void set_sensitive_date(const std::string& name, const Value& raw, std::string_view table_column, std::string_view row_key = {}) {
        set_date(name, raw, table_column, row_key);
    }
    // A flag read from case data: Y/N, Yes/No, 1/0, True/False in any case (see read.hpp);
    // NULL or empty is NULL ("not recorded"); anything else an error naming where it is.
    void set_flag(const std::string& name, const Value& raw, std::string_view table_column, std::string_view row_key = {}) {
        set(name, read_flag(raw, table_column, row_key));
    }
    // A value read with read_date/read_flag: its value, NULL when not recorded, or its error.
    template <class T>
    void set(const std::string& name, const Read<T>& r) {
        if (!r.ok()) return set_error(name, r.error);
        set(name, r.value ? Value(*r.value) : Value(Null{}));
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
