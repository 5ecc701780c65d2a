#pragma once
// `sgaudit plugins check [PLUGIN...]`: the conformance suite every audit plugin must pass
// (docs/plugins.md, "Conformance"). Each plugin is run by an `sgaudit run` process of its own,
// under the usual time and memory limits, on databases made for the purpose.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/plugin/loader.hpp"

namespace sgaudit::cli {

struct PluginCheckCommand {
    std::vector<std::string> plugins;              // empty: every plugin found
    std::vector<plugin::SearchDir> plugin_dirs;
    std::vector<std::filesystem::path> rule_dirs;
    std::vector<std::string> global_args;          // --plugin-dir, --rules-dir, --config for the runs
};

// 0 every plugin passed; 1 one failed a check (each failure said); 2 usage (no such plugin).
int check_plugins(const PluginCheckCommand& c);

}  // namespace sgaudit::cli
