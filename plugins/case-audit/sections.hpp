#pragma once
// The case-file audit's report sections: how the sample was drawn (so anyone can see it was
// fair), compliance per item by area and team, and each sampled case's items.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "case_facts.hpp"
#include "sampling.hpp"

namespace ca {

// What the history exclusion did, in words for the report.
struct HistoryUse {
    bool asked = false;      // exclude_audited_within_months > 0
    bool available = false;  // the earlier runs could be read
    std::string note;        // why not, or which runs were read
};

struct SampleStory {
    const SampleSettings& settings;
    const Sample& sample;
    const std::vector<Unclassified>& undecided;
    const std::vector<std::string>& not_in_person;
    const HistoryUse& history;
    std::string group_word;  // "area" or "team"
};

sgaudit::ReportSection sample_section(const SampleStory& story);

// A case's compliance: items met of those that apply; `errors` items could not be judged.
struct Score {
    std::size_t met = 0, applicable = 0, errors = 0;
    std::string words() const;  // "7 of 9 (77%)", or why it cannot be worked out
};
Score score_of(const std::vector<sgaudit::RuleOutcome>& outcomes);

class Compliance {
public:
    void add(const sgaudit::Subject& c, const std::vector<sgaudit::RuleOutcome>& outcomes);
    sgaudit::ReportSection section(int green_percent, int amber_percent) const;

private:
    struct Count {
        std::size_t met = 0, not_met = 0, not_applicable = 0, errors = 0;
    };
    std::map<std::tuple<std::string, std::string, std::string>, Count> by_place_;  // area, team, item title
};

sgaudit::ReportSection case_sheet(const sgaudit::Subject& c, const std::string& case_type, const CaseView& v,
                                  const std::vector<sgaudit::RuleOutcome>& outcomes, const std::string& team_name);

}  // namespace ca
