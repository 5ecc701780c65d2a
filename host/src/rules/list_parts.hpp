#pragma once
// The pieces ruleset_lists.cpp puts together: a list's declaration (list_declaration.cpp) and its
// items (list_items.cpp).
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/rule_list.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"

namespace sgaudit::rules::list_parts {

// "list 'standards'" and "list 'standards' field 'order'", as messages name them.
std::string what(const std::string& list);
std::string what(const std::string& list, const std::string& field);
std::vector<std::string> field_names(const RuleList& list);

// A list a file introduces: key, fields (in the order written), optional, description.
std::optional<RuleList> declare_list(const std::string& name, const toml::key& key, const toml::table& t,
                                     const std::string& file, Diagnostics& diags);
// A later file's changes to the declaration: new optional fields and the description only.
void amend_list(RuleList& list, const toml::table& t, const std::string& file, Diagnostics& diags);

// `remove = [...]`: drops the items with those keys.
void remove_items(RuleList& list, const toml::node& remove, const std::string& file, Diagnostics& diags);
// `items`: changes the items whose keys exist (only the fields given), appends the others.
void merge_items(RuleList& list, const toml::node& items, const std::string& file, Diagnostics& diags);

}  // namespace sgaudit::rules::list_parts
