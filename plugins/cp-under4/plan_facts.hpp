#pragma once
// Who is in the under-4 review, and what is known about each plan in it. Whether each step
// was on time is decided by the rules in rules/cp-under4.toml, not here.
#include <string>
#include <vector>

#include "plan_data.hpp"
#include "timeline.hpp"
#include "sgaudit/sdk.hpp"

namespace cp4 {

// The rule set's parameters this plugin itself needs (the rest are the rules').
struct Settings {
    Date as_of;
    int under_age_years = 0, seen_alone_min_age = 0, visit_limit = 0, unborn_grace_days = 0;
    bool age_at_plan_start = false;
    std::string allocated_role;
    std::string qualified_rule;  // the rule whose failures the summary counts (its headline)
};

// Whether a plan is in the review. `undecidable` when a value it depends on cannot be read
// (or conflicts, or a link matches nothing): the plan stays in the review with every result
// `error` and `why` saying what to correct, rather than being dropped.
struct Membership {
    enum class Kind { in, out, undecidable };
    Kind kind = Kind::out;
    std::string why;
};

Membership membership(const PlanIndex& index, const PlanRow& plan, const Settings& s);

// What the review knows about one plan: its facts for the rules and what its sheet shows.
struct PlanView {
    sgaudit::Facts facts;
    std::string team, team_name, worker, age_text, worker_text;  // worker: the allocated worker's id, or empty
    enum class Allocation { none, unreadable, worker };  // in the order the sheets take (sheet_order.hpp)
    Allocation allocation = Allocation::none;
    bool unborn = false;
    std::size_t visits = 0, seen = 0;
    TimelineInput timeline;  // without gaps, which need the calendar
};

PlanView plan_view(const PlanIndex& index, const PlanDetail& detail, const PlanRow& plan, const Settings& s);

// A plan whose membership is undecidable: every fact is the error, so every rule says why.
PlanView undecidable_view(const PlanDetail& detail, const PlanRow& plan, const Settings& s, const std::vector<std::string>& fact_names,
                          const std::string& why);

}  // namespace cp4
