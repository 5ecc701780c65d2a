#pragma once
// The synthetic demo council (`sgaudit demo`): shaped by rules/demo/council.toml (from the
// seed report), generated deterministically from a seed into any case-data database, with
// deliberate data-quality lapses whose every subject is written to a manifest.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/sdk/calendar.hpp"

namespace sgaudit::demo {

struct Options {
    std::uint64_t seed = 2009;
    int scale = 1;
};

// Which rule is expected to catch one kind of planted lapse (rules/demo/lapses.toml), or, when
// no audit built yet catches it, the audit that will.
struct Catcher {
    std::string plugin, rule;  // both empty when no audit built yet catches it
    std::string judges;        // which planted subjects that audit judges, when not all of them
    std::string awaits;        // the audit, not built yet, that will catch it
    std::string outcome;       // "error" when the rule catches it as a data error; empty: a failure
    bool built() const { return !plugin.empty(); }
    bool by_error() const { return outcome == "error"; }
};

struct Manifest {
    std::uint64_t seed = 0;
    int scale = 1;
    // Lapse kind (e.g. "plan_ends_before_start") -> the ids of the subjects it was planted on.
    std::map<std::string, std::vector<std::string>> lapses;
    // Lapse kind -> the rule expected to catch it (every kind in `lapses` has one).
    std::map<std::string, Catcher> expected;
    std::map<std::string, std::size_t> rows;  // table -> rows written
    std::string to_json() const;
};

// Generates the council into an empty database (schema already created).
Status generate(data::Database& db, const std::filesystem::path& profile, const WorkingCalendar& calendar, const Options& options,
                Manifest& manifest, rules::Diagnostics& diags);

}  // namespace sgaudit::demo
