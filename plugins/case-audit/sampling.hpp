#pragma once
// Which cases the case-file audit looks at (docs/case-audit.md, "The sample"):
//
// - An open case on the audit date D is a child with a child protection plan, a looked-after
//   episode or a referral (children-in-need episode) open on D (start <= D, and no end or end > D).
// - Its type is the most serious that applies on D: child protection > looked after > child in
//   need. It was opened on the earliest start of the records open on D.
// - Cases are grouped by the area (or team: `sample_per`) the SDK's placement gives them, then
//   drawn per group and type: stratified, proportional, at least one of each type a group holds
//   (apportion), each stratum drawn with sgaudit::Sampler from candidates sorted by person id, so
//   the sample never depends on the order the database returns rows.
// - A child whose open records cannot be read (so whether the case is open, its type or when it
//   opened cannot be told) is never drawn at random and never dropped: it is listed apart and
//   judged with every fact an error, so every rule says what to correct.
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "case_data.hpp"

namespace ca {

enum class CaseType { child_protection = 0, looked_after = 1, child_in_need = 2 };
inline constexpr std::size_t kTypes = 3;
const char* type_name(CaseType t);  // "child protection", "looked after", "child in need"

struct Candidate {
    std::string person, group;  // group: the area or team key (see group_key)
    CaseType type = CaseType::child_in_need;
    Date opened;                 // the earliest start of the records open on the audit date
    const Span* plan = nullptr;  // the open CP plan (latest start), if any
    const Span* care = nullptr;  // the open looked-after episode (latest start), if any
    const Span* referral = nullptr;  // the open referral (latest date), if any
    sgaudit::Placement placement;
};

struct Unclassified {
    std::string person, why;  // why: the unreadable value, as read.hpp names it
    sgaudit::Placement placement;
};

struct Classified {
    std::vector<Candidate> open;          // sorted by person id
    std::vector<Unclassified> undecided;  // sorted by person id
    // Person ids named by an open record (a plan, episode or referral) but not in ssd_person: a
    // broken link, left out of the sample and named in the report (data quality reports the link).
    std::vector<std::string> not_in_person;
};

// Every child with a record open on `as_of`, placed; `per_team` groups by team, else by area.
Classified classify(const OpenData& data, Date as_of, bool per_team);

// How many of each type to draw from a group holding `available` of each, `n` in all (n is at
// most the sum). Largest remainder (Hamilton) with a floor of one per type held: each type's
// quota q = n * available / total; it gets max(1, floor(q)), at most what it holds; while the
// total is over n, the type furthest above its quota (with more than one) gives one back; while
// under, the type furthest below its quota (with some left) gets one more. Ties go to the more
// serious type. Exact: quotas are compared as n * available - a * total, in integers.
std::array<std::size_t, kTypes> apportion(const std::array<std::size_t, kTypes>& available, std::size_t n);

struct SampleSettings {
    bool per_team = false;
    std::size_t size = 15;
    int exclude_opened_within_days = 0;      // 0: off
    int exclude_audited_within_months = 0;   // 0: off
    std::uint64_t seed = 0;
};

struct GroupCounts {
    std::string key;
    std::array<std::size_t, kTypes> open{}, opened_recently{}, audited_recently{}, candidates{}, drawn{};
};

struct Sample {
    std::vector<Candidate> drawn;      // by group, then type, then person id
    std::vector<GroupCounts> groups;   // by key
};

// The sample. `audited` holds the children sampled in a run within the last
// exclude_audited_within_months (empty when off or unavailable: the caller says which).
Sample draw_sample(const std::vector<Candidate>& open, const SampleSettings& s, Date as_of, const std::set<std::string>& audited);

}  // namespace ca
