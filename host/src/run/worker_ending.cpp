#include "sgaudit/run/worker_ending.hpp"

#include <sys/wait.h>

#include <cstring>

#include "sgaudit/util/quantity.hpp"

namespace sgaudit::run {
namespace {

std::string memory_limit(const PluginLimits& limits) { return "--plugin-memory " + util::format_size(limits.memory); }

// What the plugin last said, as a clue to where it was; control characters become spaces.
std::string last_words(const WorkerSeen& seen) {
    if (seen.last_log.empty()) return {};
    std::string said = seen.last_log.substr(0, 200);
    for (char& c : said)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return "; its last message was \"" + said + (seen.last_log.size() > 200 ? "...\"" : "\"");
}

// The worker died, or exited without saying it had finished.
Ending crashed(const WorkerSeen& seen, const PluginLimits& limits) {
    std::string how;
    if (WIFSIGNALED(seen.wait_status)) {
        how = "killed by signal " + signal_name(WTERMSIG(seen.wait_status));
        if (WTERMSIG(seen.wait_status) == SIGKILL && !seen.out_of_memory) how += ", perhaps by the system for want of memory";
    } else {
        how = "exited with status " + std::to_string(WEXITSTATUS(seen.wait_status)) + " before it finished";
    }
    if (seen.out_of_memory) how += " after it reached its memory limit (" + memory_limit(limits) + ")";
    return {PluginStatus::crashed, how + last_words(seen)};
}

}  // namespace

std::string signal_name(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    const char* text = ::strsignal(sig);
    std::string name = abbrev ? std::string("SIG") + abbrev : "number " + std::to_string(sig);
    return text ? name + " (" + text + ")" : name;
}

Ending judge(const WorkerSeen& seen, const PluginLimits& limits) {
    if (seen.cancelled) return {PluginStatus::failed, "stopped: the run was interrupted"};
    if (seen.timed_out)
        return {PluginStatus::timed_out,
                "did not finish within --plugin-timeout " + util::format_duration(limits.timeout) + " and was stopped" + last_words(seen)};
    if (!seen.malformed.empty()) return {PluginStatus::failed, "sent malformed output (" + seen.malformed + ") and was stopped"};
    bool exited_cleanly = WIFEXITED(seen.wait_status) && WEXITSTATUS(seen.wait_status) == 0;
    if (!exited_cleanly || !seen.done_ok) return crashed(seen, limits);
    if (seen.truncated) return {PluginStatus::failed, "sent malformed output (it ended in the middle of a frame)"};
    if (seen.out_of_memory)
        return {PluginStatus::failed, "ran out of memory: it reached its limit (" + memory_limit(limits) + ")" +
                                          (*seen.done_ok ? std::string() : ": " + seen.done_message)};
    if (!*seen.done_ok) return {PluginStatus::failed, seen.done_message};
    if (seen.stdout_bytes > 0)
        return {PluginStatus::failed, "wrote " + std::to_string(seen.stdout_bytes) +
                                          " byte(s) to standard output, which a plugin must not do (ctx.log is for messages)"};
    return {};
}

}  // namespace sgaudit::run
