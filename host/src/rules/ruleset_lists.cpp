#include "sgaudit/rules/ruleset_lists.hpp"

#include "list_parts.hpp"

namespace sgaudit::rules {
namespace {

const std::vector<std::string> kListKeys{"key", "fields", "optional", "description", "remove", "items", "items_from"};
const std::vector<std::string> kItemsFileKeys{"description", "source", "items"};

// `items_from = ["benchmarks/x.toml", ...]`: items kept in files of their own (published figures
// a council replaces each year), merged after the list's own items, in the order named.
void merge_items_files(RuleList& list, const std::string& name, const toml::node& from, const std::string& file,
                       Diagnostics& diags, const ItemsFileReader& read) {
    const toml::array* paths = from.as_array();
    if (!paths) {
        diags.error(pos_of(from, file), list_parts::what(name) + " items_from must be a list of file paths, e.g. items_from = [\"benchmarks/x.toml\"]");
        return;
    }
    for (const auto& p : *paths) {
        if (!p.is_string()) {
            diags.error(pos_of(p, file), list_parts::what(name) + " items_from must name files in quotes, found " + toml_type_name(p));
            continue;
        }
        std::string items_file;
        const toml::table* t = read(p, items_file);
        if (!t) continue;
        check_keys(*t, kItemsFileKeys, "a file of list items (expected description, source and items)", items_file, diags);
        const toml::node* items = t->get("items");
        if (!items) {
            diags.error({items_file, 1, 1}, "this file holds no items = [...] for " + list_parts::what(name));
            continue;
        }
        list_parts::merge_items(list, *items, items_file, diags);
    }
}

// One [lists.NAME] table: declared by the first file that has it, changed by the later ones.
void merge_list(const toml::key& key, const toml::table& t, const std::string& file, MergedLists& merged, Diagnostics& diags,
                const ItemsFileReader& read) {
    const std::string name(key.str());
    check_keys(t, kListKeys, list_parts::what(name), file, diags);
    auto it = merged.find(name);
    if (it == merged.end()) {
        auto declared = list_parts::declare_list(name, key, t, file, diags);
        if (!declared) {
            merged[name].refused = true;
            return;
        }
        it = merged.emplace(name, MergedList{std::move(*declared), false}).first;
    } else if (it->second.refused) {
        return;
    } else {
        list_parts::amend_list(it->second.list, t, file, diags);
    }
    // Removals first, so a file may remove an item and add one back under the same key.
    if (const toml::node* remove = t.get("remove")) list_parts::remove_items(it->second.list, *remove, file, diags);
    if (const toml::node* items = t.get("items")) list_parts::merge_items(it->second.list, *items, file, diags);
    if (const toml::node* from = t.get("items_from")) merge_items_files(it->second.list, name, *from, file, diags, read);
}

}  // namespace

void merge_lists(const toml::node& lists, const std::string& file, MergedLists& merged, Diagnostics& diags,
                 const ItemsFileReader& read_items_file) {
    const toml::table* table = lists.as_table();
    if (!table) {
        diags.error(pos_of(lists, file), "[lists] must hold tables, one a list: [lists.NAME]");
        return;
    }
    for (auto&& [k, v] : *table) {
        if (const toml::table* t = v.as_table()) merge_list(k, *t, file, merged, diags, read_items_file);
        else diags.error(pos_of(k, file), list_parts::what(std::string(k.str())) + " must be a table: [lists." +
                                              std::string(k.str()) + "] with key, fields and items");
    }
}

std::map<std::string, RuleList, std::less<>> finished_lists(MergedLists&& merged) {
    std::map<std::string, RuleList, std::less<>> out;
    for (auto& [name, m] : merged)
        if (!m.refused) out.emplace(name, std::move(m.list));
    return out;
}

}  // namespace sgaudit::rules
