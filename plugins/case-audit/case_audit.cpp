// The case-file audit (issue 15, first half): draws a fair, reproducible sample of open cases
// per area (or team) and counts each sampled case's compliance from the record. Which items and
// what counts as met are in rules/case-audit.toml; how the sample is drawn is in sampling.hpp.
// The auditor's grades, moderation and follow-up come back in workbooks that follow a stored run
// (audit_forms.hpp) and are reviewed in that run's report (review_sections.hpp).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "audit_forms.hpp"
#include "case_facts.hpp"
#include "review_sections.hpp"
#include "sampling.hpp"
#include "sections.hpp"
#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;
using namespace ca;

// Earlier runs read to leave out children audited lately: monthly audits over two years.
constexpr std::size_t kHistoryRuns = 24;

// Rules whose results mark a child as sampled in an earlier run (any outcome): every item, so
// a council that disables some still has the rest to go by.
const std::vector<std::string>& item_rules() {
    static const std::vector<std::string> rules = {
        "ca.allocated-qualified", "ca.initial-assessment", "ca.core-assessment", "ca.single-assessment", "ca.seen-cp",
        "ca.seen-looked-after", "ca.seen-cin", "ca.seen-alone", "ca.chronology", "ca.genogram", "ca.oversight",
        "ca.cp-reviews", "ca.lac-first-review", "ca.lac-later-reviews", "ca.child-views", "ca.recording"};
    return rules;
}

struct Settings {
    SampleSettings sample;
    FactSettings facts;
    std::string allocated_role;
    int green = 90, amber = 70;
};

class CaseAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "case-audit";
        d.version = "0.1.0";
        d.description = "Case-file audit: a fair, reproducible sample of open cases per area or team, and each case's compliance";
        d.rulesets = {"case-audit"};
        d.required_columns = {
            "ssd_department.dept_team_id", "ssd_department.dept_team_parent_id", "ssd_department.dept_team_name",
            "ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.cppl_person_id", "ssd_cp_plans.cppl_cp_plan_start_date",
            "ssd_cp_plans.cppl_cp_plan_end_date", "ssd_cla_episodes.clae_cla_episode_id", "ssd_cla_episodes.clae_person_id",
            "ssd_cla_episodes.clae_cla_id", "ssd_cla_episodes.clae_cla_episode_start_date", "ssd_cla_episodes.clae_cla_episode_ceased_date",
            "ssd_cin_episodes.cine_referral_id", "ssd_cin_episodes.cine_person_id", "ssd_cin_episodes.cine_referral_team",
            "ssd_cin_episodes.cine_referral_date", "ssd_cin_episodes.cine_close_date", "ssd_involvements.invo_involvements_id",
            "ssd_involvements.invo_person_id", "ssd_involvements.invo_professional_id", "ssd_involvements.invo_professional_role_id",
            "ssd_involvements.invo_professional_team", "ssd_involvements.invo_involvement_start_date",
            "ssd_involvements.invo_involvement_end_date", "ssd_professionals.prof_professional_id",
            "ssd_professionals.prof_social_worker_registration_no", "ssd_person.pers_person_id", "ssd_person.pers_dob",
            "ssd_person.pers_expected_dob", "sga_assessment_stage.cina_assessment_id", "sga_assessment_stage.stage",
            "ssd_cin_assessments.cina_assessment_id", "ssd_cin_assessments.cina_person_id", "ssd_cin_assessments.cina_referral_id",
            "ssd_cin_assessments.cina_assessment_start_date", "ssd_cin_assessments.cina_assessment_auth_date",
            "ssd_cp_visits.cppv_cp_visit_id", "ssd_cp_visits.cppv_person_id", "ssd_cp_visits.cppv_cp_plan_id",
            "ssd_cp_visits.cppv_cp_visit_date", "ssd_cp_visits.cppv_cp_visit_seen", "ssd_cp_visits.cppv_cp_visit_seen_alone",
            "ssd_cin_visits.cinv_cin_visit_id", "ssd_cin_visits.cinv_person_id", "ssd_cin_visits.cinv_cin_visit_date",
            "ssd_cin_visits.cinv_cin_visit_seen", "ssd_cin_visits.cinv_cin_visit_seen_alone", "ssd_cla_visits.clav_cla_visit_id",
            "ssd_cla_visits.clav_cla_id", "ssd_cla_visits.clav_person_id", "ssd_cla_visits.clav_cla_visit_date",
            "ssd_cla_visits.clav_cla_visit_seen", "ssd_cla_visits.clav_cla_visit_seen_alone", "ssd_cp_reviews.cppr_cp_review_id",
            "ssd_cp_reviews.cppr_person_id", "ssd_cp_reviews.cppr_cp_plan_id", "ssd_cp_reviews.cppr_cp_review_date",
            "ssd_cla_reviews.clar_cla_review_id", "ssd_cla_reviews.clar_cla_id", "ssd_cla_reviews.clar_cla_review_date",
            "ssd_cla_reviews.clar_cla_review_cancelled", "sga_case_records.record_id", "sga_case_records.person_id",
            "sga_case_records.record_date", "sga_case_records.kind"};
        for (const auto& f : fact_declarations()) d.facts.push_back({"case", f.name, f.type, f.what});
        d.history = {item_rules(), kHistoryRuns};
        d.lists = {{"grades", {{"code", "text"}, {"label", "text"}, {"rank", "whole"}, {"follow_up", "flag"}}}};
        return d;
    }

    Status run(Context& ctx) {
        Settings s;
        if (auto st = read_settings(ctx, s); !st) return st;
        OpenData open;
        if (auto st = open.load(ctx, s.allocated_role); !st) return st;
        const Classified classified = classify(open, ctx.as_of(), s.sample.per_team);
        HistoryUse history;
        const std::set<std::string> audited = audited_lately(ctx, s.sample, history);
        const Sample sample = draw_sample(classified.open, s.sample, ctx.as_of(), audited);

        std::set<std::string> persons;
        for (const auto& c : sample.drawn) persons.insert(c.person);
        for (const auto& u : classified.undecided) persons.insert(u.person);
        CaseDetail detail;
        if (auto st = detail.load(ctx, persons); !st) return st;

        Compliance compliance;
        std::vector<std::pair<std::tuple<std::string, std::string, std::string>, ReportSection>> sheets;
        auto judge = [&](const std::string& person, const Placement& at, const std::string& type, const CaseView& v) -> Status {
            Subject subject{"case", person, person, at.team, at.area, at.worker};
            std::vector<RuleOutcome> outcomes;
            if (auto e = ctx.evaluate(subject, v.facts, outcomes); !e) return e;
            if (outcomes.empty()) return Status::ok();  // outside --area/--team
            compliance.add(subject, outcomes);
            auto name = open.team_name.find(at.team);
            sheets.push_back({{at.area, at.team, person},
                              case_sheet(subject, type, v, outcomes, name == open.team_name.end() ? "" : name->second)});
            return Status::ok();
        };
        for (const auto& c : sample.drawn)
            if (auto st = judge(c.person, c.placement, type_name(c.type), case_view(c, open, detail, s.facts)); !st) return st;
        for (const auto& u : classified.undecided)
            if (auto st = judge(u.person, u.placement, "", undecided_view(u.why)); !st) return st;

        ctx.add_section(sample_section({s.sample, sample, classified.undecided, classified.not_in_person, history, s.sample.per_team ? "team" : "area"}));
        ctx.add_section(compliance.section(s.green, s.amber));
        std::sort(sheets.begin(), sheets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& sheet : sheets) ctx.add_section(std::move(sheet.second));
        ctx.log(LogLevel::info, std::to_string(sample.drawn.size()) + " cases drawn from " + std::to_string(classified.open.size()) +
                                    " open cases");
        return Status::ok();
    }

    Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) { return audit_forms(ctx, request, out); }
    Status review(Context& ctx, const RunReview& review, std::vector<ReportSection>& out) { return audit_review(ctx, review, out); }

private:
    // Children sampled in an earlier run within the last exclude_audited_within_months.
    static std::set<std::string> audited_lately(Context& ctx, const SampleSettings& s, HistoryUse& use) {
        std::set<std::string> out;
        use.asked = s.exclude_audited_within_months > 0;
        if (!use.asked) return out;
        const EarlierRuns& earlier = ctx.earlier_runs();
        use.available = earlier.available;
        if (!earlier.available) {
            use.note = earlier.note.empty() ? "the run history could not be read" : earlier.note;
            ctx.log(LogLevel::warn, "case-audit: cases audited lately were not left out: " + use.note);
            return out;
        }
        std::size_t within = 0;
        for (const EarlierRun& run : earlier.runs) {
            if (add_months(run.as_of, s.exclude_audited_within_months) < ctx.as_of()) continue;
            ++within;
            for (const EarlierResult& r : run.results)
                if (r.subject.kind == "case") out.insert(r.subject.id);
        }
        use.note = "from " + std::to_string(within) + " earlier run" + (within == 1 ? "" : "s") + " within the window";
        if (earlier.runs.size() >= kHistoryRuns && add_months(earlier.runs.front().as_of, s.exclude_audited_within_months) >= ctx.as_of())
            use.note += " (only the latest " + std::to_string(kHistoryRuns) + " audit dates are read; older runs in the window were not)";
        return out;
    }

    static Status read_settings(Context& ctx, Settings& s) {
        s.facts.as_of = ctx.as_of();
        s.sample.seed = ctx.seed();
        int size = 0;
        auto whole = [&](const char* name, int& out, int max) {
            auto v = whole_parameter(ctx.parameter(name), 0, max);
            if (v) out = *v;
            return v.has_value();
        };
        auto per = ctx.parameter("sample_per");
        auto role = ctx.parameter("allocated_role");
        if (!whole("sample_size", size, 100000) || size < 1 || !whole("exclude_opened_within_days", s.sample.exclude_opened_within_days, 36500) ||
            !whole("exclude_audited_within_months", s.sample.exclude_audited_within_months, 1200) ||
            !whole("seen_alone_min_age", s.facts.seen_alone_min_age, 25) || !whole("unborn_grace_days", s.facts.unborn_grace_days, 365) ||
            !whole("rag_green_percent", s.green, 100) || !whole("rag_amber_percent", s.amber, 100) || !per || !per->is_text() ||
            (per->as_text() != "area" && per->as_text() != "team") || !role || !role->is_text())
            return Status::error("the rule set needs whole-number sample_size (at least 1), exclude_opened_within_days, "
                                 "exclude_audited_within_months, seen_alone_min_age, unborn_grace_days, rag_green_percent and "
                                 "rag_amber_percent, sample_per = \"area\" or \"team\", and text allocated_role");
        s.sample.size = static_cast<std::size_t>(size);
        s.sample.per_team = per->as_text() == "team";
        s.allocated_role = role->as_text();
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(CaseAudit)
