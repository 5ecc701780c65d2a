// A list's declaration: its key and its fields' types, written once by the pack that introduces
// it; later files may only add optional fields and change the description.
#include <algorithm>
#include <set>

#include "list_parts.hpp"
#include "sgaudit/rules/spec_toml.hpp"

namespace sgaudit::rules::list_parts {
namespace {

const std::vector<std::string> kFieldKeys{"type", "min", "max", "choices"};

bool same_type(const ParameterSpec& a, const ParameterSpec& b) {
    return a.type == b.type && a.min == b.min && a.max == b.max && a.choices == b.choices;
}

// One entry of `fields = { ... }`: a type name, or { type = "...", min, max, choices }.
std::optional<ListField> read_field(const std::string& list, const toml::key& k, const toml::node& v, const std::string& file,
                                    Diagnostics& diags) {
    const std::string name(k.str());
    const std::string w = what(list, name);
    ListField f{name, {}, false};
    if (const toml::table* t = v.as_table()) {
        check_keys(*t, kFieldKeys, w, file, diags);
        auto spec = read_spec(w, pos_of(k, file), *t, std::nullopt, file, diags);
        if (!spec) return std::nullopt;
        f.spec = *spec;
        return f;
    }
    auto type = read_type(w, v, file, diags);
    if (!type) return std::nullopt;
    if (*type == ParamType::choice) {
        diags.error(pos_of(v, file), w + " of type choice needs its choices: write " + name +
                                         " = { type = \"choice\", choices = [\"...\", \"...\"] }");
        return std::nullopt;
    }
    f.spec.type = *type;
    f.spec.declared_at = pos_of(k, file);
    return f;
}

// The fields in the order they were written (toml++ keeps a table's keys sorted).
std::vector<ListField> read_fields(const std::string& list, const toml::node& n, const std::string& file, Diagnostics& diags) {
    std::vector<ListField> out;
    const toml::table* t = n.as_table();
    if (!t) {
        diags.error(pos_of(n, file), what(list) + " fields must be a table of field types, e.g. fields = { code = \"text\", "
                                                  "order = \"whole\" }");
        return out;
    }
    for (auto&& [k, v] : *t)
        if (auto f = read_field(list, k, v, file, diags)) out.push_back(std::move(*f));
    std::sort(out.begin(), out.end(), [](const ListField& a, const ListField& b) {
        return std::pair(a.spec.declared_at.line, a.spec.declared_at.column) < std::pair(b.spec.declared_at.line, b.spec.declared_at.column);
    });
    return out;
}

// `optional = ["..."]`, each with where it was written.
std::vector<std::pair<std::string, SourcePos>> read_optional(const std::string& list, const toml::table& t,
                                                             const std::string& file, Diagnostics& diags) {
    std::vector<std::pair<std::string, SourcePos>> out;
    const toml::node* n = t.get("optional");
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) diags.error(pos_of(*n, file), what(list) + " optional must be a list of field names, e.g. optional = [\"note\"]");
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
        auto name = arr->get(i)->value<std::string>();
        if (name && arr->get(i)->is_string()) out.emplace_back(*name, pos_of(*arr->get(i), file));
        else diags.error(pos_of(*arr->get(i), file), what(list) + " optional lists field names, as text");
    }
    return out;
}

void set_optional(RuleList& l, const std::string& name) {
    for (auto& g : l.fields) g.optional = g.optional || g.name == name;
    for (auto& g : l.data.fields) g.optional = g.optional || g.name == name;
}

// Every name written in `fields = { ... }`, its declaration refused or not.
std::set<std::string> written_names(const toml::table& t) {
    std::set<std::string> out;
    if (const toml::table* fields = t["fields"].as_table())
        for (auto&& [k, v] : *fields) out.insert(std::string(k.str()));
    return out;
}

// Marks the fields named optional; each must be one of `allowed` (the fields this file declares).
// A field whose declaration was refused has its own error.
void mark_optional(RuleList& l, const toml::table& t, const std::set<std::string>& allowed, const std::string& file,
                   Diagnostics& diags) {
    const std::set<std::string> written = written_names(t);
    for (const auto& [name, pos] : read_optional(l.data.name, t, file, diags)) {
        const ListField* f = l.field(name);
        if (!f && written.count(name)) continue;
        if (!f) {
            diags.error(pos, what(l.data.name) + " optional names field '" + name + "', which it does not declare" +
                                 did_you_mean(name, field_names(l)));
        } else if (!allowed.count(name) && !f->optional) {
            diags.error(pos, what(l.data.name, name) + " is required (declared at " + f->spec.declared_at.to_string() +
                                 "); a pack that extends it or an overlay may not make it optional");
        } else {
            set_optional(l, name);
        }
    }
}

void read_key(RuleList& l, const toml::table& t, const SourcePos& name_pos, const std::string& file, Diagnostics& diags) {
    const std::string w = what(l.data.name);
    const toml::node* n = t.get("key");
    auto key = n ? n->value<std::string>() : std::nullopt;
    if (!n || !key || !n->is_string()) {
        diags.error(n ? pos_of(*n, file) : name_pos, w + " needs key = \"FIELD\": the field that tells its items apart");
        return;
    }
    const ListField* f = l.field(*key);
    if (!f && written_names(t).count(*key)) return;  // the field's declaration was refused, and said why
    if (!f) {
        diags.error(pos_of(*n, file), w + " key '" + *key + "' is not one of its fields" + did_you_mean(*key, field_names(l)));
        return;
    }
    if (f->spec.type != ParamType::text && f->spec.type != ParamType::whole)
        diags.error(pos_of(*n, file), w + " key '" + *key + "' must be a text or whole field, not " + to_string(f->spec.type));
    if (f->optional) diags.error(pos_of(*n, file), w + " key '" + *key + "' may not be optional: every item needs one");
    l.data.key = *key;
}

void read_description(RuleList& l, const toml::table& t, const std::string& file, Diagnostics& diags) {
    const toml::node* n = t.get("description");
    if (!n) return;
    if (auto s = n->value<std::string>(); s && n->is_string()) l.description = *s;
    else diags.error(pos_of(*n, file), what(l.data.name) + " description must be text, found " + toml_type_name(*n));
}

}  // namespace

std::string what(const std::string& list) { return "list '" + list + "'"; }
std::string what(const std::string& list, const std::string& field) { return what(list) + " field '" + field + "'"; }

std::vector<std::string> field_names(const RuleList& list) {
    std::vector<std::string> out;
    for (const auto& f : list.fields) out.push_back(f.name);
    return out;
}

std::optional<RuleList> declare_list(const std::string& name, const toml::key& key, const toml::table& t,
                                     const std::string& file, Diagnostics& diags) {
    const std::size_t before = error_count(diags);
    RuleList l;
    l.data.name = name;
    l.declared_at = pos_of(key, file);
    const toml::node* fields = t.get("fields");
    if (!fields) {
        diags.error(l.declared_at, what(name) + " needs fields = { NAME = \"TYPE\", ... }: the type of each field its items have");
        return std::nullopt;
    }
    std::set<std::string> declared;
    for (auto& f : read_fields(name, *fields, file, diags)) {
        declared.insert(f.name);
        l.add_field(std::move(f));
    }
    if (declared.empty() && error_count(diags) == before) diags.error(pos_of(*fields, file), what(name) + " needs at least one field");
    mark_optional(l, t, declared, file, diags);
    read_key(l, t, l.declared_at, file, diags);
    read_description(l, t, file, diags);
    if (error_count(diags) != before) return std::nullopt;
    return l;
}

void amend_list(RuleList& l, const toml::table& t, const std::string& file, Diagnostics& diags) {
    const std::string w = what(l.data.name);
    if (const toml::node* n = t.get("key"); n && n->value<std::string>() != l.data.key)
        diags.error(pos_of(*n, file), w + " key is '" + l.data.key + "' (declared at " + l.declared_at.to_string() +
                                          "); a pack that extends it or an overlay may not change it");
    std::set<std::string> added;
    if (const toml::node* fields = t.get("fields")) {
        for (auto& f : read_fields(l.data.name, *fields, file, diags)) {
            if (const ListField* old = l.field(f.name)) {
                if (!same_type(old->spec, f.spec))
                    diags.error(f.spec.declared_at, what(l.data.name, f.name) + " is declared at " + old->spec.declared_at.to_string() +
                                                        " as " + old->spec.describe() + "; a pack that extends it or an overlay "
                                                        "may not change its type");
                continue;
            }
            added.insert(f.name);
            l.add_field(std::move(f));
        }
    }
    mark_optional(l, t, added, file, diags);
    for (const auto& name : added) {
        const ListField& f = *l.field(name);
        if (f.optional) continue;
        diags.error(f.spec.declared_at, what(l.data.name, name) + " is new in this file, so the items of the packs it extends "
                                                                  "do not have it: list it in optional = [\"" + name + "\"]");
        set_optional(l, name);  // reported once, not again for every item without it
    }
    read_description(l, t, file, diags);
}

}  // namespace sgaudit::rules::list_parts
