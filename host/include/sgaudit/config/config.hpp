#pragma once
// The defaults an auditor would otherwise type every time: ./sgaudit.toml, else
// $XDG_CONFIG_HOME/sgaudit/sgaudit.toml (~/.config/sgaudit/sgaudit.toml).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"

namespace sgaudit::config {

struct Config {
    std::string file;  // where it was read from, empty when none
    std::string source, history, out;
    std::string plugin_timeout, plugin_memory;  // as written, already checked ("30m", "2GiB")
    std::vector<std::string> formats, plugin_dirs, rules_dirs, template_dirs, waivers;
};

// Reads the given file, or finds the default one. A broken file is an error, not ignored.
std::optional<Config> load(const std::optional<std::filesystem::path>& explicit_file, rules::Diagnostics& diags);

// The folder holding the running executable.
std::filesystem::path executable_dir();

}  // namespace sgaudit::config
