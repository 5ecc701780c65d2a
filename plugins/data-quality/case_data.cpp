#include "case_data.hpp"

namespace dq {
using namespace sgaudit;

namespace {

// Appends a row unless its id was seen before; counts every occurrence.
template <class T>
void add(Table<T>& t, T row) {
    if (t.count[row.id]++ == 0) t.rows.push_back(std::move(row));
}

}  // namespace

Status CaseData::load_persons(Context& ctx, int unborn_grace_days) {
    const Date as_of = ctx.as_of();
    ById<std::pair<Read<Date>, Read<Date>>> births;  // for duplicates only
    return ctx.query("SELECT pers_person_id, pers_dob, pers_expected_dob, pers_death_date FROM ssd_person ORDER BY pers_person_id", {},
                     [&](const Row& r) {
                         std::string id = read_id(r[0]), key = "pers_person_id=" + id;
                         auto dob = read_date(r[1], "ssd_person.pers_dob", key);
                         auto expected = read_date(r[2], "ssd_person.pers_expected_dob", key);
                         auto& p = persons[id];
                         if (person_count[id]++ > 0) {
                             const auto& [d0, e0] = births[id];
                             p.birth_conflict = p.birth_conflict || d0.value != dob.value || e0.value != expected.value ||
                                                d0.error != dob.error || e0.error != expected.error;
                             return Status::ok();
                         }
                         births[id] = {dob, expected};
                         p.has_birth_or_expected = dob.recorded() || expected.recorded();
                         p.birth_error = !dob.ok() ? dob.error : !expected.ok() ? expected.error : "";
                         auto age = age_basis(dob, expected, as_of, unborn_grace_days);
                         p.expected_passed = age.kind == AgeBasis::Kind::expected_stands_in;
                         p.death = read_date(r[3], "ssd_person.pers_death_date", key);
                         return Status::ok();
                     });
}

Status CaseData::load(Context& ctx, const std::string& allocated_role, int unborn_grace_days) {
    auto st = ctx.query("SELECT dept_team_id, dept_team_parent_id FROM ssd_department", {}, [&](const Row& r) {
        area_of_team[read_id(r[0])] = read_id(r[1]);
        return Status::ok();
    });
    if (st) st = load_persons(ctx, unborn_grace_days);
    if (st) st = ctx.query("SELECT cine_referral_id, cine_person_id, cine_referral_date, cine_close_date, cine_referral_team "
                           "FROM ssd_cin_episodes ORDER BY cine_referral_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]), key = "cine_referral_id=" + id;
                               add(referrals, Referral{id, read_id(r[1]), read_id(r[4]),
                                                       read_date(r[2], "ssd_cin_episodes.cine_referral_date", key),
                                                       read_date(r[3], "ssd_cin_episodes.cine_close_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT invo_involvements_id, invo_person_id, invo_professional_id, invo_professional_team, "
                           "invo_involvement_start_date, invo_involvement_end_date FROM ssd_involvements "
                           "WHERE invo_professional_role_id = :role ORDER BY invo_involvements_id",
                           {Value(allocated_role)}, [&](const Row& r) {
                               std::string id = read_id(r[0]), key = "invo_involvements_id=" + id;
                               // A repeated id (ids compared without surrounding spaces) is judged once and counted.
                               add(allocations, Involvement{id, read_id(r[1]), read_id(r[2]), read_id(r[3]),
                                                            read_date(r[4], "ssd_involvements.invo_involvement_start_date", key),
                                                            read_date(r[5], "ssd_involvements.invo_involvement_end_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT prof_professional_id FROM ssd_professionals", {}, [&](const Row& r) {
        ++professional_count[read_id(r[0])];
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date, "
                           "cina_assessment_auth_date, cina_assessment_team FROM ssd_cin_assessments ORDER BY cina_assessment_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]), key = "cina_assessment_id=" + id;
                               add(assessments, Assessment{id, read_id(r[1]), read_id(r[2]), read_id(r[5]),
                                                           read_date(r[3], "ssd_cin_assessments.cina_assessment_start_date", key),
                                                           read_date(r[4], "ssd_cin_assessments.cina_assessment_auth_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT s47e_s47_enquiry_id, s47e_person_id, s47e_referral_id, s47e_s47_start_date FROM ssd_s47_enquiry "
                           "ORDER BY s47e_s47_enquiry_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]);
                               add(s47s, S47{id, read_id(r[1]), read_id(r[2]),
                                             read_date(r[3], "ssd_s47_enquiry.s47e_s47_start_date", "s47e_s47_enquiry_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT icpc_icpc_id, icpc_person_id, icpc_s47_enquiry_id, icpc_icpc_transfer_in, icpc_icpc_date "
                           "FROM ssd_initial_cp_conference ORDER BY icpc_icpc_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]);
                               add(conferences, Conference{id, read_id(r[1]), read_id(r[2]), r[3],
                                                           read_date(r[4], "ssd_initial_cp_conference.icpc_icpc_date", "icpc_icpc_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_referral_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date "
                           "FROM ssd_cp_plans ORDER BY cppl_cp_plan_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]), key = "cppl_cp_plan_id=" + id;
                               add(plans, Plan{id, read_id(r[1]), read_id(r[2]), read_date(r[3], "ssd_cp_plans.cppl_cp_plan_start_date", key),
                                               read_date(r[4], "ssd_cp_plans.cppl_cp_plan_end_date", key)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppr_cp_review_id, cppr_person_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews "
                           "ORDER BY cppr_cp_review_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]);
                               add(reviews, PlanEvent{id, read_id(r[1]), read_id(r[2]),
                                                      read_date(r[3], "ssd_cp_reviews.cppr_cp_review_date", "cppr_cp_review_id=" + id)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, cppv_cp_visit_date FROM ssd_cp_visits "
                           "ORDER BY cppv_cp_visit_id",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]);
                               add(visits, PlanEvent{id, read_id(r[1]), read_id(r[2]),
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
