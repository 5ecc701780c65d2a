#pragma once
// Small helpers for reading rule-set TOML (packs, overlays, --set values): where a node is,
// what a user would call its type, which keys a table may have, and its value.
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/toml_file.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::rules {

// file:line:column of a node or key; `fallback_file` when toml++ did not record the path.
SourcePos pos_of(const toml::node& n, const std::string& fallback_file = {});
SourcePos pos_of(const toml::key& k, const std::string& fallback_file = {});

// "text", "whole number", "number", "true/false", "date", ... for messages.
const char* toml_type_name(const toml::node& n);

// An error, with a did-you-mean, for every key of `t` not in `allowed`.
void check_keys(const toml::table& t, const std::vector<std::string>& allowed, const std::string& where,
                const std::string& file, Diagnostics& diags);

// A scalar as a Value (text, whole number, number, true/false, date); nothing for anything else.
// Numbers are taken as written: NaN and infinity included, for the caller to refuse.
std::optional<Value> to_value(const toml::node& n);

}  // namespace sgaudit::rules
