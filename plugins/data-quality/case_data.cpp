#include "case_data.hpp"

namespace dq {
using namespace sgaudit;

ReadDate read_date(const Value& v, const std::string& table_column, const std::string& row_key) {
    if (v.is_null()) return {};
    if (v.is_date()) return {v.as_date(), {}};
    if (v.is_text()) {
        if (v.as_text().empty()) return {};
        if (auto d = Date::parse(v.as_text())) return {d, {}};
    }
    return {std::nullopt, table_column + " holds '" + v.to_string() + "', which is not a date (row " + row_key + ")"};
}


namespace {

// Appends a row unless its id was seen before; counts every occurrence.
template <class T>
void add(Table<T>& t, T row) {
    if (t.count[row.id]++ == 0) t.rows.push_back(std::move(row));
}

}  // namespace

Status CaseData::load(Context& ctx, const std::string& allocated_role) {
    auto st = ctx.query("SELECT dept_team_id, dept_team_parent_id FROM ssd_department", {}, [&](const Row& r) {
        area_of_team[to_text(r[0])] = to_text(r[1]);
        return Status::ok();
    });
    // Dates of birth never leave the database: only whether one is recorded.
    if (st) st = ctx.query("SELECT pers_person_id, CASE WHEN pers_dob IS NULL AND pers_expected_dob IS NULL THEN 'N' ELSE 'Y' END, "
                           "pers_death_date FROM ssd_person ORDER BY pers_person_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]);
                               ++person_count[id];
                               persons[id] = {to_text(r[1]) == "Y",
                                              read_date(r[2], "ssd_person.pers_death_date", "pers_person_id=" + id)};
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cine_referral_id, cine_person_id, cine_referral_date, cine_close_date, cine_referral_team "
                           "FROM ssd_cin_episodes ORDER BY cine_referral_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]), key = "cine_referral_id=" + id;
                               add(referrals, Referral{id, to_text(r[1]), to_text(r[4]),
                                                       read_date(r[2], "ssd_cin_episodes.cine_referral_date", key),
                                                       read_date(r[3], "ssd_cin_episodes.cine_close_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT invo_involvements_id, invo_person_id, invo_professional_team, invo_involvement_start_date, "
                           "invo_involvement_end_date FROM ssd_involvements WHERE invo_professional_role_id = :role "
                           "ORDER BY invo_involvements_id",
                           {Value(allocated_role)}, [&](const Row& r) {
                               std::string key = "invo_involvements_id=" + to_text(r[0]);
                               allocations.push_back({to_text(r[1]), to_text(r[2]),
                                                      read_date(r[3], "ssd_involvements.invo_involvement_start_date", key),
                                                      read_date(r[4], "ssd_involvements.invo_involvement_end_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date, "
                           "cina_assessment_auth_date, cina_assessment_team FROM ssd_cin_assessments ORDER BY cina_assessment_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]), key = "cina_assessment_id=" + id;
                               add(assessments, Assessment{id, to_text(r[1]), to_text(r[2]), to_text(r[5]),
                                                           read_date(r[3], "ssd_cin_assessments.cina_assessment_start_date", key),
                                                           read_date(r[4], "ssd_cin_assessments.cina_assessment_auth_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT s47e_s47_enquiry_id, s47e_person_id, s47e_referral_id, s47e_s47_start_date FROM ssd_s47_enquiry "
                           "ORDER BY s47e_s47_enquiry_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]);
                               add(s47s, S47{id, to_text(r[1]), to_text(r[2]),
                                             read_date(r[3], "ssd_s47_enquiry.s47e_s47_start_date", "s47e_s47_enquiry_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT icpc_icpc_id, icpc_person_id, icpc_s47_enquiry_id, icpc_icpc_transfer_in, icpc_icpc_date "
                           "FROM ssd_initial_cp_conference ORDER BY icpc_icpc_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]);
                               add(conferences, Conference{id, to_text(r[1]), to_text(r[2]), r[3],
                                                           read_date(r[4], "ssd_initial_cp_conference.icpc_icpc_date", "icpc_icpc_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_referral_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date "
                           "FROM ssd_cp_plans ORDER BY cppl_cp_plan_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]), key = "cppl_cp_plan_id=" + id;
                               add(plans, Plan{id, to_text(r[1]), to_text(r[2]), read_date(r[3], "ssd_cp_plans.cppl_cp_plan_start_date", key),
                                               read_date(r[4], "ssd_cp_plans.cppl_cp_plan_end_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppr_cp_review_id, cppr_person_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews "
                           "ORDER BY cppr_cp_review_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]);
                               add(reviews, PlanEvent{id, to_text(r[1]), to_text(r[2]),
                                                      read_date(r[3], "ssd_cp_reviews.cppr_cp_review_date", "cppr_cp_review_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, cppv_cp_visit_date FROM ssd_cp_visits "
                           "ORDER BY cppv_cp_visit_id",
                           {}, [&](const Row& r) {
                               std::string id = to_text(r[0]);
                               add(visits, PlanEvent{id, to_text(r[1]), to_text(r[2]),
                                                     read_date(r[3], "ssd_cp_visits.cppv_cp_visit_date", "cppv_cp_visit_id=" + id)});
                               return Status::ok();
                           });
    if (!st) return st;
    // Indexes, built once the tables no longer move.
    for (const auto& r : referrals.rows) referral_by_id[r.id] = &r;
    for (const auto& s : s47s.rows) s47_by_id[s.id] = &s;
    for (const auto& p : plans.rows) {
        plan_by_id[p.id] = &p;
        plans_of_person[p.person].push_back(&p);
    }
    return Status::ok();
}

}  // namespace dq
