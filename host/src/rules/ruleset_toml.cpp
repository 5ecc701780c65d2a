#include "sgaudit/rules/ruleset_toml.hpp"

#include <algorithm>

namespace sgaudit::rules {

SourcePos pos_of(const toml::node& n, const std::string& fallback_file) {
    const auto& src = n.source();
    return {src.path ? *src.path : fallback_file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
}

SourcePos pos_of(const toml::key& k, const std::string& fallback_file) {
    const auto& src = k.source();
    return {src.path ? *src.path : fallback_file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
}

const char* toml_type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "text";
        case toml::node_type::integer: return "whole number";
        case toml::node_type::floating_point: return "number";
        case toml::node_type::boolean: return "true/false";
        case toml::node_type::date: return "date";
        case toml::node_type::time: return "time";
        case toml::node_type::date_time: return "date-time";
        case toml::node_type::array: return "array";
        case toml::node_type::table: return "table";
        default: return "nothing";
    }
}

void check_keys(const toml::table& t, const std::vector<std::string>& allowed, const std::string& where,
                const std::string& file, Diagnostics& diags) {
    for (auto&& [k, v] : t) {
        if (std::find(allowed.begin(), allowed.end(), std::string(k.str())) == allowed.end())
            diags.error(pos_of(k, file), "unknown key '" + std::string(k.str()) + "' in " + where +
                                             did_you_mean(k.str(), allowed));
    }
}

std::optional<Value> to_value(const toml::node& n) {
    if (auto s = n.value<std::string>(); s && n.is_string()) return Value(*s);
    if (n.is_integer()) return Value(static_cast<std::int64_t>(n.as_integer()->get()));
    if (n.is_floating_point()) return Value(n.as_floating_point()->get());
    if (n.is_boolean()) return Value(n.as_boolean()->get());
    if (n.is_date()) {
        auto d = n.as_date()->get();
        if (auto dd = Date::from_ymd(d.year, d.month, d.day)) return Value(*dd);
    }
    return std::nullopt;
}

}  // namespace sgaudit::rules
