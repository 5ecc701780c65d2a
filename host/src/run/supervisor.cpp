#include "sgaudit/run/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "sgaudit/run/frame_dispatch.hpp"
#include "sgaudit/run/runner.hpp"
#include "sgaudit/run/worker.hpp"

namespace sgaudit::run {
namespace {
using Clock = std::chrono::steady_clock;

struct Pipe {
    int read = -1, write = -1;
};

bool open_pipe(Pipe& p) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    p = {fds[0], fds[1]};
    ::fcntl(p.read, F_SETFL, O_NONBLOCK);
    return true;
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Reads what is waiting on `fd` (at most 1 MiB, so the watch keeps an eye on the clock) and
// hands it to `take`. False once the writer has closed its end.
template <class Take>
bool read_available(int fd, Take&& take) {
    char buf[64 * 1024];
    for (int chunk = 0; chunk < 16; ++chunk) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) take(std::string_view(buf, static_cast<std::size_t>(n)));
        else if (n == 0) return false;
        else if (errno != EINTR) return true;  // EAGAIN: nothing more for now
    }
    return true;
}

// Whether the worker has ended, without reaping it (its process group must stay killable).
bool has_exited(pid_t pid) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD;
    return info.si_pid == pid;
}

// Follows one worker until it exits, or the deadline passes, the run is interrupted or its
// output turns out malformed; everything it sends on the way goes to `dispatch`.
void watch(pid_t pid, Pipe& frames, Pipe& output, const PluginLimits& limits, FrameDispatch& dispatch, WorkerSeen& seen) {
    const auto deadline = Clock::now() + limits.timeout;
    auto read_frames = [&] { return read_available(frames.read, [&](std::string_view b) { dispatch.bytes(b); }); };
    auto read_output = [&] { return read_available(output.read, [&](std::string_view b) { seen.stdout_bytes += b.size(); }); };
    bool frames_open = true, output_open = true;
    while (seen.malformed.empty()) {
        if (cancel_flag()) {
            seen.cancelled = true;
            return;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            seen.timed_out = true;
            return;
        }
        // With both pipes closed the worker is on its way out: look again soon.
        long slice = frames_open || output_open ? 100 : 5;
        pollfd fds[2] = {{frames_open ? frames.read : -1, POLLIN, 0}, {output_open ? output.read : -1, POLLIN, 0}};
        ::poll(fds, 2, static_cast<int>(std::min<long>(left.count(), slice)));
        if (frames_open) frames_open = read_frames();
        if (output_open) output_open = read_output();
        if (has_exited(pid)) {
            // It has written all it ever will (but a process it started may hold the pipes open).
            if (frames_open) read_frames();
            if (output_open) read_output();
            dispatch.end();
            return;
        }
    }
}

// Kills the worker's process group and reaps the worker and every process of that group that
// came to the host as a subreaper.
void stop_and_reap(pid_t pid, WorkerSeen& seen) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);  // in case the plugin moved its worker to another group
    while (::waitpid(pid, &seen.wait_status, 0) < 0 && errno == EINTR) {}
    while (::waitpid(-pid, nullptr, 0) > 0 || errno == EINTR) {}
}

}  // namespace

Ending run_in_worker(const PluginJob& job, const data::SourceSpec& source, const PluginLimits& limits, PluginOutput& out) {
    static const bool prepared = [] {
        // Processes a plugin starts and leaves behind come to the host, which reaps them.
        ::prctl(PR_SET_CHILD_SUBREAPER, 1);
        // Workers are waited for: an inherited "ignore SIGCHLD" would reap them behind our back.
        std::signal(SIGCHLD, SIG_DFL);
        return true;
    }();
    (void)prepared;
    Pipe frames, output;
    if (!open_pipe(frames) || !open_pipe(output)) {
        close_fd(frames.read), close_fd(frames.write), close_fd(output.read);
        return {PluginStatus::failed, std::string("could not start its worker process: ") + std::strerror(errno)};
    }
    // Nothing buffered in the host may be written a second time by the worker.
    std::cout.flush();
    std::fflush(nullptr);
    const pid_t host = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) worker_main(job, source, limits, host, WorkerPipes{frames.write, output.write});
    int fork_errno = errno;
    close_fd(frames.write);
    close_fd(output.write);
    if (pid < 0) {
        close_fd(frames.read), close_fd(output.read);
        return {PluginStatus::failed, std::string("could not start its worker process: ") + std::strerror(fork_errno)};
    }
    ::setpgid(pid, pid);  // also done by the worker: whichever runs first, the group exists before it is killed
    WorkerSeen seen;
    FrameDispatch dispatch(job.record.name, out, seen);
    try {
        watch(pid, frames, output, limits, dispatch, seen);
    } catch (...) {
        stop_and_reap(pid, seen);
        close_fd(frames.read), close_fd(output.read);
        throw;
    }
    stop_and_reap(pid, seen);
    close_fd(frames.read), close_fd(output.read);
    return judge(seen, limits);
}

}  // namespace sgaudit::run
