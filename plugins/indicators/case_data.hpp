#pragma once
// The case data the indicators count, read once through read.hpp (docs/indicators.md says which
// table.column each indicator reads). Nothing here is a name, an address or a date of birth.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/placement.hpp"
#include "sgaudit/sdk/read.hpp"

namespace indicators {
using namespace sgaudit;

struct Referral {
    std::string id, person, team;
    Read<Date> date;
};

struct Assessment {
    std::string id, person, referral, team, stage;  // stage: initial, core or single (no sga_assessment_stage row)
    Read<Date> start, auth;                         // completed = authorised
};

struct Plan {
    std::string id, person;
    Read<Date> start, end;
};

struct HeldReview {  // a review conference of a plan, or a looked-after review not cancelled
    std::string id;
    Read<Date> date;
};

struct CareEpisode {
    std::string id, person, care;  // care: clae_cla_id, one period of care
    Read<Date> start, ceased;
};

struct Worker {
    std::string id, team;
    bool qualified = false;  // a registration number is recorded
    Read<double> fte;
};

struct PopulationRow {
    std::string area, key;
    Read<Date> start, end;
    Read<std::int64_t> children;
};

struct CaseData {
    std::map<std::string, std::string> area_of_team, area_names;
    std::vector<Referral> referrals;
    std::vector<Assessment> assessments;
    std::vector<Plan> plans;
    std::map<std::string, std::vector<HeldReview>> plan_reviews;  // by cppl_cp_plan_id
    std::vector<CareEpisode> care_episodes;
    std::map<std::string, std::vector<HeldReview>> care_reviews;  // by clae_cla_id; cancelled ones left out
    std::map<std::string, std::vector<PlacementAllocation>> allocations;  // by person: the allocated role only
    std::map<std::string, std::vector<PlacementReferral>> person_referrals;
    std::map<std::string, Worker> workers;
    std::vector<PopulationRow> population;
    bool has_population = true;  // sga_population is optional: without it rates have no value
    std::optional<Date> first_referral;  // where the case data begins, to say which years it covers in part

    Status load(Context& ctx, const std::string& allocated_role);
    // Where the child's case sits on `on` (placement.hpp).
    Placement place(const std::string& person, Date on) const;
};

}  // namespace indicators
