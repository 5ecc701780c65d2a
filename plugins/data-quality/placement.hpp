#pragma once
// Where a child's case sits on the audit date (docs/domain.md, "Where a case sits"): the
// team of the allocated worker's involvement covering the date (its end date is its last
// day); else the team of the child's open referral; else unallocated (no team).
#include <string>

#include "case_data.hpp"

namespace dq {

class Placement {
public:
    Placement(const CaseData& data, sgaudit::Date as_of);
    std::string team_of(const std::string& person) const;
    sgaudit::Subject subject(const char* kind, const std::string& id, const std::string& person, const std::string& team) const;

private:
    const CaseData& data_;
    ById<std::string> team_;
};

}  // namespace dq
