#pragma once
// What the indicators audit hands to its sections: each rule's outcome (with its measure) for
// the council and each area, in each reporting year; and the published comparators.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/context.hpp"
#include "tally.hpp"

namespace indicators {

// [lists.benchmarks] (its items usually kept in rules/benchmarks/*.toml): published figures by
// indicator (a rule id) and reporting year ("2008/09").
struct Comparators {
    std::optional<double> statistical_neighbours, england;
    std::string conflict;  // two items for the same indicator and year: which to use cannot be told
};
using Benchmarks = std::map<std::pair<std::string, std::string>, Comparators>;
// An item naming an indicator that is not one of `rules`, or a year not written "2008/09", is an
// error naming the item: it would otherwise be ignored without a word.
Status read_benchmarks(const RecordList* list, const std::vector<std::string>& rules, Benchmarks& out);

struct Figures {
    std::vector<Year> years;
    std::vector<std::string> areas;                   // in order, each a dept_team_parent_id
    std::map<std::string, std::string> area_names;    // from ssd_department
    std::vector<std::pair<std::string, std::string>> rules;  // rule id and title, in the rule set's order
    std::optional<Date> first_referral;               // where the case data begins
    bool has_population = true;
    // Records counted for the council but in no area, by rule id and year (the by-area table says so).
    std::map<std::string, std::vector<double>> in_no_area;
    // By rule id, then subject (kCouncil or an area) and year.
    std::map<std::string, std::map<std::pair<std::string, std::size_t>, RuleOutcome>> outcomes;
    const RuleOutcome* at(const std::string& rule, const std::string& where, std::size_t year) const;
};

// A rule id ("referral-rate") as the prefix of its facts ("referral_rate"), and back.
std::string fact_key(const std::string& rule);
std::string rule_id(const std::string& fact_key);

// The sections (sections.cpp): the table in the shape of the seed's (years across; council,
// statistical neighbours and England down), one chart per indicator, the figures by area and
// the caseload table by area.
std::vector<ReportSection> indicator_sections(const Figures& f, const Benchmarks& b);
// The records behind one indicator (sgaudit run --explain RULE).
ReportSection explanation(const std::string& rule, const std::string& title, const std::vector<Counted>& counted,
                          const std::map<std::string, std::string>& area_names);
// A line chart of the council's figure beside its comparators, across the years (chart.cpp).
std::string trend_chart(const std::string& title, const std::vector<std::string>& years,
                        const std::vector<std::pair<std::string, std::vector<std::optional<double>>>>& series, const std::string& unit);

// "61.9", one decimal, as the published tables give them; "" for none.
std::string one_decimal(std::optional<double> v);

}  // namespace indicators
