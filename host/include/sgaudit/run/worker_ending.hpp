#pragma once
// How a plugin's worker ended, in the words its report gives: from what the host saw of it (its
// frames, its stdout, how it exited) to a status and a reason an auditor can act on.
#include <cstdint>
#include <optional>
#include <string>

#include "sgaudit/run/plugin_limits.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::run {

struct WorkerSeen {
    std::optional<bool> done_ok;  // the `done` frame arrived: the plugin returned, ok or not
    std::string done_message;
    bool out_of_memory = false;   // an allocation failed at --plugin-memory
    std::string last_log;         // the plugin's last log line
    std::uint64_t stdout_bytes = 0;
    std::string malformed;        // why its output could not be read (the host stopped it)
    bool truncated = false;       // its output ended inside a frame
    bool timed_out = false;       // stopped at --plugin-timeout
    bool cancelled = false;       // stopped because the run was interrupted
    int wait_status = 0;          // from waitpid()
};

struct Ending {
    PluginStatus status = PluginStatus::ok;
    std::string reason;  // empty when ok
};

Ending judge(const WorkerSeen& seen, const PluginLimits& limits);

// "SIGSEGV (Segmentation fault)"
std::string signal_name(int sig);

}  // namespace sgaudit::run
