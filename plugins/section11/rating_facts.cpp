#include "facts.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

// The facts that follow from a rating's code on the scale: its value, not recorded (no rating
// given), or the error saying the code is not on the scale.
void set_scale(Facts& f, const Settings& s, const std::string& rating, const std::string& unknown) {
    const char* names[] = {"label", "rank", "is_top", "needs_evidence", "needs_action"};
    if (!unknown.empty()) {
        for (const char* n : names) f.set_error(n, unknown);
        return;
    }
    const ScaleItem* item = s.scale_item(rating);
    if (!item) {
        for (const char* n : names) f.set(n, Null{});
        return;
    }
    f.set("label", Value(item->label));
    f.set("rank", item->rank);
    f.set("is_top", item->rank == s.top_rank());
    f.set("needs_evidence", item->needs_evidence);
    f.set("needs_action", item->needs_action);
}

// Actions for the standard in the return: all of them, and those with an owner and a due date.
// One whose due date cannot be read, or repeated with other content, makes the count unknowable.
void set_actions(Facts& f, const Population& pop, const Rating& r) {
    std::int64_t complete = 0, recorded = 0;
    const std::string* unknowable = nullptr;
    for (const Action* a : pop.actions_for({r.return_id, r.standard})) {
        ++recorded;
        const std::string* why = !a->conflict.empty() ? &a->conflict : !a->due.ok() ? &a->due.error : nullptr;
        if (why && !unknowable) unknowable = why;
        if (!why && !a->owner.empty() && a->due.value) ++complete;
    }
    f.set("actions_recorded", recorded);
    if (unknowable) f.set_error("actions", *unknowable);
    else f.set("actions", complete);
}

// The agency's figures for the standard's measure (training or vetting), when it has one.
void set_coverage(Facts& f, const Standard* st, const Return& ret) {
    std::string measure = st ? st->measure : std::string();
    f.set("measure", measure.empty() ? Value(Null{}) : Value(measure));
    if (measure.empty()) {
        f.set("coverage", Null{});
        f.set("figures", Null{});
        return;
    }
    bool training = measure == "training";
    Coverage c = training ? coverage_of(ret, ret.trained, "staff_trained") : coverage_of(ret, ret.vetted, "staff_vetted");
    f.set("coverage", c.share);
    f.set("figures", Value(c.figures));
}

// Another rating of the same standard (the previous round's, or the panel's), read on the scale.
void set_other(Facts& f, const Settings& s, const char* code_fact, const char* label_fact, const char* rank_fact,
               const std::string& code, const std::string& error, const std::string& whose) {
    if (!error.empty()) {
        for (const char* n : {code_fact, label_fact, rank_fact})
            if (n) f.set_error(n, error);
        return;
    }
    const ScaleItem* item = code.empty() ? nullptr : s.scale_item(code);
    if (!code.empty() && !item) {
        std::string e = whose + " is not on the rule set's scale (" + s.scale_codes() + "), so it cannot be compared";
        for (const char* n : {code_fact, label_fact, rank_fact})
            if (n) f.set_error(n, e);
        return;
    }
    f.set(code_fact, code.empty() ? Value(Null{}) : Value(code));
    f.set(label_fact, item ? Value(item->label) : Value(Null{}));
    if (rank_fact) f.set(rank_fact, item ? Value(item->rank) : Value(Null{}));
}

void set_previous(Facts& f, const Population& pop, const Return& ret, const std::string& standard) {
    const Settings& s = pop.settings();
    const Round* previous = s.previous();
    std::string code, error;
    if (previous) {
        auto one = pop.return_for(ret.org, previous->period);
        error = one.error;
        if (one.ret) {
            auto it = pop.data().ratings.find({one.ret->id, standard});
            if (it != pop.data().ratings.end()) error = it->second.conflict, code = it->second.rating;
        }
        if (!error.empty()) error += " (the previous round's rating of " + standard + ")";
    }
    set_other(f, s, "previous_rating", "previous_label", "previous_rank", code, error,
              "the previous round's rating of " + standard + " (agency " + ret.org + ")");
}

void set_panel(Facts& f, const Population& pop, const Rating& r) {
    auto it = pop.data().panel.find({r.return_id, r.standard});
    std::string code = it == pop.data().panel.end() ? std::string() : it->second.rating;
    std::string error = it == pop.data().panel.end() ? std::string() : it->second.conflict;
    set_other(f, pop.settings(), "panel_rating", "panel_label", nullptr, code, error,
              "sga_s11_panel_ratings.panel_rating (" + rating_key({r.return_id, r.standard}) + ")");
}

// Why a rating cannot be judged at all, or empty.
std::string unknown_standard(const Settings& s, const Rating& r) {
    if (s.standard(r.standard)) return {};
    return "return " + r.return_id + " rates a standard that is not in the rule set's standards list (" + s.standard_codes() +
           "): correct the return, or add the standard to [lists.standards] in an overlay";
}

std::string unknown_rating(const Settings& s, const Rating& r) {
    if (r.rating.empty() || s.scale_item(r.rating)) return {};
    return "return " + r.return_id + " gives standard " + r.standard + " a rating that is not on the rule set's scale (" + s.scale_codes() +
           "): correct the return";
}

}  // namespace

Facts rating_facts(const Population& pop, const Rating& r) {
    Place place = pop.rating(r);
    if (place.kind == Place::undecidable) return undecidable_facts("s11_rating", place.why);
    if (!r.conflict.empty()) return undecidable_facts("s11_rating", r.conflict);
    const Settings& s = pop.settings();
    if (auto why = unknown_standard(s, r); !why.empty()) return undecidable_facts("s11_rating", why);
    const Return& ret = pop.data().returns.at(r.return_id);
    Facts f;
    f.set("round", Value(ret.period));
    f.set("agency", Value(ret.org));
    f.set("return_id", Value(r.return_id));
    f.set("standard", Value(r.standard));
    f.set("rating", r.rating.empty() ? Value(Null{}) : Value(r.rating));
    const std::string unknown = unknown_rating(s, r);
    if (!unknown.empty()) f.set_error("known", unknown);
    else f.set("known", r.rating.empty() ? Value(Null{}) : Value(true));
    set_scale(f, s, r.rating, unknown);
    f.set("has_evidence", r.has_evidence);
    set_actions(f, pop, r);
    set_coverage(f, s.standard(r.standard), ret);
    set_previous(f, pop, ret, r.standard);
    set_panel(f, pop, r);
    return f;
}

}  // namespace s11
