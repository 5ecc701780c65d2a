#include "facts.hpp"

namespace s11 {
using namespace sgaudit;

Facts action_facts(const Population& pop, const Action& a) {
    Place place = pop.action(a);
    if (place.kind == Place::undecidable) return undecidable_facts("s11_action", place.why);
    const Settings& s = pop.settings();
    const Return& ret = pop.data().returns.at(a.return_id);
    Facts f;
    f.set("round", Value(ret.period));
    f.set("from_previous_round", ret.period != s.audited().period);
    f.set("agency", Value(ret.org));
    f.set("return_id", Value(a.return_id));
    f.set("standard", Value(a.standard));
    f.set("owner", a.owner.empty() ? Value(Null{}) : Value(a.owner));
    f.set("due_date", a.due);
    f.set("completed_date", a.completed);
    const Round* next = s.round_after(ret.period);
    f.set("next_round_due", next ? Value(next->due) : Value(Null{}));
    return f;
}

}  // namespace s11
