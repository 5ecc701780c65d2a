#pragma once
// The host's reading of a worker's frames: each is decoded, checked and handed to the run's
// PluginOutput as it arrives; what says how the worker ended (done, out of memory, its last log
// line, malformed output) is noted in WorkerSeen.
#include <string>
#include <string_view>

#include "sgaudit/run/frames.hpp"
#include "sgaudit/run/plugin_output.hpp"
#include "sgaudit/run/worker_ending.hpp"

namespace sgaudit::run {

class FrameDispatch {
public:
    FrameDispatch(std::string plugin, PluginOutput& out, WorkerSeen& seen) : plugin_(std::move(plugin)), out_(out), seen_(seen) {}
    // Bytes from the frame pipe. After malformed output (seen.malformed set) the rest is ignored.
    void bytes(std::string_view data);
    // The pipe is closed: notes a frame left unfinished.
    void end();

private:
    void handle(const frames::Frame& frame);
    void malformed(std::string why);
    std::string plugin_;
    PluginOutput& out_;
    WorkerSeen& seen_;
    frames::Reader reader_;
    bool greeted_ = false;
};

}  // namespace sgaudit::run
