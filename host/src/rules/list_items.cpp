// A list's items: added, changed field by field, and removed by key, every value checked against
// its field's declared type where it is written.
#include <map>

#include "list_parts.hpp"
#include "sgaudit/rules/spec_toml.hpp"

namespace sgaudit::rules::list_parts {
namespace {

// ' (declared whole number at rules/base.toml:7:30)' for a field declared in another file.
std::string declared_elsewhere(const ListField& f, const std::string& file) {
    if (f.spec.declared_at.file == file) return {};
    return " (declared " + f.spec.describe() + " at " + f.spec.declared_at.to_string() + ")";
}

std::string shown(const Value& key) { return "'" + key.to_string() + "'"; }

std::vector<std::string> keys_of(const RuleList& l) {
    std::vector<std::string> out;
    for (const auto& r : l.data.records) out.push_back(r[l.data.key].to_string());
    return out;
}

// The key written at `n`, checked against the key field.
std::optional<Value> read_key_value(const RuleList& l, const std::string& w, const toml::node& n, const std::string& file,
                                    Diagnostics& diags) {
    const ListField& key = *l.field(l.data.key);
    return checked_value(w, key.spec, n, declared_elsewhere(key, file), file, diags);
}

struct ItemReader {
    RuleList& l;
    const std::string& file;
    Diagnostics& diags;
    std::map<std::string, SourcePos> seen;  // keys given in this file, and where

    // The item's key, once: a key written twice in one file is an error.
    std::optional<Value> key_of(const toml::table& t, const SourcePos& item_pos) {
        const toml::node* n = t.get(l.data.key);
        if (!n) {
            diags.error(item_pos, what(l.data.name) + " item has no " + l.data.key + " = ... (the list's key); every item needs one");
            return std::nullopt;
        }
        auto key = read_key_value(l, what(l.data.name, l.data.key), *n, file, diags);
        if (!key) return std::nullopt;
        auto [it, fresh] = seen.emplace(key->to_string(), pos_of(*n, file));
        if (!fresh) {
            diags.error(pos_of(*n, file), what(l.data.name) + " has two items with " + l.data.key + " = " + shown(*key) +
                                              " (the first at " + it->second.to_string() + ")");
            return std::nullopt;
        }
        return key;
    }

    // Sets every field the item gives; an unknown field or a value of the wrong type is an error.
    void set_fields(const toml::table& t, const Value& key, Record& record, ListItemOrigin& origin) {
        for (auto&& [k, v] : t) {
            const std::string name(k.str());
            if (name == l.data.key) continue;
            const ListField* f = l.field(name);
            if (!f) {
                diags.error(pos_of(k, file), what(l.data.name) + " item " + shown(key) + " has field '" + name +
                                                 "', which the list does not declare" + did_you_mean(name, field_names(l)));
                continue;
            }
            const std::string w = what(l.data.name) + " item " + shown(key) + " field '" + name + "'";
            if (auto value = checked_value(w, f->spec, v, declared_elsewhere(*f, file), file, diags)) {
                record.set(name, *value);
                origin.set_at[name] = pos_of(v, file);
            }
        }
    }

    // A new item must give every required field (an item with a refused value is still added,
    // so that later files do not also report it unknown).
    void add(const toml::table& t, const Value& key, const SourcePos& key_pos) {
        Record record;
        for (const auto& f : l.fields) record.set(f.name, Value());
        record.set(l.data.key, key);
        ListItemOrigin origin{key_pos, {{l.data.key, key_pos}}};
        set_fields(t, key, record, origin);
        std::string missing;
        for (const auto& f : l.fields)
            if (!f.optional && !t.get(f.name)) missing += (missing.empty() ? "" : ", ") + f.name;
        if (!missing.empty())
            diags.error(key_pos, what(l.data.name) + " item " + shown(key) + " has no " + missing +
                                     " (every item needs each field not listed in optional = [...])");
        l.data.records.push_back(std::move(record));
        l.origins.push_back(std::move(origin));
    }

    void item(const toml::node& node) {
        const toml::table& t = *node.as_table();
        auto key = key_of(t, pos_of(node, file));
        if (!key) return;
        const std::size_t at = l.find(*key);
        if (at == std::string::npos) add(t, *key, pos_of(*t.get(l.data.key), file));
        else set_fields(t, *key, l.data.records[at], l.origins[at]);
    }
};

}  // namespace

void remove_items(RuleList& l, const toml::node& remove, const std::string& file, Diagnostics& diags) {
    const toml::array* arr = remove.as_array();
    if (!arr) {
        diags.error(pos_of(remove, file), what(l.data.name) + " remove must be a list of " + l.data.key + " values, e.g. remove = [\"S9\"]");
        return;
    }
    for (const auto& n : *arr) {
        auto key = read_key_value(l, what(l.data.name) + " remove", n, file, diags);
        if (!key) continue;
        const std::size_t at = l.find(*key);
        if (at == std::string::npos)
            diags.error(pos_of(n, file), what(l.data.name) + " remove names " + shown(*key) + ", which the packs it extends do not have" +
                                             did_you_mean(key->to_string(), keys_of(l)));
        else
            l.erase(at);
    }
}

void merge_items(RuleList& l, const toml::node& items, const std::string& file, Diagnostics& diags) {
    const toml::array* arr = items.as_array();
    if (!arr || (!arr->empty() && !arr->is_array_of_tables())) {
        diags.error(pos_of(items, file), what(l.data.name) + " items must be tables: items = [{ " + l.data.key +
                                             " = ... }, ...] or [[lists." + l.data.name + ".items]]");
        return;
    }
    ItemReader reader{l, file, diags, {}};
    for (const auto& node : *arr) reader.item(node);
}

}  // namespace sgaudit::rules::list_parts
