#pragma once
// Across the plans reviewed: the seed's own measure (plans not allocated to a qualified social
// worker), who fails a high-severity check, and compliance by area and team.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace cp4 {

class Summary {
public:
    // `qualified_rule`: the rule whose failures are the headline, plans not allocated to a
    // qualified social worker. A rule set without it says so rather than counting none.
    explicit Summary(std::string qualified_rule) : qualified_rule_(std::move(qualified_rule)) {}
    std::size_t judged = 0;

    void add(const sgaudit::Subject& plan, const std::vector<sgaudit::RuleOutcome>& outcomes);
    sgaudit::ReportSection section(int under_age_years) const;
    sgaudit::ReportSection by_place_section() const;

private:
    std::string qualified_rule_;
    bool qualified_rule_seen_ = false;
    std::size_t not_qualified_ = 0;
    std::map<std::string, std::vector<std::string>> high_failures_;  // plan -> checks
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, int>> by_place_;  // (area, team, check) -> pass, fail
};

}  // namespace cp4
