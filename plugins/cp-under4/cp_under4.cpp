// Review of child protection plans for children under 4: who is in the population and what is
// known about each plan. Whether each step was on time is decided in rules/cp-under4.toml.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "review_sheet.hpp"
#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;


struct PlanRow {
    std::string id, person, icpc, referral;
    Value start, end, initial_category, latest_category;
};

struct Child {
    Value dob, expected;
};

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
            "ssd_department.dept_team_parent_id", "ssd_cin_episodes.cine_referral_team", "sga_case_records.person_id",
            "sga_case_records.record_date", "sga_case_records.kind"};
        auto fact = [&](const char* name, const char* type, const char* what) { d.facts.push_back({"cp_plan", name, type, what}); };
        fact("plan_start", "date", "cppl_cp_plan_start_date");
        fact("age_months", "number", "completed months of age on the audit date (null when unborn)");
        fact("unborn", "flag", "expected date of birth and no date of birth");
        fact("allocated", "flag", "an allocated worker covers the audit date");
        fact("qualified", "flag", "the allocated worker has a social work registration number");
        fact("worker", "text", "the allocated worker's id");
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
        const Date as_of = ctx.as_of();
        auto under = ctx.parameter("under_age_years");
        auto age_at = ctx.parameter("age_judged_at");
        auto role = ctx.parameter("allocated_role");
        auto alone_age = ctx.parameter("seen_alone_min_age");
        auto visit_limit = ctx.parameter("visit_interval_working_days");
        if (!under || !under->is_number() || !role || !role->is_text() || !alone_age || !alone_age->is_number() || !age_at ||
            !age_at->is_text() || !visit_limit || !visit_limit->is_number())
            return Status::error("the rule set needs under_age_years, seen_alone_min_age, age_judged_at, allocated_role and "
                                 "visit_interval_working_days");
        const bool at_start = age_at->as_text() == "plan_start";

        std::vector<PlanRow> all;
        auto st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_icpc_id, cppl_referral_id, cppl_cp_plan_start_date, "
                            "cppl_cp_plan_end_date, cppl_cp_plan_initial_category, cppl_cp_plan_latest_category FROM ssd_cp_plans "
                            "ORDER BY cppl_cp_plan_id",
                            {}, [&](const Row& r) {
                                if (!all.empty() && all.back().id == to_text(r[0])) return Status::ok();  // duplicates: data quality's
                                all.push_back({to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]), r[4], r[5], r[6], r[7]});
                                return Status::ok();
                            });
        std::map<std::string, Child> children;
        if (st) st = ctx.query("SELECT pers_person_id, pers_dob, pers_expected_dob FROM ssd_person", {}, [&](const Row& r) {
            children[to_text(r[0])] = {r[1], r[2]};
            return Status::ok();
        });
        // Plans open on the audit date; and every plan's end, for earlier plans.
        std::vector<const PlanRow*> open;
        std::map<std::string, std::vector<std::pair<Date, Date>>> ended;  // person -> (start, end)
        for (const auto& p : all) {
            auto s = to_date(p.start), e = to_date(p.end);
            if (s && e) ended[p.person].push_back({*s, *e});
            if (s && *s <= as_of && (!e || *e > as_of)) open.push_back(&p);
        }
        // Population: under the age limit (on the audit date, or at the plan's start), or unborn.
        std::vector<const PlanRow*> population;
        std::set<std::string> persons;
        for (const auto* p : open) {
            const Child* c = children.count(p->person) ? &children[p->person] : nullptr;
            auto dob = c ? to_date(c->dob) : std::nullopt;
            bool unborn = c && !dob && to_date(c->expected);
            Date on = at_start ? *to_date(p->start) : as_of;
            if (unborn || !dob || age_in_years(*dob, on) < static_cast<int>(under->as_number())) {
                population.push_back(p);
                persons.insert(p->person);
            }
        }

        struct Alloc { std::string worker, team; Date start; };
        std::map<std::string, Alloc> alloc;
        std::map<std::string, bool> registered;
        std::map<std::string, std::string> area_of_team, referral_team;
        if (st) st = ctx.query("SELECT invo_person_id, invo_professional_id, invo_professional_team, invo_involvement_start_date, "
                               "invo_involvement_end_date FROM ssd_involvements WHERE invo_professional_role_id = :role",
                               {*role}, [&](const Row& r) {
                                   auto s = to_date(r[3]), e = to_date(r[4]);
                                   // An involvement still covers its end date.
                                   if (!persons.count(to_text(r[0])) || !s || *s > as_of || (e && *e < as_of)) return Status::ok();
                                   auto it = alloc.find(to_text(r[0]));
                                   if (it == alloc.end() || *s >= it->second.start) alloc[to_text(r[0])] = {to_text(r[1]), to_text(r[2]), *s};
                                   return Status::ok();
                               });
        if (st) st = ctx.query("SELECT prof_professional_id, prof_social_worker_registration_no FROM ssd_professionals", {},
                               [&](const Row& r) {
                                   registered[to_text(r[0])] = !to_text(r[1]).empty();
                                   return Status::ok();
                               });
        if (st) st = ctx.query("SELECT dept_team_id, dept_team_parent_id FROM ssd_department", {}, [&](const Row& r) {
            area_of_team[to_text(r[0])] = to_text(r[1]);
            return Status::ok();
        });
        if (st) st = ctx.query("SELECT cine_referral_id, cine_referral_team FROM ssd_cin_episodes", {}, [&](const Row& r) {
            referral_team[to_text(r[0])] = to_text(r[1]);
            return Status::ok();
        });
        std::map<std::string, Value> icpc_date, s47_of;
        std::map<std::string, Value> transfer;
        if (st) st = ctx.query("SELECT icpc_icpc_id, icpc_s47_enquiry_id, icpc_icpc_transfer_in, icpc_icpc_date FROM ssd_initial_cp_conference",
                               {}, [&](const Row& r) {
                                   s47_of[to_text(r[0])] = r[1];
                                   transfer[to_text(r[0])] = r[2];
                                   icpc_date[to_text(r[0])] = r[3];
                                   return Status::ok();
                               });
        std::map<std::string, Value> s47_start;
        if (st) st = ctx.query("SELECT s47e_s47_enquiry_id, s47e_s47_start_date FROM ssd_s47_enquiry", {}, [&](const Row& r) {
            s47_start[to_text(r[0])] = r[1];
            return Status::ok();
        });
        std::set<std::string> plan_ids;
        for (const auto* p : population) plan_ids.insert(p->id);
        std::map<std::string, DateList> reviews, core_groups, chronology, oversight;
        struct Visit { Date date; bool seen, alone; };
        std::map<std::string, std::vector<Visit>> visits;
        if (st) st = ctx.query("SELECT cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews", {}, [&](const Row& r) {
            if (auto d = to_date(r[1]); d && plan_ids.count(to_text(r[0]))) reviews[to_text(r[0])].push_back(*d);
            return Status::ok();
        });
        if (st) st = ctx.query("SELECT cp_plan_id, meeting_date FROM sga_cp_core_groups", {}, [&](const Row& r) {
            if (auto d = to_date(r[1]); d && plan_ids.count(to_text(r[0]))) core_groups[to_text(r[0])].push_back(*d);
            return Status::ok();
        });
        if (st) st = ctx.query("SELECT cppv_cp_plan_id, cppv_cp_visit_date, cppv_cp_visit_seen, cppv_cp_visit_seen_alone FROM ssd_cp_visits",
                               {}, [&](const Row& r) {
                                   if (auto d = to_date(r[1]); d && plan_ids.count(to_text(r[0])))
                                       visits[to_text(r[0])].push_back({*d, to_text(r[2]) == "Y", to_text(r[3]) == "Y"});
                                   return Status::ok();
                               });
        if (st) st = ctx.query("SELECT person_id, record_date, kind FROM sga_case_records", {}, [&](const Row& r) {
            std::string kind = to_text(r[2]);
            auto d = to_date(r[1]);
            if (!d || !persons.count(to_text(r[0]))) return Status::ok();
            if (kind == "chronology_update") chronology[to_text(r[0])].push_back(*d);
            if (kind == "management_oversight" || kind == "supervision") oversight[to_text(r[0])].push_back(*d);
            return Status::ok();
        });
        if (!st) return st;

        std::size_t done = 0, judged = 0, not_qualified = 0;
        std::map<std::string, std::vector<std::string>> high_failures;
        std::vector<ReportSection> sheets;  // added after the summary, which comes first
        std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, int>> by_place;  // (area, team, check) -> pass, fail
        for (const auto* p : population) {
            Facts f;
            f.set_date("plan_start", p->start, "ssd_cp_plans.cppl_cp_plan_start_date");
            Date start = *to_date(p->start);
            const Child* c = children.count(p->person) ? &children[p->person] : nullptr;
            auto dob = c ? to_date(c->dob) : std::nullopt;
            bool unborn = c && !dob && to_date(c->expected);
            f.set("unborn", unborn);
            f.set("age_months", dob ? Value(static_cast<std::int64_t>(age_in_months(*dob, as_of))) : Value(Null{}));
            if (c) f.set_sensitive_date("birth_date", c->dob, "ssd_person.pers_dob");
            else f.set("birth_date", Null{});
            auto a = alloc.find(p->person);
            f.set("allocated", a != alloc.end());
            f.set("qualified", a != alloc.end() && registered[a->second.worker]);
            f.set("worker", a != alloc.end() ? Value(a->second.worker) : Value(Null{}));
            std::string team = a != alloc.end() ? a->second.team : referral_team[p->referral];
            f.set_flag("transfer_in", transfer[p->icpc], "ssd_initial_cp_conference.icpc_icpc_transfer_in");
            f.set_date("icpc_date", icpc_date[p->icpc], "ssd_initial_cp_conference.icpc_icpc_date");
            std::string s47 = to_text(s47_of[p->icpc]);
            if (!s47.empty() && s47_start.count(s47)) f.set_date("s47_start", s47_start[s47], "ssd_s47_enquiry.s47e_s47_start_date");
            else f.set("s47_start", Null{});
            auto& cg = core_groups[p->id];
            std::sort(cg.begin(), cg.end());
            f.set("first_core_group", cg.empty() ? Value(Null{}) : Value(cg.front()));
            auto& rv = reviews[p->id];
            std::sort(rv.begin(), rv.end());
            f.set("first_review", rv.empty() ? Value(Null{}) : Value(rv.front()));
            f.set("later_reviews", rv.empty() ? DateList{} : DateList(rv.begin() + 1, rv.end()));
            auto& vs = visits[p->id];
            std::sort(vs.begin(), vs.end(), [](const Visit& x, const Visit& y) { return x.date < y.date; });
            DateList seen;
            std::int64_t run = 0, longest = 0;
            for (const auto& v : vs) {
                if (!v.seen || v.date > as_of) continue;
                seen.push_back(v.date);
                // From the age the rule set names, the child should be seen alone at least every other visit.
                if (dob && age_in_years(*dob, v.date) >= static_cast<int>(alone_age->as_number())) {
                    run = v.alone ? 0 : run + 1;
                    longest = std::max(longest, run);
                }
            }
            f.set("seen_visits", seen);
            f.set("visits", static_cast<std::int64_t>(vs.size()));
            f.set("seen_share", vs.empty() ? Value(Null{}) : Value(static_cast<double>(seen.size()) / static_cast<double>(vs.size())));
            f.set("not_alone_run", longest);
            f.set("plan_months", static_cast<std::int64_t>(age_in_months(start, as_of)));
            std::optional<Date> earlier_end;
            for (const auto& [s, e] : ended[p->person])
                if (e <= start && (!earlier_end || e > *earlier_end)) earlier_end = e;
            f.set("months_since_earlier_plan", earlier_end ? Value(static_cast<std::int64_t>(age_in_months(*earlier_end, start))) : Value(Null{}));
            f.set("initial_category", p->initial_category.is_null() || to_text(p->initial_category).empty() ? Value(Null{}) : p->initial_category);
            f.set("latest_category", p->latest_category.is_null() || to_text(p->latest_category).empty() ? Value(Null{}) : p->latest_category);
            f.set("latest_chronology", chronology[p->person]);
            f.set("latest_oversight", oversight[p->person]);
            auto area = area_of_team.find(team);
            Subject s{"cp_plan", p->id, p->person, team, area == area_of_team.end() ? std::string() : area->second};
            std::vector<RuleOutcome> outcomes;
            if (auto e = ctx.evaluate(s, f, outcomes); !e) return e;
            if (outcomes.empty()) continue;  // outside --area/--team

            // The IRO's review sheet: every check with its outcome, and the timeline.
            cp4::TimelineInput t;
            t.as_of = as_of;
            t.plan_start = start;
            if (f.find("s47_start") && f.find("s47_start")->is_date()) t.s47_start = f.find("s47_start")->as_date();
            t.icpc = to_date(icpc_date[p->icpc]);
            t.core_groups = cg;
            t.reviews = rv;
            for (const auto& v : vs) t.visits.push_back({v.date, v.seen});
            t.visit_limit = static_cast<int>(visit_limit->as_number());
            if (!unborn && ctx.calendar().covers(start) && ctx.calendar().covers(as_of))
                t.gaps = cp4::visit_gaps(ctx.calendar(), start, seen, as_of, t.visit_limit);
            ReportSection sheet;
            sheet.id = "sheet/" + p->id;
            sheet.subject_id = p->id;
            sheet.title = "Plan " + p->id + ", child " + p->person;
            std::string age = unborn ? "unborn" : dob ? std::to_string(age_in_months(*dob, as_of)) + " months old" : "age not recorded";
            std::string worker = a == alloc.end() ? "no allocated worker"
                                 : "allocated to " + a->second.worker + (registered[a->second.worker] ? " (qualified)" : " (not qualified)");
            sheet.text = "Child " + age + "; team " + (team.empty() ? "none" : team) + ", area " + (s.area.empty() ? "none" : s.area) +
                         "; " + worker + "; plan started " + start.iso() + "; " + std::to_string(vs.size()) + " visits, child seen at " +
                         std::to_string(seen.size()) + ".";
            sheet.table_header = {"Check", "Outcome", "Detail"};
            for (const auto& o : outcomes) {
                sheet.table_rows.push_back({o.title, to_string(o.outcome), o.message});
                if ((o.outcome == Outcome::fail || o.outcome == Outcome::error) && o.severity >= Severity::high)
                    high_failures[p->id].push_back(o.title);
                if (o.rule == "cp4.allocated-qualified" && o.outcome == Outcome::fail) ++not_qualified;
                auto& place = by_place[{s.area.empty() ? "(none)" : s.area, s.team.empty() ? "(none)" : s.team, o.title}];
                if (o.outcome == Outcome::pass) ++place.first;
                if (o.outcome == Outcome::fail) ++place.second;
            }
            ++judged;
            sheet.svg = cp4::timeline_svg(t);
            sheet.svg_alt = "Timeline: strategy discussion and conferences (top), core groups, then visits (filled: child seen). " +
                            std::to_string(t.gaps.size()) + " interval(s) longer than " + std::to_string(t.visit_limit) +
                            " working days without the child seen are shaded.";
            sheets.push_back(std::move(sheet));
            if (++done % 100 == 0 && !ctx.progress(done, population.size())) return Status::error("cancelled");
        }
        // Across children: the seed's own measure, and who fails a high-severity check.
        ReportSection summary;
        summary.id = "summary";
        // The age limit is the rule set's, so the title follows it.
        summary.title = "Plans for children under " + std::to_string(static_cast<int>(under->as_number())) + ": summary";
        char share[64];
        std::snprintf(share, sizeof share, "%.1f%%", judged ? 100.0 * not_qualified / judged : 0.0);
        summary.text = std::to_string(judged) + " plans reviewed. Plans not allocated to a qualified social worker: " +
                       std::to_string(not_qualified) + " (" + share + "). Children failing a high-severity check, most first:";
        summary.table_header = {"Plan", "High-severity checks failed"};
        std::vector<std::pair<std::string, std::vector<std::string>>> ranked(high_failures.begin(), high_failures.end());
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
        for (const auto& [plan, checks] : ranked) {
            std::string list;
            for (const auto& c : checks) list += (list.empty() ? "" : "; ") + c;
            summary.table_rows.push_back({plan, list});
        }
        ctx.add_section(std::move(summary));
        ReportSection places;
        places.id = "by-area-and-team";
        places.title = "Compliance by area and team, check by check";
        places.text = "Pass rate = pass / (pass + fail); checks not yet due are not counted.";
        places.table_header = {"Area", "Team", "Check", "Pass", "Fail", "Pass rate"};
        for (const auto& [key, c] : by_place) {
            if (c.first + c.second == 0) continue;
            char rate[16];
            std::snprintf(rate, sizeof rate, "%d%%", (100 * c.first) / (c.first + c.second));  // rounded down
            places.table_rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::to_string(c.first),
                                         std::to_string(c.second), rate});
        }
        ctx.add_section(std::move(places));
        for (auto& sheet : sheets) ctx.add_section(std::move(sheet));
        ctx.log(LogLevel::info, std::to_string(population.size()) + " plans for children under the age limit");
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(CpUnder4Audit)
