#include "case_data.hpp"

namespace ca {
using namespace sgaudit;

namespace {

std::string key(const char* column, const std::string& id) { return std::string(column) + "=" + id; }

// Rows repeated with the same key count once (the first kept).
template <class T>
void add_once(std::vector<T>& list, T row) {
    for (const auto& r : list)
        if (r.id == row.id) return;
    list.push_back(std::move(row));
}

Status load_spans(Context& ctx, const char* sql, const char* table, const char* id_col, const char* start_col, const char* end_col,
                  std::map<std::string, std::vector<Span>>& out) {
    // Selected as: id, person, group (or NULL), start, end.
    return ctx.query(sql, {}, [&](const Row& r) {
        std::string id = read_id(r[0]), k = key(id_col, id);
        add_once(out[read_id(r[1])], Span{id, read_id(r[2]), read_date(r[3], std::string(table) + "." + start_col, k),
                                          read_date(r[4], std::string(table) + "." + end_col, k)});
        return Status::ok();
    });
}

}  // namespace

Status OpenData::load(Context& ctx, const std::string& allocated_role) {
    auto st = ctx.query("SELECT dept_team_id, dept_team_parent_id, dept_team_name FROM ssd_department", {}, [&](const Row& r) {
        area_of_team[read_id(r[0])] = read_id(r[1]);
        team_name[read_id(r[0])] = std::string(trim(r[2].is_null() ? std::string() : r[2].to_string()));
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT pers_person_id FROM ssd_person", {}, [&](const Row& r) {
        children.insert(read_id(r[0]));
        return Status::ok();
    });
    if (st) st = load_spans(ctx, "SELECT cppl_cp_plan_id, cppl_person_id, NULL, cppl_cp_plan_start_date, cppl_cp_plan_end_date FROM ssd_cp_plans",
                            "ssd_cp_plans", "cppl_cp_plan_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", plans);
    if (st) st = load_spans(ctx, "SELECT clae_cla_episode_id, clae_person_id, clae_cla_id, clae_cla_episode_start_date, "
                                 "clae_cla_episode_ceased_date FROM ssd_cla_episodes",
                            "ssd_cla_episodes", "clae_cla_episode_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", care);
    // Referrals: the group column carries the referral's team (for placement).
    if (st) st = load_spans(ctx, "SELECT cine_referral_id, cine_person_id, cine_referral_team, cine_referral_date, cine_close_date "
                                 "FROM ssd_cin_episodes",
                            "ssd_cin_episodes", "cine_referral_id", "cine_referral_date", "cine_close_date", referrals);
    if (st) st = ctx.query("SELECT invo_involvements_id, invo_person_id, invo_professional_id, invo_professional_team, "
                           "invo_involvement_start_date, invo_involvement_end_date FROM ssd_involvements "
                           "WHERE invo_professional_role_id = :role",
                           {Value(allocated_role)}, [&](const Row& r) {
                               std::string id = read_id(r[0]), k = key("invo_involvements_id", id);
                               add_once(allocations[read_id(r[1])],
                                        PlacementAllocation{id, read_id(r[2]), read_id(r[3]),
                                                            read_date(r[4], "ssd_involvements.invo_involvement_start_date", k),
                                                            read_date(r[5], "ssd_involvements.invo_involvement_end_date", k)});
                               return Status::ok();
                           });
    return st;
}

namespace {

Status load_visits(Context& ctx, const std::set<std::string>& persons, const char* sql, const std::string& table, const char* id_col,
                   const char* date_col, const char* seen_col, const char* alone_col, std::map<std::string, std::vector<Dated>>& out) {
    // Selected as: id, person, link (or NULL), date, seen, seen alone.
    return ctx.query(sql, {}, [&](const Row& r) {
        std::string person = read_id(r[1]);
        if (!persons.count(person)) return Status::ok();
        std::string id = read_id(r[0]), k = key(id_col, id);
        add_once(out[person], Dated{id, read_id(r[2]), read_date(r[3], table + "." + date_col, k), read_flag(r[4], table + "." + seen_col, k),
                                    read_flag(r[5], table + "." + alone_col, k), {}});
        return Status::ok();
    });
}

}  // namespace

Status CaseDetail::load(Context& ctx, const std::set<std::string>& persons) {
    auto st = ctx.query("SELECT prof_professional_id, prof_social_worker_registration_no FROM ssd_professionals", {}, [&](const Row& r) {
        std::string id = read_id(r[0]);
        bool q = !r[1].is_null() && !trim(r[1].to_string()).empty();
        workers.add(id, q);
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT pers_person_id, pers_dob, pers_expected_dob FROM ssd_person", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), k = key("pers_person_id", id);
        if (!persons.count(id) || dob.count(id)) return Status::ok();
        dob[id] = read_date(r[1], "ssd_person.pers_dob", k);
        expected[id] = read_date(r[2], "ssd_person.pers_expected_dob", k);
        return Status::ok();
    });
    std::map<std::string, std::string> stage;
    if (st) st = ctx.query("SELECT cina_assessment_id, stage FROM sga_assessment_stage", {}, [&](const Row& r) {
        stage[read_id(r[0])] = read_id(r[1]);
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT cine_referral_id, cine_referral_date FROM ssd_cin_episodes", {}, [&](const Row& r) {
        std::string id = read_id(r[0]);
        referral_date.try_emplace(id, read_date(r[1], "ssd_cin_episodes.cine_referral_date", key("cine_referral_id", id)));
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date, "
                           "cina_assessment_auth_date FROM ssd_cin_assessments", {}, [&](const Row& r) {
        std::string person = read_id(r[1]);
        if (!persons.count(person)) return Status::ok();
        std::string id = read_id(r[0]), k = key("cina_assessment_id", id);
        auto s = stage.find(id);
        add_once(assessments[person], Assessment{id, read_id(r[2]), s == stage.end() ? "single" : s->second,
                                                 read_date(r[3], "ssd_cin_assessments.cina_assessment_start_date", k),
                                                 read_date(r[4], "ssd_cin_assessments.cina_assessment_auth_date", k)});
        return Status::ok();
    });
    if (st) st = load_visits(ctx, persons, "SELECT cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, cppv_cp_visit_date, cppv_cp_visit_seen, "
                                           "cppv_cp_visit_seen_alone FROM ssd_cp_visits",
                             "ssd_cp_visits", "cppv_cp_visit_id", "cppv_cp_visit_date", "cppv_cp_visit_seen", "cppv_cp_visit_seen_alone", cp_visits);
    if (st) st = load_visits(ctx, persons, "SELECT cinv_cin_visit_id, cinv_person_id, NULL, cinv_cin_visit_date, cinv_cin_visit_seen, "
                                           "cinv_cin_visit_seen_alone FROM ssd_cin_visits",
                             "ssd_cin_visits", "cinv_cin_visit_id", "cinv_cin_visit_date", "cinv_cin_visit_seen", "cinv_cin_visit_seen_alone", cin_visits);
    if (st) st = load_visits(ctx, persons, "SELECT clav_cla_visit_id, clav_person_id, clav_cla_id, clav_cla_visit_date, clav_cla_visit_seen, "
                                           "clav_cla_visit_seen_alone FROM ssd_cla_visits",
                             "ssd_cla_visits", "clav_cla_visit_id", "clav_cla_visit_date", "clav_cla_visit_seen", "clav_cla_visit_seen_alone", cla_visits);
    if (st) st = ctx.query("SELECT cppr_cp_review_id, cppr_person_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews", {}, [&](const Row& r) {
        if (!persons.count(read_id(r[1]))) return Status::ok();
        std::string id = read_id(r[0]), plan = read_id(r[2]);
        add_once(cp_reviews[plan], Dated{id, plan, read_date(r[3], "ssd_cp_reviews.cppr_cp_review_date", key("cppr_cp_review_id", id)), {}, {}, {}});
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT clar_cla_review_id, clar_cla_id, clar_cla_review_date, clar_cla_review_cancelled FROM ssd_cla_reviews", {},
                           [&](const Row& r) {
        std::string id = read_id(r[0]), cla = read_id(r[1]), k = key("clar_cla_review_id", id);
        add_once(cla_reviews[cla], Dated{id, cla, read_date(r[2], "ssd_cla_reviews.clar_cla_review_date", k), {}, {},
                                         read_flag(r[3], "ssd_cla_reviews.clar_cla_review_cancelled", k)});
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT record_id, person_id, record_date, kind FROM sga_case_records", {}, [&](const Row& r) {
        std::string person = read_id(r[1]);
        if (!persons.count(person)) return Status::ok();
        std::string id = read_id(r[0]);
        add_once(records[person][read_id(r[3])], Dated{id, {}, read_date(r[2], "sga_case_records.record_date", key("record_id", id)), {}, {}, {}});
        return Status::ok();
    });
    return st;
}

}  // namespace ca
