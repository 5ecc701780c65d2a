#pragma once
// The [lists] of a rule set as packs, extending packs and overlays build them up (docs/rules.md,
// "Lists"). The pack that introduces a list declares its key and its fields' types once; a later
// pack or overlay changes the fields of the items it names by key, appends items with new keys,
// drops items with `remove = [...]`, and may add optional fields, but never changes the key or a
// field's type. Every value is checked against its field where it is written, with
// file:line:column.
#include <functional>
#include <map>
#include <string>

#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/rule_list.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"

namespace sgaudit::rules {

struct MergedList {
    RuleList list;
    // Its declaration was refused (and reported): later files neither change it nor are told it
    // is unknown.
    bool refused = false;
};
using MergedLists = std::map<std::string, MergedList, std::less<>>;

// Reads a file a list names in `items_from = [...]` (a path relative to the file that names it):
// its parsed table, kept alive for the whole load, and its path in `file`; null when it could not
// be read (reported).
using ItemsFileReader = std::function<const toml::table*(const toml::node& path, std::string& file)>;

// Applies one file's [lists] table.
void merge_lists(const toml::node& lists, const std::string& file, MergedLists& merged, Diagnostics& diags,
                 const ItemsFileReader& read_items_file);

// The lists as a rule set holds them (refused ones left out).
std::map<std::string, RuleList, std::less<>> finished_lists(MergedLists&& merged);

// Every list `plugin` declares it reads must be in `lists`, with every field it needs of the type
// it needs, present on every item. Errors name the plugin, and the rule file: where the list or
// field is declared, or `file` (the pack being loaded) for a list that is missing.
void check_required_lists(const MergedLists& lists, const plugin::Manifest& plugin, const std::string& ruleset_id,
                          const std::string& file, Diagnostics& diags);

}  // namespace sgaudit::rules
