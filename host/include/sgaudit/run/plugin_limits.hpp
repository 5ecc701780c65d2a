#pragma once
// How a plugin is run: in a worker process of its own (the default) with a time and a memory
// limit, or inside the host for debugging with gdb (`--in-process`, no limits).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "sgaudit/util/quantity.hpp"

namespace sgaudit::run {

struct PluginLimits {
    bool in_process = false;
    // Wall-clock time from the worker's start to its last result.
    std::chrono::milliseconds timeout = std::chrono::hours(1);
    // Memory the plugin may allocate on top of what its worker starts with.
    std::uint64_t memory = 4ull << 30;
};

// Below this no plugin could so much as open its database.
inline constexpr std::uint64_t kMinPluginMemory = 16ull << 20;

// A --plugin-timeout / plugin_timeout value, or what is wrong with it.
inline std::variant<std::chrono::milliseconds, std::string> timeout_from(std::string_view text) {
    return util::parse_duration(text);
}

// A --plugin-memory / plugin_memory value, or what is wrong with it.
inline std::variant<std::uint64_t, std::string> memory_from(std::string_view text) {
    auto size = util::parse_size(text);
    if (const auto* bytes = std::get_if<std::uint64_t>(&size); bytes && *bytes < kMinPluginMemory)
        return "'" + std::string(text) + "' is too little for any plugin; give at least " + util::format_size(kMinPluginMemory);
    return size;
}

}  // namespace sgaudit::run
