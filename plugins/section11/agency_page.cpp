// A page per agency that the board can send it: its ratings, evidence, actions and their status,
// and every check it did not meet, with what the check found.
#include "facts.hpp"
#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

bool not_met(const RuleOutcome& o) { return o.outcome == Outcome::fail || o.outcome == Outcome::waived || o.outcome == Outcome::error; }

// "Title: message" for every check not met (or not judged) among the outcomes.
std::string findings(const Outcomes* outcomes) {
    std::string out;
    if (!outcomes) return out;
    for (const auto& o : *outcomes)
        if (not_met(o)) out += (out.empty() ? "" : " | ") + o.title + ": " + (o.outcome == Outcome::error ? "could not be judged, " : "") + o.message;
    return out;
}

std::string actions_text(const Population& pop, const Judged& judged, const RatingKey& k) {
    std::string out;
    for (const Action* a : pop.actions_for(k)) {
        const RuleOutcome* on_time = outcome_of(find_outcomes(judged.action, a->id), "s11.action-on-time");
        std::string due = a->due.ok() ? (a->due.value ? "due " + a->due.value->iso() : "no due date") : "due date could not be read";
        out += (out.empty() ? "" : " | ") + a->text + " (" + (a->owner.empty() ? "no owner" : a->owner) + ", " + due + ": " +
               outcome_word(on_time) + ")";
    }
    return out.empty() ? "none" : out;
}

// The previous round's actions of the agency that are still open, with what their checks found.
std::string carried_over(const Population& pop, const Judged& judged, const std::string& org) {
    const Round* previous = pop.settings().previous();
    if (!previous) return {};
    auto before = pop.return_for(org, previous->period);
    if (!before.ret) return {};
    std::string out;
    for (const Action* a : pop.actions_of(before.ret->id)) {
        std::string f = findings(find_outcomes(judged.action, a->id));
        if (!f.empty()) out += (out.empty() ? "" : " | ") + a->standard + ", " + a->text + ": " + f;
    }
    return out.empty() ? std::string() : " Actions from round " + previous->period + " not met: " + out;
}

void add_standards(ReportSection& page, const Population& pop, const Judged& judged, const Return& r) {
    const Settings& s = pop.settings();
    page.table_header = {"Standard", "Rating", "Panel's rating", "Evidence", "Actions", "Checks not met"};
    for (const auto& st : s.standards) {
        RatingKey k{r.id, st.code};
        auto it = pop.data().ratings.find(k);
        std::string code = it == pop.data().ratings.end() ? std::string() : it->second.rating;
        const ScaleItem* item = s.scale_item(code);
        auto panel = pop.data().panel.find(k);
        std::string evidence = it == pop.data().ratings.end() ? "" : it->second.has_evidence ? "Recorded" : "None";
        page.table_rows.push_back({st.code + " " + st.title, rating_label(s, code),
                                   panel == pop.data().panel.end() ? "" : rating_label(s, panel->second.rating), evidence,
                                   actions_text(pop, judged, k), findings(find_outcomes(judged.rating, k))});
        page.cell_fills.push_back({"", item ? rag_fill(item->rag) : ""});
    }
}

ReportSection page_for(const Population& pop, const Judged& judged, const std::string& org) {
    const Settings& s = pop.settings();
    ReportSection page;
    page.id = "agency/" + org;
    page.subject_id = org;
    page.group = "Pages for each agency";
    page.group_key = "agencies";
    page.title = agency_name(pop.data(), org) + ": Section 11 round " + s.audited().period;
    const Outcomes* own = find_outcomes(judged.agency, org);
    std::string failed = findings(own);
    page.text = failed.empty() ? "The return met every check about the return as a whole." : "Checks about the return not met: " + failed;
    page.text += carried_over(pop, judged, org);
    auto one = pop.return_for(org, s.audited().period);
    page.details = {{"Round", s.audited().period + ", due " + s.audited().due.iso()}};
    if (!one.ret) {
        page.details.push_back({"Return", one.error.empty() ? "none received" : "could not be told (see the checks above)"});
        return page;
    }
    const Return& r = *one.ret;
    page.details.insert(page.details.end(),
                        {{"Return", r.id},
                         {"Submitted", r.submitted.ok() ? (r.submitted.value ? r.submitted.value->iso() : "not submitted") : "could not be read"},
                         {"Signed off by", r.signed_off.empty() ? "not recorded" : r.signed_off},
                         {"Training coverage", coverage_of(r, r.trained, "staff_trained").words()},
                         {"Vetting coverage", coverage_of(r, r.vetted, "staff_vetted").words()}});
    add_standards(page, pop, judged, r);
    return page;
}

}  // namespace

std::vector<ReportSection> agency_pages(const Population& pop, const Judged& judged) {
    std::vector<ReportSection> pages;
    for (const auto& org : judged.agencies) pages.push_back(page_for(pop, judged, org));
    return pages;
}

}  // namespace s11
