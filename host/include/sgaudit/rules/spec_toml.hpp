#pragma once
// A declared type (type, min, max, choices) and a value checked against it, read from rule-set
// TOML: the one implementation that parameters and list fields share, so every typed value in a
// rule file is declared and refused in the same words. `what` names the thing in messages:
// "parameter 'limit'", "list 'standards' field 'order'".
#include <cstddef>
#include <optional>
#include <string>

#include "sgaudit/rules/parameter_spec.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"

namespace sgaudit::rules {

std::size_t error_count(const Diagnostics& diags);

// `type = "whole"`: the type a declaration would most likely give `value` (text when none).
std::string suggested_type(const std::optional<Value>& value);

// A type name written at `n` ("whole", "text", ...), or an error there listing the types.
std::optional<ParamType> read_type(const std::string& what, const toml::node& n, const std::string& file, Diagnostics& diags);

// The declaration in `t` (type, and min/max or choices as the type allows), declared at
// `name_pos`. `value` is the value written with it, from which a missing type is suggested.
std::optional<ParameterSpec> read_spec(const std::string& what, const SourcePos& name_pos, const toml::table& t,
                                       const std::optional<Value>& value, const std::string& file, Diagnostics& diags);

// The value written at `n`, checked against `spec` (a whole number written 4.0 becomes 4); an
// error at n's position, followed by `note`, if it does not fit.
std::optional<Value> checked_value(const std::string& what, const ParameterSpec& spec, const toml::node& n,
                                   const std::string& note, const std::string& file, Diagnostics& diags);

}  // namespace sgaudit::rules
