#pragma once
// The [parameters] of a rule set as packs, overlays and --set build them up (docs/rules.md,
// "Parameter declarations"). The pack that introduces a parameter declares its type and range
// once; a pack that extends it, an overlay or --set may change only its value (and its
// description and source). Every value is checked against the declaration where it is
// written, with file:line:column (or the --set argument), before anything uses it.
#include <map>
#include <optional>
#include <string>

#include "sgaudit/rules/parameter_spec.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"

namespace sgaudit::rules {

struct MergedParam {
    Value value;  // already checked against spec
    ParameterSpec spec;
    std::string description, source;
    std::string origin;  // the file (or "--set") that set the value
    SourcePos pos;       // where the value was written
    // Declared, but the declaration or its value was refused (and reported): rules that use it
    // are not also told it is unknown, and nothing changes it.
    bool refused = false;
};
using MergedParams = std::map<std::string, MergedParam>;

// Applies a pack's [parameters] table. In the base pack every entry is a declaration; in a
// pack that extends another, or an overlay, an entry changes an inherited value or (written
// as a full declaration) adds a new parameter.
void merge_parameters(const toml::node& parameters, const std::string& file, bool is_base, MergedParams& params,
                      Diagnostics& diags);

// Applies one "--set RULESET.PARAM=VALUE" (or "PARAM=VALUE") to the rule set `id` of `plugin`.
// Gives the override as the report records it ("id.param=value"); nothing when the argument
// names another rule set, or is wrong (then an error names the argument).
std::optional<std::string> apply_set(const std::string& set, const std::string& id, const std::string& plugin,
                                     MergedParams& params, Diagnostics& diags);

}  // namespace sgaudit::rules
