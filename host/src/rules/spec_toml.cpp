#include "sgaudit/rules/spec_toml.hpp"

#include <algorithm>
#include <vector>

namespace sgaudit::rules {
namespace {

std::string quoted_types() {
    std::string out;
    for (const auto& t : param_type_names()) out += (out.empty() ? "" : ", ") + t;
    return out;
}

std::string type_hint(const std::optional<Value>& value) {
    const ParamType t = value ? inferred_param_type(*value) : ParamType::text;
    if (t == ParamType::whole || t == ParamType::number) return " (and min = ..., max = ... to bound it)";
    if (t == ParamType::text) return " (or type = \"choice\", choices = [...] if only some words are allowed)";
    return "";
}

// min or max: a number of the declared type (so a whole bound fits in 32 bits), finite.
std::optional<double> read_bound(const std::string& what, const toml::table& t, const char* key, ParamType type,
                                 const std::string& file, Diagnostics& diags) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const std::string where = what + " " + key;
    if (type != ParamType::whole && type != ParamType::number) {
        diags.error(pos_of(*n, file), where + " applies only to whole and number types");
        return std::nullopt;
    }
    ParameterSpec unbounded;  // the type alone: finite, and whole within 32 bits for a whole one
    unbounded.type = type;
    auto v = to_value(*n);
    auto checked = v ? conform(unbounded, *v) : std::variant<Value, std::string>(std::string("must be a number"));
    if (const auto* msg = std::get_if<std::string>(&checked)) {
        diags.error(pos_of(*n, file), where + " " + *msg + (v ? "" : std::string(", found ") + toml_type_name(*n)));
        return std::nullopt;
    }
    return std::get<Value>(checked).as_number();
}

// choices: a non-empty list of distinct words, for a choice type only.
std::vector<std::string> read_choices(const std::string& what, const toml::table& t, ParamType type, const SourcePos& name_pos,
                                      const std::string& file, Diagnostics& diags) {
    const toml::node* n = t.get("choices");
    std::vector<std::string> out;
    if (type != ParamType::choice) {
        if (n) diags.error(pos_of(*n, file), what + " choices applies only to type = \"choice\"");
        return out;
    }
    const toml::array* arr = n ? n->as_array() : nullptr;
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
        auto word = arr->get(i)->value<std::string>();
        if (!word || !arr->get(i)->is_string() || word->empty() || std::count(out.begin(), out.end(), *word))
            diags.error(pos_of(*arr->get(i), file), what + " choices must be different, non-empty text");
        else
            out.push_back(*word);
    }
    if (out.empty())
        diags.error(n ? pos_of(*n, file) : name_pos, what + " of type choice needs choices = [\"...\", \"...\"] (the words it may be)");
    return out;
}

}  // namespace

std::size_t error_count(const Diagnostics& diags) {
    return static_cast<std::size_t>(std::count_if(diags.items().begin(), diags.items().end(), [](const Diagnostic& d) {
        return d.level == Diagnostic::Level::error;
    }));
}

std::string suggested_type(const std::optional<Value>& value) {
    return std::string("type = \"") + to_string(value ? inferred_param_type(*value) : ParamType::text) + "\"";
}

std::optional<ParamType> read_type(const std::string& what, const toml::node& n, const std::string& file, Diagnostics& diags) {
    auto type_name = n.value<std::string>();
    auto type = type_name && n.is_string() ? parse_param_type(*type_name) : std::nullopt;
    if (!type)
        diags.error(pos_of(n, file), what + " type must be one of " + quoted_types() + ", found " +
                                         (type_name ? "'" + *type_name + "'" : toml_type_name(n)) +
                                         (type_name ? did_you_mean(*type_name, param_type_names()) : ""));
    return type;
}

std::optional<ParameterSpec> read_spec(const std::string& what, const SourcePos& name_pos, const toml::table& t,
                                       const std::optional<Value>& value, const std::string& file, Diagnostics& diags) {
    const std::size_t before = error_count(diags);
    ParameterSpec spec;
    spec.declared_at = name_pos;
    const toml::node* type_node = t.get("type");
    if (!type_node) {
        diags.error(name_pos, what + " needs a type: add " + suggested_type(value) + type_hint(value) + "; types are " + quoted_types());
        return std::nullopt;
    }
    auto type = read_type(what, *type_node, file, diags);
    if (!type) return std::nullopt;
    spec.type = *type;
    spec.min = read_bound(what, t, "min", spec.type, file, diags);
    spec.max = read_bound(what, t, "max", spec.type, file, diags);
    if (spec.min && spec.max && *spec.min > *spec.max)
        diags.error(pos_of(*t.get("max"), file), what + " max " + describe_number(*spec.max) + " is below its min " +
                                                     describe_number(*spec.min));
    spec.choices = read_choices(what, t, spec.type, name_pos, file, diags);
    if (error_count(diags) != before) return std::nullopt;
    return spec;
}

std::optional<Value> checked_value(const std::string& what, const ParameterSpec& spec, const toml::node& n,
                                   const std::string& note, const std::string& file, Diagnostics& diags) {
    auto v = to_value(n);
    if (!v) {
        diags.error(pos_of(n, file), what + " must be " + spec.describe() + ", found " + toml_type_name(n));
        return std::nullopt;
    }
    auto checked = conform(spec, *v);
    if (const auto* msg = std::get_if<std::string>(&checked)) {
        diags.error(pos_of(n, file), what + " " + *msg + note);
        return std::nullopt;
    }
    return std::get<Value>(checked);
}

}  // namespace sgaudit::rules
