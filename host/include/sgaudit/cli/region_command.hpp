#pragma once
// `sgaudit run PLUGIN --sources region.toml [--jobs N]`: the regional view (docs/indicators.md).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/report/html_report.hpp"
#include "sgaudit/sdk/context.hpp"

namespace sgaudit::cli {

struct RegionCommand {
    std::filesystem::path region_file;
    std::vector<std::string> plugins, rule_files, sets, formats;
    Date as_of;
    std::optional<Period> period;
    int years = 0, jobs = 0;
    std::vector<std::filesystem::path> rule_dirs;
    std::vector<plugin::SearchDir> plugin_dirs;
    // Options each council's `sgaudit run` is given before `run` (--plugin-dir, --rules-dir,
    // --config) and after it (--plugin-timeout, --plugin-memory, --in-process).
    std::vector<std::string> global_args, isolation_args;
    std::filesystem::path out;  // the report folder; empty: the default, by the regional run's id
    std::function<std::filesystem::path(const std::string& run_id)> folder;
};

// Exit codes as `run`: 0 every council measured, 3 some could not be, 2 none could (or usage).
int run_region(const RegionCommand& c, const report::Templates& templates);

}  // namespace sgaudit::cli
