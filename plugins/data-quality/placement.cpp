#include "placement.hpp"

#include "sgaudit/sdk/placement.hpp"

namespace dq {

Placer::Placer(const CaseData& data, sgaudit::Date as_of) : data_(data) {
    ById<std::vector<sgaudit::PlacementAllocation>> allocations;
    ById<std::vector<sgaudit::PlacementReferral>> referrals;
    for (const auto& a : data.allocations.rows) allocations[a.person].push_back({a.id, a.worker, a.team, a.start, a.end});
    for (const auto& r : data.referrals.rows) referrals[r.person].push_back({r.id, r.team, r.date, r.close});
    // Every child with an allocation or a referral, in ssd_person or not (a plan of a child
    // missing from ssd_person is still placed).
    static const std::vector<sgaudit::PlacementAllocation> no_allocations;
    static const std::vector<sgaudit::PlacementReferral> no_referrals;
    auto place = [&](const std::string& person) {
        if (team_.count(person)) return;
        auto a = allocations.find(person);
        auto r = referrals.find(person);
        auto p = sgaudit::place_case(a == allocations.end() ? no_allocations : a->second,
                                     r == referrals.end() ? no_referrals : r->second, as_of, data.area_of_team);
        team_[person] = p.team;
    };
    for (const auto& [person, list] : allocations) place(person);
    for (const auto& [person, list] : referrals) place(person);
}

std::string Placer::team_of(const std::string& person) const {
    auto it = team_.find(person);
    return it == team_.end() ? std::string() : it->second;
}

sgaudit::Subject Placer::subject(const char* kind, const std::string& id, const std::string& person, const std::string& team) const {
    auto a = data_.area_of_team.find(team);
    return sgaudit::Subject{kind, id, person, team, a == data_.area_of_team.end() ? std::string() : a->second, {}};
}

}  // namespace dq
