#pragma once
// The rule outcomes the host handed back for each subject (Context::evaluate with outcomes), kept
// for the report's sections: the sections show data and these outcomes, and never judge again.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "population.hpp"

namespace s11 {

using Outcomes = std::vector<sgaudit::RuleOutcome>;

struct Judged {
    std::vector<std::string> agencies;                 // judged, in the order the report lists them
    std::map<std::string, Outcomes> agency;            // by org_id
    std::map<RatingKey, Outcomes> rating;              // by return and standard
    std::map<std::string, Outcomes> action;            // by action_id
    std::map<std::string, std::string> unplaced;       // subject ("s11_rating R1/S11-1") -> why it could not be placed
    std::uint64_t evaluated = 0, to_evaluate = 0;      // ratings and actions handed to the rules, of at most so many
};

// The outcome of `rule` among a subject's outcomes, or null (rule disabled, or subject not judged).
const sgaudit::RuleOutcome* outcome_of(const Outcomes* outcomes, const std::string& rule);
const Outcomes* find_outcomes(const std::map<std::string, Outcomes>& m, const std::string& id);
const Outcomes* find_outcomes(const std::map<RatingKey, Outcomes>& m, const RatingKey& k);

}  // namespace s11
