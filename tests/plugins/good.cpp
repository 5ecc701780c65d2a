// A well-behaved test plugin: reads plans with a bound parameter, hands facts to the host's
// rule engine, adds a check kind of its own and a report section.
#include <string>

#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;

class AtLeastNReviews final : public CheckKind {
public:
    CheckOutcome evaluate(const CheckInput& in) const noexcept override {
        const Value* reviews = in.facts.find("reviews");
        auto n = in.params.at("n").as_int();
        std::int64_t have = reviews && reviews->is_date_list() ? static_cast<std::int64_t>(reviews->as_date_list().size()) : 0;
        return CheckOutcome::with(have >= n ? Outcome::pass : Outcome::fail, std::to_string(have) + " of " + std::to_string(n),
                                  {{"review_count", have}});
    }
};

class GoodAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "test-good";
        d.version = "1.2.3";
        d.description = "test plugin that behaves";
        d.rulesets = {"test-good"};
        d.required_columns = {"ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.cppl_cp_plan_start_date",
                              "ssd_cp_reviews.cppr_cp_plan_id", "ssd_cp_reviews.cppr_cp_review_date", "ssd_person.pers_dob"};
        d.facts = {{"plan", "plan_start", "date", "start"}, {"plan", "first_review", "date", "first review"},
                   {"plan", "reviews", "dates", "all reviews"}, {"plan", "plan_id", "text", "id"},
                   {"plan", "birth_date", "date", "the child's date of birth, for ages only", true}};
        d.check_kinds = {{"at_least_n_reviews", {"n"}, {}, {"review_count"}, {{"n", "count"}}}};
        return d;
    }

    Status run(Context& ctx) {
        // The audit date is bound as a parameter, never spliced into the SQL.
        struct PlanRow {
            std::string id;
            Value start, dob;
        };
        std::vector<PlanRow> plans;
        auto st = ctx.query("SELECT DISTINCT p.cppl_cp_plan_id, p.cppl_cp_plan_start_date, c.pers_dob FROM ssd_cp_plans p "
                            "LEFT JOIN ssd_person c ON c.pers_person_id = p.cppl_person_id "
                            "WHERE p.cppl_cp_plan_start_date <= :as_of ORDER BY p.cppl_cp_plan_id",
                            {Value(ctx.as_of())}, [&](const Row& r) {
                                plans.push_back({r[0].to_string(), r[1], r[2]});
                                return Status::ok();
                            });
        if (!st) return st;
        for (const auto& [id, start, dob] : plans) {
            DateList reviews;
            st = ctx.query("SELECT cppr_cp_review_date FROM ssd_cp_reviews WHERE cppr_cp_plan_id = :id ORDER BY 1", {Value(id)},
                           [&](const Row& r) {
                               if (auto d = to_date(r[0])) reviews.push_back(*d);
                               return Status::ok();
                           });
            if (!st) return st;
            Facts f;
            f.set_date("plan_start", start, "ssd_cp_plans.cppl_cp_plan_start_date");
            f.set("first_review", reviews.empty() ? Value(Null{}) : Value(reviews.front()));
            f.set("reviews", reviews);
            f.set("plan_id", id);
            f.set_sensitive_date("birth_date", dob, "ssd_person.pers_dob");
            if (auto e = ctx.evaluate(Subject{"plan", id, "", "", "", ""}, f); !e) return e;
        }
        ReportSection summary;
        summary.id = "summary";
        summary.title = "Plans seen";
        summary.text = std::to_string(plans.size()) + " plans";
        ctx.add_section(std::move(summary));
        // Names a record, as a plugin may: --pseudonymise must replace it on the terminal too.
        ctx.log(LogLevel::info, "looked at " + std::to_string(plans.size()) + " plans" +
                                    (plans.empty() ? std::string() : ", the first " + plans.front().id));

        return Status::ok();
    }

    const CheckKind* check_kind(std::string_view name) const {
        return name == "at_least_n_reviews" ? &at_least_ : nullptr;
    }

private:
    AtLeastNReviews at_least_;
};

}  // namespace

SGAUDIT_PLUGIN(GoodAudit)
