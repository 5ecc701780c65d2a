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

using Allocation = sgaudit::PlacementAllocation;


struct Conference {
    std::string id, s47;
    Read<Date> date;
    Read<bool> transfer_in;
};

struct Dated {  // a review, a core group or a case record
    std::string id;
    Read<Date> date;
};

// A visit as the review needs it: 8 bytes, so a runaway extract (millions of visits to one
// child) stays small. Unreadable values are kept once per plan as the list's error.
struct Visit {
    Date date;
    bool has_date = false;
    signed char seen = -1, alone = -1;  // -1 not recorded, 0 no, 1 yes
    bool operator==(const Visit&) const = default;
};

struct VisitList {
    std::vector<Visit> rows;     // readable visits, one per key
    std::size_t recorded = 0;    // visits recorded, one per key, readable or not
    std::string error;           // the first date or seen flag that cannot be read (or conflicting repeats)
    std::string alone_error;     // the first seen-alone flag that cannot be read
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
    sgaudit::Registrations workers;                              // ssd_professionals: who is qualified
    std::map<std::string, std::vector<sgaudit::PlacementReferral>> referrals;  // by person: to place unallocated children
    std::map<std::string, std::string> area_of_team, team_name;
    std::map<std::string, Conference> conferences;              // by ICPC id
    std::map<std::string, Read<Date>> s47_start;                 // by s47 id
    std::map<std::string, std::map<std::string, Dated>> reviews, core_groups;  // plan -> key -> row
    std::map<std::string, VisitList> visits;                                   // by plan
    std::map<std::string, std::map<std::string, Dated>> chronology, oversight; // person -> key -> row

    sgaudit::Status load(sgaudit::Context& ctx, const std::string& allocated_role, const std::set<std::string>& plans,
                         const std::set<std::string>& persons);

private:
    sgaudit::Status load_visits(sgaudit::Context& ctx, const std::set<std::string>& plans);
};

}  // namespace cp4
