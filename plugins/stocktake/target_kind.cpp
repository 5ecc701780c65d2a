// open_by_target: something with a target date that is closed, or not yet past its target.
//   `target` (a date fact) and `closed` (a flag fact).
//   passes when `closed` is true; not applicable with no target or before the target has passed
//   (the target day itself is in time); fails, the lapse open, once the audit date is past the
//   target and it is not closed (days_overdue). A fact that cannot be read makes it an error.
// The built-in kinds do not fit: they compare two dates, and a stocktake entry records no date
// on which it became compliant, only that it is.
#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

const Value* fact_arg(const CheckInput& in, const char* arg, std::string& error) {
    auto a = in.params.find(arg);
    if (a == in.params.end() || !a->second.is_text()) {
        error = std::string("the rule gives no fact for '") + arg + "'";
        return nullptr;
    }
    const std::string& name = a->second.as_text();
    if (const std::string* e = in.facts.error(name)) {
        error = *e;
        return nullptr;
    }
    const Value* v = in.facts.find(name);
    if (!v) error = "the plugin supplied no fact '" + name + "'";
    return v;
}

std::string days(std::int64_t n) { return std::to_string(n) + " day" + (n == 1 ? "" : "s"); }

}  // namespace

CheckOutcome OpenByTarget::evaluate(const CheckInput& in) const {
    std::string error;
    const Value* target = fact_arg(in, "target", error);
    const Value* closed = error.empty() ? fact_arg(in, "closed", error) : nullptr;
    if (!error.empty()) return CheckOutcome::with(Outcome::error, error);
    if (!target->is_null() && !target->is_date())
        return CheckOutcome::with(Outcome::error, std::string("fact for 'target' is ") + target->type_name() + ", not a date");
    if (!closed->is_null() && !closed->is_bool())
        return CheckOutcome::with(Outcome::error, std::string("fact for 'closed' is ") + closed->type_name() + ", not a flag");
    if (closed->is_bool() && closed->as_bool()) return CheckOutcome::with(Outcome::pass, "closed");
    if (target->is_null()) return CheckOutcome::with(Outcome::not_applicable, "no target date is recorded");
    const Date due = target->as_date();
    Evidence ev{{"target", due}};
    if (in.as_of <= due) return CheckOutcome::with(Outcome::not_applicable, "not yet due (target " + due.iso() + ")", ev);
    const std::int64_t late = in.as_of - due;
    ev["days_overdue"] = late;
    CheckOutcome out = CheckOutcome::with(Outcome::fail, "target " + due.iso() + " passed " + days(late) + " ago", ev);
    out.lapse = Lapse::open;
    out.due = due;
    return out;
}

CheckDecl open_by_target_declaration() {
    return {"open_by_target", {"target", "closed"}, {}, {"target", "days_overdue"}, {{"target", "date"}, {"closed", "fact"}}};
}

}  // namespace stocktake
