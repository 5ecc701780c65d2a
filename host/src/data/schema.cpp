#include "sgaudit/data/schema.hpp"

namespace sgaudit::data {

namespace {
using T = ColumnType;
ColumnDef pk(const char* n) { return {n, T::id, true}; }
ColumnDef id(const char* n) { return {n, T::id, false}; }
ColumnDef text(const char* n) { return {n, T::text, false}; }
ColumnDef date(const char* n) { return {n, T::date, false}; }
ColumnDef birth_date(const char* n) { return {n, T::date, false, true}; }
ColumnDef flag(const char* n) { return {n, T::flag, false}; }
ColumnDef integer(const char* n) { return {n, T::integer, false}; }
ColumnDef number(const char* n) { return {n, T::number, false}; }
}  // namespace

const std::vector<TableDef>& case_data_schema() {
    static const std::vector<TableDef> tables = {
        {"ssd_person", {pk("pers_person_id"), text("pers_sex"), birth_date("pers_dob"), birth_date("pers_expected_dob"),
                        date("pers_death_date"), text("pers_ethnicity")}},
        {"ssd_department", {pk("dept_team_id"), text("dept_team_name"), id("dept_team_parent_id"),
                            text("dept_team_parent_name")}},
        {"ssd_professionals", {pk("prof_professional_id"), text("prof_social_worker_registration_no"),
                               text("prof_professional_job_title"), id("prof_professional_department"),
                               number("prof_full_time_equivalency"), flag("prof_agency_worker_flag")}},
        {"ssd_involvements", {pk("invo_involvements_id"), id("invo_professional_id"), text("invo_professional_role_id"),
                              id("invo_professional_team"), date("invo_involvement_start_date"),
                              date("invo_involvement_end_date"), id("invo_person_id"), id("invo_referral_id")}},
        {"ssd_cin_episodes", {pk("cine_referral_id"), id("cine_person_id"), date("cine_referral_date"),
                              text("cine_referral_source_code"), flag("cine_referral_nfa"), date("cine_close_date"),
                              text("cine_close_reason"), id("cine_referral_team")}},
        {"ssd_cin_assessments", {pk("cina_assessment_id"), id("cina_person_id"), id("cina_referral_id"),
                                 date("cina_assessment_start_date"), flag("cina_assessment_child_seen"),
                                 date("cina_assessment_auth_date"), id("cina_assessment_team"),
                                 id("cina_assessment_worker_id")}},
        {"ssd_s47_enquiry", {pk("s47e_s47_enquiry_id"), id("s47e_referral_id"), id("s47e_person_id"),
                             date("s47e_s47_start_date"), date("s47e_s47_end_date"), flag("s47e_s47_nfa")}},
        {"ssd_initial_cp_conference", {pk("icpc_icpc_id"), id("icpc_s47_enquiry_id"), id("icpc_person_id"),
                                       id("icpc_cp_plan_id"), id("icpc_referral_id"), flag("icpc_icpc_transfer_in"),
                                       date("icpc_icpc_target_date"), date("icpc_icpc_date"),
                                       flag("icpc_icpc_outcome_cp_flag")}},
        {"ssd_cp_plans", {pk("cppl_cp_plan_id"), id("cppl_referral_id"), id("cppl_icpc_id"), id("cppl_person_id"),
                          date("cppl_cp_plan_start_date"), date("cppl_cp_plan_end_date"),
                          text("cppl_cp_plan_initial_category"), text("cppl_cp_plan_latest_category")}},
        {"ssd_cp_reviews", {pk("cppr_cp_review_id"), id("cppr_person_id"), id("cppr_cp_plan_id"),
                            date("cppr_cp_review_due"), date("cppr_cp_review_date"), flag("cppr_cp_review_quorate")}},
        {"ssd_cp_visits", {pk("cppv_cp_visit_id"), id("cppv_person_id"), id("cppv_cp_plan_id"), date("cppv_cp_visit_date"),
                           flag("cppv_cp_visit_seen"), flag("cppv_cp_visit_seen_alone"), flag("cppv_cp_visit_bedroom")}},
        {"ssd_cin_visits", {pk("cinv_cin_visit_id"), id("cinv_person_id"), date("cinv_cin_visit_date"),
                            flag("cinv_cin_visit_seen"), flag("cinv_cin_visit_seen_alone")}},
        {"ssd_cla_episodes", {pk("clae_cla_episode_id"), id("clae_person_id"), id("clae_cla_id"),
                              date("clae_cla_episode_start_date"), date("clae_cla_episode_ceased_date"),
                              id("clae_referral_id")}},
        {"ssd_cla_reviews", {pk("clar_cla_review_id"), id("clar_cla_id"), date("clar_cla_review_due_date"),
                             date("clar_cla_review_date"), flag("clar_cla_review_cancelled")}},
        {"ssd_cla_visits", {pk("clav_cla_visit_id"), id("clav_cla_id"), id("clav_person_id"), date("clav_cla_visit_date"),
                            flag("clav_cla_visit_seen"), flag("clav_cla_visit_seen_alone")}},
        {"sga_assessment_stage", {pk("cina_assessment_id"), text("stage")}},
        {"sga_cp_core_groups", {pk("core_group_id"), id("cp_plan_id"), id("person_id"), date("meeting_date")}},
        {"sga_case_records", {pk("record_id"), id("person_id"), date("record_date"), text("kind"), id("author_id")}},
        {"sga_population", {id("area_id"), date("period_start"), date("period_end"), integer("children_0_17")}},
        {"sga_organisations", {pk("org_id"), text("org_name"), text("sector"), flag("in_scope")}},
        {"sga_s11_returns", {pk("return_id"), id("org_id"), text("period"), date("due_date"), date("submitted_date"),
                             text("signed_off_role"), integer("staff_in_contact"), integer("staff_trained"),
                             integer("staff_vetted")}},
        // A rating's key is its return and standard: return_id is part of the key, not only a link.
        {"sga_s11_ratings", {pk("return_id"), text("standard"), text("rating"), text("evidence")}},
        {"sga_s11_actions", {pk("action_id"), id("return_id"), text("standard"), text("action"), text("owner"),
                             date("due_date"), date("completed_date")}},
        // The board's challenge panel's own rating of a standard of a return, where it has one
        // (optional: the Section 11 audit runs without it).
        {"sga_s11_panel_ratings", {pk("return_id"), text("standard"), text("panel_rating"), text("panel_comment")}},
        {"sga_stocktake_entries", {pk("entry_id"), text("source"), text("rec_ref"), text("status"), text("owner"),
                                   text("local_action"), date("target_date"), text("evidence"), date("updated_date")}},
        // One row per workbook `sgaudit collect` wrote into the tables above (docs/workbooks.md).
        {"sga_collections", {pk("collection_id"), text("file_name"), text("sha256"), text("plugin"), text("form"),
                             integer("form_version"), text("marker"), integer("rows_collected"), text("collected_by"),
                             text("collected_at")}},
    };
    return tables;
}

const ColumnDef* TableDef::find(std::string_view column) const {
    for (const auto& c : columns)
        if (c.name == column) return &c;
    return nullptr;
}

const ColumnDef* TableDef::primary_key() const {
    for (const auto& c : columns)
        if (c.primary_key) return &c;
    return nullptr;
}

const TableDef* find_table(std::string_view name) {
    for (const auto& t : case_data_schema())
        if (t.name == name) return &t;
    return nullptr;
}

const char* to_string(ColumnType t) {
    switch (t) {
        case T::id: return "identifier";
        case T::text: return "text";
        case T::date: return "date";
        case T::flag: return "Y/N flag";
        case T::integer: return "whole number";
        default: return "number";
    }
}

std::vector<std::string> create_statements(bool postgresql) {
    std::vector<std::string> out;
    for (const auto& t : case_data_schema()) {
        std::string sql = "CREATE TABLE IF NOT EXISTS " + t.name + " (";
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const auto& c = t.columns[i];
            std::string type;
            switch (c.type) {
                case T::date: type = postgresql ? "DATE" : "TEXT"; break;
                case T::integer: type = postgresql ? "BIGINT" : "INTEGER"; break;
                case T::number: type = postgresql ? "NUMERIC" : "REAL"; break;
                case T::flag: type = postgresql ? "CHAR(1)" : "TEXT"; break;
                default: type = "TEXT";
            }
            // No PRIMARY KEY constraint: councils' SSD extracts do not enforce one, and the
            // data-quality audit must be able to find duplicate ids rather than have them refused.
            sql += (i ? ", " : "") + c.name + " " + type;
        }
        out.push_back(sql + ")");
    }
    return out;
}

}  // namespace sgaudit::data

