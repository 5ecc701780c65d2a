#pragma once
// The stocktake audit's shared pieces: the entries of sga_stocktake_entries for one source, the
// outcomes the rules handed back for each subject, and the report's sections. Nothing here
// decides what is a lapse; the rule set does (rules/stocktake/*.toml, docs/stocktake.md).
#include <map>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace stocktake {

// One row of sga_stocktake_entries of the audited source. Text columns are trimmed; empty is
// not recorded. Dates are read as the data model says; one that cannot be read keeps its error.
struct Entry {
    std::string id, rec_ref, status, owner, local_action, evidence;
    sgaudit::Read<sgaudit::Date> target, updated;
    std::string conflict;  // the same entry_id again with other content
};

using Outcomes = std::vector<sgaudit::RuleOutcome>;

struct Judged {
    std::vector<Entry> entries;                      // in entry_id order
    std::map<std::string, Outcomes> entry;           // by entry_id
    std::map<std::string, Outcomes> recommendation;  // by ref
};

// The check kind `open_by_target` (target_kind.cpp).
class OpenByTarget final : public sgaudit::CheckKind {
public:
    sgaudit::CheckOutcome evaluate(const sgaudit::CheckInput& in) const override;
};
sgaudit::CheckDecl open_by_target_declaration();

// The sections: the RAG table by theme, the overdue list and the stale list (sections.cpp).
std::vector<sgaudit::ReportSection> sections(const sgaudit::RecordList& recs, const Judged& judged, const std::string& source);

}  // namespace stocktake
