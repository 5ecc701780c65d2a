#pragma once
// Where a child's case sits on a date: the one convention every audit uses to place a case in a
// team and an area (docs/domain.md, "Where a case sits"; docs/data.md,
// ssd_involvements):
//
// 1. The child's allocated worker on day D is the allocation (an ssd_involvements row with the
//    rule set's `allocated_role`) covering D: start <= D and (no end, or end >= D: an
//    allocation's end date is its last day). Of several, the one that started last; of several
//    that started the same day, the greatest involvement id (so the answer never depends on the
//    order rows come from the database). The case sits in that involvement's team
//    (`invo_professional_team`).
// 2. A child with no allocated worker sits in the team of their open referral
//    (`cine_referral_team`): referral date <= D and (no close date, or close date > D). Of
//    several, the latest referral date; ties by the greatest referral id.
// 3. With neither, the case is unallocated and has no team.
// 4. The area is the team's `dept_team_parent_id` in ssd_department; a team not there has none.
//
// Unreadable dates never make a case silently unallocated: when an allocation whose start or end
// cannot be read might cover D (nothing readable rules it out), which worker holds the case is
// unknown, so `by` is `unknown`, `error` names the table.column and row, and the team is left
// empty; a plugin makes every result that depends on the allocation `error`. The same holds for
// an unreadable referral date when the child has no allocated worker. An unreadable value that
// cannot change the answer (an allocation whose readable start is after D) is ignored here; the
// data-quality audit reports it.
//
// Pure: no queries. Each plugin reads the rows in its own way (every value through read.hpp)
// and hands this function the child's rows.
#include <map>
#include <string>
#include <vector>

#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/read.hpp"

namespace sgaudit {

// One ssd_involvements row of the allocated role, for one child.
struct PlacementAllocation {
    std::string id;      // invo_involvements_id, trimmed
    std::string worker;  // invo_professional_id, trimmed
    std::string team;    // invo_professional_team (a dept_team_id), trimmed
    Read<Date> start, end;
};

// One ssd_cin_episodes row of the child.
struct PlacementReferral {
    std::string id;    // cine_referral_id, trimmed
    std::string team;  // cine_referral_team, trimmed
    Read<Date> date, close;
};

struct Placement {
    enum class By { allocation, referral, none, unknown };
    By by = By::none;
    std::string team, area;      // empty when not placed
    std::string worker;          // the allocated worker's id (By::allocation only)
    std::string involvement_id;  // the chosen allocation (By::allocation)
    std::string referral_id;     // the chosen open referral (By::referral)
    std::string error;           // By::unknown: the unreadable value, as read.hpp names it
    // Set when the allocated worker itself is unknown (an allocation's unreadable date); empty
    // when only the referral that would place an unallocated child is unreadable: the child is
    // then known to have no allocated worker, though their team is unknown.
    std::string allocation_error;
};

namespace placement_detail {

// Whether `a` covers `on`: 1 yes, 0 no, -1 cannot tell (an unreadable date that matters).
inline int covers(const PlacementAllocation& a, Date on) {
    if (a.start.ok() && (!a.start.value || *a.start.value > on)) return 0;  // not started (or no start)
    if (a.end.ok() && a.end.value && *a.end.value < on) return 0;           // ended before D
    return a.start.ok() && a.end.ok() ? 1 : -1;
}

// Whether referral `r` is open on `on`: 1 yes, 0 no, -1 cannot tell.
inline int open_on(const PlacementReferral& r, Date on) {
    if (r.date.ok() && (!r.date.value || *r.date.value > on)) return 0;
    if (r.close.ok() && r.close.value && *r.close.value <= on) return 0;
    return r.date.ok() && r.close.ok() ? 1 : -1;
}

inline std::string first_error(const Read<Date>& a, const Read<Date>& b) { return a.ok() ? b.error : a.error; }

}  // namespace placement_detail

// The placement of one child on `on`. `area_of_team` maps dept_team_id -> dept_team_parent_id
// (any map of std::string to std::string with find/end).
template <class AreaMap = std::map<std::string, std::string>>
Placement place_case(const std::vector<PlacementAllocation>& allocations, const std::vector<PlacementReferral>& referrals,
                     Date on, const AreaMap& area_of_team) {
    using namespace placement_detail;
    Placement out;
    const PlacementAllocation* chosen = nullptr;
    for (const auto& a : allocations) {
        int c = covers(a, on);
        if (c < 0 && out.error.empty()) out.error = first_error(a.start, a.end);
        if (c <= 0) continue;
        if (!chosen || *a.start.value > *chosen->start.value ||
            (*a.start.value == *chosen->start.value && a.id > chosen->id))
            chosen = &a;
    }
    if (!out.error.empty()) {
        out.by = Placement::By::unknown;
        out.allocation_error = out.error;
        return out;
    }
    if (chosen) {
        out.by = Placement::By::allocation;
        out.team = chosen->team;
        out.worker = chosen->worker;
        out.involvement_id = chosen->id;
    } else {
        const PlacementReferral* open = nullptr;
        for (const auto& r : referrals) {
            int o = open_on(r, on);
            if (o < 0 && out.error.empty()) out.error = first_error(r.date, r.close);
            if (o <= 0) continue;
            if (!open || *r.date.value > *open->date.value || (*r.date.value == *open->date.value && r.id > open->id))
                open = &r;
        }
        if (!out.error.empty()) {
            out.by = Placement::By::unknown;
            return out;
        }
        if (!open) return out;  // unallocated, no open referral: no team
        out.by = Placement::By::referral;
        out.team = open->team;
        out.referral_id = open->id;
    }
    auto it = area_of_team.find(out.team);
    if (it != area_of_team.end() && !out.team.empty()) out.area = it->second;
    return out;
}

}  // namespace sgaudit
