// Performance indicators against published benchmarks (docs/indicators.md): NI 59, 60, 64, 65,
// 67, 68, referrals per 10,000 children, repeat referrals, plans and looked-after children by
// qualified social worker, looked-after reviews and caseloads, for the council and each area in
// each reporting year. The plugin counts numerators and denominators; the rule set's `measure`
// checks turn them into figures judged against the comparators in [lists.benchmarks].
#include <algorithm>
#include <set>

#include "counting.hpp"
#include "figures.hpp"
#include "sgaudit/sdk/plugin.hpp"

namespace {
using namespace sgaudit;
using namespace indicators;

std::vector<FactDecl> fact_declarations() {
    std::vector<FactDecl> d;
    d.push_back({"area", "period", "text", "the reporting year, e.g. 2008/09"});
    d.push_back({"area", "area", "text", "the area (dept_team_parent_id), or ALL for the whole council"});
    for (const auto& ic : indicator_counts()) {
        const std::string k = ic.key;
        d.push_back({"area", k + "_numerator", "number", "what the indicator counts over (docs/indicators.md)"});
        d.push_back({"area", k + "_denominator", "number", "what it counts over; null when not recorded (a population)"});
        d.push_back({"area", k + "_statistical_neighbours", "number", "the published statistical neighbours' figure for the year, or null"});
        d.push_back({"area", k + "_england", "number", "the published England figure for the year, or null"});
    }
    return d;
}

// Reporting years: `n` of them, ending with the run's period, each the same span a year earlier.
// None runs past the audit date: what had not happened by then is not counted, and a year still
// running is measured to the audit date (its label says so).
std::vector<Year> reporting_years(Period period, int n, Date as_of) {
    std::vector<Year> years;
    for (int k = n - 1; k >= 0; --k) {
        Year y{"", add_months(period.start, -12 * k), add_months(period.end, -12 * k)};
        if (y.start > as_of) continue;
        const Date full_end = y.end;
        y.end = std::min(y.end, as_of);
        const bool april_to_march = y.start.month() == 4 && y.start.day() == 1 && full_end.month() == 3 && full_end.day() == 31 &&
                                    full_end.year() == y.start.year() + 1;
        char label[16];
        std::snprintf(label, sizeof label, "%d/%02d", y.start.year(), full_end.year() % 100);
        y.label = april_to_march ? std::string(label) : y.start.iso() + " to " + full_end.iso();
        if (y.end < full_end) y.label += " to " + y.end.iso();
        years.push_back(std::move(y));
    }
    return years;
}

Facts facts_for(const std::map<std::string, Tallies>& tallies, const Benchmarks& bench, std::size_t y, const std::string& where,
                const std::string& label) {
    Facts f;
    f.set("period", label);
    f.set("area", where);
    for (const auto& [key, t] : tallies) {
        const Tally& tally = t.at(y, where);
        if (!tally.error.empty()) {
            f.set_error(key + "_numerator", tally.error);
            f.set_error(key + "_denominator", tally.error);
        } else {
            f.set(key + "_numerator", tally.numerator);
            f.set(key + "_denominator", tally.denominator_recorded ? Value(tally.denominator) : Value(Null{}));
        }
        auto b = bench.find({rule_id(key), label});
        auto number = [](std::optional<double> v) { return v ? Value(*v) : Value(Null{}); };
        if (b != bench.end() && !b->second.conflict.empty()) {
            f.set_error(key + "_statistical_neighbours", b->second.conflict);
            f.set_error(key + "_england", b->second.conflict);
            continue;
        }
        f.set(key + "_statistical_neighbours", b == bench.end() ? Value(Null{}) : number(b->second.statistical_neighbours));
        f.set(key + "_england", b == bench.end() ? Value(Null{}) : number(b->second.england));
    }
    return f;
}

class IndicatorsAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "indicators";
        d.version = "0.1.0";
        d.description = "National and local performance indicators for the council and each area, by reporting year, against "
                        "statistical neighbours and England";
        d.rulesets = {"indicators"};
        d.required_columns = {
            "ssd_department.dept_team_id",        "ssd_department.dept_team_parent_id",   "ssd_department.dept_team_parent_name",
            "ssd_cin_episodes.cine_referral_id",  "ssd_cin_episodes.cine_person_id",      "ssd_cin_episodes.cine_referral_team",
            "ssd_cin_episodes.cine_referral_date", "ssd_cin_episodes.cine_close_date",
            "ssd_cin_assessments.cina_assessment_id", "ssd_cin_assessments.cina_person_id", "ssd_cin_assessments.cina_referral_id",
            "ssd_cin_assessments.cina_assessment_team", "ssd_cin_assessments.cina_assessment_start_date",
            "ssd_cin_assessments.cina_assessment_auth_date", "sga_assessment_stage.cina_assessment_id", "sga_assessment_stage.stage",
            "ssd_cp_plans.cppl_cp_plan_id",       "ssd_cp_plans.cppl_person_id",          "ssd_cp_plans.cppl_cp_plan_start_date",
            "ssd_cp_plans.cppl_cp_plan_end_date", "ssd_cp_reviews.cppr_cp_review_id",     "ssd_cp_reviews.cppr_cp_plan_id",
            "ssd_cp_reviews.cppr_cp_review_date", "ssd_cla_episodes.clae_cla_episode_id", "ssd_cla_episodes.clae_person_id",
            "ssd_cla_episodes.clae_cla_id",       "ssd_cla_episodes.clae_cla_episode_start_date",
            "ssd_cla_episodes.clae_cla_episode_ceased_date", "ssd_cla_reviews.clar_cla_review_id", "ssd_cla_reviews.clar_cla_id",
            "ssd_cla_reviews.clar_cla_review_date", "ssd_cla_reviews.clar_cla_review_cancelled",
            "ssd_professionals.prof_professional_id", "ssd_professionals.prof_social_worker_registration_no",
            "ssd_professionals.prof_professional_department", "ssd_professionals.prof_full_time_equivalency",
            "ssd_involvements.invo_involvements_id", "ssd_involvements.invo_person_id", "ssd_involvements.invo_professional_id",
            "ssd_involvements.invo_professional_team", "ssd_involvements.invo_professional_role_id",
            "ssd_involvements.invo_involvement_start_date", "ssd_involvements.invo_involvement_end_date"};
        // sga_population is read where it exists (case_data.cpp): without it only the rates per
        // 10,000 children have no value.
        d.facts = fact_declarations();
        d.lists = {{"benchmarks", {{"indicator", "text"}, {"year", "text"}, {"statistical_neighbours", "number", true},
                                   {"england", "number", true}}}};
        return d;
    }

    Status run(Context& ctx) {
        Settings settings;
        if (auto st = settings.read(ctx); !st) return st;
        CaseData data;
        if (auto st = data.load(ctx, settings.allocated_role); !st) return st;
        Figures fig;
        fig.years = reporting_years(ctx.period(), settings.years, ctx.as_of());
        fig.first_referral = data.first_referral;
        fig.has_population = data.has_population;
        std::set<std::string> areas;
        for (const auto& [team, area] : data.area_of_team) areas.insert(area);
        fig.areas.assign(areas.begin(), areas.end());
        fig.area_names = data.area_names;
        std::vector<std::string> counted;  // the rule ids of what this plugin counts
        for (const auto& ic : indicator_counts()) counted.push_back(rule_id(ic.key));
        Benchmarks bench;
        if (auto st = read_benchmarks(ctx.list("benchmarks"), counted, bench); !st) return st;

        const std::string explain = fact_key(ctx.explain());
        Counting counting{data, settings, ctx.calendar(), ctx.as_of()};
        std::map<std::string, Tallies> tallies;
        for (const auto& ic : indicator_counts()) {
            Tallies t(fig.years, fig.areas);
            t.explain(explain == ic.key);
            ic.count(counting, t);
            tallies.emplace(ic.key, std::move(t));
        }
        if (auto st = evaluate(ctx, tallies, bench, fig); !st) return st;
        count_in_no_area(tallies, fig);
        for (auto& s : indicator_sections(fig, bench)) ctx.add_section(std::move(s));
        if (!explain.empty()) add_explanation(ctx, tallies, fig, ctx.explain());
        return Status::ok();
    }

private:
    // One subject per reporting year for the council ("ALL 2008/09") and for each area.
    static Status evaluate(Context& ctx, const std::map<std::string, Tallies>& tallies, const Benchmarks& bench, Figures& fig) {
        std::vector<std::string> places{kCouncil};
        places.insert(places.end(), fig.areas.begin(), fig.areas.end());
        for (std::size_t y = 0; y < fig.years.size(); ++y) {
            for (const auto& where : places) {
                const std::string& label = fig.years[y].label;
                Subject s{"area", where + " " + label, "", "", where == kCouncil ? "" : where, ""};
                std::vector<RuleOutcome> outcomes;
                if (auto st = ctx.evaluate(s, facts_for(tallies, bench, y, where, label), outcomes); !st) return st;
                for (auto& o : outcomes) {
                    if (fig.outcomes.find(o.rule) == fig.outcomes.end()) fig.rules.emplace_back(o.rule, o.title);
                    fig.outcomes[o.rule][{where, y}] = std::move(o);
                }
            }
        }
        return Status::ok();
    }

    // Records counted for the council but in no area, per indicator and year: what the council
    // counted less what its areas did (each record counts once for the council, in one area at most).
    static void count_in_no_area(const std::map<std::string, Tallies>& tallies, Figures& fig) {
        for (const auto& [key, t] : tallies) {
            const bool by_numerator = key == "referral_rate" || key == "caseload";
            auto& out = fig.in_no_area[rule_id(key)];
            for (std::size_t y = 0; y < fig.years.size(); ++y) {
                const Tally& all = t.at(y, kCouncil);
                double n = by_numerator ? all.numerator : all.denominator;
                for (const auto& a : fig.areas) n -= by_numerator ? t.at(y, a).numerator : t.at(y, a).denominator;
                out.push_back(all.error.empty() ? std::max(0.0, n) : 0.0);
            }
        }
    }

    static void add_explanation(Context& ctx, const std::map<std::string, Tallies>& tallies, const Figures& fig, const std::string& rule) {
        auto t = tallies.find(fact_key(rule));
        if (t == tallies.end()) {
            ctx.log(LogLevel::warn, "--explain " + rule + ": the indicators audit counts no such indicator");
            return;
        }
        std::string title = rule;
        for (const auto& [id, rule_title] : fig.rules)
            if (id == rule) title = rule_title;
        ctx.add_section(explanation(rule, title, t->second.counted(), fig.area_names));
    }
};

}  // namespace

SGAUDIT_PLUGIN(IndicatorsAudit)
