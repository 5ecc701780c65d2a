#include "sgaudit/rules/parameter_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sgaudit::rules {

const std::vector<std::string>& param_type_names() {
    static const std::vector<std::string> names{"whole", "number", "text", "date", "flag", "choice"};
    return names;
}

const char* to_string(ParamType t) { return param_type_names()[static_cast<std::size_t>(t)].c_str(); }

std::optional<ParamType> parse_param_type(std::string_view name) {
    const auto& names = param_type_names();
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<ParamType>(it - names.begin());
}

ParamType inferred_param_type(const Value& v) {
    if (v.is_int()) return ParamType::whole;
    if (v.is_double()) return ParamType::number;
    if (v.is_bool()) return ParamType::flag;
    if (v.is_date()) return ParamType::date;
    return ParamType::text;
}

std::string describe_number(double d) {
    if (std::isnan(d)) return "nan (not a number)";
    if (std::isinf(d)) return d > 0 ? "inf (infinite)" : "-inf (infinite)";
    if (d == std::trunc(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<std::int64_t>(d));  // 3000000000, not 3e+09
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

// "from 0 to 25", "at least 0", "at most 25" or "".
std::string bounds(const std::optional<double>& min, const std::optional<double>& max) {
    if (min && max) return "from " + describe_number(*min) + " to " + describe_number(*max);
    if (min) return "at least " + describe_number(*min);
    if (max) return "at most " + describe_number(*max);
    return "";
}

// How a value is named after "found": its type and, where it helps, the value itself.
std::string found(const Value& v) {
    if (v.is_text()) return "text '" + v.as_text() + "'";
    if (v.is_int()) return "whole number " + v.to_string();
    if (v.is_double()) return "number " + describe_number(v.as_number());
    if (v.is_bool()) return std::string("true/false ") + (v.as_bool() ? "true" : "false");
    if (v.is_date()) return "date " + v.as_date().iso();
    return v.type_name();
}

std::string type_noun(const ParameterSpec& spec) {
    switch (spec.type) {
        case ParamType::whole: return "whole number";
        case ParamType::number: return "number";
        case ParamType::date: return "date";
        case ParamType::flag: return "true/false";
        case ParamType::choice: return "one of " + joined(spec.choices);
        case ParamType::text: break;
    }
    return "text";
}

std::string mismatch(const ParameterSpec& spec, const Value& v) {
    std::string hint;
    if (spec.type == ParamType::date && v.is_text() && Date::parse(v.as_text()))
        hint = " (write a date without quotes: " + v.as_text() + ")";
    return "must be " + type_noun(spec) + ", found " + found(v) + hint;
}

// The bounds a value must lie within: a whole number is also bounded by 32 bits.
std::optional<std::string> out_of_range(const ParameterSpec& spec, double x) {
    std::optional<double> lo = spec.min, hi = spec.max;
    if (spec.type == ParamType::whole) {
        lo = std::max(lo.value_or(kWholeMin), kWholeMin);
        hi = std::min(hi.value_or(kWholeMax), kWholeMax);
    }
    if ((lo && x < *lo) || (hi && x > *hi)) return "must be " + bounds(lo, hi);
    return std::nullopt;
}

std::variant<Value, std::string> conform_whole(const ParameterSpec& spec, const Value& v) {
    if (!v.is_number()) return mismatch(spec, v);
    const double x = v.as_number();
    if (!std::isfinite(x) || x != std::trunc(x)) return "must be whole number, found " + describe_number(x);
    if (auto bad = out_of_range(spec, x)) return *bad + ", found " + describe_number(x);
    return Value(static_cast<std::int64_t>(x));
}

std::variant<Value, std::string> conform_number(const ParameterSpec& spec, const Value& v) {
    if (!v.is_number()) return mismatch(spec, v);
    const double x = v.as_number();
    if (!std::isfinite(x)) return "must be a finite number, found " + describe_number(x);
    if (auto bad = out_of_range(spec, x)) return *bad + ", found " + (v.is_int() ? v.to_string() : describe_number(x));
    return v;
}

std::variant<Value, std::string> conform_choice(const ParameterSpec& spec, const Value& v) {
    if (!v.is_text()) return mismatch(spec, v);
    if (std::find(spec.choices.begin(), spec.choices.end(), v.as_text()) != spec.choices.end()) return v;
    return "must be " + type_noun(spec) + ", found '" + v.as_text() + "'" + did_you_mean(v.as_text(), spec.choices);
}

}  // namespace

std::string ParameterSpec::describe() const {
    const std::string b = type == ParamType::whole || type == ParamType::number ? bounds(min, max) : "";
    if (b.empty()) return type_noun(*this);
    return type_noun(*this) + (min && max ? " " + b : " (" + b + ")");
}

std::variant<Value, std::string> conform(const ParameterSpec& spec, const Value& v) {
    switch (spec.type) {
        case ParamType::whole: return conform_whole(spec, v);
        case ParamType::number: return conform_number(spec, v);
        case ParamType::choice: return conform_choice(spec, v);
        case ParamType::text: return v.is_text() ? std::variant<Value, std::string>(v) : mismatch(spec, v);
        case ParamType::date: return v.is_date() ? std::variant<Value, std::string>(v) : mismatch(spec, v);
        case ParamType::flag: return v.is_bool() ? std::variant<Value, std::string>(v) : mismatch(spec, v);
    }
    return mismatch(spec, v);
}

}  // namespace sgaudit::rules
