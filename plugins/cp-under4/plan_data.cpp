#include "plan_data.hpp"

namespace cp4 {
using namespace sgaudit;

namespace {

template <class T>
bool same(const Read<T>& a, const Read<T>& b) {
    return a.value == b.value && a.error == b.error;
}

std::string key(const char* column, const std::string& id) { return std::string(column) + "=" + id; }

// A dated row kept once per key; the same key with a different date makes the date unknowable.
void keep_dated(std::map<std::string, Dated>& rows, Dated row, const char* table, const char* key_column) {
    auto [it, inserted] = rows.try_emplace(row.id, row);
    if (inserted || same(it->second.date, row.date)) return;
    it->second.date = {std::nullopt, std::string(table) + " holds more than one row with " + key(key_column, row.id) +
                                         " and different dates"};
}

}  // namespace

Status PlanIndex::load(Context& ctx) {
    auto st = ctx.query("SELECT cppl_cp_plan_id, cppl_person_id, cppl_icpc_id, cppl_referral_id, cppl_cp_plan_start_date, "
                        "cppl_cp_plan_end_date, cppl_cp_plan_initial_category, cppl_cp_plan_latest_category FROM ssd_cp_plans",
                        {}, [&](const Row& r) {
                            std::string id = read_id(r[0]), k = key("cppl_cp_plan_id", id);
                            PlanRow p{id, read_id(r[1]), read_id(r[2]), read_id(r[3]),
                                      read_date(r[4], "ssd_cp_plans.cppl_cp_plan_start_date", k),
                                      read_date(r[5], "ssd_cp_plans.cppl_cp_plan_end_date", k), r[6], r[7], {}};
                            auto [it, inserted] = plans.try_emplace(id, p);
                            bool identical = it->second.person == p.person && it->second.icpc == p.icpc &&
                                             it->second.referral == p.referral && same(it->second.start, p.start) &&
                                             same(it->second.end, p.end) && it->second.initial_category == p.initial_category &&
                                             it->second.latest_category == p.latest_category;
                            if (!inserted && !identical)
                                it->second.conflict = "ssd_cp_plans holds more than one row with " + k + " and different content";
                            return Status::ok();
                        });
    // Dates of birth are read only to compute ages: never logged, stored or shown.
    if (st) st = ctx.query("SELECT pers_person_id, pers_dob, pers_expected_dob FROM ssd_person", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), k = key("pers_person_id", id);
        ChildRow c{read_date(r[1], "ssd_person.pers_dob", k), read_date(r[2], "ssd_person.pers_expected_dob", k), {}};
        auto [it, inserted] = children.try_emplace(id, c);
        if (!inserted && !(same(it->second.dob, c.dob) && same(it->second.expected, c.expected)))
            it->second.conflict = "ssd_person holds more than one row with " + k + " and different dates of birth";
        return Status::ok();
    });
    for (const auto& [id, p] : plans) by_person[p.person].push_back(&p);
    return st;
}

Status PlanDetail::load(Context& ctx, const std::string& allocated_role, const std::set<std::string>& plans,
                        const std::set<std::string>& persons) {
    auto st = ctx.query("SELECT invo_involvements_id, invo_person_id, invo_professional_id, invo_professional_team, "
                        "invo_involvement_start_date, invo_involvement_end_date FROM ssd_involvements "
                        "WHERE invo_professional_role_id = :role",
                        {Value(allocated_role)}, [&](const Row& r) {
                            std::string person = read_id(r[1]);
                            if (!persons.count(person)) return Status::ok();
                            std::string id = read_id(r[0]), k = key("invo_involvements_id", id);
                            auto& list = allocations[person];
                            for (const auto& a : list)
                                if (a.id == id) return Status::ok();  // a repeated row counts once
                            list.push_back({id, read_id(r[2]), read_id(r[3]),
                                            read_date(r[4], "ssd_involvements.invo_involvement_start_date", k),
                                            read_date(r[5], "ssd_involvements.invo_involvement_end_date", k)});
                            return Status::ok();
                        });
    if (st) st = ctx.query("SELECT prof_professional_id, prof_social_worker_registration_no FROM ssd_professionals", {},
                           [&](const Row& r) {
                               std::string id = read_id(r[0]);
                               bool qualified = !trim(to_text(r[1])).empty();
                               workers.add(id, qualified);
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT dept_team_id, dept_team_parent_id, dept_team_name FROM ssd_department", {}, [&](const Row& r) {
        area_of_team[read_id(r[0])] = read_id(r[1]);
        team_name[read_id(r[0])] = std::string(trim(to_text(r[2])));
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT cine_referral_id, cine_person_id, cine_referral_team, cine_referral_date, cine_close_date "
                           "FROM ssd_cin_episodes", {}, [&](const Row& r) {
        std::string person = read_id(r[1]);
        if (!persons.count(person)) return Status::ok();
        std::string id = read_id(r[0]), k = key("cine_referral_id", id);
        auto& list = referrals[person];
        for (const auto& ref : list)
            if (ref.id == id) return Status::ok();  // a repeated row counts once
        list.push_back({id, read_id(r[2]), read_date(r[3], "ssd_cin_episodes.cine_referral_date", k),
                        read_date(r[4], "ssd_cin_episodes.cine_close_date", k)});
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT icpc_icpc_id, icpc_s47_enquiry_id, icpc_icpc_transfer_in, icpc_icpc_date FROM ssd_initial_cp_conference",
                           {}, [&](const Row& r) {
                               std::string id = read_id(r[0]), k = key("icpc_icpc_id", id);
                               conferences.try_emplace(id, Conference{id, read_id(r[1]),
                                                                      read_date(r[3], "ssd_initial_cp_conference.icpc_icpc_date", k),
                                                                      read_flag(r[2], "ssd_initial_cp_conference.icpc_icpc_transfer_in", k)});
                               return Status::ok();
                           });
    if (st) st = ctx.query("SELECT s47e_s47_enquiry_id, s47e_s47_start_date FROM ssd_s47_enquiry", {}, [&](const Row& r) {
        std::string id = read_id(r[0]);
        s47_start.try_emplace(id, read_date(r[1], "ssd_s47_enquiry.s47e_s47_start_date", key("s47e_s47_enquiry_id", id)));
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT cppr_cp_review_id, cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), plan = read_id(r[1]);
        if (plans.count(plan))
            keep_dated(reviews[plan], {id, read_date(r[2], "ssd_cp_reviews.cppr_cp_review_date", key("cppr_cp_review_id", id))},
                       "ssd_cp_reviews", "cppr_cp_review_id");
        return Status::ok();
    });
    if (st) st = ctx.query("SELECT core_group_id, cp_plan_id, meeting_date FROM sga_cp_core_groups", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), plan = read_id(r[1]);
        if (plans.count(plan))
            keep_dated(core_groups[plan], {id, read_date(r[2], "sga_cp_core_groups.meeting_date", key("core_group_id", id))},
                       "sga_cp_core_groups", "core_group_id");
        return Status::ok();
    });
    if (st) st = load_visits(ctx, plans);
    if (st) st = ctx.query("SELECT record_id, person_id, record_date, kind FROM sga_case_records", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), person = read_id(r[1]), kind(trim(to_text(r[3])));
        if (!persons.count(person)) return Status::ok();
        Dated d{id, read_date(r[2], "sga_case_records.record_date", key("record_id", id))};
        if (kind == "chronology_update") keep_dated(chronology[person], d, "sga_case_records", "record_id");
        if (kind == "management_oversight" || kind == "supervision") keep_dated(oversight[person], d, "sga_case_records", "record_id");
        return Status::ok();
    });
    return st;
}

// Visits come in key order, so a row repeated with the same key is the one just before it:
// nothing per key needs keeping. (Keys are compared trimmed; the database trims spaces.)
Status PlanDetail::load_visits(Context& ctx, const std::set<std::string>& plans) {
    std::string last_plan, last_key;
    Visit last;
    bool last_readable = false;
    return ctx.query(
        "SELECT cppv_cp_visit_id, cppv_cp_plan_id, cppv_cp_visit_date, cppv_cp_visit_seen, cppv_cp_visit_seen_alone "
        "FROM ssd_cp_visits ORDER BY trim(cppv_cp_plan_id), trim(cppv_cp_visit_id)",
        {}, [&](const Row& r) {
            std::string id = read_id(r[0]), plan = read_id(r[1]), k = key("cppv_cp_visit_id", id);
            if (!plans.count(plan)) return Status::ok();
            auto date = read_date(r[2], "ssd_cp_visits.cppv_cp_visit_date", k);
            auto seen = read_flag(r[3], "ssd_cp_visits.cppv_cp_visit_seen", k);
            auto alone = read_flag(r[4], "ssd_cp_visits.cppv_cp_visit_seen_alone", k);
            auto& list = visits[plan];
            bool readable = date.ok() && seen.ok() && alone.ok();
            Visit v{date.value.value_or(Date{}), date.value.has_value(),
                    static_cast<signed char>(seen.value ? *seen.value : -1), static_cast<signed char>(alone.value ? *alone.value : -1)};
            if (plan == last_plan && id == last_key) {  // the same visit again
                if (!(readable && last_readable && v == last) && list.error.empty())
                    list.error = "ssd_cp_visits holds more than one row with " + k + " and different content";
                return Status::ok();
            }
            last_plan = plan, last_key = id, last = v, last_readable = readable;
            ++list.recorded;
            if (!date.ok() || !seen.ok()) {
                if (list.error.empty()) list.error = !date.ok() ? date.error : seen.error;
                return Status::ok();
            }
            if (!alone.ok() && list.alone_error.empty()) list.alone_error = alone.error;
            list.rows.push_back(v);
            return Status::ok();
        });
}

}  // namespace cp4
