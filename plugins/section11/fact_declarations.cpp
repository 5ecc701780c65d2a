#include "facts.hpp"

namespace s11 {
using namespace sgaudit;

std::vector<FactDecl> fact_declarations() {
    std::vector<FactDecl> d;
    auto fact = [&](const char* kind, const char* name, const char* type, const char* what) { d.push_back({kind, name, type, what}); };
    const char* org = "organisation";
    fact(org, "round", "text", "the audited round (a period of [lists.rounds])");
    fact(org, "sector", "text", "sga_organisations.sector");
    fact(org, "return_id", "text", "the agency's return for the round; null when it has none");
    fact(org, "due_date", "date", "the return's due date, or the round's when the return gives none (or there is no return)");
    fact(org, "submitted_date", "date", "sga_s11_returns.submitted_date");
    fact(org, "submitted", "flag", "a return for the round was submitted on or before the audit date");
    fact(org, "signed_off_role", "text", "who signed the return off (sga_s11_returns.signed_off_role)");
    fact(org, "standards_unrated", "number", "standards of [lists.standards] the return gives no rating");
    fact(org, "unrated_standards", "text", "their codes, for messages");
    fact(org, "staff_in_contact", "number", "sga_s11_returns.staff_in_contact");
    fact(org, "staff_trained", "number", "sga_s11_returns.staff_trained");
    fact(org, "staff_vetted", "number", "sga_s11_returns.staff_vetted");
    fact(org, "training_coverage", "number", "staff trained / staff in contact (0 to 1); an error when trained exceeds in contact");
    fact(org, "vetting_coverage", "number", "staff vetted / staff in contact (0 to 1); an error when vetted exceeds in contact");
    fact(org, "training_figures", "text", "the training figures in words, for messages");
    fact(org, "vetting_figures", "text", "the vetting figures in words, for messages");
    const char* rating = "s11_rating";
    fact(rating, "round", "text", "the audited round");
    fact(rating, "agency", "text", "the agency (org_id) whose return it is");
    fact(rating, "return_id", "text", "the return");
    fact(rating, "standard", "text", "the standard's code");
    fact(rating, "rating", "text", "the rating's code");
    fact(rating, "known", "flag", "the standard is in [lists.standards] and the rating on [lists.scale]; an error naming the return otherwise; null when no rating is given");
    fact(rating, "label", "text", "the rating's label on the scale");
    fact(rating, "rank", "number", "the rating's rank on the scale (higher is better)");
    fact(rating, "is_top", "flag", "the rating is the highest rank on the scale");
    fact(rating, "needs_evidence", "flag", "the scale says this rating needs evidence");
    fact(rating, "needs_action", "flag", "the scale says this rating needs an action");
    fact(rating, "has_evidence", "flag", "sga_s11_ratings.evidence is recorded");
    fact(rating, "actions", "number", "actions for this standard in this return with an owner and a due date");
    fact(rating, "actions_recorded", "number", "actions for this standard in this return");
    fact(rating, "measure", "text", "what the standard's figures are ('training', 'vetting'), from [lists.standards]; null for none");
    fact(rating, "coverage", "number", "the agency's coverage for that measure (0 to 1)");
    fact(rating, "figures", "text", "those figures in words, for messages");
    fact(rating, "previous_rating", "text", "the agency's rating of the standard in the previous round");
    fact(rating, "previous_label", "text", "its label on the scale");
    fact(rating, "previous_rank", "number", "its rank on the scale");
    fact(rating, "panel_rating", "text", "the board's panel's rating (sga_s11_panel_ratings), when recorded");
    fact(rating, "panel_label", "text", "its label on the scale");
    const char* action = "s11_action";
    fact(action, "round", "text", "the round of the action's return");
    fact(action, "from_previous_round", "flag", "the action is from the previous round's return");
    fact(action, "agency", "text", "the agency (org_id)");
    fact(action, "return_id", "text", "the return");
    fact(action, "standard", "text", "the standard's code");
    fact(action, "owner", "text", "sga_s11_actions.owner");
    fact(action, "due_date", "date", "sga_s11_actions.due_date");
    fact(action, "completed_date", "date", "sga_s11_actions.completed_date");
    fact(action, "next_round_due", "date", "the due date of the round after the action's round; null when there is none");
    return d;
}

Facts undecidable_facts(const std::string& kind, const std::string& why) {
    Facts f;
    for (const auto& decl : fact_declarations())
        if (decl.subject_kind == kind) f.set_error(decl.name, why);
    return f;
}

}  // namespace s11
