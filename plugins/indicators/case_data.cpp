#include "case_data.hpp"

namespace indicators {
namespace {

std::string key(const char* column, const std::string& id) { return std::string(column) + "=" + id; }

bool same(const Read<Date>& a, const Read<Date>& b) { return a.value == b.value && a.error == b.error; }

// Rows of a table keyed by `id_of`: the same key twice with the same content is one record (an
// extract may repeat a row); with other content, which to count cannot be told, so the record's
// dates become that error and every figure it would count in is `error`.
template <class Row, class Same, class Spoil>
void keep_once(std::vector<Row>& rows, const std::string& table, const char* column, Same same_row, Spoil spoil) {
    std::map<std::string, std::size_t> first;
    std::vector<Row> kept;
    for (auto& r : rows) {
        auto [it, fresh] = first.try_emplace(r.id, kept.size());
        if (fresh) {
            kept.push_back(std::move(r));
            continue;
        }
        Row& k = kept[it->second];
        if (!same_row(k, r)) spoil(k, table + " holds more than one row with " + column + "=" + r.id + " and different content");
    }
    rows = std::move(kept);
}
std::string code(const Value& v) { return std::string(trim(to_text(v))); }

Status load_teams(Context& ctx, CaseData& d) {
    return ctx.query("SELECT dept_team_id, dept_team_parent_id, dept_team_parent_name FROM ssd_department", {}, [&](const Row& r) {
        const std::string team = read_id(r[0]), area = read_id(r[1]);
        if (!team.empty() && !area.empty()) d.area_of_team.emplace(team, area);
        if (!area.empty() && !code(r[2]).empty()) d.area_names.emplace(area, code(r[2]));
        return Status::ok();
    });
}

Status load_referrals(Context& ctx, CaseData& d) {
    return ctx.query("SELECT cine_referral_id, cine_person_id, cine_referral_team, cine_referral_date, cine_close_date FROM ssd_cin_episodes",
                     {}, [&](const Row& r) {
                         const std::string id = read_id(r[0]), k = key("cine_referral_id", id);
                         Referral ref{id, read_id(r[1]), read_id(r[2]), read_date(r[3], "ssd_cin_episodes.cine_referral_date", k)};
                         d.person_referrals[ref.person].push_back(
                             {id, ref.team, ref.date, read_date(r[4], "ssd_cin_episodes.cine_close_date", k)});
                         d.referrals.push_back(std::move(ref));
                         return Status::ok();
                     });
}

Status load_assessments(Context& ctx, CaseData& d) {
    std::map<std::string, std::string> stage;
    auto st = ctx.query("SELECT cina_assessment_id, stage FROM sga_assessment_stage", {}, [&](const Row& r) {
        stage[read_id(r[0])] = code(r[1]);
        return Status::ok();
    });
    if (!st) return st;
    return ctx.query("SELECT cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_team, cina_assessment_start_date, "
                     "cina_assessment_auth_date FROM ssd_cin_assessments",
                     {}, [&](const Row& r) {
                         const std::string id = read_id(r[0]), k = key("cina_assessment_id", id);
                         auto s = stage.find(id);
                         d.assessments.push_back({id, read_id(r[1]), read_id(r[2]), read_id(r[3]), s == stage.end() ? "single" : s->second,
                                                  read_date(r[4], "ssd_cin_assessments.cina_assessment_start_date", k),
                                                  read_date(r[5], "ssd_cin_assessments.cina_assessment_auth_date", k)});
                         return Status::ok();
                     });
}

Status load_plans(Context& ctx, CaseData& d) {
    auto st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date FROM ssd_cp_plans", {},
                        [&](const Row& r) {
                            const std::string id = read_id(r[0]), k = key("cppl_cp_plan_id", id);
                            d.plans.push_back({id, read_id(r[1]), read_date(r[2], "ssd_cp_plans.cppl_cp_plan_start_date", k),
                                               read_date(r[3], "ssd_cp_plans.cppl_cp_plan_end_date", k)});
                            return Status::ok();
                        });
    if (!st) return st;
    return ctx.query("SELECT cppr_cp_review_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews", {}, [&](const Row& r) {
        const std::string id = read_id(r[0]);
        d.plan_reviews[read_id(r[1])].push_back({id, read_date(r[2], "ssd_cp_reviews.cppr_cp_review_date", key("cppr_cp_review_id", id))});
        return Status::ok();
    });
}

Status load_care(Context& ctx, CaseData& d) {
    auto st = ctx.query("SELECT clae_cla_episode_id, clae_person_id, clae_cla_id, clae_cla_episode_start_date, clae_cla_episode_ceased_date "
                        "FROM ssd_cla_episodes",
                        {}, [&](const Row& r) {
                            const std::string id = read_id(r[0]), k = key("clae_cla_episode_id", id);
                            d.care_episodes.push_back({id, read_id(r[1]), read_id(r[2]),
                                                       read_date(r[3], "ssd_cla_episodes.clae_cla_episode_start_date", k),
                                                       read_date(r[4], "ssd_cla_episodes.clae_cla_episode_ceased_date", k)});
                            return Status::ok();
                        });
    if (!st) return st;
    return ctx.query("SELECT clar_cla_review_id, clar_cla_id, clar_cla_review_date, clar_cla_review_cancelled FROM ssd_cla_reviews", {},
                     [&](const Row& r) {
                         const std::string id = read_id(r[0]), k = key("clar_cla_review_id", id);
                         auto cancelled = read_flag(r[3], "ssd_cla_reviews.clar_cla_review_cancelled", k);
                         HeldReview review{id, read_date(r[2], "ssd_cla_reviews.clar_cla_review_date", k)};
                         // A review that may have been cancelled cannot be counted as held: its date's error stands in.
                         if (!cancelled.ok()) review.date = {std::nullopt, cancelled.error};
                         if (cancelled.value.value_or(false)) return Status::ok();
                         d.care_reviews[read_id(r[1])].push_back(std::move(review));
                         return Status::ok();
                     });
}

Status load_workforce(Context& ctx, CaseData& d, const std::string& allocated_role) {
    auto st = ctx.query("SELECT prof_professional_id, prof_social_worker_registration_no, prof_professional_department, "
                        "CAST(prof_full_time_equivalency AS TEXT) FROM ssd_professionals",
                        {}, [&](const Row& r) {
                            const std::string id = read_id(r[0]);
                            d.workers[id] = {id, read_id(r[2]), !code(r[1]).empty(),
                                             read_number(r[3], "ssd_professionals.prof_full_time_equivalency", key("prof_professional_id", id))};
                            return Status::ok();
                        });
    if (!st) return st;
    return ctx.query("SELECT invo_involvements_id, invo_person_id, invo_professional_id, invo_professional_team, invo_professional_role_id, "
                     "invo_involvement_start_date, invo_involvement_end_date FROM ssd_involvements",
                     {}, [&](const Row& r) {
                         if (code(r[4]) != allocated_role) return Status::ok();
                         const std::string id = read_id(r[0]), k = key("invo_involvements_id", id);
                         d.allocations[read_id(r[1])].push_back({id, read_id(r[2]), read_id(r[3]),
                                                                 read_date(r[5], "ssd_involvements.invo_involvement_start_date", k),
                                                                 read_date(r[6], "ssd_involvements.invo_involvement_end_date", k)});
                         return Status::ok();
                     });
}

Status load_population(Context& ctx, CaseData& d) {
    return ctx.query("SELECT area_id, period_start, period_end, CAST(children_0_17 AS TEXT) FROM sga_population", {}, [&](const Row& r) {
        const std::string area = read_id(r[0]);
        const std::string k = "area_id=" + area + ", period_start=" + code(r[1]);
        d.population.push_back({area, k, read_date(r[1], "sga_population.period_start", k), read_date(r[2], "sga_population.period_end", k),
                                read_whole(r[3], "sga_population.children_0_17", k)});
        return Status::ok();
    });
}

}  // namespace

Status CaseData::load(Context& ctx, const std::string& allocated_role) {
    for (auto step : {load_teams, load_referrals, load_assessments, load_plans, load_care})
        if (auto st = step(ctx, *this); !st) return st;
    // Optional: a source without it runs, and the rates per 10,000 children have no value.
    has_population = static_cast<bool>(ctx.query("SELECT * FROM sga_population WHERE 1 = 0", {}, [](const Row&) { return Status::ok(); }));
    if (has_population)
        if (auto st = load_population(ctx, *this); !st) return st;
    keep_once(referrals, "ssd_cin_episodes", "cine_referral_id",
              [](const Referral& a, const Referral& b) { return a.person == b.person && a.team == b.team && same(a.date, b.date); },
              [](Referral& r, const std::string& why) { r.date = {std::nullopt, why}; });
    keep_once(assessments, "ssd_cin_assessments", "cina_assessment_id",
              [](const Assessment& a, const Assessment& b) {
                  return a.person == b.person && a.referral == b.referral && a.team == b.team && same(a.start, b.start) && same(a.auth, b.auth);
              },
              [](Assessment& a, const std::string& why) { a.auth = {std::nullopt, why}; });
    keep_once(plans, "ssd_cp_plans", "cppl_cp_plan_id",
              [](const Plan& a, const Plan& b) { return a.person == b.person && same(a.start, b.start) && same(a.end, b.end); },
              [](Plan& p, const std::string& why) { p.start = p.end = {std::nullopt, why}; });
    keep_once(care_episodes, "ssd_cla_episodes", "clae_cla_episode_id",
              [](const CareEpisode& a, const CareEpisode& b) {
                  return a.person == b.person && a.care == b.care && same(a.start, b.start) && same(a.ceased, b.ceased);
              },
              [](CareEpisode& e, const std::string& why) { e.start = e.ceased = {std::nullopt, why}; });
    for (const auto& r : referrals)
        if (r.date.value && (!first_referral || *r.date.value < *first_referral)) first_referral = r.date.value;
    return load_workforce(ctx, *this, allocated_role);
}

Placement CaseData::place(const std::string& person, Date on) const {
    static const std::vector<PlacementAllocation> no_allocations;
    static const std::vector<PlacementReferral> no_referrals;
    auto a = allocations.find(person);
    auto r = person_referrals.find(person);
    return place_case(a == allocations.end() ? no_allocations : a->second, r == person_referrals.end() ? no_referrals : r->second, on,
                      area_of_team);
}

}  // namespace indicators
