#pragma once
// A stored case-audit run read back as its sample (for the workbooks and the review of grades):
// each sampled case with its place and its compliance items, exactly as the run found them.
// The sample is never drawn again here: the run is the record of what was sampled.
#include <map>
#include <string>
#include <vector>

#include "sections.hpp"
#include "sgaudit/sdk.hpp"

namespace ca {

struct SampledCase {
    std::string id, area, team, worker;
    std::string type;  // child protection, looked after, child in need; empty when the run could not tell
    std::vector<sgaudit::RuleOutcome> items;  // in the order stored; `title` is the item's short name
    Score score;
};

// The run's cases, in area, team and case order. Results of other subject kinds are passed over.
std::vector<SampledCase> sampled_cases(const sgaudit::EarlierRun& run);

// An item's short name for people ("Child seen"), or its rule id for a rule the council added.
std::string item_name(const std::string& rule);

// "Met", "Not met", "Not met (waived)", "Could not be judged", "Not applicable".
const char* outcome_words(sgaudit::Outcome o);

}  // namespace ca
