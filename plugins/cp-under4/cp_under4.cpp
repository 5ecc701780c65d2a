// Review of child protection plans for children under 4: who is in the population and what is
// known about each plan. Whether each step was on time is decided in rules/cp-under4.toml.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "plan_facts.hpp"
#include "review_sheet.hpp"
#include "sheet_order.hpp"
#include "summary.hpp"
#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;
using namespace cp4;

class CpUnder4Audit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "cp-under4";
        d.version = "0.1.0";
        d.description = "Independent Reviewing Officers' review of child protection plans for children under 4";
        d.rulesets = {"cp-under4"};
        d.required_columns = {
            "ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.cppl_person_id", "ssd_cp_plans.cppl_icpc_id",
            "ssd_cp_plans.cppl_referral_id", "ssd_cp_plans.cppl_cp_plan_start_date", "ssd_cp_plans.cppl_cp_plan_end_date",
            "ssd_cp_plans.cppl_cp_plan_initial_category", "ssd_cp_plans.cppl_cp_plan_latest_category",
            "ssd_person.pers_person_id", "ssd_person.pers_dob", "ssd_person.pers_expected_dob",
            "ssd_initial_cp_conference.icpc_icpc_id", "ssd_initial_cp_conference.icpc_s47_enquiry_id",
            "ssd_initial_cp_conference.icpc_icpc_transfer_in", "ssd_initial_cp_conference.icpc_icpc_date",
            "ssd_s47_enquiry.s47e_s47_enquiry_id", "ssd_s47_enquiry.s47e_s47_start_date",
            "ssd_cp_reviews.cppr_cp_plan_id", "ssd_cp_reviews.cppr_cp_review_date",
            "ssd_cp_visits.cppv_cp_plan_id", "ssd_cp_visits.cppv_cp_visit_date", "ssd_cp_visits.cppv_cp_visit_seen",
            "ssd_cp_visits.cppv_cp_visit_seen_alone", "sga_cp_core_groups.cp_plan_id", "sga_cp_core_groups.meeting_date",
            "ssd_involvements.invo_person_id", "ssd_involvements.invo_professional_id", "ssd_involvements.invo_professional_role_id",
            "ssd_involvements.invo_professional_team", "ssd_involvements.invo_involvement_start_date",
            "ssd_involvements.invo_involvement_end_date", "ssd_professionals.prof_professional_id",
            "ssd_professionals.prof_social_worker_registration_no", "ssd_department.dept_team_id",
            "ssd_department.dept_team_parent_id", "ssd_department.dept_team_name", "ssd_cin_episodes.cine_referral_team", "ssd_cin_episodes.cine_person_id",
            "ssd_cin_episodes.cine_referral_date", "ssd_cin_episodes.cine_close_date", "sga_case_records.person_id",
            "sga_case_records.record_date", "sga_case_records.kind",
            // The keys that make repeated rows count once.
            "ssd_involvements.invo_involvements_id", "ssd_cin_episodes.cine_referral_id", "ssd_cp_reviews.cppr_cp_review_id",
            "ssd_cp_visits.cppv_cp_visit_id", "sga_cp_core_groups.core_group_id", "sga_case_records.record_id"};
        auto fact = [&](const char* name, const char* type, const char* what) { d.facts.push_back({"cp_plan", name, type, what}); };
        fact("plan_start", "date", "cppl_cp_plan_start_date");
        fact("age_months", "number", "completed months of age on the audit date, from the date of birth or (over unborn_grace_days past it) the expected date; null when unborn or not recorded");
        fact("unborn", "flag", "no date of birth, and the audit date at most unborn_grace_days after the expected date");
        fact("allocated", "flag", "an allocated worker covers the audit date");
        fact("qualified", "flag", "the allocated worker has a social work registration number");
        fact("worker", "text", "the allocated worker's id");
        fact("allocation", "text", "the allocation in words, for messages: no worker, or the worker's id and whether registered");
        fact("transfer_in", "flag", "the ICPC was a transfer-in conference");
        fact("s47_start", "date", "the strategy discussion that began the s47 enquiry");
        fact("icpc_date", "date", "the initial child protection conference");
        fact("first_core_group", "date", "the first core group meeting");
        fact("first_review", "date", "the first review conference");
        fact("later_reviews", "dates", "review conferences after the first");
        fact("seen_visits", "dates", "visits where the child was seen");
        fact("visits", "number", "visits recorded");
        fact("seen_share", "number", "share of visits where the child was seen");
        fact("not_alone_run", "number", "longest run of seen visits, from age 3, without the child seen alone");
        fact("plan_months", "number", "completed months the plan has lasted on the audit date");
        fact("months_since_earlier_plan", "number", "months between an earlier plan's end and this plan's start");
        fact("initial_category", "text", "category of abuse at the start");
        fact("latest_category", "text", "latest category of abuse");
        fact("latest_chronology", "dates", "chronology updates");
        fact("latest_oversight", "dates", "management oversight or supervision records");
        d.facts.push_back({"cp_plan", "birth_date", "date", "for ages only", true});
        return d;
    }

    Status run(Context& ctx) {
        Settings s;
        if (auto st = read_settings(ctx, s); !st) return st;
        PlanIndex index;
        if (auto st = index.load(ctx); !st) return st;
        // The population: plans open on the audit date for children under the age limit (or
        // unborn, or of unknown age), and every plan whose place in it cannot be decided.
        std::vector<std::pair<const PlanRow*, Membership>> population;
        std::set<std::string> plan_ids, persons;
        for (const auto& [id, plan] : index.plans) {
            auto m = membership(index, plan, s);
            if (m.kind == Membership::Kind::out) continue;
            population.push_back({&plan, m});
            plan_ids.insert(id);
            persons.insert(plan.person);
        }
        PlanDetail detail;
        if (auto st = detail.load(ctx, s.allocated_role, plan_ids, persons); !st) return st;
        std::vector<std::string> fact_names;
        for (const auto& f : describe().facts) fact_names.push_back(f.name);

        Summary summary(s.qualified_rule);
        std::vector<std::pair<SheetKey, ReportSection>> sheets;  // added after the summary, which comes first
        for (const auto& [plan, m] : population) {
            PlanView v = m.kind == Membership::Kind::in ? plan_view(index, detail, *plan, s)
                                                        : undecidable_view(detail, *plan, s, fact_names, m.why);
            auto area = detail.area_of_team.find(v.team);
            Subject subject{"cp_plan", plan->id, plan->person, v.team, area == detail.area_of_team.end() ? std::string() : area->second,
                            v.worker};
            std::vector<RuleOutcome> outcomes;
            if (auto e = ctx.evaluate(subject, v.facts, outcomes); !e) return e;
            if (outcomes.empty()) continue;  // outside --area/--team
            summary.add(subject, outcomes);
            SheetKey key = sheet_key(v, plan->id);
            ReportSection sheet = review_sheet(ctx, *plan, subject, v, outcomes, m.kind == Membership::Kind::in);
            label_group(sheet, key, v.team_name);
            sheets.emplace_back(std::move(key), std::move(sheet));
            if (summary.judged % 100 == 0 && !ctx.progress(summary.judged, population.size())) return Status::error("cancelled");
        }
        ctx.add_section(summary.section(s.under_age_years));
        ctx.add_section(summary.by_place_section());
        // By team, then worker (sheet_order.hpp); the keys are unique, as plan ids are.
        std::sort(sheets.begin(), sheets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& sheet : sheets) ctx.add_section(std::move(sheet.second));
        ctx.log(LogLevel::info, std::to_string(population.size()) + " plans for children under the age limit");
        return Status::ok();
    }

private:
    static Status read_settings(Context& ctx, Settings& s) {
        s.as_of = ctx.as_of();
        auto whole = [&](const char* name, int& out) {
            auto v = whole_parameter(ctx.parameter(name), 0, 100000);
            if (v) out = *v;
            return v.has_value();
        };
        auto age_at = ctx.parameter("age_judged_at");
        auto role = ctx.parameter("allocated_role");
        if (!whole("under_age_years", s.under_age_years) || !whole("seen_alone_min_age", s.seen_alone_min_age) ||
            !whole("visit_interval_working_days", s.visit_limit) || !whole("unborn_grace_days", s.unborn_grace_days) ||
            !role || !role->is_text() || !age_at || !age_at->is_text() ||
            (age_at->as_text() != "audit_date" && age_at->as_text() != "plan_start"))
            return Status::error("the rule set needs whole-number under_age_years, seen_alone_min_age, visit_interval_working_days "
                                 "and unborn_grace_days, text allocated_role, and age_judged_at = \"audit_date\" or \"plan_start\"");
        s.age_at_plan_start = age_at->as_text() == "plan_start";
        s.allocated_role = role->as_text();
        auto headline = ctx.parameter("qualified_rule");
        if (!headline || !headline->is_text() || headline->as_text().empty())
            return Status::error("the rule set needs qualified_rule: the id of the rule that checks a plan is allocated to a qualified "
                                 "social worker (the summary counts its failures)");
        s.qualified_rule = headline->as_text();
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(CpUnder4Audit)
