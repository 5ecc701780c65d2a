#include "next_due.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "sheet_words.hpp"

namespace cp4 {
using namespace sgaudit;

namespace {

const char* const kNotKnown = "Not known: a check it depends on could not be judged (below)";

const RuleOutcome* outcome_of(const std::vector<RuleOutcome>& all, std::string_view rule) {
    auto it = std::find_if(all.begin(), all.end(), [&](const RuleOutcome& o) { return o.rule == rule; });
    return it == all.end() ? nullptr : &*it;
}

std::optional<Date> evidence_date(const RuleOutcome& o, const char* key) {
    auto it = o.evidence.find(key);
    if (it == o.evidence.end() || !it->second.is_date()) return std::nullopt;
    return it->second.as_date();
}

// Still to happen: the check's evidence says it has not been held ("to" not recorded).
bool not_held(const RuleOutcome& o) {
    auto it = o.evidence.find("to");
    return it != o.evidence.end() && it->second.is_null();
}

// The first review until it is held, then the next after the latest.
std::optional<std::string> next_review(const std::vector<RuleOutcome>& all, Date as_of) {
    if (const RuleOutcome* first = outcome_of(all, "cp4.first-review")) {
        if (first->outcome == Outcome::error) return kNotKnown;
        if (auto due = evidence_date(*first, "due"); due && not_held(*first)) return due_words(*due, as_of);
    }
    if (const RuleOutcome* later = outcome_of(all, "cp4.later-reviews")) {
        if (later->outcome == Outcome::error) return kNotKnown;
        if (auto due = evidence_date(*later, "next_due")) return due_words(*due, as_of);
    }
    return std::nullopt;
}

std::optional<std::string> first_core_group(const std::vector<RuleOutcome>& all, Date as_of) {
    const RuleOutcome* cg = outcome_of(all, "cp4.first-core-group");
    if (!cg) return std::nullopt;
    if (cg->outcome == Outcome::error) return kNotKnown;
    if (auto due = evidence_date(*cg, "due"); due && not_held(*cg)) return due_words(*due, as_of);
    return std::nullopt;
}

// The visiting limit in working days after the child was last seen (or the plan began), as the
// visits rule counts it.
std::optional<std::string> next_visit(const std::vector<RuleOutcome>& all, const PlanView& v, const WorkingCalendar& cal) {
    const RuleOutcome* visits = outcome_of(all, "cp4.visits");
    if (!visits || visits->outcome == Outcome::not_applicable) return std::nullopt;
    if (visits->outcome == Outcome::error) return kNotKnown;
    const Date as_of = v.timeline.as_of;
    Date last = v.timeline.plan_start;
    if (const Value* seen = v.facts.find("seen_visits"); seen && seen->is_date_list())
        for (Date d : seen->as_date_list())
            if (d > last && d <= as_of) last = d;
    if (!cal.covers(last)) return kNotKnown;
    Date due = cal.nth_working_day_after(last, v.timeline.visit_limit);
    if (!cal.covers(due)) return kNotKnown;
    return due_words(due, as_of);
}

// Chronology and oversight: due again a set time after the latest, or overdue since.
std::optional<std::string> record_due(const std::vector<RuleOutcome>& all, std::string_view rule, Date as_of) {
    const RuleOutcome* o = outcome_of(all, rule);
    if (!o) return std::nullopt;
    if (o->outcome == Outcome::error) return kNotKnown;
    std::optional<Date> due = o->due ? o->due : evidence_date(*o, "due");
    if (!due) return std::nullopt;
    return due_words(*due, as_of);
}

}  // namespace

Details next_dates(const std::vector<RuleOutcome>& outcomes, const PlanView& v, const WorkingCalendar& cal) {
    const Date as_of = v.timeline.as_of;
    Details out;
    auto add = [&](const char* label, std::optional<std::string> when) {
        if (when) out.emplace_back(label, std::move(*when));
    };
    add("Next review conference due", next_review(outcomes, as_of));
    add("Next visit due (child to be seen)", next_visit(outcomes, v, cal));
    add("First core group due", first_core_group(outcomes, as_of));
    add("Chronology update due", record_due(outcomes, "cp4.chronology", as_of));
    add("Management oversight due", record_due(outcomes, "cp4.oversight", as_of));
    return out;
}

}  // namespace cp4
