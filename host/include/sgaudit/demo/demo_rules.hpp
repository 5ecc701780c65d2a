#pragma once
// The rule files `sgaudit demo` names for its run (--rules). The demo keeps overlays of its own
// in its folder (rules/demo/climbie-2003-local.toml: the Climbié recommendations the demo council
// tracks, which the pack leaves to each council); a run of every plugin with no --rules would
// not use them, and with an overlay alone a pack-based plugin would run that one pack only.
#include <filesystem>
#include <vector>

#include "sgaudit/plugin/loader.hpp"

namespace sgaudit::demo {

// Every overlay in `demo_dir` (a .toml file whose [ruleset] extends another) of a plugin that was
// found: for a plugin whose rule sets are packs, every pack of it in the rule folders, in the
// order its run takes them, each followed by the demo's overlays of it; for any other plugin, the
// overlay alone (it extends that plugin's rule set). Nothing when the demo has no overlay, so
// every plugin keeps its default. An overlay whose plugin or pack was not found is left out,
// with a warning.
std::vector<std::filesystem::path> demo_rule_files(const std::filesystem::path& demo_dir, const plugin::Discovery& discovery,
                                                   const std::vector<std::filesystem::path>& rule_dirs);

}  // namespace sgaudit::demo
