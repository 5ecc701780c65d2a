#pragma once
// A rule set as the engine uses it: the result of a pack, the packs it extends, any overlay
// files and --set overrides, with where every value came from.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/rules/expression.hpp"
#include "sgaudit/rules/parameter_spec.hpp"
#include "sgaudit/rules/rule_list.hpp"
#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::rules {

struct Parameter {
    std::string name;
    Value value;
    std::string description, source;  // source: the guidance it comes from
    SourcePos defined_at;             // where its value was last set
    std::string origin;               // the file (or "--set") that set the effective value
    ParameterSpec spec;               // its declared type and range; `value` fits it
};

struct Reference {
    std::string source, section, url;
};

// A check argument: a literal, a "$parameter" reference, or a fact name.
struct CheckArg {
    Value literal;
    std::string parameter;  // non-empty for "$name"
    SourcePos pos;
};

struct Rule {
    std::string id, title, description, subject, message, action;
    // What to do about a timeliness finding that is over (done late, or the case ended without
    // it): learning rather than action. `action` is for one still open; empty means `action`.
    std::string action_over;
    Severity severity = Severity::medium;
    std::vector<Reference> references;
    std::vector<std::string> tags;
    bool enabled = true;
    std::shared_ptr<const Expression> when;
    std::string check_kind;
    std::map<std::string, CheckArg> check_args;
    std::shared_ptr<const Expression> check_expr;  // for kind = "expression"
    SourcePos defined_at;
    std::string origin;  // the file that last defined or changed it
};

struct RuleFile {
    std::string path, sha256;
};

struct RuleSet {
    std::string id, version, plugin, description, calendar = "england-and-wales";
    // "practice": what was done for children (its findings go on the work list); "data_quality":
    // whether the records can be relied on (reported apart, never mixed into practice figures).
    std::string purpose = "practice";
    bool data_quality() const { return purpose == "data_quality"; }
    std::vector<RuleFile> files;  // the pack chain, base first, then overlays
    std::map<std::string, Parameter> parameters;
    std::map<std::string, RuleList, std::less<>> lists;  // structured content ([lists.NAME])
    std::vector<Rule> rules;
    std::vector<std::string> removed;    // rule ids removed by a pack
    std::vector<std::string> overrides;  // "ruleset.param=value" from --set, in order

    const Rule* find_rule(const std::string& id) const;
    std::optional<Value> parameter(const std::string& name) const;
    const RecordList* list(std::string_view name) const noexcept;  // null when there is no such list
};

}  // namespace sgaudit::rules
