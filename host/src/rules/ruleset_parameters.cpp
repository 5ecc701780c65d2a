#include "sgaudit/rules/ruleset_parameters.hpp"

#include "sgaudit/rules/spec_toml.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

namespace sgaudit::rules {
namespace {

const std::vector<std::string> kDeclarationKeys{"value", "type", "min", "max", "choices", "description", "source"};
const std::vector<std::string> kDeclarationOnlyKeys{"type", "min", "max", "choices"};

std::vector<std::string> names_of(const MergedParams& params) {
    std::vector<std::string> out;
    for (const auto& [k, v] : params) out.push_back(k);
    return out;
}

// ' (declared whole number from 0 to 25 at rules/x.toml:11:1)', for a value set elsewhere.
std::string declared_note(const ParameterSpec& spec) {
    return " (declared " + spec.describe() + " at " + spec.declared_at.to_string() + ")";
}

std::string what(const std::string& name) { return "parameter '" + name + "'"; }

// A parameter the packs so far do not have. In a pack that extends another, or an overlay, a
// bare value for a new name is almost always a typo, so only a full declaration adds one.
void declare(const std::string& name, const toml::key& key, const toml::node& node, const std::string& file, bool is_base,
             MergedParams& params, Diagnostics& diags) {
    const toml::table* t = node.as_table();
    if (!t) {
        auto v = to_value(node);
        const std::string shown = v && v->is_text() ? "\"" + v->as_text() + "\"" : v ? v->to_string() : "...";
        const std::string example = name + " = { value = " + shown + ", " + suggested_type(v) + ", description = \"...\" }";
        if (is_base) diags.error(pos_of(key, file), "parameter '" + name + "' must be declared with its type: " + example);
        else
            diags.error(pos_of(key, file), "unknown parameter '" + name + "'" + did_you_mean(name, names_of(params)) +
                                               "; to add a new one declare it: " + example);
        return;
    }
    check_keys(*t, kDeclarationKeys, "parameter '" + name + "'", file, diags);
    const toml::node* value_node = t->get("value");
    if (!value_node) {
        diags.error(pos_of(node, file), "parameter '" + name + "' has no value = ...");
        return;
    }
    auto spec = read_spec(what(name), pos_of(key, file), *t, to_value(*value_node), file, diags);
    auto value = spec ? checked_value(what(name), *spec, *value_node, "", file, diags) : std::nullopt;
    if (!value) return;
    MergedParam p{*value, *spec, {}, {}, file, pos_of(*value_node, file)};
    if (auto d = t->get_as<std::string>("description")) p.description = d->get();
    if (auto s = t->get_as<std::string>("source")) p.source = s->get();
    params[name] = std::move(p);
}

// A pack that extends another, or an overlay, changing an inherited parameter.
void change(const std::string& name, const toml::node& node, const std::string& file, MergedParam& p, Diagnostics& diags) {
    const toml::node* value_node = &node;
    const toml::table* t = node.as_table();
    if (t) {
        check_keys(*t, kDeclarationKeys, "parameter '" + name + "'", file, diags);
        for (const auto& k : kDeclarationOnlyKeys)
            if (const toml::node* n = t->get(k))
                diags.error(pos_of(*n, file), "parameter '" + name + "' is declared at " + p.spec.declared_at.to_string() +
                                                  " as " + p.spec.describe() + "; a pack that extends it or an overlay may "
                                                  "change only its value, description and source, not its " + k);
        value_node = t->get("value");
        if (!value_node) {
            diags.error(pos_of(node, file), "parameter '" + name + "' has no value = ...");
            return;
        }
    }
    auto value = checked_value(what(name), p.spec, *value_node, declared_note(p.spec), file, diags);
    if (!value) return;
    p.value = *value;
    p.origin = file;
    p.pos = pos_of(*value_node, file);
    if (auto d = t ? t->get_as<std::string>("description") : nullptr) p.description = d->get();
    if (auto s = t ? t->get_as<std::string>("source") : nullptr) p.source = s->get();
}

// The value of a --set: a TOML literal (4, 1.5, true, 2009-03-31, "text"), else the text as
// typed, so --set role=Allocated Case Worker needs no quotes. A text or choice parameter takes
// the text as typed even when it looks like a number.
Value set_value(const std::string& rhs, ParamType type) {
    if (type == ParamType::text || type == ParamType::choice) {
        if (rhs.size() >= 2 && rhs.front() == '"' && rhs.back() == '"') return Value(rhs.substr(1, rhs.size() - 2));
        return Value(rhs);
    }
    try {
        toml::table t = toml::parse("v = " + rhs);
        if (const toml::node* n = t.get("v"))
            if (auto v = to_value(*n)) return *v;
    } catch (const toml::parse_error&) {
    }
    return Value(rhs);
}

}  // namespace

void merge_parameters(const toml::node& parameters, const std::string& file, bool is_base, MergedParams& params,
                      Diagnostics& diags) {
    const toml::table* table = parameters.as_table();
    if (!table) {
        diags.error(pos_of(parameters, file), "[parameters] must be a table");
        return;
    }
    for (auto&& [k, v] : *table) {
        std::string name(k.str());
        auto existing = params.find(name);
        if (existing == params.end()) {
            declare(name, k, v, file, is_base, params, diags);
            if (!params.count(name)) params[name].refused = true;
        } else if (!existing->second.refused) change(name, v, file, existing->second, diags);
    }
}

std::optional<std::string> apply_set(const std::string& set, const std::string& id, const std::string& plugin,
                                     MergedParams& params, Diagnostics& diags) {
    const auto eq = set.find('=');
    if (eq == std::string::npos) {
        diags.error({"--set"}, "--set " + set + ": write --set RULESET.PARAMETER=VALUE");
        return std::nullopt;
    }
    std::string name = set.substr(0, eq);
    if (const auto dot = name.find('.'); dot != std::string::npos) {
        const std::string prefix = name.substr(0, dot);
        if (prefix != id && prefix != plugin) return std::nullopt;  // meant for another rule set
        name = name.substr(dot + 1);
    }
    auto it = params.find(name);
    if (it == params.end()) {
        diags.error({"--set"}, "--set " + set + ": rule set '" + id + "' has no parameter '" + name + "'" +
                                   did_you_mean(name, names_of(params)));
        return std::nullopt;
    }
    MergedParam& p = it->second;
    if (p.refused) return std::nullopt;  // its declaration's error says why
    auto checked = conform(p.spec, set_value(set.substr(eq + 1), p.spec.type));
    if (const auto* msg = std::get_if<std::string>(&checked)) {
        diags.error({"--set"}, "--set " + set + ": '" + name + "' " + *msg + declared_note(p.spec));
        return std::nullopt;
    }
    p.value = std::get<Value>(checked);
    p.origin = "--set";
    p.pos = {"--set"};
    return id + "." + name + "=" + p.value.to_string();
}

}  // namespace sgaudit::rules
