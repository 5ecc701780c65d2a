#pragma once
// Who the audit judges: the agencies under the duty (sga_organisations.in_scope, and the rule
// set's sectors), their returns for the audited round, those returns' ratings, and the actions
// of this round's and the previous round's returns. A subject whose place cannot be told (a flag
// that cannot be read, a link that names nothing, a key repeated with other content) is kept in,
// with every fact an error naming why, so the board sees what to correct.
#include <map>
#include <string>
#include <vector>

#include "s11_data.hpp"
#include "settings.hpp"

namespace s11 {

struct Place {
    enum Kind { in, out, undecidable } kind = in;
    std::string why;  // for undecidable: what cannot be read or found
};

class Population {
public:
    Population(const Settings& s, const S11Data& d);

    const Settings& settings() const { return s_; }
    const S11Data& data() const { return d_; }
    Place organisation(const std::string& org_id) const;
    Place rating(const Rating& r) const;
    Place action(const Action& a) const;

    // The agency's returns for a round (more than one is an error for whatever depends on it).
    const std::vector<const Return*>& returns_of(const std::string& org_id, const std::string& period) const;
    // The agency's one return for a round: the return, none (null, no error), or why it cannot
    // be told (two returns; a return whose period is no round, when it has none for the round).
    struct OneReturn {
        const Return* ret = nullptr;
        std::string error;
    };
    OneReturn return_for(const std::string& org_id, const std::string& period) const;
    // The agency's returns whose period is not a round of the rule set.
    const std::vector<const Return*>& unplaced_returns_of(const std::string& org_id) const;
    // The actions recorded for a standard of a return, and for a whole return.
    const std::vector<const Action*>& actions_for(const RatingKey& k) const;
    const std::vector<const Action*>& actions_of(const std::string& return_id) const;
    // The round a return belongs to, or null when its period is not a round of the rule set.
    const Round* round_of(const Return& r) const { return s_.round_of(r.period); }

private:
    Place of_return(const std::string& return_id, const std::string& link_place, bool previous_too) const;
    const Settings& s_;
    const S11Data& d_;
    std::map<std::pair<std::string, std::string>, std::vector<const Return*>> by_org_round_;
    std::map<std::string, std::vector<const Return*>> unplaced_by_org_;
    std::map<RatingKey, std::vector<const Action*>> actions_;
    std::map<std::string, std::vector<const Action*>> actions_by_return_;
};

}  // namespace s11
