#pragma once
// Finds and loads audit plugins (shared libraries). The C entry point is read and checked
// before anything C++ is touched; a library stays loaded for as long as any object created
// from it lives (every instance holds a reference to its library).
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sgaudit/sdk/plugin.hpp"

namespace sgaudit::plugin {

struct CheckKindInfo {
    std::string name;
    std::vector<std::string> required, optional, evidence;
    std::map<std::string, std::string> arg_types;  // CheckDecl::arg_types
};

// A C++ copy of sgaudit_plugin_info, safe to keep after the library is gone.
struct Manifest {
    unsigned abi_version = 0;
    std::string name, version, description, min_host_version;
    std::vector<std::string> rulesets, required_columns;
    std::vector<FactDecl> facts;
    std::vector<CheckKindInfo> check_kinds;
    std::vector<ListDecl> lists;  // the rule-set lists it reads, from its C++ description
    bool has_forms = false;       // it has workbooks people fill in (`sgaudit workbook`)
    bool has_review = false;      // it reviews judgements collected about its runs (`sgaudit report RUN`)
    // Subject kinds with no area or team, which --area and --team do not filter out.
    std::vector<std::string> unplaced_subject_kinds;
    PluginDescription::HistoryNeed history;  // the earlier runs it reads (Context::earlier_runs)
    std::string pack_key;  // the parameter naming what a pack audits (PluginDescription::pack_key)
    bool unplaced(const std::string& subject_kind) const;
    std::vector<std::string> subject_kinds() const;
    const FactDecl* find_fact(const std::string& subject_kind, const std::string& name) const;
};

class LoadedPlugin {
public:
    const Manifest& manifest() const { return manifest_; }
    const std::filesystem::path& file() const { return file_; }
    // A new instance; it keeps the library loaded until it is destroyed. Null on failure.
    std::shared_ptr<Plugin> create() const;

private:
    friend std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file);
    std::filesystem::path file_;
    std::shared_ptr<void> library_;  // boost::dll::shared_library, type-erased to keep Boost out
    const sgaudit_plugin_info* info_ = nullptr;
    Manifest manifest_;
};

struct RejectedPlugin {
    std::filesystem::path file;
    std::string reason;
};

struct SearchDir {
    std::filesystem::path dir;
    std::string origin;  // "--plugin-dir", "SGAUDIT_PLUGIN_PATH", "config", "beside the executable", ...
};

struct Discovery {
    std::vector<SearchDir> searched;
    std::vector<LoadedPlugin> plugins;
    std::vector<RejectedPlugin> rejected;
    // Files in the folders searched that look like plugins (a .so, or a name starting sgaudit-) but
    // are not named sgaudit-NAME.so, so were never opened: said, never passed over without a word.
    std::vector<RejectedPlugin> ignored;
    const LoadedPlugin* find(const std::string& name) const;
};

// Loads one file; on refusal returns one message listing every reason and what to do.
std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file);

// Loads every sgaudit-*.so in the directories, in order; the first plugin of a name wins and
// later ones are listed as rejected ("shadowed").
Discovery discover_plugins(const std::vector<SearchDir>& dirs);

// Why a plugin file may not be loaded (writable by group/others, owned by another non-root
// user), or empty when its permissions are acceptable.
std::string permission_problem(const std::filesystem::path& file);

// "1.2.3" <= "1.10.0", numerically by component.
bool version_at_most(const std::string& a, const std::string& b);

}  // namespace sgaudit::plugin
