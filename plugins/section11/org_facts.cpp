#include <cmath>
#include <cstdio>

#include "facts.hpp"

namespace s11 {
using namespace sgaudit;

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", std::floor(share * 1000.0 + 1e-9) / 10.0);
    return buf;
}

namespace {

// A staff figure that cannot be below zero.
Read<std::int64_t> count(const Read<std::int64_t>& v, const char* column, const Return& r) {
    if (v.ok() && v.value && *v.value < 0)
        return {std::nullopt, "sga_s11_returns." + std::string(column) + " (" + key("return_id", r.id) + ") is below zero"};
    return v;
}

}  // namespace

namespace {

// More staff trained, or vetted, than in contact: one of the return's figures is wrong, and since
// staff in contact is the measure of both coverages, neither can be worked out.
std::string inconsistent(const Return& r) {
    const auto contact = count(r.in_contact, "staff_in_contact", r);
    if (!contact.ok() || !contact.value) return {};
    std::string more;
    for (const auto& [figure, what] : {std::pair{&r.trained, "trained"}, std::pair{&r.vetted, "vetted"}}) {
        if (figure->ok() && figure->value && *figure->value > *contact.value) more += (more.empty() ? "" : " and ") + std::string(what);
    }
    if (more.empty()) return {};
    return "sga_s11_returns (" + key("return_id", r.id) + ") gives more staff " + more +
           " than staff in contact, so neither training nor vetting coverage can be worked out (a data error in the return's "
           "figures, not coverage over 100%)";
}

}  // namespace

Coverage coverage_of(const Return& r, const Read<std::int64_t>& covered_raw, const char* column) {
    const auto contact = count(r.in_contact, "staff_in_contact", r);
    const auto covered = count(covered_raw, column, r);
    if (!contact.ok()) return {{std::nullopt, contact.error}, {}};
    if (!covered.ok()) return {{std::nullopt, covered.error}, {}};
    if (auto why = inconsistent(r); !why.empty()) return {{std::nullopt, why}, {}};
    if (!contact.value || !covered.value) return {{}, "not given"};
    if (*contact.value == 0) return {{}, "no staff in contact"};
    double share = static_cast<double>(*covered.value) / static_cast<double>(*contact.value);
    return {{share, {}}, std::to_string(*covered.value) + " of " + std::to_string(*contact.value) + " staff in contact (" + percent(share) + ")"};
}

namespace {

void set_count(Facts& f, const char* name, const Read<std::int64_t>& v, const Return& r, const char* column) { f.set(name, count(v, column, r)); }

void set_coverage(Facts& f, const char* share, const char* figures, const Coverage& c) {
    f.set(share, c.share);
    f.set(figures, Value(c.figures));
}

// Standards of the rule set the return gives no rating (a row with an empty rating is none).
void set_unrated(Facts& f, const Population& pop, const Return& r) {
    std::string missing;
    std::int64_t n = 0;
    for (const auto& st : pop.settings().standards) {
        auto it = pop.data().ratings.find({r.id, st.code});
        if (it != pop.data().ratings.end() && !it->second.rating.empty()) continue;
        missing += (missing.empty() ? "" : ", ") + st.code;
        ++n;
    }
    f.set("standards_unrated", n);
    f.set("unrated_standards", Value(missing.empty() ? std::string("none") : missing));
}

void set_return(Facts& f, const Population& pop, const Return& r) {
    const Round& round = pop.settings().audited();
    f.set("return_id", Value(r.id));
    if (!r.due.ok()) f.set_error("due_date", r.due.error);
    else f.set("due_date", r.due.value.value_or(round.due));
    f.set("submitted_date", r.submitted);
    if (!r.submitted.ok()) f.set_error("submitted", r.submitted.error);
    else f.set("submitted", r.submitted.value && *r.submitted.value <= pop.settings().as_of);
    f.set("signed_off_role", r.signed_off.empty() ? Value(Null{}) : Value(r.signed_off));
    set_unrated(f, pop, r);
    set_count(f, "staff_in_contact", r.in_contact, r, "staff_in_contact");
    set_count(f, "staff_trained", r.trained, r, "staff_trained");
    set_count(f, "staff_vetted", r.vetted, r, "staff_vetted");
    set_coverage(f, "training_coverage", "training_figures", coverage_of(r, r.trained, "staff_trained"));
    set_coverage(f, "vetting_coverage", "vetting_figures", coverage_of(r, r.vetted, "staff_vetted"));
}

// No return for the round: nothing submitted, due by the round's date.
void set_no_return(Facts& f, const Round& round) {
    f.set("return_id", Null{});
    f.set("due_date", round.due);
    f.set("submitted_date", Null{});
    f.set("submitted", false);
    for (const char* name : {"signed_off_role", "standards_unrated", "unrated_standards", "staff_in_contact", "staff_trained",
                             "staff_vetted", "training_coverage", "vetting_coverage", "training_figures", "vetting_figures"})
        f.set(name, Null{});
}

}  // namespace

Facts organisation_facts(const Population& pop, const std::string& org_id) {
    Place place = pop.organisation(org_id);
    if (place.kind == Place::undecidable) return undecidable_facts("organisation", place.why);
    const Round& round = pop.settings().audited();
    auto one = pop.return_for(org_id, round.period);
    if (!one.error.empty()) {
        Facts f = undecidable_facts("organisation", one.error);
        f.set("round", Value(round.period));
        f.set("sector", Value(pop.data().organisations.at(org_id).sector));
        return f;
    }
    Facts f;
    f.set("round", Value(round.period));
    f.set("sector", Value(pop.data().organisations.at(org_id).sector));
    if (one.ret) set_return(f, pop, *one.ret);
    else set_no_return(f, round);
    return f;
}

}  // namespace s11
