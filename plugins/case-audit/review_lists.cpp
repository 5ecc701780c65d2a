#include "review_lists.hpp"

#include <map>

namespace ca {
using namespace sgaudit;

ReportSection grades_section(const std::string& id, const std::string& title) {
    ReportSection s;
    s.id = "grades/" + id;
    s.title = title;
    s.group = "Case-file audit: the auditors' grades";
    s.group_key = "grades";
    return s;
}

ReportSection disagreement_section(const std::vector<SampledCase>& cases, const Judged& judged) {
    ReportSection s = grades_section("disagreements", "Where auditors disagreed with the record");
    std::map<std::string, const SampledCase*> by_id;
    for (const auto& c : cases) by_id[c.id] = &c;
    s.table_header = {"Case", "Area", "Team", "Item", "The record says", "Auditor"};
    std::size_t answered = 0;
    for (const auto& check : judged.checks) {
        ++answered;
        if (check.agrees) continue;
        auto c = by_id.find(check.case_id);
        if (c == by_id.end()) continue;
        std::string says = "(not in the run)";
        for (const auto& o : c->second->items)
            if (o.rule == check.item) says = outcome_words(o.outcome);
        auto g = judged.grades.find(check.case_id);
        s.table_rows.push_back({check.case_id, c->second->area, c->second->team, item_name(check.item), says,
                                g == judged.grades.end() ? std::string("(not graded)") : g->second.auditor});
    }
    s.text = std::to_string(s.table_rows.size()) + " of the " + std::to_string(answered) + " item(s) auditors answered: the case "
             "file does not bear out what the record says. The auditors' notes are in the workbooks.";
    return s;
}

ReportSection not_returned_section(const std::vector<SampledCase>& cases, const Judged& judged) {
    ReportSection s = grades_section("not-returned", "Audits not yet returned");
    s.table_header = {"Case", "Area", "Team", "Allocated worker"};
    for (const auto& c : cases)
        if (!judged.grades.count(c.id)) s.table_rows.push_back({c.id, c.area, c.team, c.worker});
    s.text = std::to_string(s.table_rows.size()) + " of the " + std::to_string(cases.size()) + " sampled case(s) have no grade yet.";
    return s;
}

}  // namespace ca
