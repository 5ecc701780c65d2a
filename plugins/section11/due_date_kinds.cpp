#include "due_date_kinds.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

// The date fact an argument names: a date, none, or (in `error`) why it cannot be had.
std::optional<Date> date_arg(const CheckInput& in, const char* arg, std::string& error) {
    auto a = in.params.find(arg);
    if (a == in.params.end() || !a->second.is_text()) {
        error = std::string("the rule gives no fact for '") + arg + "'";
        return std::nullopt;
    }
    const std::string& name = a->second.as_text();
    if (const std::string* e = in.facts.error(name)) {
        error = *e;
        return std::nullopt;
    }
    const Value* v = in.facts.find(name);
    if (!v) error = "the plugin supplied no fact '" + name + "'";
    else if (!v->is_null() && !v->is_date()) error = "fact '" + name + "' is " + v->type_name() + ", not a date";
    if (!error.empty() || v->is_null()) return std::nullopt;
    return v->as_date();
}

std::string days(std::int64_t n) { return std::to_string(n) + " day" + (n == 1 ? "" : "s"); }

CheckOutcome lapse(CheckOutcome out, Lapse l, Date due) {
    out.lapse = l;
    out.due = due;
    return out;
}

}  // namespace

CheckOutcome DueDateCheck::evaluate(const CheckInput& in) const {
    std::string error;
    auto done = date_arg(in, "done", error);
    auto due = error.empty() ? date_arg(in, "due", error) : std::nullopt;
    if (!error.empty()) return CheckOutcome::with(Outcome::error, error);
    if (done && *done > in.as_of) done.reset();  // not yet happened on the audit date
    if (done && !judge_lateness_) return CheckOutcome::with(Outcome::pass, "recorded " + done->iso(), {{"done", *done}});
    if (!due) return CheckOutcome::with(Outcome::not_applicable, "no due date is recorded");
    Evidence ev{{"due", *due}, {"done", done ? Value(*done) : Value(Null{})}};
    if (done) {
        if (*done <= *due) return CheckOutcome::with(Outcome::pass, "done " + done->iso() + ", due by " + due->iso(), ev);
        ev["late_by_days"] = static_cast<std::int64_t>(*done - *due);
        return lapse(CheckOutcome::with(Outcome::fail, days(*done - *due) + " late: due by " + due->iso() + ", done " + done->iso(), ev),
                     Lapse::over, *due);
    }
    if (in.as_of <= *due) return CheckOutcome::with(Outcome::not_applicable, "not yet due (due by " + due->iso() + ")", ev);
    ev["days_overdue"] = static_cast<std::int64_t>(in.as_of - *due);
    const std::string what = judge_lateness_ ? "not done" : "none recorded";
    return lapse(CheckOutcome::with(Outcome::fail, what + "; due by " + due->iso() + ", " + days(in.as_of - *due) + " overdue", ev),
                 Lapse::open, *due);
}

std::vector<CheckDecl> due_date_kind_declarations() {
    const std::map<std::string, std::string> dates{{"done", "date"}, {"due", "date"}};
    return {{"recorded_by_due", {"done", "due"}, {}, {"done", "due", "days_overdue"}, dates},
            {"done_by_due", {"done", "due"}, {}, {"done", "due", "late_by_days", "days_overdue"}, dates}};
}

}  // namespace s11
