#pragma once
// Reads rule-set TOML files (docs/rules.md): packs, `extends` chains, overlays, --set.
// Every problem becomes a Diagnostic with file:line:column; nothing throws.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/sdk/calendar.hpp"

namespace sgaudit::rules {

struct LoadOptions {
    std::vector<std::filesystem::path> rule_dirs;      // where `extends = "id"` and calendars are found
    std::vector<std::filesystem::path> overlays;       // files applied on top, in order
    std::vector<std::string> sets;                      // "ruleset.param=value" or "param=value"
    const plugin::Manifest* plugin = nullptr;           // when known: facts and check kinds are checked too
};

// Loads a pack file with everything it extends, then overlays and --set, and validates it.
std::optional<RuleSet> load_ruleset(const std::filesystem::path& file, const LoadOptions& options, Diagnostics& diags);

// Finds "<id>.toml" in the rule directories, then in their subfolders (a plugin's packs).
std::optional<std::filesystem::path> find_ruleset_file(const std::string& id, const std::vector<std::filesystem::path>& dirs);

// Reads only the [ruleset] header of a file, for routing --rules files to plugins. `plugin` is
// taken from the file, else from the packs it extends (an overlay need not repeat it).
struct RuleSetHeader {
    std::string id, plugin, extends;
};
std::optional<RuleSetHeader> read_header(const std::filesystem::path& file, const std::vector<std::filesystem::path>& dirs,
                                         Diagnostics& diags);

// The name of a run of a plugin whose rule sets are packs, "stocktake/laming-2009"
// (run/rule_packs.hpp), and the plugin a run's name belongs to ("stocktake" for that, and for
// "stocktake").
inline std::string pack_run_name(const std::string& plugin, const std::string& ruleset_id) { return plugin + "/" + ruleset_id; }
inline std::string plugin_of_run(const std::string& run_name) { return run_name.substr(0, run_name.find('/')); }

// The id of the pack at the root of `file`'s `extends` chain (the file's own id when it extends
// nothing): "laming-2009" for a council's overlay of it.
std::string root_pack_id(const std::filesystem::path& file, const std::vector<std::filesystem::path>& dirs);

// Loads rules/calendars/<id>.toml.
std::optional<WorkingCalendar> load_calendar(const std::string& id, const std::vector<std::filesystem::path>& dirs,
                                             Diagnostics& diags, std::string* path_out = nullptr);

}  // namespace sgaudit::rules
