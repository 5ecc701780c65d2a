// Data quality: the integrity checks national returns apply before any figure can be trusted.
// This plugin only says what is known about each subject (a plan, a conference, a child...);
// what counts as a problem is written in rules/data-quality.toml.
#include <set>

#include "case_data.hpp"
#include "placement.hpp"
#include "sgaudit/sdk.hpp"

namespace {

using namespace sgaudit;
using namespace dq;

void set_date(Facts& f, const std::string& name, const ReadDate& r) { f.set(name, r); }

// Earliest or latest readable date, or the first unreadable one as the fact's error.
void set_extreme(Facts& f, const std::string& name, const std::vector<const ReadDate*>& dates, bool earliest) {
    std::optional<Date> best;
    for (const auto* d : dates) {
        if (!d->ok()) return f.set_error(name, d->error);
        if (d->value && (!best || (earliest ? *d->value < *best : *d->value > *best))) best = d->value;
    }
    f.set(name, best ? Value(*best) : Value(Null{}));
}

// A plan's dates, or the first of them that cannot be read.
const std::string* plan_date_error(const Plan& p) {
    if (!p.start.ok()) return &p.start.error;
    if (!p.end.ok()) return &p.end.error;
    return nullptr;
}

bool overlaps(const Plan& a, const Plan& b) {
    if (!a.start.value || !b.start.value) return false;
    // A plan is no longer open on its end date, so plans that meet end-to-start do not overlap.
    return (!b.end.value || *a.start.value < *b.end.value) && (!a.end.value || *b.start.value < *a.end.value);
}

class DataQualityAudit {
public:
    static PluginDescription describe();
    Status run(Context& ctx);

private:
    Status persons(Context& ctx, const CaseData& d, const Placer& at);
    Status involvements(Context& ctx, const CaseData& d, const Placer& at);
    Status referrals(Context& ctx, const CaseData& d, const Placer& at);
    Status assessments(Context& ctx, const CaseData& d, const Placer& at);
    Status enquiries(Context& ctx, const CaseData& d, const Placer& at);
    Status conferences(Context& ctx, const CaseData& d, const Placer& at);
    Status plans(Context& ctx, const CaseData& d, const Placer& at);
    Status plan_events(Context& ctx, const CaseData& d, const Placer& at, const Table<PlanEvent>& events, const char* kind,
                       const char* date_fact);
};

PluginDescription DataQualityAudit::describe() {
    PluginDescription d;
    d.name = "data-quality";
    d.version = "0.2.0";
    d.description = "Integrity checks on case data (dates in order, links present, no duplicates) before any audit is trusted";
    d.rulesets = {"data-quality"};
    d.required_columns = {
        "ssd_person.pers_person_id", "ssd_person.pers_dob", "ssd_person.pers_expected_dob", "ssd_person.pers_death_date",
        "ssd_professionals.prof_professional_id", "ssd_involvements.invo_professional_id",
        "ssd_department.dept_team_id", "ssd_department.dept_team_parent_id",
        "ssd_involvements.invo_involvements_id", "ssd_involvements.invo_person_id", "ssd_involvements.invo_professional_role_id",
        "ssd_involvements.invo_professional_team", "ssd_involvements.invo_involvement_start_date",
        "ssd_involvements.invo_involvement_end_date",
        "ssd_cin_episodes.cine_referral_id", "ssd_cin_episodes.cine_person_id", "ssd_cin_episodes.cine_referral_date",
        "ssd_cin_episodes.cine_close_date", "ssd_cin_episodes.cine_referral_team",
        "ssd_cin_assessments.cina_assessment_id", "ssd_cin_assessments.cina_person_id", "ssd_cin_assessments.cina_referral_id",
        "ssd_cin_assessments.cina_assessment_start_date", "ssd_cin_assessments.cina_assessment_auth_date",
        "ssd_cin_assessments.cina_assessment_team",
        "ssd_s47_enquiry.s47e_s47_enquiry_id", "ssd_s47_enquiry.s47e_person_id", "ssd_s47_enquiry.s47e_referral_id",
        "ssd_s47_enquiry.s47e_s47_start_date",
        "ssd_initial_cp_conference.icpc_icpc_id", "ssd_initial_cp_conference.icpc_s47_enquiry_id",
        "ssd_initial_cp_conference.icpc_person_id", "ssd_initial_cp_conference.icpc_icpc_transfer_in",
        "ssd_initial_cp_conference.icpc_icpc_date",
        "ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.cppl_referral_id", "ssd_cp_plans.cppl_person_id",
        "ssd_cp_plans.cppl_cp_plan_start_date", "ssd_cp_plans.cppl_cp_plan_end_date",
        "ssd_cp_reviews.cppr_cp_review_id", "ssd_cp_reviews.cppr_person_id", "ssd_cp_reviews.cppr_cp_plan_id",
        "ssd_cp_reviews.cppr_cp_review_date",
        "ssd_cp_visits.cppv_cp_visit_id", "ssd_cp_visits.cppv_person_id", "ssd_cp_visits.cppv_cp_plan_id",
        "ssd_cp_visits.cppv_cp_visit_date",
    };
    auto fact = [&](const char* kind, const char* name, const char* type, const char* what) {
        d.facts.push_back({kind, name, type, what});
    };
    fact("person", "has_birth_or_expected_date", "flag", "a date of birth or an expected date of birth is recorded");
    fact("person", "birth_dates_readable", "flag", "pers_dob and pers_expected_dob are dates where recorded (never shown)");
    fact("person", "birth_dates_agree", "flag", "rows repeating the child's id agree on the dates of birth (never shown)");
    fact("person", "expected_date_passed", "flag", "no date of birth, and the expected date more than unborn_grace_days before the audit date");
    fact("person", "death_date", "date", "pers_death_date");
    fact("involvement", "worker_given", "flag", "invo_professional_id is recorded");
    fact("involvement", "worker_found", "flag", "invo_professional_id names a row of ssd_professionals");
    fact("involvement", "person_found", "flag", "invo_person_id names a row of ssd_person");
    fact("involvement", "start_date", "date", "invo_involvement_start_date");
    fact("involvement", "end_date", "date", "invo_involvement_end_date");
    fact("involvement", "id_count", "number", "rows in ssd_involvements with this id and the allocated worker's role");
    fact("person", "last_event_date", "date", "latest referral, assessment, conference, plan, review or visit date");
    fact("person", "open_plans", "number", "distinct plans open on the audit date");
    fact("person", "id_count", "number", "rows in ssd_person with this id");
    fact("referral", "referral_date", "date", "cine_referral_date");
    fact("referral", "close_date", "date", "cine_close_date");
    fact("referral", "person_found", "flag", "cine_person_id names a row of ssd_person");
    fact("referral", "id_count", "number", "rows in ssd_cin_episodes with this id");
    fact("assessment", "start_date", "date", "cina_assessment_start_date");
    fact("assessment", "auth_date", "date", "cina_assessment_auth_date");
    fact("assessment", "referral_given", "flag", "cina_referral_id is recorded");
    fact("assessment", "referral_found", "flag", "cina_referral_id names a row of ssd_cin_episodes");
    fact("assessment", "person_found", "flag", "cina_person_id names a row of ssd_person");
    fact("assessment", "id_count", "number", "rows in ssd_cin_assessments with this id");
    fact("s47", "start_date", "date", "s47e_s47_start_date (the strategy discussion)");
    fact("s47", "referral_given", "flag", "s47e_referral_id is recorded");
    fact("s47", "referral_found", "flag", "s47e_referral_id names a row of ssd_cin_episodes");
    fact("s47", "person_found", "flag", "s47e_person_id names a row of ssd_person");
    fact("s47", "id_count", "number", "rows in ssd_s47_enquiry with this id");
    fact("icpc", "icpc_date", "date", "icpc_icpc_date");
    fact("icpc", "transfer_in", "flag", "icpc_icpc_transfer_in");
    fact("icpc", "s47_given", "flag", "icpc_s47_enquiry_id is recorded");
    fact("icpc", "s47_found", "flag", "icpc_s47_enquiry_id names a row of ssd_s47_enquiry");
    fact("icpc", "s47_start", "date", "start date of the linked s47 enquiry");
    fact("icpc", "person_found", "flag", "icpc_person_id names a row of ssd_person");
    fact("icpc", "id_count", "number", "rows in ssd_initial_cp_conference with this id");
    fact("cp_plan", "plan_start", "date", "cppl_cp_plan_start_date");
    fact("cp_plan", "plan_end", "date", "cppl_cp_plan_end_date");
    fact("cp_plan", "referral_date", "date", "cine_referral_date of the plan's referral");
    fact("cp_plan", "referral_given", "flag", "cppl_referral_id is recorded");
    fact("cp_plan", "referral_found", "flag", "cppl_referral_id names a row of ssd_cin_episodes");
    fact("cp_plan", "person_found", "flag", "cppl_person_id names a row of ssd_person");
    fact("cp_plan", "first_review_date", "date", "earliest review conference of the plan");
    fact("cp_plan", "first_visit_date", "date", "earliest visit of the plan");
    fact("cp_plan", "overlapping_plans", "number", "other plans of the same child whose dates overlap this one");
    fact("cp_plan", "id_count", "number", "rows in ssd_cp_plans with this id");
    for (const char* kind : {"cp_review", "cp_visit"}) {
        fact(kind, "plan_found", "flag", "names a plan in ssd_cp_plans");
        fact(kind, "id_count", "number", "rows with this id");
    }
    fact("cp_review", "review_date", "date", "cppr_cp_review_date");
    fact("cp_visit", "visit_date", "date", "cppv_cp_visit_date");
    return d;
}

Status DataQualityAudit::run(Context& ctx) {
    auto role = ctx.parameter("allocated_role");
    auto grace = whole_parameter(ctx.parameter("unborn_grace_days"), 0, 100000);
    if (!role || !role->is_text()) return Status::error("the rule set has no text parameter 'allocated_role'");
    if (!grace) return Status::error("the rule set has no whole-number parameter 'unborn_grace_days'");
    CaseData data;
    if (auto st = data.load(ctx, role->as_text(), *grace); !st) return st;
    Placer at(data, ctx.as_of());
    Status st = referrals(ctx, data, at);
    if (st) st = assessments(ctx, data, at);
    if (st) st = enquiries(ctx, data, at);
    if (st) st = conferences(ctx, data, at);
    if (st) st = plans(ctx, data, at);
    if (st) st = plan_events(ctx, data, at, data.reviews, "cp_review", "review_date");
    if (st) st = plan_events(ctx, data, at, data.visits, "cp_visit", "visit_date");
    if (st) st = involvements(ctx, data, at);
    if (st) st = persons(ctx, data, at);
    return st;
}

Status DataQualityAudit::persons(Context& ctx, const CaseData& d, const Placer& at) {
    // Every dated event of each child, for "events after death".
    ById<std::vector<const ReadDate*>> events;
    for (const auto& r : d.referrals.rows) events[r.person].push_back(&r.date);
    for (const auto& a : d.assessments.rows) events[a.person].push_back(&a.start);
    for (const auto& c : d.conferences.rows) events[c.person].push_back(&c.date);
    for (const auto& p : d.plans.rows) events[p.person].push_back(&p.start);
    for (const auto& r : d.reviews.rows) events[r.person].push_back(&r.date);
    for (const auto& v : d.visits.rows) events[v.person].push_back(&v.date);
    std::size_t done = 0;
    for (const auto& [id, person] : d.persons) {
        Facts f;
        f.set("has_birth_or_expected_date", person.has_birth_or_expected);
        f.set("birth_dates_readable", person.birth_error.empty());
        f.set("birth_dates_agree", !person.birth_conflict);
        // Whether the expected date has passed cannot be told when a date cannot be read.
        if (person.birth_error.empty()) f.set("expected_date_passed", person.expected_passed);
        else f.set_error("expected_date_passed", person.birth_error);
        set_date(f, "death_date", person.death);
        set_extreme(f, "last_event_date", events[id], false);
        std::set<std::string> open;
        const std::string* bad = nullptr;
        auto plans = d.plans_of_person.find(id);
        for (const Plan* p : plans == d.plans_of_person.end() ? std::vector<const Plan*>{} : plans->second) {
            if (const auto* e = plan_date_error(*p)) bad = bad ? bad : e;
            bool started = p->start.value && *p->start.value <= ctx.as_of();
            bool not_ended = !p->end.value || *p->end.value > ctx.as_of();
            if (started && not_ended) open.insert(p->id);
        }
        if (bad) f.set_error("open_plans", *bad);
        else f.set("open_plans", static_cast<std::int64_t>(open.size()));
        f.set("id_count", static_cast<std::int64_t>(d.person_count.at(id)));
        if (auto st = ctx.evaluate(at.subject("person", id, id, at.team_of(id)), f); !st) return st;
        if (++done % 1000 == 0 && !ctx.progress(done, d.persons.size())) return Status::error("cancelled");
    }
    return Status::ok();
}

Status DataQualityAudit::involvements(Context& ctx, const CaseData& d, const Placer& at) {
    for (const auto& a : d.allocations.rows) {
        Facts f;
        f.set("id_count", static_cast<std::int64_t>(d.allocations.count.at(a.id)));
        f.set("worker_given", !a.worker.empty());
        f.set("worker_found", d.professional_count.count(a.worker) > 0);
        f.set("person_found", d.persons.count(a.person) > 0);
        set_date(f, "start_date", a.start);
        set_date(f, "end_date", a.end);
        if (auto st = ctx.evaluate(at.subject("involvement", a.id, a.person, a.team), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::referrals(Context& ctx, const CaseData& d, const Placer& at) {
    for (const auto& r : d.referrals.rows) {
        Facts f;
        set_date(f, "referral_date", r.date);
        set_date(f, "close_date", r.close);
        f.set("person_found", d.persons.count(r.person) > 0);
        f.set("id_count", static_cast<std::int64_t>(d.referrals.count.at(r.id)));
        // A referral belongs to the team it was received by.
        if (auto st = ctx.evaluate(at.subject("referral", r.id, r.person, r.team), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::assessments(Context& ctx, const CaseData& d, const Placer& at) {
    for (const auto& a : d.assessments.rows) {
        Facts f;
        set_date(f, "start_date", a.start);
        set_date(f, "auth_date", a.auth);
        f.set("referral_given", !a.referral.empty());
        f.set("referral_found", d.referral_by_id.count(a.referral) > 0);
        f.set("person_found", d.persons.count(a.person) > 0);
        f.set("id_count", static_cast<std::int64_t>(d.assessments.count.at(a.id)));
        if (auto st = ctx.evaluate(at.subject("assessment", a.id, a.person, a.team), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::enquiries(Context& ctx, const CaseData& d, const Placer& at) {
    for (const auto& s : d.s47s.rows) {
        Facts f;
        set_date(f, "start_date", s.start);
        f.set("referral_given", !s.referral.empty());
        f.set("referral_found", d.referral_by_id.count(s.referral) > 0);
        f.set("person_found", d.persons.count(s.person) > 0);
        f.set("id_count", static_cast<std::int64_t>(d.s47s.count.at(s.id)));
        if (auto st = ctx.evaluate(at.subject("s47", s.id, s.person, at.team_of(s.person)), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::conferences(Context& ctx, const CaseData& d, const Placer& at) {
    for (const auto& c : d.conferences.rows) {
        Facts f;
        set_date(f, "icpc_date", c.date);
        f.set_flag("transfer_in", c.transfer_in, "ssd_initial_cp_conference.icpc_icpc_transfer_in", "icpc_icpc_id=" + c.id);
        f.set("s47_given", !c.s47.empty());
        auto s47 = d.s47_by_id.find(c.s47);
        f.set("s47_found", s47 != d.s47_by_id.end());
        if (s47 != d.s47_by_id.end()) set_date(f, "s47_start", s47->second->start);
        else f.set("s47_start", Null{});
        f.set("person_found", d.persons.count(c.person) > 0);
        f.set("id_count", static_cast<std::int64_t>(d.conferences.count.at(c.id)));
        if (auto st = ctx.evaluate(at.subject("icpc", c.id, c.person, at.team_of(c.person)), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::plans(Context& ctx, const CaseData& d, const Placer& at) {
    ById<std::vector<const ReadDate*>> reviews, visits;
    for (const auto& r : d.reviews.rows) reviews[r.plan].push_back(&r.date);
    for (const auto& v : d.visits.rows) visits[v.plan].push_back(&v.date);
    for (const auto& p : d.plans.rows) {
        Facts f;
        set_date(f, "plan_start", p.start);
        set_date(f, "plan_end", p.end);
        f.set("referral_given", !p.referral.empty());
        auto ref = d.referral_by_id.find(p.referral);
        f.set("referral_found", ref != d.referral_by_id.end());
        if (ref != d.referral_by_id.end()) set_date(f, "referral_date", ref->second->date);
        else f.set("referral_date", Null{});
        f.set("person_found", d.persons.count(p.person) > 0);
        set_extreme(f, "first_review_date", reviews[p.id], true);
        set_extreme(f, "first_visit_date", visits[p.id], true);
        // An unreadable date on this plan or a sibling makes the overlap unknowable, not absent.
        std::int64_t overlapping = 0;
        const std::string* bad = plan_date_error(p);
        for (const Plan* other : d.plans_of_person.at(p.person)) {
            if (other->id == p.id) continue;
            if (const auto* e = plan_date_error(*other)) bad = bad ? bad : e;
            if (overlaps(p, *other)) ++overlapping;
        }
        if (bad) f.set_error("overlapping_plans", *bad);
        else f.set("overlapping_plans", overlapping);
        f.set("id_count", static_cast<std::int64_t>(d.plans.count.at(p.id)));
        if (auto st = ctx.evaluate(at.subject("cp_plan", p.id, p.person, at.team_of(p.person)), f); !st) return st;
    }
    return Status::ok();
}

Status DataQualityAudit::plan_events(Context& ctx, const CaseData& d, const Placer& at, const Table<PlanEvent>& events,
                                     const char* kind, const char* date_fact) {
    for (const auto& e : events.rows) {
        Facts f;
        set_date(f, date_fact, e.date);
        f.set("plan_found", d.plan_by_id.count(e.plan) > 0);
        f.set("id_count", static_cast<std::int64_t>(events.count.at(e.id)));
        if (auto st = ctx.evaluate(at.subject(kind, e.id, e.person, at.team_of(e.person)), f); !st) return st;
    }
    return Status::ok();
}

}  // namespace

SGAUDIT_PLUGIN(DataQualityAudit)
