#include "summary.hpp"

#include <algorithm>
#include <cstdio>

namespace cp4 {
using namespace sgaudit;

void Summary::add(const Subject& plan, const std::vector<RuleOutcome>& outcomes) {
    ++judged;
    for (const auto& o : outcomes) {
        // A waiver explains a finding; it does not make it untrue: a waived lapse still counts,
        // and says it is waived.
        const bool lapse = o.outcome == Outcome::fail || o.outcome == Outcome::waived;
        if ((lapse || o.outcome == Outcome::error) && o.severity >= Severity::high)
            high_failures_[plan.id].push_back(o.title + (o.outcome == Outcome::waived ? " (waived)" : ""));
        if (o.rule == qualified_rule_) {
            qualified_rule_seen_ = true;
            if (lapse) ++not_qualified_;
        }
        auto& place = by_place_[{plan.area.empty() ? "(none)" : plan.area, plan.team.empty() ? "(none)" : plan.team, o.title}];
        if (o.outcome == Outcome::pass) ++place.first;
        if (o.outcome == Outcome::fail || o.outcome == Outcome::waived) ++place.second;
    }
}

ReportSection Summary::section(int under_age_years) const {
    ReportSection summary;
    summary.id = "summary";
    // The age limit is the rule set's, so the title follows it.
    summary.title = "Plans for children under " + std::to_string(under_age_years) + ": summary";
    char share[64];
    std::snprintf(share, sizeof share, "%.1f%%", judged ? 100.0 * static_cast<double>(not_qualified_) / static_cast<double>(judged) : 0.0);
    const std::string headline = judged > 0 && !qualified_rule_seen_
                                     ? "not counted: the rule set has no enabled rule '" + qualified_rule_ +
                                           "' (set qualified_rule to the id of the rule that checks it)"
                                     : std::to_string(not_qualified_) + " (" + share + ")";
    summary.text = std::to_string(judged) + " plans reviewed. Plans not allocated to a qualified social worker: " + headline +
                   ". Children failing a high-severity check, most first:";
    summary.table_header = {"Plan", "High-severity checks failed"};
    std::vector<std::pair<std::string, std::vector<std::string>>> ranked(high_failures_.begin(), high_failures_.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
    for (const auto& [plan, checks] : ranked) {
        std::string list;
        for (const auto& c : checks) list += (list.empty() ? "" : "; ") + c;
        summary.table_rows.push_back({plan, list});
    }
    return summary;
}

ReportSection Summary::by_place_section() const {
    ReportSection places;
    places.id = "by-area-and-team";
    places.title = "Compliance by area and team, check by check";
    places.text = "Pass rate = pass / (pass + fail); waived findings count as fails (a waiver explains a lapse, it does not "
                  "undo it); checks not yet due are not counted.";
    places.table_header = {"Area", "Team", "Check", "Pass", "Fail", "Pass rate"};
    for (const auto& [key, c] : by_place_) {
        if (c.first + c.second == 0) continue;
        char rate[16];
        std::snprintf(rate, sizeof rate, "%d%%", (100 * c.first) / (c.first + c.second));  // rounded down
        places.table_rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::to_string(c.first),
                                     std::to_string(c.second), rate});
    }
    return places;
}

}  // namespace cp4
