// The returns' completeness and timeliness, and each agency's training and vetting coverage:
// the data as read, beside the outcome of the rule that judged it.
#include "facts.hpp"
#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

std::string late_days(const RuleOutcome* on_time) {
    if (!on_time || on_time->outcome != Outcome::fail) return {};
    auto it = on_time->evidence.find("late_by_days");
    return it == on_time->evidence.end() ? std::string() : it->second.to_string();
}

std::string rated(const Population& pop, const Return& r) {
    std::size_t n = 0;
    for (const auto& st : pop.settings().standards) {
        auto it = pop.data().ratings.find({r.id, st.code});
        if (it != pop.data().ratings.end() && !it->second.rating.empty()) ++n;
    }
    return std::to_string(n) + " of " + std::to_string(pop.settings().standards.size());
}

// The agency's return for the round as table cells: id, due, submitted, signed off by, rated.
std::vector<std::string> return_cells(const Population& pop, const std::string& org) {
    auto one = pop.return_for(org, pop.settings().audited().period);
    if (!one.error.empty()) return {"could not be told", "", "", "", ""};
    if (!one.ret) return {"none", pop.settings().audited().due.iso(), "", "", ""};
    const Return& r = *one.ret;
    std::string due = r.due.ok() && !r.due.value ? pop.settings().audited().due.iso() : date_cell(r.due);
    return {r.id, due, date_cell(r.submitted), r.signed_off, rated(pop, r)};
}

}  // namespace

ReportSection returns_section(const Population& pop, const Judged& judged) {
    ReportSection sec;
    sec.id = "returns";
    sec.title = "Returns for round " + pop.settings().audited().period + ": received, on time, signed off, complete";
    sec.sheet = "Returns";
    sec.table_header = {"Agency", "Return", "Due", "Submitted", "Signed off by", "Standards rated", "Received", "Days late", "On time",
                        "Signed off", "Every standard rated"};
    sec.column_types = {"", "", "date", "date", "", "", "", "number", "", "", ""};
    for (const auto& org : judged.agencies) {
        const Outcomes* o = find_outcomes(judged.agency, org);
        std::vector<std::string> row{agency_name(pop.data(), org)};
        for (auto& c : return_cells(pop, org)) row.push_back(std::move(c));
        const RuleOutcome* on_time = outcome_of(o, "s11.return-on-time");
        row.insert(row.end(), {outcome_word(outcome_of(o, "s11.return-received")), late_days(on_time), outcome_word(on_time),
                               outcome_word(outcome_of(o, "s11.return-signed-off")), outcome_word(outcome_of(o, "s11.standards-rated"))});
        sec.table_rows.push_back(std::move(row));
    }
    sec.text = "Every agency under the duty, with its return for the round as recorded and what the checks found (the findings give "
               "each failure in full). Days late count from the return's due date, or the round's when the return gives none.";
    return sec;
}

ReportSection coverage_section(const Population& pop, const Judged& judged) {
    ReportSection sec;
    sec.id = "coverage";
    sec.title = "Safeguarding training and vetting coverage by agency, round " + pop.settings().audited().period;
    sec.sheet = "Coverage";
    sec.table_header = {"Agency", "Training: trained of staff in contact", "Training check", "Vetting: vetted of staff in contact",
                        "Vetting check"};
    for (const auto& org : judged.agencies) {
        const Outcomes* o = find_outcomes(judged.agency, org);
        auto one = pop.return_for(org, pop.settings().audited().period);
        const Return* r = one.error.empty() ? one.ret : nullptr;
        std::string training = r ? coverage_of(*r, r->trained, "staff_trained").words() : "";
        std::string vetting = r ? coverage_of(*r, r->vetted, "staff_vetted").words() : "";
        sec.table_rows.push_back({agency_name(pop.data(), org), training, outcome_word(outcome_of(o, "s11.training-coverage")), vetting,
                                  outcome_word(outcome_of(o, "s11.vetting-coverage"))});
    }
    sec.text = "Staff trained in safeguarding, and staff with a current check, as shares of the staff in contact with children and "
               "families, against the rule set's thresholds. Figures that cannot both be true (more trained or vetted than in "
               "contact) could not be worked out: the findings name the return to correct.";
    return sec;
}

}  // namespace s11
