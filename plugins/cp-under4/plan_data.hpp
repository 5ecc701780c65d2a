#pragma once
// The case data the under-4 review reads, as read: every date and flag a Read<> (a value, not
// recorded, or the error naming table.column and row key), identifiers trimmed, and rows
// repeated with the same key counted once. Rows whose key repeats with different content are
// kept as a `conflict`, so nothing is decided by whichever row came last.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace cp4 {

using sgaudit::Date;
using sgaudit::Read;

struct PlanRow {
    std::string id, person, icpc, referral;
    Read<Date> start, end;
    sgaudit::Value initial_category, latest_category;
    std::string conflict;  // set when the plan's key repeats with different content
};

struct ChildRow {
    Read<Date> dob, expected;
    std::string conflict;
};

struct Allocation {
    std::string id, worker, team;
    Read<Date> start, end;
};

struct Worker {
    bool qualified = false;
    std::string conflict;
};

struct Conference {
    std::string id, s47;
    Read<Date> date;
    Read<bool> transfer_in;
};

struct Dated {  // a review, a core group or a case record
    std::string id;
    Read<Date> date;
};

struct Visit {
    std::string id;
    Read<Date> date;
    Read<bool> seen, alone;
};

// Plans and children, for choosing the population.
struct PlanIndex {
    std::map<std::string, PlanRow> plans;                        // by plan id
    std::map<std::string, ChildRow> children;                    // by person id
    std::map<std::string, std::vector<const PlanRow*>> by_person;
    sgaudit::Status load(sgaudit::Context& ctx);
};

// Everything else about the plans in the population and their children.
struct PlanDetail {
    std::map<std::string, std::vector<Allocation>> allocations;  // by person
    std::map<std::string, Worker> workers;                       // by professional id
    std::map<std::string, std::string> area_of_team, referral_team;
    std::map<std::string, Conference> conferences;              // by ICPC id
    std::map<std::string, Read<Date>> s47_start;                 // by s47 id
    std::map<std::string, std::map<std::string, Dated>> reviews, core_groups;  // plan -> key -> row
    std::map<std::string, std::map<std::string, Visit>> visits;                // plan -> key -> row
    std::map<std::string, std::map<std::string, Dated>> chronology, oversight; // person -> key -> row

    sgaudit::Status load(sgaudit::Context& ctx, const std::string& allocated_role, const std::set<std::string>& plans,
                         const std::set<std::string>& persons);
};

}  // namespace cp4
