#pragma once
// Packs of one plugin that would audit the same rows (PluginDescription::pack_key: the
// stocktake's `source`): refused before anything runs, so that two reports, sections or workbooks
// never bear one name for two different packs.
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/run/run_plan.hpp"

namespace sgaudit::run {

// An error for each pack of `plugin` whose pack key (trimmed, in any case) another pack already
// has, naming both files. Compared: the packs this run plans (`planned`, with overlays and --set
// applied) and, when --rules named them, the packs in the rule folders too (a pack of one's own
// beside a published one). The same pack (one id) met twice is one pack.
void check_pack_keys(const plugin::Manifest& plugin, const std::vector<const PlannedPlugin*>& planned, const RunOptions& opt,
                     rules::Diagnostics& diags);

}  // namespace sgaudit::run
