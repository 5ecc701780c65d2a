#include "sgaudit/cli/isolation_options.hpp"

#include <iostream>

#include <spdlog/spdlog.h>

namespace sgaudit::cli {

bool plugin_limits(const IsolationArgs& a, const config::Config& cfg, run::PluginLimits& limits) {
    limits.in_process = a.in_process;
    if (const auto& t = a.plugin_timeout.empty() ? cfg.plugin_timeout : a.plugin_timeout; !t.empty()) {
        auto parsed = run::timeout_from(t);
        if (const auto* err = std::get_if<std::string>(&parsed)) {
            std::cerr << "error: --plugin-timeout " << *err << "\n";
            return false;
        }
        limits.timeout = std::get<std::chrono::milliseconds>(parsed);
    }
    if (const auto& m = a.plugin_memory.empty() ? cfg.plugin_memory : a.plugin_memory; !m.empty()) {
        auto parsed = run::memory_from(m);
        if (const auto* err = std::get_if<std::string>(&parsed)) {
            std::cerr << "error: --plugin-memory " << *err << "\n";
            return false;
        }
        limits.memory = std::get<std::uint64_t>(parsed);
    }
    if (a.in_process && (!a.plugin_timeout.empty() || !a.plugin_memory.empty()))
        spdlog::warn("--plugin-timeout and --plugin-memory do not apply with --in-process: plugins run inside sgaudit, without limits");
    return true;
}

}  // namespace sgaudit::cli
