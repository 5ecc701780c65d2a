#pragma once
// The case data the case-file audit reads, as read: every date and flag a Read<> (a value, not
// recorded, or the error naming table.column and row key), identifiers trimmed, a row repeated
// with the same key counted once. Dates of birth are kept only to work out ages on visit dates
// (case_facts.cpp); they never reach a fact, a section or a log.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace ca {

using sgaudit::Date;
using sgaudit::Read;

struct Span {  // a CP plan, a looked-after episode or a referral
    std::string id, group;  // group: the period of care (clae_cla_id) of a looked-after episode
    Read<Date> start, end;  // end: plan end, episode ceased, referral closed
};

struct Dated {  // a review, a visit or a case record
    std::string id, link;   // link: the plan (CP reviews, visits) or period of care (LAC)
    Read<Date> date;
    Read<bool> seen, alone;  // visits only
    Read<bool> cancelled;    // looked-after reviews only
};

struct Assessment {
    std::string id, referral, stage;  // stage: initial, core or single (no sga_assessment_stage row)
    Read<Date> start, auth;
};

// What deciding the sample needs, for every child.
struct OpenData {
    std::map<std::string, std::vector<Span>> plans, care, referrals;                 // by person
    std::map<std::string, std::vector<sgaudit::PlacementAllocation>> allocations;    // by person
    std::map<std::string, std::string> area_of_team, team_name;
    std::set<std::string> children;  // pers_person_id of every row of ssd_person
    sgaudit::Status load(sgaudit::Context& ctx, const std::string& allocated_role);
};

// What judging a sampled case needs, for the sampled children only.
struct CaseDetail {
    sgaudit::Registrations workers;                   // ssd_professionals: who is qualified
    std::map<std::string, Read<Date>> dob, expected;  // by person: for ages on visit dates only
    std::map<std::string, std::vector<Assessment>> assessments;                    // by person
    std::map<std::string, Read<Date>> referral_date;                               // by referral id
    std::map<std::string, std::vector<Dated>> cp_visits, cin_visits, cla_visits;   // by person
    std::map<std::string, std::vector<Dated>> cp_reviews, cla_reviews;             // by plan / period of care
    std::map<std::string, std::map<std::string, std::vector<Dated>>> records;      // person -> kind -> rows
    sgaudit::Status load(sgaudit::Context& ctx, const std::set<std::string>& persons);
};

}  // namespace ca
