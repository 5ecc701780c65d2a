#pragma once
// What an audit produces: one Result per (rule, subject), with its evidence.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

enum class Outcome { pass, fail, not_applicable, waived, error };

// For a timeliness finding, whether it can still be put right: `open` while what was due has
// still not happened on the audit date (act now: convene, visit, book); `over` when it happened
// late, or the case ended without it (learn from it). `none` for everything else (a finding
// that is not about a deadline counts as current).
enum class Lapse { none, open, over };

inline const char* to_string(Lapse l) {
    switch (l) {
        case Lapse::open: return "open";
        case Lapse::over: return "over";
        default: return "none";
    }
}
enum class Severity { info, low, medium, high, critical };

inline const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::pass: return "pass";
        case Outcome::fail: return "fail";
        case Outcome::not_applicable: return "not_applicable";
        case Outcome::waived: return "waived";
        default: return "error";
    }
}

inline const char* to_string(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::low: return "low";
        case Severity::medium: return "medium";
        case Severity::high: return "high";
        default: return "critical";
    }
}

inline std::optional<Severity> parse_severity(std::string_view s) {
    if (s == "info") return Severity::info;
    if (s == "low") return Severity::low;
    if (s == "medium") return Severity::medium;
    if (s == "high") return Severity::high;
    if (s == "critical") return Severity::critical;
    return std::nullopt;
}

// What a rule judged. `id` is the key from the data, never a row number. No names, addresses
// or dates of birth ever go in here.
struct Subject {
    std::string kind;       // person, cp_plan, referral, assessment, organisation, ...
    std::string id;
    std::string person_id;  // may be empty
    std::string team;       // dept_team_id, may be empty
    std::string area;       // dept_team_parent_id, may be empty
    std::string worker;     // the allocated worker's professional id, may be empty (work lists group by it)
};

using Evidence = std::map<std::string, Value>;

struct Waiver {
    std::string justification, approver;
    Date expires;
};

// An indicator's figure for one subject and period (docs/indicators.md): a measure, not a pass or
// fail of one child. `value` = numerator / denominator x the unit's multiplier (100 for percent,
// 10,000 for per 10,000, 1 for a ratio); none when the denominator is 0 ("no value", never 0%).
struct Measure {
    double numerator = 0, denominator = 0;
    std::optional<double> value;
    std::string unit;      // "percent", "per_10000" or "ratio"
    std::string period;    // the reporting year it covers, e.g. "2008/09"
    std::string polarity;  // "higher_is_better", "lower_is_better" or "neither"
    // Published comparators for the same period, by group ("statistical_neighbours", "england"),
    // in that order; a group without a figure for the period is left out.
    std::vector<std::pair<std::string, double>> benchmarks;
    std::string judged_against;  // the group `rag` compares with; empty when none was
    std::string rag;             // "green", "amber", "red", or empty when not judged
};

// What a measure's unit multiplies numerator / denominator by: 100 for "percent", 10,000 for
// "per_10000", 1 for "ratio" (and anything else).
inline double unit_multiplier(std::string_view unit) {
    return unit == "percent" ? 100.0 : unit == "per_10000" ? 10000.0 : 1.0;
}

struct Result {
    std::string plugin, rule;
    Severity severity = Severity::medium;
    Subject subject;
    Outcome outcome = Outcome::not_applicable;
    Lapse lapse = Lapse::none;
    // For a timeliness failure, the last day it could have been done on time (overdue from the
    // day after); empty when not about a deadline, or when the deadline cannot be known.
    std::optional<Date> due;
    std::string message;
    Evidence evidence;
    std::optional<Waiver> waiver;
    std::optional<Measure> measure;  // an indicator's figure; empty for a check on one subject
};

}  // namespace sgaudit
