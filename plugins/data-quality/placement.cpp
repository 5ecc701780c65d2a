#include "placement.hpp"

namespace dq {

Placement::Placement(const CaseData& data, sgaudit::Date as_of) : data_(data) {
    // Open referrals first, so an allocation (which takes precedence) overwrites them; among
    // several, the latest referral wins.
    ById<Date> latest;
    for (const auto& r : data.referrals.rows) {
        if (!r.date.value || *r.date.value > as_of) continue;
        if (r.close.value && *r.close.value <= as_of) continue;
        auto it = latest.find(r.person);
        if (it == latest.end() || *r.date.value >= it->second) {
            latest[r.person] = *r.date.value;
            team_[r.person] = r.team;
        }
    }
    ById<Date> allocated_since;
    for (const auto& a : data.allocations) {
        if (!a.start.value || *a.start.value > as_of) continue;
        if (a.end.value && *a.end.value < as_of) continue;
        auto it = allocated_since.find(a.person);
        if (it == allocated_since.end() || *a.start.value >= it->second) {
            allocated_since[a.person] = *a.start.value;
            team_[a.person] = a.team;
        }
    }
}

std::string Placement::team_of(const std::string& person) const {
    auto it = team_.find(person);
    return it == team_.end() ? std::string() : it->second;
}

sgaudit::Subject Placement::subject(const char* kind, const std::string& id, const std::string& person, const std::string& team) const {
    auto a = data_.area_of_team.find(team);
    return sgaudit::Subject{kind, id, person, team, a == data_.area_of_team.end() ? std::string() : a->second, {}};
}

}  // namespace dq
