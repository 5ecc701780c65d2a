#pragma once
// What --area and --team do to an audit whose subjects have no area or team (a plugin's
// unplaced_subject_kinds: agencies, say). Such subjects are never filtered out, so a filter
// cannot silently empty the audit; every report says so, with how many were judged.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

struct UnplacedNote {
    std::string plugin;
    // Each unplaced kind the plugin's rules judge, with how many subjects of it were judged (the
    // most results any enabled rule of that kind gave); none when the plugin did not complete.
    std::vector<std::pair<std::string, std::optional<std::size_t>>> kinds;
    std::string text;  // one sentence for people, e.g. "--area HUN does not apply to ..."
};

// One note per plugin with unplaced kinds, when --area or --team was given; none otherwise.
std::vector<UnplacedNote> unplaced_notes(const run::RunResult& run);

// One sentence for the top of every report when an audit did not run (skipped: the data lacks
// what it needs) or did not finish (failed, crashed, timed out), so that "no findings" is never
// read as "all is well" for an audit that said nothing, e.g. "Not every audit ran to the end, so
// this report is not the whole picture: section11 was skipped, indicators crashed. What they
// would have found is not in it; each audit's status in this report says why." Empty when
// every one did.
std::string unfinished_note(const run::RunResult& run);

}  // namespace sgaudit::report
