#pragma once
// A rule set's lists in the stored run document: every record in order with where each value was
// written, so a stored run's rule set reads back as it was used.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "sgaudit/rules/rule_list.hpp"

namespace sgaudit::history {

using RuleLists = std::map<std::string, rules::RuleList, std::less<>>;

nlohmann::ordered_json lists_json(const RuleLists& lists);
RuleLists lists_of(const nlohmann::ordered_json& j);  // throws on a damaged document

}  // namespace sgaudit::history
