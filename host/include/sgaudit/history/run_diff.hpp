#pragma once
// What changed between two runs of the same audit: failures that are new, failures that were
// resolved and other changed outcomes, subject by subject, then counted per rule and per area.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sgaudit/history/subject_stream.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::history {

struct SubjectChange {
    std::string plugin, rule, subject_kind, subject_id, team, area;
    std::optional<Outcome> before, after;  // empty: the subject was not in that run's results
    std::string message;                   // the newer message (the older one when it left)
};

struct RuleChange {
    std::string plugin, rule, title;
    std::size_t failing_before = 0, failing_after = 0, new_failures = 0, resolved = 0, changed = 0;
};

struct AreaChange {
    std::string area;  // "" for subjects with no area
    std::size_t failing_before = 0, failing_after = 0, new_failures = 0, resolved = 0, changed = 0;
};

struct RunDiff {
    std::vector<SubjectChange> new_failures, resolved, changed;
    std::vector<RuleChange> rules;
    std::vector<AreaChange> areas;
    std::vector<std::string> notes;  // what makes the comparison less than like for like
};

// Compares run `before` with run `after` (their details; their results come from `was` and `now`,
// each read once, side by side in subject order: a merge). Only plugins both ran are compared (a
// note says so). What is held is the changes, never the runs' results.
Status diff_runs(const run::RunResult& before, SubjectStream& was, const run::RunResult& after, SubjectStream& now,
                 RunDiff& out);

void write_diff_text(const RunDiff& diff, const run::RunResult& before, const run::RunResult& after, std::ostream& out);
void write_diff_json(const RunDiff& diff, const run::RunResult& before, const run::RunResult& after, std::ostream& out);

}  // namespace sgaudit::history
