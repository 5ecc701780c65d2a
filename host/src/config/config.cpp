#include "sgaudit/config/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "sgaudit/rules/toml_file.hpp"
#include "sgaudit/run/plugin_limits.hpp"

namespace sgaudit::config {
namespace fs = std::filesystem;

fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path();
}

// Whether `p` is there. One that cannot even be looked at (a folder on the way is not readable)
// counts as there, so that reading it reports why, rather than its settings being left out silently.
static bool present(const fs::path& p) {
    std::error_code ec;
    const bool there = fs::exists(p, ec);
    return there || (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory);
}

static std::optional<fs::path> default_file() {
    if (present("sgaudit.toml")) return fs::path("sgaudit.toml");
    fs::path base;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) base = x;
    else if (const char* h = std::getenv("HOME"); h && *h) base = fs::path(h) / ".config";
    if (!base.empty() && present(base / "sgaudit" / "sgaudit.toml")) return base / "sgaudit" / "sgaudit.toml";
    return std::nullopt;
}

// plugin_timeout = "30m", plugin_memory = "2GiB": checked here, so a typo is reported where it is.
static void read_limit(const std::string& key, const toml::node& v, const rules::SourcePos& pos, Config& c,
                       rules::Diagnostics& diags) {
    if (!v.is_string()) {
        diags.error(pos, key + " must be text in quotes, e.g. " + key + (key == "plugin_timeout" ? " = \"30m\"" : " = \"2GiB\""));
        return;
    }
    std::string s = *v.value<std::string>();
    std::string problem;
    if (key == "plugin_timeout") {
        if (auto t = run::timeout_from(s); std::holds_alternative<std::string>(t)) problem = std::get<std::string>(t);
    } else if (auto m = run::memory_from(s); std::holds_alternative<std::string>(m)) {
        problem = std::get<std::string>(m);
    }
    if (!problem.empty()) diags.error(pos, key + ": " + problem);
    (key == "plugin_timeout" ? c.plugin_timeout : c.plugin_memory) = s;
}

std::optional<Config> load(const std::optional<fs::path>& explicit_file, rules::Diagnostics& diags) {
    Config c;
    auto file = explicit_file ? explicit_file : default_file();
    if (!file) return c;
    c.file = file->string();
    auto parsed = rules::parse_toml_file(c.file, diags);
    if (!parsed) return std::nullopt;
    toml::table& t = *parsed;
    static const std::vector<std::string> keys{"source", "history", "out", "formats", "plugin_dirs", "rules_dirs",
                                               "template_dirs", "waivers", "plugin_timeout", "plugin_memory"};
    auto pos = [&](const toml::node& n) {
        return rules::SourcePos{c.file, static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
    };
    for (auto&& [k, v] : t) {
        std::string key(k.str());
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            diags.error(pos(v), "unknown setting '" + key + "'" + rules::did_you_mean(key, keys));
            continue;
        }
        if (key == "plugin_timeout" || key == "plugin_memory") {
            read_limit(key, v, pos(v), c, diags);
        } else if (key == "source" || key == "history" || key == "out") {
            if (!v.is_string()) {
                diags.error(pos(v), key + " must be text in quotes");
                continue;
            }
            std::string s = *v.value<std::string>();
            (key == "source" ? c.source : key == "history" ? c.history : c.out) = s;
        } else {
            auto& list = key == "formats" ? c.formats : key == "plugin_dirs" ? c.plugin_dirs : key == "rules_dirs" ? c.rules_dirs
                       : key == "template_dirs" ? c.template_dirs : c.waivers;
            const toml::array* arr = v.as_array();
            if (!arr) {
                diags.error(pos(v), key + " must be a list, e.g. " + key + " = [\"...\"]");
                continue;
            }
            for (const auto& item : *arr) {
                if (!item.is_string()) diags.error(pos(item), key + " lists text values");
                else {
                    std::string s = *item.value<std::string>();
                    // Relative folders are relative to the config file, not to wherever sgaudit runs.
                    if (key != "formats" && fs::path(s).is_relative()) s = (fs::path(c.file).parent_path() / s).lexically_normal().string();
                    list.push_back(s);
                }
            }
        }
    }
    if (diags.has_errors()) return std::nullopt;
    return c;
}

}  // namespace sgaudit::config
