#pragma once
// The work list: what a team manager takes to a Monday meeting. Every child with a finding that
// still needs action on the audit date (an open lapse, or a finding that is not about a deadline,
// such as a plan with no qualified social worker), grouped by team and then allocated worker,
// the most severe and longest overdue first; then the lapses that are over (done late, or the
// case ended without it), for learning; then the information prompts for the reviewer.
//
// Only practice audits (rule sets whose purpose is "practice") feed it: data-quality findings
// are reported apart. Results of a plugin that stopped part-way are left out, as from every
// count. A waived finding stays on the list, marked with its waiver: a waiver explains a
// finding, it does not make it untrue.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

struct WorkItem {
    Result result;              // a fail or a waived result
    std::string title, action;  // the rule's title, and its action for this state (action_over when over)
    // For a finding with a known deadline: calendar days from the day it fell due to the audit
    // date (1 on the day after `result.due`). Empty when it is not about a deadline.
    std::optional<int> days_overdue;
    // The child it concerns: the person id, or the subject when the result names no person.
    std::string child() const { return result.subject.person_id.empty() ? result.subject.id : result.subject.person_id; }
};

// Per team, for the headline: children, not results.
struct TeamWork {
    std::string team;  // dept_team_id; "" for none recorded
    std::size_t children_critical = 0, children_high = 0, children = 0, items = 0;
    std::optional<int> longest_overdue;  // days
};

struct WorkList {
    // Ordered: team (most children with critical, then high, then any open finding first), then
    // worker, then child, each by its most severe and longest overdue finding.
    std::vector<WorkItem> open;
    std::vector<WorkItem> learning;  // over, most severe first, then by rule and child
    std::vector<WorkItem> prompts;   // information prompts (severity info), by rule and child
    std::vector<TeamWork> teams;     // in the order of `open`
    // Findings about subjects of a plugin's unplaced kinds (an agency: no team, no child) are not
    // on the list, which is by team and child; they are counted here so the reports can say so.
    std::size_t unplaced = 0;
    std::set<std::string> unplaced_plugins;
    // Indicator figures judged red (results with a measure): about the council or an area over a
    // year, not a child to act on today, so never on the list; counted and said.
    std::size_t figures = 0;
};

// "12 findings of section11 are about subjects with no team that are not children ..." when the
// list left any out; empty otherwise.
std::string unplaced_note(const WorkList& list);

WorkList build_work_list(const run::RunResult& run, const std::vector<Result>& kept);

// Headings: "T-HUN-2 Huntingdon 2", "Worker W000019", or what to say when none is known.
std::string team_label(const run::RunResult& run, const std::string& team);
std::string worker_label(const std::string& worker);

// Whether the results of `plugin` belong on the work list: a practice audit that finished.
bool feeds_work_list(const run::RunResult& run, const std::string& plugin);

}  // namespace sgaudit::report
