#pragma once
// The demo council's partner agencies and their Section 11 self-assessments: two rounds (2007-08
// and 2008-09) of consistent returns, clean but for the lapses [section11] in council.toml asks
// for, each planted on a subject of its own and listed in the manifest. docs/demo.md describes them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "demo_tables.hpp"
#include "sgaudit/demo/council_generator.hpp"

namespace sgaudit::demo {

// Writes sga_organisations, sga_s11_returns, sga_s11_ratings, sga_s11_actions and
// sga_s11_panel_ratings into `tables`, and the subjects of every planted kind (s11_*) into
// `manifest`. `counts` is the profile's [section11] table. Draws only from its own generator
// (seeded with `seed`), so the rest of the council does not depend on it.
void section11_rounds(const std::map<std::string, double>& counts, std::uint64_t seed, Tables& tables, Manifest& manifest);

}  // namespace sgaudit::demo
