#include "plan_facts.hpp"

#include <algorithm>
#include <optional>

namespace cp4 {
using namespace sgaudit;

namespace {

using K = Membership::Kind;

std::string plan_key(const PlanRow& p) { return "cppl_cp_plan_id=" + p.id; }

// The child's record, or why it cannot be used.
const ChildRow* child_of(const PlanIndex& index, const PlanRow& p, std::string& why) {
    auto c = index.children.find(p.person);
    if (c == index.children.end()) {
        why = "the child " + (p.person.empty() ? std::string("(none given)") : p.person) +
              " is not in ssd_person (ssd_cp_plans.cppl_person_id, " + plan_key(p) + ")";
        return nullptr;
    }
    if (!c->second.conflict.empty()) {
        why = c->second.conflict;
        return nullptr;
    }
    return &c->second;
}

// Dates of several rows: sorted (and, with `distinct`, each date once), or the first error.
Read<DateList> dates_of(const std::map<std::string, Dated>* rows, bool distinct) {
    DateList out;
    if (rows)
        for (const auto& [key, row] : *rows) {
            if (!row.date.ok()) return {std::nullopt, row.date.error};
            if (row.date.value) out.push_back(*row.date.value);
        }
    std::sort(out.begin(), out.end());
    if (distinct) out.erase(std::unique(out.begin(), out.end()), out.end());
    return {out, {}};
}

template <class Map>
const typename Map::mapped_type* find_in(const Map& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

// Where the child's case sits and who holds it on the audit date: the SDK's one convention
// (sgaudit/sdk/placement.hpp). An allocation whose dates cannot be read and might cover the
// date makes the worker unknown, so every allocation fact is that error.
void set_allocation(PlanView& v, const PlanDetail& d, const PlanRow& p, const Settings& s) {
    static const std::vector<Allocation> no_allocations;
    static const std::vector<PlacementReferral> no_referrals;
    const auto* allocations = find_in(d.allocations, p.person);
    const auto* referrals = find_in(d.referrals, p.person);
    const Placement at = place_case(allocations ? *allocations : no_allocations, referrals ? *referrals : no_referrals,
                                    s.as_of, d.area_of_team);
    v.team = at.team;
    if (const std::string* name = find_in(d.team_name, v.team)) v.team_name = *name;
    const AllocationWords words = allocation_words(at, d.workers);
    v.worker_text = words.sheet;
    if (!at.allocation_error.empty()) {
        for (const char* f : {"allocated", "qualified", "worker", "allocation"}) v.facts.set_error(f, at.allocation_error);
        v.allocation = PlanView::Allocation::unreadable;
        return;
    }
    v.facts.set("allocated", at.by == Placement::By::allocation);
    if (at.by != Placement::By::allocation) {
        v.facts.set("qualified", false);
        v.facts.set("worker", Null{});
        v.facts.set("allocation", words.message);
        return;
    }
    v.facts.set("worker", at.worker);
    v.worker = at.worker;
    v.allocation = PlanView::Allocation::worker;
    const Read<bool> q = d.workers.qualified(at);
    v.facts.set("qualified", q);
    if (q.ok()) v.facts.set("allocation", words.message);
    else v.facts.set_error("allocation", q.error);
}

void set_conference(PlanView& v, const PlanDetail& d, const PlanRow& p) {
    const Conference* c = find_in(d.conferences, p.icpc);
    v.facts.set("transfer_in", c ? c->transfer_in : Read<bool>{});
    v.facts.set("icpc_date", c ? c->date : Read<Date>{});
    const Read<Date>* s47 = c && !c->s47.empty() ? find_in(d.s47_start, c->s47) : nullptr;
    v.facts.set("s47_start", s47 ? *s47 : Read<Date>{});
    if (c && c->date.value) v.timeline.icpc = c->date.value;
    if (s47 && s47->value) v.timeline.s47_start = s47->value;
}

void set_meetings(PlanView& v, const PlanDetail& d, const PlanRow& p) {
    auto cg = dates_of(find_in(d.core_groups, p.id), false);
    if (!cg.ok()) v.facts.set_error("first_core_group", cg.error);
    else v.facts.set("first_core_group", cg.value->empty() ? Value(Null{}) : Value(cg.value->front()));
    // Two records of a review conference on the same day are one conference.
    auto rv = dates_of(find_in(d.reviews, p.id), true);
    if (!rv.ok()) {
        v.facts.set_error("first_review", rv.error);
        v.facts.set_error("later_reviews", rv.error);
    } else {
        v.facts.set("first_review", rv.value->empty() ? Value(Null{}) : Value(rv.value->front()));
        v.facts.set("later_reviews", rv.value->empty() ? DateList{} : DateList(rv.value->begin() + 1, rv.value->end()));
    }
    if (cg.value) v.timeline.core_groups = *cg.value;
    if (rv.value) v.timeline.reviews = *rv.value;
}

struct VisitSummary {
    DateList seen;
    std::size_t recorded = 0;
    std::int64_t longest_not_alone = 0;
    std::string error, alone_error;
};

// Seen visits up to the audit date, and the longest run of them (from the age the rule set
// names) without the child seen alone. Visits with no record of the child seen, or of being
// seen alone, count as not seen (alone): the record does not show it happened.
VisitSummary summarise_visits(const VisitList* visits, const ChildRow& child, const Settings& s, TimelineInput& timeline) {
    VisitSummary out;
    if (!visits) return out;
    out.recorded = visits->recorded;
    out.error = visits->error;
    out.alone_error = visits->alone_error;
    if (!out.error.empty()) return out;
    std::vector<Visit> dated;
    dated.reserve(visits->rows.size());
    for (const Visit& v : visits->rows)
        if (v.has_date) dated.push_back(v);
    std::sort(dated.begin(), dated.end(), [](const Visit& a, const Visit& b) { return a.date < b.date; });
    timeline.visits.reserve(dated.size());
    for (const Visit& v : dated) timeline.visits.push_back({v.date, v.seen == 1});
    std::int64_t run = 0;
    // From the age the rule set names; the age only changes with the date, so work it out once
    // per distinct date.
    Date aged_on{};
    bool old_enough = false, have_age = false;
    for (const Visit& v : dated) {
        if (v.seen != 1 || v.date > s.as_of) continue;
        out.seen.push_back(v.date);
        if (!have_age || v.date != aged_on) {
            auto age = age_basis(child.dob, child.expected, v.date, s.unborn_grace_days);
            old_enough = age.has_birth() && age_in_years(age.birth, v.date) >= s.seen_alone_min_age;
            aged_on = v.date, have_age = true;
        }
        if (old_enough) {
            run = v.alone == 1 ? 0 : run + 1;
            out.longest_not_alone = std::max(out.longest_not_alone, run);
        }
    }
    return out;
}

void set_visits(PlanView& v, const PlanDetail& d, const PlanRow& p, const ChildRow& child, const Settings& s) {
    auto sum = summarise_visits(find_in(d.visits, p.id), child, s, v.timeline);
    v.visits = sum.recorded;
    v.seen = sum.seen.size();
    if (!sum.error.empty()) {
        for (const char* f : {"seen_visits", "visits", "seen_share", "not_alone_run"}) v.facts.set_error(f, sum.error);
        return;
    }
    v.facts.set("seen_visits", sum.seen);
    v.facts.set("visits", static_cast<std::int64_t>(sum.recorded));
    v.facts.set("seen_share", sum.recorded == 0 ? Value(Null{})
                                                : Value(static_cast<double>(sum.seen.size()) / static_cast<double>(sum.recorded)));
    if (!sum.alone_error.empty()) v.facts.set_error("not_alone_run", sum.alone_error);
    else v.facts.set("not_alone_run", sum.longest_not_alone);
}

void set_age(PlanView& v, const ChildRow& child, const Settings& s) {
    auto age = age_basis(child.dob, child.expected, s.as_of, s.unborn_grace_days);
    v.unborn = age.kind == AgeBasis::Kind::unborn;
    v.facts.set("unborn", v.unborn);
    v.facts.set("age_months", age.has_birth() ? Value(static_cast<std::int64_t>(age_in_months(age.birth, s.as_of))) : Value(Null{}));
    v.facts.set("birth_date", age.has_birth() ? Value(age.birth) : Value(Null{}));  // sensitive: for ages only
    if (v.unborn) v.age_text = "unborn";
    else if (!age.has_birth()) v.age_text = "age not recorded";
    else v.age_text = std::to_string(age_in_months(age.birth, s.as_of)) + " months old" +
                      (age.kind == AgeBasis::Kind::expected_stands_in ? " (by the expected date of birth; no date of birth recorded)" : "");
}

// Months since an earlier plan of the same child ended; unknowable when a sibling's dates are.
void set_earlier_plan(PlanView& v, const PlanIndex& index, const PlanRow& p, Date start) {
    std::optional<Date> earlier_end;
    for (const PlanRow* other : index.by_person.at(p.person)) {
        if (other->id == p.id) continue;
        std::string bad = !other->conflict.empty() ? other->conflict : !other->start.ok() ? other->start.error
                                                                       : !other->end.ok() ? other->end.error : "";
        if (!bad.empty()) return v.facts.set_error("months_since_earlier_plan", bad);
        auto e = other->end.value;
        if (e && *e <= start && (!earlier_end || *e > *earlier_end)) earlier_end = e;
    }
    v.facts.set("months_since_earlier_plan", earlier_end ? Value(static_cast<std::int64_t>(age_in_months(*earlier_end, start))) : Value(Null{}));
}

Value category(const Value& raw) {
    std::string t(trim(to_text(raw)));
    return t.empty() ? Value(Null{}) : Value(t);
}

void set_records(PlanView& v, const PlanDetail& d, const PlanRow& p) {
    for (auto [fact, rows] : {std::pair{"latest_chronology", &d.chronology}, std::pair{"latest_oversight", &d.oversight}}) {
        auto dates = dates_of(find_in(*rows, p.person), false);
        if (!dates.ok()) v.facts.set_error(fact, dates.error);
        else v.facts.set(fact, *dates.value);
    }
}

}  // namespace

Membership membership(const PlanIndex& index, const PlanRow& p, const Settings& s) {
    if (!p.conflict.empty()) return {K::undecidable, p.conflict};
    if (!p.start.ok()) return {K::undecidable, p.start.error};
    if (!p.end.ok()) return {K::undecidable, p.end.error};
    // A plan is no longer open on its end date.
    if (p.end.value && *p.end.value <= s.as_of) return {K::out, {}};
    if (!p.start.value)
        return {K::undecidable, "ssd_cp_plans.cppl_cp_plan_start_date (" + plan_key(p) +
                                    ") is not recorded, so whether the plan is open on the audit date cannot be told"};
    if (*p.start.value > s.as_of) return {K::out, {}};
    std::string why;
    const ChildRow* child = child_of(index, p, why);
    if (!child) return {K::undecidable, why};
    Date on = s.age_at_plan_start ? *p.start.value : s.as_of;
    auto age = age_basis(child->dob, child->expected, on, s.unborn_grace_days);
    if (age.kind == AgeBasis::Kind::unreadable) return {K::undecidable, age.error};
    // Unborn children are in the review; so are children of unknown age, listed rather than dropped.
    if (!age.has_birth()) return {K::in, {}};
    return {age_in_years(age.birth, on) < s.under_age_years ? K::in : K::out, {}};
}

PlanView plan_view(const PlanIndex& index, const PlanDetail& detail, const PlanRow& p, const Settings& s) {
    PlanView v;
    const Date start = *p.start.value;
    const ChildRow& child = index.children.at(p.person);
    v.facts.set("plan_start", start);
    v.timeline.as_of = s.as_of;
    v.timeline.plan_start = start;
    v.timeline.visit_limit = s.visit_limit;
    set_age(v, child, s);
    set_allocation(v, detail, p, s);
    set_conference(v, detail, p);
    set_meetings(v, detail, p);
    set_visits(v, detail, p, child, s);
    v.facts.set("plan_months", static_cast<std::int64_t>(age_in_months(start, s.as_of)));
    set_earlier_plan(v, index, p, start);
    v.facts.set("initial_category", category(p.initial_category));
    v.facts.set("latest_category", category(p.latest_category));
    set_records(v, detail, p);
    return v;
}

PlanView undecidable_view(const PlanDetail& detail, const PlanRow& p, const Settings& s, const std::vector<std::string>& fact_names,
                          const std::string& why) {
    PlanView v;
    set_allocation(v, detail, p, s);  // for the team only: every fact is then the error
    for (const auto& f : fact_names) v.facts.set_error(f, why);
    v.age_text = "cannot be reviewed until the record is corrected: " + why;
    return v;
}

}  // namespace cp4
