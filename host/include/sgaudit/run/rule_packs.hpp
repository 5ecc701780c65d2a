#pragma once
// Plugins whose rule sets are packs: a plugin that declares no default rule set (the stocktake:
// one pack per inquiry, rules/stocktake/*.toml) runs once per pack, and each of those runs is
// named <plugin>/<rule set id>, so that its results, counts, waivers, sections and history stay
// apart from another pack's even where the packs share rule ids and subject ids.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/run/runner.hpp"

namespace sgaudit::run {

// The names themselves: rules::pack_run_name and rules::plugin_of_run (ruleset_loader.hpp).

// The packs one run of `plugin` covers, each with its overlays.
// - With --rules files for the plugin: each file starts a pack of its own, except one whose
//   `extends` names a file given before it, which is an overlay of that file's pack (applied in
//   the order given).
// - With none: every pack for the plugin in the rule folders (DIR/*.toml and DIR/<plugin>/*.toml;
//   a pack is a file whose [ruleset] names the plugin and extends nothing), by id; of two files
//   with the same id the one in the earlier folder is used, as for a default rule set.
std::vector<RuleFiles> pack_runs(const plugin::Manifest& plugin, const std::vector<std::filesystem::path>& rule_files,
                                 const std::vector<std::filesystem::path>& rule_dirs, rules::Diagnostics& diags);

}  // namespace sgaudit::run
