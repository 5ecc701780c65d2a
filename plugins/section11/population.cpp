#include "population.hpp"

namespace s11 {

namespace {
const std::vector<const Return*> kNoReturns;
const std::vector<const Action*> kNoActions;
}  // namespace

Population::Population(const Settings& s, const S11Data& d) : s_(s), d_(d) {
    for (const auto& [id, r] : d.returns) {
        if (s.round_of(r.period)) by_org_round_[{r.org, r.period}].push_back(&r);
        else unplaced_by_org_[r.org].push_back(&r);
    }
    for (const auto& [id, a] : d.actions) {
        actions_[{a.return_id, a.standard}].push_back(&a);
        actions_by_return_[a.return_id].push_back(&a);
    }
}

Place Population::organisation(const std::string& org_id) const {
    auto it = d_.organisations.find(org_id);
    if (it == d_.organisations.end()) return {Place::undecidable, "no agency in sga_organisations has org_id=" + org_id};
    const Organisation& o = it->second;
    const std::string k = key("org_id", o.id);
    if (!o.conflict.empty()) return {Place::undecidable, o.conflict};
    if (!o.in_scope.ok()) return {Place::undecidable, o.in_scope.error};
    if (!o.in_scope.value)
        return {Place::undecidable, "sga_organisations.in_scope (" + k +
                                        ") is not recorded, so whether the agency is under the Section 11 duty cannot be told"};
    if (!*o.in_scope.value) return {Place::out, {}};
    auto sector = s_.sectors.find(o.sector);
    if (sector != s_.sectors.end()) return {sector->second.in_scope ? Place::in : Place::out, {}};
    // A sector the rule set does not know matters only when some sector is out of scope.
    if (s_.every_sector_in_scope()) return {Place::in, {}};
    return {Place::undecidable, "sga_organisations.sector (" + k + ") is " + (o.sector.empty() ? "not recorded" : "not one of") +
                                    " the rule set's sectors (" + s_.sector_codes() + "), so whether the agency is in scope cannot be told"};
}

// A return's subjects stand where its round and its agency put them: out when the return is of
// another round, else where its agency stands. `link_place` names the row that links to it.
Place Population::of_return(const std::string& return_id, const std::string& link_place, bool previous_too) const {
    auto it = d_.returns.find(return_id);
    if (it == d_.returns.end()) return {Place::undecidable, link_place + " names no return in sga_s11_returns"};
    const Return& r = it->second;
    if (!r.conflict.empty()) return {Place::undecidable, r.conflict};
    if (!round_of(r))
        return {Place::undecidable, "sga_s11_returns.period (" + key("return_id", r.id) +
                                        ") is not a round of the rule set's rounds list, so which round it belongs to cannot be told"};
    const Round* previous = s_.previous();
    if (r.period != s_.audited().period && !(previous_too && previous && r.period == previous->period)) return {Place::out, {}};
    if (!d_.organisations.count(r.org))
        return {Place::undecidable, "sga_s11_returns.org_id (" + key("return_id", r.id) + ") names no agency in sga_organisations"};
    return organisation(r.org);
}

Place Population::rating(const Rating& r) const {
    return of_return(r.return_id, "sga_s11_ratings.return_id (" + rating_key({r.return_id, r.standard}) + ")", false);
}

Place Population::action(const Action& a) const {
    Place p = of_return(a.return_id, "sga_s11_actions.return_id (" + key("action_id", a.id) + ")", true);
    if (p.kind != Place::out && !a.conflict.empty()) return {Place::undecidable, a.conflict};
    return p;
}

const std::vector<const Return*>& Population::returns_of(const std::string& org_id, const std::string& period) const {
    auto it = by_org_round_.find({org_id, period});
    return it == by_org_round_.end() ? kNoReturns : it->second;
}

Population::OneReturn Population::return_for(const std::string& org_id, const std::string& period) const {
    const auto& found = returns_of(org_id, period);
    if (found.size() == 1) {
        if (!found.front()->conflict.empty()) return {nullptr, found.front()->conflict};
        return {found.front(), {}};
    }
    if (found.size() > 1) {
        std::string ids;
        for (const Return* r : found) ids += (ids.empty() ? "" : ", ") + r->id;
        return {nullptr, "sga_s11_returns holds " + std::to_string(found.size()) + " returns for agency " + org_id + " in round " + period +
                             " (" + ids + "): keep one return per agency and round"};
    }
    const auto& unplaced = unplaced_returns_of(org_id);
    if (unplaced.empty()) return {};
    return {nullptr, "sga_s11_returns.period (" + key("return_id", unplaced.front()->id) +
                         ") is not a round of the rule set's rounds list, so whether agency " + org_id + " has a return for round " +
                         period + " cannot be told"};
}

const std::vector<const Return*>& Population::unplaced_returns_of(const std::string& org_id) const {
    auto it = unplaced_by_org_.find(org_id);
    return it == unplaced_by_org_.end() ? kNoReturns : it->second;
}

const std::vector<const Action*>& Population::actions_for(const RatingKey& k) const {
    auto it = actions_.find(k);
    return it == actions_.end() ? kNoActions : it->second;
}

const std::vector<const Action*>& Population::actions_of(const std::string& return_id) const {
    auto it = actions_by_return_.find(return_id);
    return it == actions_by_return_.end() ? kNoActions : it->second;
}

}  // namespace s11
