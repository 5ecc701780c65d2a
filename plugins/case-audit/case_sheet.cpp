#include "sampled_cases.hpp"

namespace ca {
using namespace sgaudit;

ReportSection case_sheet(const Subject& c, const std::string& case_type, const CaseView& v, const std::vector<RuleOutcome>& outcomes,
                         const std::string& team_name) {
    ReportSection sec;
    sec.id = "case/" + c.id;
    sec.subject_id = c.id;
    sec.title = "Case " + c.id;
    sec.group = c.area.empty() ? "No area recorded" : "Area " + c.area;
    sec.group_key = c.area;
    sec.subgroup = c.team.empty() ? "No team recorded" : "Team " + c.team + (team_name.empty() ? "" : ": " + team_name);
    sec.details = {{"Case type", case_type.empty() ? "cannot be read" : case_type},
                   {"Allocation", v.worker_text},
                   {"Compliance", score_of(outcomes).words()}};
    sec.table_header = {"Item", "Outcome", "Detail"};
    for (const auto& o : outcomes) sec.table_rows.push_back({o.title, outcome_words(o.outcome), o.message});
    return sec;
}

}  // namespace ca
