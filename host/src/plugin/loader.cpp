#include "sgaudit/plugin/loader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>

namespace sgaudit::plugin {
namespace fs = std::filesystem;

std::vector<std::string> Manifest::subject_kinds() const {
    std::set<std::string> kinds;
    for (const auto& f : facts) kinds.insert(f.subject_kind);
    return {kinds.begin(), kinds.end()};
}

const FactDecl* Manifest::find_fact(const std::string& subject_kind, const std::string& fact) const {
    for (const auto& f : facts)
        if (f.subject_kind == subject_kind && f.name == fact) return &f;
    return nullptr;
}

bool Manifest::unplaced(const std::string& subject_kind) const {
    return std::find(unplaced_subject_kinds.begin(), unplaced_subject_kinds.end(), subject_kind) != unplaced_subject_kinds.end();
}

const LoadedPlugin* Discovery::find(const std::string& name) const {
    for (const auto& p : plugins)
        if (p.manifest().name == name) return &p;
    return nullptr;
}

std::shared_ptr<Plugin> LoadedPlugin::create() const {
    void* raw = info_->create ? info_->create() : nullptr;
    if (!raw) return nullptr;
    auto destroy = info_->destroy;
    auto library = library_;  // captured: the code of the destructor lives in the library
    return std::shared_ptr<Plugin>(static_cast<Plugin*>(raw), [destroy, library](Plugin* p) { destroy(p); });
}

bool version_at_most(const std::string& a, const std::string& b) {
    auto parts = [](const std::string& v) {
        std::vector<long> out;
        std::stringstream ss(v);
        std::string item;
        while (std::getline(ss, item, '.')) out.push_back(std::strtol(item.c_str(), nullptr, 10));
        out.resize(3, 0);
        return out;
    };
    return parts(a) <= parts(b);
}

std::string permission_problem(const fs::path& file) {
    struct stat st{};
    if (::stat(file.c_str(), &st) != 0) return "cannot stat the file";
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return "the file is writable by " + std::string((st.st_mode & S_IWOTH) ? "everyone" : "its group") +
               " (mode " + [&] { char b[8]; std::snprintf(b, sizeof b, "%03o", st.st_mode & 0777); return std::string(b); }() +
               "), so someone else could replace the audit code; run chmod go-w on it";
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return "the file is owned by another user (uid " + std::to_string(st.st_uid) +
               "); only your own or root-owned plugins are loaded";
    // A folder others can write to lets them swap the file between this check and loading it.
    struct stat dir{};
    fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    if (::stat(parent.c_str(), &dir) == 0 && (dir.st_mode & (S_IWGRP | S_IWOTH)))
        return "its folder " + parent.string() + " is writable by " + ((dir.st_mode & S_IWOTH) ? "everyone" : "its group") +
               ", so someone else could replace the plugin; run chmod go-w on the folder";
    return {};
}

static std::vector<std::string> c_list(const char* const* list) {
    std::vector<std::string> out;
    for (; list && *list; ++list) out.emplace_back(*list);
    return out;
}

static std::string str(const char* s) { return s ? s : ""; }

namespace {

// The plugin's whole C++ description (the lists it needs, say); asked for only once the runtime
// signature matched, so the C++ types on both sides are the same.
const PluginDescription* cxx_description(boost::dll::shared_library& lib) {
    if (!lib.has(SGAUDIT_DESCRIPTION_SYMBOL)) return nullptr;
    try {
        return lib.get<const PluginDescription*()>(SGAUDIT_DESCRIPTION_SYMBOL)();
    } catch (...) {
        return nullptr;
    }
}

// Every mismatch, so the author fixes them all at once; `described` is set when there is none.
std::vector<std::string> refusal_reasons(const sgaudit_plugin_info& info, boost::dll::shared_library& lib,
                                         const PluginDescription*& described) {
    std::vector<std::string> reasons;
    if (info.abi_version != SGAUDIT_ABI_VERSION) {
        reasons.push_back("plugin ABI version: expected " + std::to_string(SGAUDIT_ABI_VERSION) + ", found " +
                          std::to_string(info.abi_version));
        return reasons;
    }
    // Only with the same ABI version may the rest of the struct be trusted.
    if (info.struct_size < sizeof(sgaudit_plugin_info))
        reasons.push_back("plugin info size: expected at least " + std::to_string(sizeof(sgaudit_plugin_info)) +
                          " bytes, found " + std::to_string(info.struct_size));
    if (str(info.cxx_runtime) != detail::runtime_signature())
        reasons.push_back("C++ runtime and SDK layout: expected '" + detail::runtime_signature() + "', found '" +
                          str(info.cxx_runtime) + "'");
    else if (!(described = cxx_description(lib)))
        reasons.push_back("C++ description: expected the entry point '" SGAUDIT_DESCRIPTION_SYMBOL
                          "' that SGAUDIT_PLUGIN exports, found none");
    if (str(info.name).empty()) reasons.push_back("plugin name: expected a name, found none");
    if (str(info.version).empty()) reasons.push_back("plugin version: expected a version, found none");
    if (!info.create || !info.destroy) reasons.push_back("factory: expected create/destroy functions, found none");
    if (!str(info.min_host_version).empty() && !version_at_most(info.min_host_version, SGAUDIT_VERSION))
        reasons.push_back("host version: the plugin needs sgaudit " + str(info.min_host_version) + " or later, this is " SGAUDIT_VERSION);
    if (!reasons.empty()) described = nullptr;
    return reasons;
}

Manifest manifest_of(const sgaudit_plugin_info& info, const PluginDescription& described) {
    Manifest m;
    m.abi_version = info.abi_version;
    m.name = str(info.name);
    m.version = str(info.version);
    m.description = str(info.description);
    m.min_host_version = str(info.min_host_version);
    m.rulesets = c_list(info.rulesets);
    m.required_columns = c_list(info.required_columns);
    for (std::size_t i = 0; i < info.fact_count; ++i) {
        const auto& f = info.facts[i];
        m.facts.push_back({str(f.subject_kind), str(f.name), str(f.type), str(f.description), f.sensitive != 0});
    }
    for (std::size_t i = 0; i < info.check_kind_count; ++i) {
        const auto& c = info.check_kinds[i];
        m.check_kinds.push_back({str(c.name), c_list(c.required), c_list(c.optional), c_list(c.evidence), {}});
        for (const auto& d : described.check_kinds)
            if (d.name == m.check_kinds.back().name) m.check_kinds.back().arg_types = d.arg_types;
    }
    m.lists = described.lists;
    m.has_forms = described.has_forms;
    m.has_review = described.has_review;
    m.unplaced_subject_kinds = described.unplaced_subject_kinds;
    m.history = described.history;
    m.pack_key = described.pack_key;
    return m;
}

}  // namespace

std::variant<LoadedPlugin, std::string> load_plugin(const fs::path& file) {
    const std::string what_to_do_rebuild =
        "What to do: rebuild the plugin against this sgaudit's SDK (sdk/, version " SGAUDIT_VERSION
        ") with the same compiler, or remove it from the plugin folder.";
    if (auto problem = permission_problem(file); !problem.empty())
        return "refused plugin " + file.string() + ": " + problem;

    auto lib = std::make_shared<boost::dll::shared_library>();
    try {
        lib->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        // A library once loaded stays loaded until the process ends, as SOCI keeps its backends:
        // nothing of it (its description, a check kind, a result's text) may outlive it, and
        // LeakSanitizer still sees what it holds (scripts/sanitize.sh).
        static auto* const kept = new std::vector<std::shared_ptr<boost::dll::shared_library>>();
        kept->push_back(lib);
    } catch (const std::exception& e) {
        return "cannot load plugin " + file.string() + ": " + e.what() +
               "\nWhat to do: check it is a shared library built for this machine and that the libraries it needs are installed.";
    }
    if (!lib->has(SGAUDIT_ENTRY_SYMBOL))
        return "cannot load plugin " + file.string() + ": it has no entry point '" SGAUDIT_ENTRY_SYMBOL
               "', so it is not an sgaudit plugin (a plugin ends with SGAUDIT_PLUGIN(YourAudit)).\n" + what_to_do_rebuild;

    const sgaudit_plugin_info* info = nullptr;
    try {
        auto entry = lib->get<const sgaudit_plugin_info*()>(SGAUDIT_ENTRY_SYMBOL);
        info = entry();
    } catch (const std::exception& e) {
        return "cannot load plugin " + file.string() + ": " + e.what();
    }
    if (!info)
        return "cannot load plugin " + file.string() + ": its entry point '" SGAUDIT_ENTRY_SYMBOL
               "' returned no plugin information (describe() failed inside the plugin).";

    const PluginDescription* described = nullptr;
    std::vector<std::string> reasons = refusal_reasons(*info, *lib, described);
    if (!reasons.empty()) {
        std::string msg = "refused plugin " + file.string() + (info->abi_version == SGAUDIT_ABI_VERSION && info->name
                                                                   ? " ('" + str(info->name) + "')" : std::string()) + ":";
        for (const auto& r : reasons) msg += "\n  - " + r;
        return msg + "\n" + what_to_do_rebuild;
    }

    LoadedPlugin p;
    p.file_ = file;
    p.library_ = lib;
    p.info_ = info;
    p.manifest_ = manifest_of(*info, *described);
    return p;
}

Discovery discover_plugins(const std::vector<SearchDir>& dirs) {
    Discovery d;
    d.searched = dirs;
    std::set<fs::path> seen_dirs;
    for (const auto& sd : dirs) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(sd.dir, ec);
        if (!fs::is_directory(sd.dir, ec) || !seen_dirs.insert(canonical).second) continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(sd.dir, ec)) {
            auto name = entry.path().filename().string();
            const bool prefixed = name.rfind("sgaudit-", 0) == 0, so = entry.path().extension() == ".so";
            if (prefixed && so) files.push_back(entry.path());
            else if ((prefixed || so || name.find(".so.") != std::string::npos) && !entry.is_directory(ec))
                d.ignored.push_back({entry.path(), "not named sgaudit-NAME.so, so not opened: sgaudit loads only files named so (rename it "
                                                   "sgaudit-" + entry.path().stem().string() + ".so if it is an audit plugin)"});
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            auto loaded = load_plugin(f);
            if (auto* err = std::get_if<std::string>(&loaded)) {
                d.rejected.push_back({f, *err});
                continue;
            }
            auto& p = std::get<LoadedPlugin>(loaded);
            if (const auto* first = d.find(p.manifest().name)) {
                d.rejected.push_back({f, "shadowed: plugin '" + p.manifest().name + "' was already found at " +
                                             first->file().string() + " (earlier in the search order)"});
                continue;
            }
            d.plugins.push_back(std::move(p));
        }
    }
    return d;
}

}  // namespace sgaudit::plugin
