#include "case_facts.hpp"

#include <algorithm>

namespace ca {
using namespace sgaudit;

const std::vector<FactDecl>& fact_declarations() {
    static const std::vector<FactDecl> decls = {
        {"case_type", "text", "child protection, looked after or child in need: the most serious open on the audit date"},
        {"case_start", "date", "the start of the open record of the case's type: plan start, period of care start or referral date"},
        {"on_plan", "flag", "a child protection plan is open on the audit date"},
        {"looked_after", "flag", "a looked-after episode is open on the audit date"},
        {"care_months", "number", "completed months since the period of care began (looked after only)"},
        {"allocated", "flag", "an allocated worker covers the audit date"},
        {"qualified", "flag", "the allocated worker has a social work registration number"},
        {"allocation", "text", "the allocation in words, for messages"},
        {"assessment_stage", "text", "the latest assessment's stage: initial, core or single"},
        {"assessment_from", "date", "when the latest assessment's clock starts: the referral (initial) or its start (core, single)"},
        {"assessment_done", "date", "when the latest assessment was completed (authorised)"},
        {"latest_seen", "date", "the latest visit of the case's type where the child was seen"},
        {"not_alone_run", "number", "longest run of seen visits since the case start, from seen_alone_min_age, without the child seen alone"},
        {"chronology", "dates", "chronology updates"},
        {"genogram", "date", "the latest genogram"},
        {"oversight", "dates", "management oversight or supervision records"},
        {"child_views", "dates", "records of the child's views"},
        {"case_notes", "dates", "case notes"},
        {"cp_reviews", "dates", "review conferences of the open child protection plan"},
        {"lac_first_review", "date", "the first looked-after review of the period of care"},
        {"lac_later_reviews", "dates", "looked-after reviews after the first (cancelled ones left out)"},
    };
    return decls;
}

namespace {

template <class Map>
const typename Map::mapped_type* find_in(const Map& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

// Dates of rows (up to the audit date, sorted, each once), or the first unreadable one.
Read<DateList> dates_of(const std::vector<Dated>* rows, Date as_of) {
    DateList out;
    if (rows)
        for (const auto& r : *rows) {
            if (!r.date.ok()) return {std::nullopt, r.date.error};
            if (r.date.value && *r.date.value <= as_of) out.push_back(*r.date.value);
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return {out, {}};
}

void set_dates(Facts& f, const char* name, const Read<DateList>& r) {
    if (!r.ok()) return f.set_error(name, r.error);
    f.set(name, Value(*r.value));
}

void set_latest(Facts& f, const char* name, const Read<DateList>& r) {
    if (!r.ok()) return f.set_error(name, r.error);
    if (r.value->empty()) return f.set(name, Null{});
    f.set(name, r.value->back());
}

void set_allocation(CaseView& v, const Candidate& c, const CaseDetail& d) {
    const Placement& at = c.placement;
    const AllocationWords words = allocation_words(at, d.workers);
    v.worker_text = words.sheet;
    if (!at.allocation_error.empty()) {
        for (const char* n : {"allocated", "qualified", "allocation"}) v.facts.set_error(n, at.allocation_error);
        return;
    }
    v.facts.set("allocated", at.by == Placement::By::allocation);
    const Read<bool> q = at.by == Placement::By::allocation ? d.workers.qualified(at) : Read<bool>{false, {}};
    v.facts.set("qualified", q);
    if (q.ok()) v.facts.set("allocation", words.message);
    else v.facts.set_error("allocation", q.error);
}

// The latest assessment started by the audit date (ties: greatest id).
void set_assessment(Facts& f, const std::string& person, const CaseDetail& d, Date as_of) {
    const Assessment* latest = nullptr;
    if (const auto* list = find_in(d.assessments, person))
        for (const auto& a : *list) {
            if (!a.start.ok()) {
                for (const char* n : {"assessment_stage", "assessment_from", "assessment_done"}) f.set_error(n, a.start.error);
                return;
            }
            if (!a.start.value || *a.start.value > as_of) continue;
            if (!latest || *a.start.value > *latest->start.value || (*a.start.value == *latest->start.value && a.id > latest->id))
                latest = &a;
        }
    if (!latest) {
        for (const char* n : {"assessment_stage", "assessment_from", "assessment_done"}) f.set(n, Null{});
        return;
    }
    f.set("assessment_stage", latest->stage);
    if (latest->stage == "initial") {
        const Read<Date>* ref = find_in(d.referral_date, latest->referral);
        if (ref) f.set("assessment_from", *ref);
        else f.set("assessment_from", Null{});  // unlinked: not applicable (data quality reports the link)
    } else {
        f.set("assessment_from", latest->start);
    }
    f.set("assessment_done", latest->auth);
}

// The visits of the case's type: the plan's, the period of care's, or the child's CIN visits.
std::vector<const Dated*> visits_of(const Candidate& c, const CaseDetail& d) {
    std::vector<const Dated*> out;
    const std::vector<Dated>* list = c.type == CaseType::child_protection ? find_in(d.cp_visits, c.person)
                                   : c.type == CaseType::looked_after   ? find_in(d.cla_visits, c.person)
                                                                        : find_in(d.cin_visits, c.person);
    if (!list) return out;
    const std::string link = c.type == CaseType::child_protection ? c.plan->id : c.type == CaseType::looked_after ? c.care->group : "";
    for (const auto& v : *list)
        if (c.type == CaseType::child_in_need || v.link == link) out.push_back(&v);
    return out;
}

void set_visits(Facts& f, const Candidate& c, const CaseDetail& d, Date case_start, const FactSettings& s) {
    std::vector<std::pair<Date, bool>> seen;  // date, alone
    std::string error, alone_error;
    for (const Dated* v : visits_of(c, d)) {
        if (!v->date.ok() || !v->seen.ok()) {
            if (error.empty()) error = !v->date.ok() ? v->date.error : v->seen.error;
            continue;
        }
        if (!v->date.value || *v->date.value > s.as_of || v->seen.value != std::optional<bool>(true)) continue;
        if (!v->alone.ok() && alone_error.empty()) alone_error = v->alone.error;
        seen.push_back({*v->date.value, v->alone.value == std::optional<bool>(true)});
    }
    std::sort(seen.begin(), seen.end());
    if (!error.empty()) {
        f.set_error("latest_seen", error);
        f.set_error("not_alone_run", error);
        return;
    }
    if (seen.empty()) f.set("latest_seen", Null{});
    else f.set("latest_seen", seen.back().first);
    // Seen alone: visits since the case start at which the child was old enough. A child whose
    // age is not recorded is judged as if old enough (never excused for a missing date of birth).
    static const Read<Date> not_recorded;
    const Read<Date>* dob = find_in(d.dob, c.person);
    const Read<Date>* expected = find_in(d.expected, c.person);
    AgeBasis age = age_basis(dob ? *dob : not_recorded, expected ? *expected : not_recorded, s.as_of, s.unborn_grace_days);
    if (age.kind == AgeBasis::Kind::unreadable) return f.set_error("not_alone_run", age.error);
    if (!alone_error.empty()) return f.set_error("not_alone_run", alone_error);
    long run = 0, longest = 0, counted = 0;
    for (const auto& [date, alone] : seen) {
        if (date < case_start) continue;
        if (age.has_birth() && age_in_years(age.birth, date) < s.seen_alone_min_age) continue;
        if (age.kind == AgeBasis::Kind::unborn) continue;
        ++counted;
        run = alone ? 0 : run + 1;
        longest = std::max(longest, run);
    }
    if (counted == 0) f.set("not_alone_run", Null{});
    else f.set("not_alone_run", static_cast<std::int64_t>(longest));
}

void set_reviews(Facts& f, const Candidate& c, const CaseDetail& d, Date as_of) {
    if (c.plan) set_dates(f, "cp_reviews", dates_of(find_in(d.cp_reviews, c.plan->id), as_of));
    else f.set("cp_reviews", Value(DateList{}));
    std::vector<Dated> held;
    if (c.care)
        if (const auto* list = find_in(d.cla_reviews, c.care->group))
            for (const auto& r : *list) {
                if (!r.cancelled.ok()) {
                    for (const char* n : {"lac_first_review", "lac_later_reviews"}) f.set_error(n, r.cancelled.error);
                    return;
                }
                if (r.cancelled.value != std::optional<bool>(true)) held.push_back(r);
            }
    auto dates = dates_of(&held, as_of);
    if (!dates.ok()) {
        for (const char* n : {"lac_first_review", "lac_later_reviews"}) f.set_error(n, dates.error);
        return;
    }
    if (dates.value->empty()) {
        f.set("lac_first_review", Null{});
        f.set("lac_later_reviews", Value(DateList{}));
        return;
    }
    f.set("lac_first_review", dates.value->front());
    f.set("lac_later_reviews", Value(DateList(dates.value->begin() + 1, dates.value->end())));
}

// The start of the period of care: the earliest readable start of its episodes.
Date care_start(const Candidate& c, const OpenData& open) {
    Date out = *c.care->start.value;
    if (const auto* list = find_in(open.care, c.person))
        for (const auto& e : *list)
            if (e.group == c.care->group && e.start.ok() && e.start.value) out = std::min(out, *e.start.value);
    return out;
}

}  // namespace

CaseView case_view(const Candidate& c, const OpenData& open, const CaseDetail& d, const FactSettings& s) {
    CaseView v;
    Facts& f = v.facts;
    const Date start = c.type == CaseType::child_protection ? *c.plan->start.value
                     : c.type == CaseType::looked_after     ? care_start(c, open)
                                                            : *c.referral->start.value;
    f.set("case_type", std::string(type_name(c.type)));
    f.set("case_start", start);
    f.set("on_plan", c.plan != nullptr);
    f.set("looked_after", c.care != nullptr);
    if (c.care) f.set("care_months", static_cast<std::int64_t>(age_in_months(care_start(c, open), s.as_of)));
    else f.set("care_months", Null{});
    set_allocation(v, c, d);
    set_assessment(f, c.person, d, s.as_of);
    set_visits(f, c, d, start, s);
    const auto* records = find_in(d.records, c.person);
    auto kind = [&](const char* k) { return records ? find_in(*records, k) : nullptr; };
    set_dates(f, "chronology", dates_of(kind("chronology_update"), s.as_of));
    set_latest(f, "genogram", dates_of(kind("genogram"), s.as_of));
    std::vector<Dated> oversight;
    for (const char* k : {"management_oversight", "supervision"})
        if (const auto* list = kind(k)) oversight.insert(oversight.end(), list->begin(), list->end());
    set_dates(f, "oversight", dates_of(&oversight, s.as_of));
    set_dates(f, "child_views", dates_of(kind("child_views"), s.as_of));
    set_dates(f, "case_notes", dates_of(kind("case_note"), s.as_of));
    set_reviews(f, c, d, s.as_of);
    return v;
}

CaseView undecided_view(const std::string& why) {
    CaseView v;
    for (const auto& decl : fact_declarations()) v.facts.set_error(decl.name, why);
    v.worker_text = "the case's records cannot be read";
    return v;
}

}  // namespace ca
