// Data quality: the integrity checks national returns apply before any figure can be trusted.
// This plugin only gathers facts per subject (a plan, a conference, a person...); what counts
// as a problem is written in rules/data-quality.toml.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace {

using namespace sgaudit;

// A date read from case data, or why it could not be read.
struct ReadDate {
    std::optional<Date> date;
    std::string error;
};

ReadDate read_date(const Value& v, const std::string& table_column, const std::string& key) {
    if (v.is_null()) return {};
    if (v.is_date()) return {v.as_date(), {}};
    if (v.is_text()) {
        if (v.as_text().empty()) return {};
        if (auto d = Date::parse(v.as_text())) return {d, {}};
    }
    return {std::nullopt, table_column + " holds '" + v.to_string() + "', which is not a date (row " + key + ")"};
}

std::string text(const Value& v) { return v.is_null() ? std::string() : v.to_string(); }

// Earliest or latest readable date per key, remembering the first unreadable one.
struct DateAggregate {
    std::optional<Date> min, max;
    std::string error;
    void add(const ReadDate& r) {
        if (!r.error.empty()) {
            if (error.empty()) error = r.error;
            return;
        }
        if (!r.date) return;
        if (!min || *r.date < *min) min = r.date;
        if (!max || *r.date > *max) max = r.date;
    }
};

void set_aggregate(Facts& f, const std::string& name, const DateAggregate* agg, bool use_min) {
    if (!agg) return f.set(name, Null{});
    if (!agg->error.empty()) return f.set_error(name, agg->error);
    auto d = use_min ? agg->min : agg->max;
    f.set(name, d ? Value(*d) : Value(Null{}));
}

void set_date(Facts& f, const std::string& name, const ReadDate& r) {
    if (!r.error.empty()) f.set_error(name, r.error);
    else f.set(name, r.date ? Value(*r.date) : Value(Null{}));
}

struct Person {
    bool has_birth_or_expected = false;
    ReadDate death;
    int count = 0;
};

struct Referral {
    std::string person, team;
    ReadDate date, close;
};

struct Plan {
    std::string id, person, referral;
    ReadDate start, end;
};

class DataQualityAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "data-quality";
        d.version = "0.1.0";
        d.description = "Integrity checks on case data (dates in order, links present, no duplicates) before any audit is trusted";
        d.rulesets = {"data-quality"};
        d.required_columns = {
            "ssd_person.pers_person_id", "ssd_person.pers_dob", "ssd_person.pers_expected_dob", "ssd_person.pers_death_date",
            "ssd_department.dept_team_id", "ssd_department.dept_team_parent_id",
            "ssd_cin_episodes.cine_referral_id", "ssd_cin_episodes.cine_person_id", "ssd_cin_episodes.cine_referral_date",
            "ssd_cin_episodes.cine_close_date", "ssd_cin_episodes.cine_referral_team",
            "ssd_cin_assessments.cina_assessment_id", "ssd_cin_assessments.cina_person_id", "ssd_cin_assessments.cina_referral_id",
            "ssd_cin_assessments.cina_assessment_start_date", "ssd_cin_assessments.cina_assessment_auth_date",
            "ssd_s47_enquiry.s47e_s47_enquiry_id", "ssd_s47_enquiry.s47e_person_id", "ssd_s47_enquiry.s47e_s47_start_date",
            "ssd_initial_cp_conference.icpc_icpc_id", "ssd_initial_cp_conference.icpc_s47_enquiry_id",
            "ssd_initial_cp_conference.icpc_person_id", "ssd_initial_cp_conference.icpc_icpc_transfer_in",
            "ssd_initial_cp_conference.icpc_icpc_date",
            "ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.cppl_referral_id", "ssd_cp_plans.cppl_person_id",
            "ssd_cp_plans.cppl_cp_plan_start_date", "ssd_cp_plans.cppl_cp_plan_end_date",
            "ssd_cp_reviews.cppr_cp_review_id", "ssd_cp_reviews.cppr_cp_plan_id", "ssd_cp_reviews.cppr_cp_review_date",
            "ssd_cp_visits.cppv_cp_visit_id", "ssd_cp_visits.cppv_cp_plan_id", "ssd_cp_visits.cppv_cp_visit_date",
        };
        auto fact = [&](const char* kind, const char* name, const char* type, const char* what) {
            d.facts.push_back({kind, name, type, what});
        };
        fact("person", "has_birth_or_expected_date", "flag", "a date of birth or an expected date of birth is recorded");
        fact("person", "death_date", "date", "pers_death_date");
        fact("person", "last_event_date", "date", "latest referral, assessment, conference, plan, review or visit date");
        fact("person", "open_plans", "number", "plans open on the audit date");
        fact("person", "id_count", "number", "rows in ssd_person with this id");
        fact("referral", "referral_date", "date", "cine_referral_date");
        fact("referral", "close_date", "date", "cine_close_date");
        fact("referral", "person_found", "flag", "cine_person_id names a row of ssd_person");
        fact("referral", "id_count", "number", "rows in ssd_cin_episodes with this id");
        fact("assessment", "start_date", "date", "cina_assessment_start_date");
        fact("assessment", "auth_date", "date", "cina_assessment_auth_date");
        fact("assessment", "referral_given", "flag", "cina_referral_id is recorded");
        fact("assessment", "referral_found", "flag", "cina_referral_id names a row of ssd_cin_episodes");
        fact("assessment", "id_count", "number", "rows in ssd_cin_assessments with this id");
        fact("s47", "start_date", "date", "s47e_s47_start_date (the strategy discussion)");
        fact("s47", "id_count", "number", "rows in ssd_s47_enquiry with this id");
        fact("icpc", "icpc_date", "date", "icpc_icpc_date");
        fact("icpc", "transfer_in", "flag", "icpc_icpc_transfer_in");
        fact("icpc", "s47_given", "flag", "icpc_s47_enquiry_id is recorded");
        fact("icpc", "s47_found", "flag", "icpc_s47_enquiry_id names a row of ssd_s47_enquiry");
        fact("icpc", "s47_start", "date", "start date of the linked s47 enquiry");
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
        return d;
    }

    Status run(Context& ctx) {
        if (auto st = load(ctx); !st) return st;
        if (auto st = referrals(ctx); !st) return st;
        if (auto st = assessments(ctx); !st) return st;
        if (auto st = s47s(ctx); !st) return st;
        if (auto st = icpcs(ctx); !st) return st;
        if (auto st = plans(ctx); !st) return st;
        // Last: a person's latest event needs every table above.
        return persons(ctx);
    }

private:
    std::map<std::string, std::string> area_of_team_;
    std::map<std::string, Person> persons_;
    std::vector<std::string> person_order_;
    std::map<std::string, std::vector<Referral>> referrals_;
    std::vector<std::string> referral_order_;
    std::map<std::string, std::vector<Plan>> plans_by_person_;
    std::vector<Plan> plans_;
    std::map<std::string, int> plan_count_;
    std::map<std::string, DateAggregate> first_review_, first_visit_, person_events_;
    std::map<std::string, ReadDate> s47_start_;
    std::map<std::string, int> s47_count_;

    Subject subject(const char* kind, const std::string& id, const std::string& person, const std::string& team) const {
        auto a = area_of_team_.find(team);
        return Subject{kind, id, person, team, a == area_of_team_.end() ? std::string() : a->second};
    }

    std::string team_of_person(const std::string& person) const {
        auto it = referrals_.find(person);
        return it == referrals_.end() ? std::string() : it->second.back().team;
    }

    Status load(Context& ctx) {
        auto st = ctx.query("SELECT dept_team_id, dept_team_parent_id FROM ssd_department", {}, [&](const Row& r) {
            area_of_team_[text(r[0])] = text(r[1]);
            return Status::ok();
        });
        if (!st) return st;
        // Dates of birth never leave the database: only whether one is recorded.
        st = ctx.query(
            "SELECT pers_person_id, CASE WHEN pers_dob IS NULL AND pers_expected_dob IS NULL THEN 'N' ELSE 'Y' END, "
            "pers_death_date FROM ssd_person ORDER BY pers_person_id",
            {}, [&](const Row& r) {
                std::string id = text(r[0]);
                auto& p = persons_[id];
                if (p.count++ == 0) person_order_.push_back(id);
                p.has_birth_or_expected = text(r[1]) == "Y";
                p.death = read_date(r[2], "ssd_person.pers_death_date", "pers_person_id=" + id);
                return Status::ok();
            });
        if (!st) return st;
        st = ctx.query("SELECT cppr_cp_review_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews", {}, [&](const Row& r) {
            first_review_[text(r[1])].add(read_date(r[2], "ssd_cp_reviews.cppr_cp_review_date", "cppr_cp_review_id=" + text(r[0])));
            return Status::ok();
        });
        if (!st) return st;
        st = ctx.query("SELECT cppv_cp_visit_id, cppv_cp_plan_id, cppv_cp_visit_date, cppv_person_id FROM ssd_cp_visits", {},
                       [&](const Row& r) {
                           auto d = read_date(r[2], "ssd_cp_visits.cppv_cp_visit_date", "cppv_cp_visit_id=" + text(r[0]));
                           first_visit_[text(r[1])].add(d);
                           person_events_[text(r[3])].add(d);
                           return Status::ok();
                       });
        if (!st) return st;
        st = ctx.query("SELECT cppr_person_id, cppr_cp_review_date, cppr_cp_review_id FROM ssd_cp_reviews", {}, [&](const Row& r) {
            person_events_[text(r[0])].add(read_date(r[1], "ssd_cp_reviews.cppr_cp_review_date", "cppr_cp_review_id=" + text(r[2])));
            return Status::ok();
        });
        if (!st) return st;
        st = ctx.query("SELECT cine_referral_id, cine_person_id, cine_referral_date, cine_close_date, cine_referral_team "
                       "FROM ssd_cin_episodes ORDER BY cine_referral_id",
                       {}, [&](const Row& r) {
                           std::string id = text(r[0]);
                           Referral ref{text(r[1]), text(r[4]),
                                        read_date(r[2], "ssd_cin_episodes.cine_referral_date", "cine_referral_id=" + id),
                                        read_date(r[3], "ssd_cin_episodes.cine_close_date", "cine_referral_id=" + id)};
                           if (referrals_by_id_[id]++ == 0) referral_order_.push_back(id);
                           referral_rows_[id] = ref;
                           person_events_[ref.person].add(ref.date);
                           referrals_[ref.person].push_back(ref);
                           return Status::ok();
                       });
        if (!st) return st;
        st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_referral_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date "
                       "FROM ssd_cp_plans ORDER BY cppl_cp_plan_id",
                       {}, [&](const Row& r) {
                           std::string id = text(r[0]);
                           Plan p{id, text(r[1]), text(r[2]),
                                  read_date(r[3], "ssd_cp_plans.cppl_cp_plan_start_date", "cppl_cp_plan_id=" + id),
                                  read_date(r[4], "ssd_cp_plans.cppl_cp_plan_end_date", "cppl_cp_plan_id=" + id)};
                           if (plan_count_[id]++ == 0) plans_.push_back(p);
                           plans_by_person_[p.person].push_back(p);
                           person_events_[p.person].add(p.start);
                           return Status::ok();
                       });
        return st;
    }

    Status persons(Context& ctx) {
        std::size_t done = 0;
        for (const auto& id : person_order_) {
            const Person& p = persons_[id];
            Facts f;
            f.set("has_birth_or_expected_date", p.has_birth_or_expected);
            set_date(f, "death_date", p.death);
            auto ev = person_events_.find(id);
            set_aggregate(f, "last_event_date", ev == person_events_.end() ? nullptr : &ev->second, false);
            // Distinct ids: a duplicated plan row is reported by dq.plan-id-unique, not as two plans.
            std::set<std::string> open;
            for (const auto& plan : plans_by_person_[id]) {
                bool started = plan.start.date && *plan.start.date <= ctx.as_of();
                bool not_ended = !plan.end.date || *plan.end.date > ctx.as_of();
                if (started && not_ended && plan.end.error.empty()) open.insert(plan.id);
            }
            f.set("open_plans", static_cast<std::int64_t>(open.size()));
            f.set("id_count", static_cast<std::int64_t>(p.count));
            if (auto st = ctx.evaluate(subject("person", id, id, team_of_person(id)), f); !st) return st;
            if (++done % 1000 == 0 && !ctx.progress(done, person_order_.size())) return Status::error("cancelled");
        }
        return Status::ok();
    }

    Status referrals(Context& ctx) {
        for (const auto& id : referral_order_) {
            const Referral& r = referral_rows_[id];
            Facts f;
            set_date(f, "referral_date", r.date);
            set_date(f, "close_date", r.close);
            f.set("person_found", persons_.count(r.person) > 0);
            f.set("id_count", static_cast<std::int64_t>(referrals_by_id_[id]));
            if (auto st = ctx.evaluate(subject("referral", id, r.person, r.team), f); !st) return st;
        }
        return Status::ok();
    }

    Status assessments(Context& ctx) {
        std::map<std::string, int> count;
        std::vector<std::pair<std::string, Row>> rows;
        auto st = ctx.query("SELECT cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date, "
                            "cina_assessment_auth_date FROM ssd_cin_assessments ORDER BY cina_assessment_id",
                            {}, [&](const Row& r) {
                                std::string id = text(r[0]);
                                if (count[id]++ == 0) rows.emplace_back(id, r);
                                return Status::ok();
                            });
        if (!st) return st;
        for (const auto& [id, r] : rows) {
            Facts f;
            std::string key = "cina_assessment_id=" + id;
            auto start = read_date(r[3], "ssd_cin_assessments.cina_assessment_start_date", key);
            auto auth = read_date(r[4], "ssd_cin_assessments.cina_assessment_auth_date", key);
            set_date(f, "start_date", start);
            set_date(f, "auth_date", auth);
            person_events_[text(r[1])].add(start);
            std::string referral = text(r[2]);
            f.set("referral_given", !referral.empty());
            f.set("referral_found", referral_rows_.count(referral) > 0);
            f.set("id_count", static_cast<std::int64_t>(count[id]));
            std::string team = referral_rows_.count(referral) ? referral_rows_[referral].team : std::string();
            if (auto s = ctx.evaluate(subject("assessment", id, text(r[1]), team), f); !s) return s;
        }
        return Status::ok();
    }

    Status s47s(Context& ctx) {
        std::vector<std::pair<std::string, std::string>> order;
        auto st = ctx.query("SELECT s47e_s47_enquiry_id, s47e_person_id, s47e_s47_start_date FROM ssd_s47_enquiry "
                            "ORDER BY s47e_s47_enquiry_id",
                            {}, [&](const Row& r) {
                                std::string id = text(r[0]);
                                if (s47_count_[id]++ == 0) {
                                    order.emplace_back(id, text(r[1]));
                                    s47_start_[id] = read_date(r[2], "ssd_s47_enquiry.s47e_s47_start_date", "s47e_s47_enquiry_id=" + id);
                                }
                                return Status::ok();
                            });
        if (!st) return st;
        for (const auto& [id, person] : order) {
            Facts f;
            set_date(f, "start_date", s47_start_[id]);
            f.set("id_count", static_cast<std::int64_t>(s47_count_[id]));
            if (auto s = ctx.evaluate(subject("s47", id, person, team_of_person(person)), f); !s) return s;
        }
        return Status::ok();
    }

    Status icpcs(Context& ctx) {
        std::map<std::string, int> count;
        std::vector<std::pair<std::string, Row>> rows;
        auto st = ctx.query("SELECT icpc_icpc_id, icpc_person_id, icpc_s47_enquiry_id, icpc_icpc_transfer_in, icpc_icpc_date "
                            "FROM ssd_initial_cp_conference ORDER BY icpc_icpc_id",
                            {}, [&](const Row& r) {
                                std::string id = text(r[0]);
                                if (count[id]++ == 0) rows.emplace_back(id, r);
                                return Status::ok();
                            });
        if (!st) return st;
        for (const auto& [id, r] : rows) {
            Facts f;
            std::string person = text(r[1]), s47 = text(r[2]);
            auto date = read_date(r[4], "ssd_initial_cp_conference.icpc_icpc_date", "icpc_icpc_id=" + id);
            set_date(f, "icpc_date", date);
            person_events_[person].add(date);
            f.set_flag("transfer_in", r[3], "ssd_initial_cp_conference.icpc_icpc_transfer_in");
            f.set("s47_given", !s47.empty());
            f.set("s47_found", s47_start_.count(s47) > 0);
            if (s47_start_.count(s47)) set_date(f, "s47_start", s47_start_[s47]);
            else f.set("s47_start", Null{});
            f.set("id_count", static_cast<std::int64_t>(count[id]));
            if (auto s = ctx.evaluate(subject("icpc", id, person, team_of_person(person)), f); !s) return s;
        }
        return Status::ok();
    }

    static bool overlaps(const Plan& a, const Plan& b) {
        if (!a.start.date || !b.start.date) return false;
        // A plan is no longer open on its end date, so plans that meet end-to-start do not overlap.
        bool a_before_b_ends = !b.end.date || *a.start.date < *b.end.date;
        bool b_before_a_ends = !a.end.date || *b.start.date < *a.end.date;
        return a_before_b_ends && b_before_a_ends;
    }

    Status plans(Context& ctx) {
        for (const auto& p : plans_) {
            Facts f;
            set_date(f, "plan_start", p.start);
            set_date(f, "plan_end", p.end);
            f.set("referral_given", !p.referral.empty());
            auto ref = referral_rows_.find(p.referral);
            f.set("referral_found", ref != referral_rows_.end());
            if (ref != referral_rows_.end()) set_date(f, "referral_date", ref->second.date);
            else f.set("referral_date", Null{});
            f.set("person_found", persons_.count(p.person) > 0);
            auto rv = first_review_.find(p.id);
            set_aggregate(f, "first_review_date", rv == first_review_.end() ? nullptr : &rv->second, true);
            auto vs = first_visit_.find(p.id);
            set_aggregate(f, "first_visit_date", vs == first_visit_.end() ? nullptr : &vs->second, true);
            std::int64_t overlapping = 0;
            for (const auto& other : plans_by_person_[p.person])
                if (other.id != p.id && overlaps(p, other)) ++overlapping;
            f.set("overlapping_plans", overlapping);
            f.set("id_count", static_cast<std::int64_t>(plan_count_[p.id]));
            std::string team = ref != referral_rows_.end() ? ref->second.team : team_of_person(p.person);
            if (auto st = ctx.evaluate(subject("cp_plan", p.id, p.person, team), f); !st) return st;
        }
        return Status::ok();
    }

    std::map<std::string, int> referrals_by_id_;
    std::map<std::string, Referral> referral_rows_;
};

}  // namespace

SGAUDIT_PLUGIN(DataQualityAudit)
