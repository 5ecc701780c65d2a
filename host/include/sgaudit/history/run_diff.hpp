#pragma once
// What changed between two runs of the same audit: failures that are new, failures that were
// resolved, failing subjects that left or joined the audit, and other changed outcomes, subject
// by subject, then counted per rule and per area.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/subject_stream.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::history {

struct SubjectChange {
    std::string plugin, rule, subject_kind, subject_id, team, area;
    std::optional<Outcome> before, after;  // empty: the subject was not in that run's results
    std::string message;                   // the newer message (the older one when it left)
};

// How many subjects failed in each run, and how many changed each way.
struct ChangeCounts {
    std::size_t failing_before = 0, failing_after = 0, new_failures = 0, resolved = 0, left = 0, joined = 0, changed = 0;
};

struct RuleChange : ChangeCounts {
    std::string plugin, rule, title;
};

struct AreaChange : ChangeCounts {
    std::string area;  // "" for subjects with no area
};

struct RunDiff {
    std::vector<SubjectChange> new_failures;  // failing now, and in the earlier run but not failing
    std::vector<SubjectChange> resolved;      // failing before, now passing or not applicable
    std::vector<SubjectChange> left;          // failing before, and not in the later run at all (left the audit)
    std::vector<SubjectChange> joined;        // failing now, and not in the earlier run at all (joined the audit)
    std::vector<SubjectChange> changed;       // every other change between two recorded outcomes
    std::vector<RuleChange> rules;
    std::vector<AreaChange> areas;
    std::vector<std::string> notes;  // what makes the comparison less than like for like
    bool scopes_differ = false;      // the runs cover different data, areas or teams
};

RunScope scope_of(const run::RunResult& run);
// The filters in words: "all areas and teams", "area HUN", "team T-HUN-2", "area HUN, team T-HUN-2".
std::string filters_text(const std::string& area, const std::string& team);
// The filters, then the data: "area HUN of sqlite:/data/council.db".
std::string scope_text(const RunScope& scope);

// Compares run `before` with run `after` (their details; their results come from `was` and `now`,
// each read once, side by side in subject order: a merge). Only plugins both ran are compared (a
// note says so). What is held is the changes, never the runs' results.
Status diff_runs(const run::RunResult& before, SubjectStream& was, const run::RunResult& after, SubjectStream& now,
                 RunDiff& out);

void write_diff_text(const RunDiff& diff, const run::RunResult& before, const run::RunResult& after, std::ostream& out);
void write_diff_json(const RunDiff& diff, const run::RunResult& before, const run::RunResult& after, std::ostream& out);

}  // namespace sgaudit::history
