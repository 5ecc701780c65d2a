#pragma once
// Where each child's case sits on the audit date, by the SDK's one convention
// (sgaudit/sdk/placement.hpp; docs/domain.md, "Where a case sits"). A child whose placement
// cannot be worked out (an unreadable allocation or referral date that could change it) has no
// team here; the data-quality rules on those dates say what to correct.
#include <string>

#include "case_data.hpp"

namespace dq {

class Placer {
public:
    Placer(const CaseData& data, sgaudit::Date as_of);
    std::string team_of(const std::string& person) const;
    sgaudit::Subject subject(const char* kind, const std::string& id, const std::string& person, const std::string& team) const;

private:
    const CaseData& data_;
    ById<std::string> team_;
};

}  // namespace dq
