#include "sgaudit/rules/ruleset_parameters.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

namespace sgaudit::rules {
namespace {

const std::vector<std::string> kDeclarationKeys{"value", "type", "min", "max", "choices", "description", "source"};
const std::vector<std::string> kDeclarationOnlyKeys{"type", "min", "max", "choices"};

std::size_t error_count(const Diagnostics& diags) {
    return static_cast<std::size_t>(std::count_if(diags.items().begin(), diags.items().end(), [](const Diagnostic& d) {
        return d.level == Diagnostic::Level::error;
    }));
}

std::vector<std::string> names_of(const MergedParams& params) {
    std::vector<std::string> out;
    for (const auto& [k, v] : params) out.push_back(k);
    return out;
}

std::string quoted_types() {
    std::string out;
    for (const auto& t : param_type_names()) out += (out.empty() ? "" : ", ") + t;
    return out;
}

// ' (declared whole number from 0 to 25 at rules/x.toml:11:1)', for a value set elsewhere.
std::string declared_note(const ParameterSpec& spec) {
    return " (declared " + spec.describe() + " at " + spec.declared_at.to_string() + ")";
}

// `type = "whole"`, as the error for a missing type suggests it from the value.
std::string suggested_type(const std::optional<Value>& value) {
    return std::string("type = \"") + to_string(value ? inferred_param_type(*value) : ParamType::text) + "\"";
}

std::string type_hint(const std::optional<Value>& value) {
    const ParamType t = value ? inferred_param_type(*value) : ParamType::text;
    if (t == ParamType::whole || t == ParamType::number) return " (and min = ..., max = ... to bound it)";
    if (t == ParamType::text) return " (or type = \"choice\", choices = [...] if only some words are allowed)";
    return "";
}

// min or max: a number of the parameter's own type (so a whole bound fits in 32 bits), finite.
std::optional<double> read_bound(const std::string& name, const toml::table& t, const char* key, ParamType type,
                                 const std::string& file, Diagnostics& diags) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const std::string what = "parameter '" + name + "' " + key;
    if (type != ParamType::whole && type != ParamType::number) {
        diags.error(pos_of(*n, file), what + " applies only to whole and number parameters");
        return std::nullopt;
    }
    ParameterSpec unbounded;  // the type alone: finite, and whole within 32 bits for a whole parameter
    unbounded.type = type;
    auto v = to_value(*n);
    auto checked = v ? conform(unbounded, *v) : std::variant<Value, std::string>(std::string("must be a number"));
    if (const auto* msg = std::get_if<std::string>(&checked)) {
        diags.error(pos_of(*n, file), what + " " + *msg + (v ? "" : std::string(", found ") + toml_type_name(*n)));
        return std::nullopt;
    }
    return std::get<Value>(checked).as_number();
}

// choices: a non-empty list of distinct words, for a choice parameter only.
std::vector<std::string> read_choices(const std::string& name, const toml::table& t, ParamType type,
                                      const SourcePos& name_pos, const std::string& file, Diagnostics& diags) {
    const toml::node* n = t.get("choices");
    std::vector<std::string> out;
    if (type != ParamType::choice) {
        if (n) diags.error(pos_of(*n, file), "parameter '" + name + "' choices applies only to type = \"choice\"");
        return out;
    }
    const toml::array* arr = n ? n->as_array() : nullptr;
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
        auto word = arr->get(i)->value<std::string>();
        if (!word || !arr->get(i)->is_string() || word->empty() || std::count(out.begin(), out.end(), *word))
            diags.error(pos_of(*arr->get(i), file), "parameter '" + name + "' choices must be different, non-empty text");
        else
            out.push_back(*word);
    }
    if (out.empty())
        diags.error(n ? pos_of(*n, file) : name_pos, "parameter '" + name +
                                                         "' of type choice needs choices = [\"...\", \"...\"] (the words it may be)");
    return out;
}

std::optional<ParameterSpec> read_spec(const std::string& name, const toml::key& key, const toml::table& t,
                                       const std::optional<Value>& value, const std::string& file, Diagnostics& diags) {
    const std::size_t before = error_count(diags);
    ParameterSpec spec;
    spec.declared_at = pos_of(key, file);
    const toml::node* type_node = t.get("type");
    if (!type_node) {
        diags.error(spec.declared_at, "parameter '" + name + "' needs a type: add " + suggested_type(value) + type_hint(value) +
                                          "; types are " + quoted_types());
        return std::nullopt;
    }
    auto type_name = type_node->value<std::string>();
    auto type = type_name && type_node->is_string() ? parse_param_type(*type_name) : std::nullopt;
    if (!type) {
        diags.error(pos_of(*type_node, file), "parameter '" + name + "' type must be one of " + quoted_types() + ", found " +
                                                  (type_name ? "'" + *type_name + "'" : toml_type_name(*type_node)) +
                                                  (type_name ? did_you_mean(*type_name, param_type_names()) : ""));
        return std::nullopt;
    }
    spec.type = *type;
    spec.min = read_bound(name, t, "min", spec.type, file, diags);
    spec.max = read_bound(name, t, "max", spec.type, file, diags);
    if (spec.min && spec.max && *spec.min > *spec.max)
        diags.error(pos_of(*t.get("max"), file), "parameter '" + name + "' max " + describe_number(*spec.max) +
                                                     " is below its min " + describe_number(*spec.min));
    spec.choices = read_choices(name, t, spec.type, spec.declared_at, file, diags);
    if (error_count(diags) != before) return std::nullopt;
    return spec;
}

// The value written at `n`, checked against `spec`; an error at n's position if it does not fit.
std::optional<Value> checked_value(const std::string& name, const ParameterSpec& spec, const toml::node& n,
                                   const std::string& note, const std::string& file, Diagnostics& diags) {
    auto v = to_value(n);
    if (!v) {
        diags.error(pos_of(n, file), "parameter '" + name + "' must be " + spec.describe() + ", found " + toml_type_name(n));
        return std::nullopt;
    }
    auto checked = conform(spec, *v);
    if (const auto* msg = std::get_if<std::string>(&checked)) {
        diags.error(pos_of(n, file), "parameter '" + name + "' " + *msg + note);
        return std::nullopt;
    }
    return std::get<Value>(checked);
}

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
    auto spec = read_spec(name, key, *t, to_value(*value_node), file, diags);
    auto value = spec ? checked_value(name, *spec, *value_node, "", file, diags) : std::nullopt;
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
    auto value = checked_value(name, p.spec, *value_node, declared_note(p.spec), file, diags);
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
