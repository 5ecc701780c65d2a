#pragma once
// The worker: the child process in which one plugin runs, with its rule evaluation, against a
// read-only connection of its own. Everything it produces goes to the host as frames
// (frames.hpp) on fd 3; stdin is /dev/null and stdout a pipe the host watches, so a plugin that
// prints cannot corrupt the frames or the host's own output. It is its own process group leader,
// is killed if the host dies, and may allocate at most --plugin-memory beyond what it started with.
#include <sys/types.h>

#include "sgaudit/data/source.hpp"
#include "sgaudit/run/plugin_job.hpp"
#include "sgaudit/run/plugin_limits.hpp"

namespace sgaudit::run {

inline constexpr int kWorkerFrameFd = 3;

struct WorkerPipes {
    int frames;  // write end of the frame pipe
    int output;  // write end of the pipe that stands in for the plugin's stdout
};

// Called in the child right after fork(); never returns. `host` is the parent's pid.
[[noreturn]] void worker_main(const PluginJob& job, const data::SourceSpec& source, const PluginLimits& limits, pid_t host,
                              WorkerPipes pipes);

}  // namespace sgaudit::run
