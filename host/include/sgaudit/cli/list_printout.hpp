#pragma once
// The lists of a rule set as `sgaudit rules show` prints them: each list's key and fields, then
// every item in order with where it, and each value changed since, was written.
#include <ostream>

#include "sgaudit/rules/ruleset.hpp"

namespace sgaudit::cli {

void print_lists(std::ostream& out, const rules::RuleSet& rs);

}  // namespace sgaudit::cli
