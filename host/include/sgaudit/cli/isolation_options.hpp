#pragma once
// How `run` and `demo` run plugins: --plugin-timeout, --plugin-memory and --in-process, with
// their defaults from sgaudit.toml (plugin_timeout, plugin_memory) and built in (1h, 4GiB).
#include <string>

#include "sgaudit/config/config.hpp"
#include "sgaudit/run/plugin_limits.hpp"

namespace sgaudit::cli {

struct IsolationArgs {
    std::string plugin_timeout, plugin_memory;  // as typed; empty when not given
    bool in_process = false;
};

// The limits to run with; false, with the error printed, when a value is not a duration or size.
bool plugin_limits(const IsolationArgs& args, const config::Config& cfg, run::PluginLimits& limits);

}  // namespace sgaudit::cli
