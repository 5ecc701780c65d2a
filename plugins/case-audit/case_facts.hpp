#pragma once
// What is known about one sampled case on the audit date, as facts for rules/case-audit.toml.
// Ages are worked out here from the date of birth and never become a fact.
#include <string>
#include <vector>

#include "case_data.hpp"
#include "sampling.hpp"

namespace ca {

struct FactSettings {
    Date as_of;
    int seen_alone_min_age = 3;
    int unborn_grace_days = 42;
};

// The facts the plugin declares (describe()), as {name, type, description}.
struct FactDecl {
    const char* name;
    const char* type;
    const char* what;
};
const std::vector<FactDecl>& fact_declarations();

struct CaseView {
    sgaudit::Facts facts;
    std::string worker_text;  // the allocation in words, for the case's sheet
};

CaseView case_view(const Candidate& c, const OpenData& open, const CaseDetail& d, const FactSettings& s);

// A case whose open records cannot be read: every fact is that error.
CaseView undecided_view(const std::string& why);

}  // namespace ca
