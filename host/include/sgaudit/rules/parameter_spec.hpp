#pragma once
// What a rule-set parameter may hold: its declared type, range and choices (docs/rules.md,
// "Parameter declarations"). Every value -- from a pack, an overlay or --set -- is checked
// against its declaration before the engine or a plugin sees it, so NaN, infinity, a
// fraction where a count is meant or a word that is not one of the choices never reaches a
// rule.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::rules {

enum class ParamType { whole, number, text, date, flag, choice };

// The names rule files use: whole, number, text, date, flag, choice.
const char* to_string(ParamType t);
std::optional<ParamType> parse_param_type(std::string_view name);
const std::vector<std::string>& param_type_names();

// The type a declaration would most likely give a value, for "did you mean" suggestions.
ParamType inferred_param_type(const Value& v);

// Whole parameters are 32-bit, so a plugin may use them as an int.
inline constexpr double kWholeMin = -2147483648.0;
inline constexpr double kWholeMax = 2147483647.0;

struct ParameterSpec {
    ParamType type = ParamType::text;
    std::optional<double> min, max;    // whole and number only
    std::vector<std::string> choices;  // choice only
    SourcePos declared_at;             // the parameter's name in the pack that declared it

    // "whole number from 0 to 25", "number of at least 0", "one of audit_date, plan_start", "text".
    std::string describe() const;
};

// Checks a value against its declaration. On success gives the value as rules and plugins
// see it (a whole parameter written 4.0 becomes the whole number 4); otherwise a message such
// as "must be from 0 to 25, found 2147483648", to follow the parameter's name.
std::variant<Value, std::string> conform(const ParameterSpec& spec, const Value& v);

// A number as a message shows it: "1.5", "1e+308", "nan (not a number)", "inf (infinite)".
std::string describe_number(double d);

}  // namespace sgaudit::rules
