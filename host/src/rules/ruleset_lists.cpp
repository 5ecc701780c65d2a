#include "sgaudit/rules/ruleset_lists.hpp"

#include "list_parts.hpp"

namespace sgaudit::rules {
namespace {

const std::vector<std::string> kListKeys{"key", "fields", "optional", "description", "remove", "items"};

// One [lists.NAME] table: declared by the first file that has it, changed by the later ones.
void merge_list(const toml::key& key, const toml::table& t, const std::string& file, MergedLists& merged, Diagnostics& diags) {
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
}

}  // namespace

void merge_lists(const toml::node& lists, const std::string& file, MergedLists& merged, Diagnostics& diags) {
    const toml::table* table = lists.as_table();
    if (!table) {
        diags.error(pos_of(lists, file), "[lists] must hold tables, one a list: [lists.NAME]");
        return;
    }
    for (auto&& [k, v] : *table) {
        if (const toml::table* t = v.as_table()) merge_list(k, *t, file, merged, diags);
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
