#include "sgaudit/run/worker.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <new>
#include <string>

#include "sgaudit/run/frames.hpp"

namespace sgaudit::run {
namespace {

// Default dispositions and nothing blocked: the host's Ctrl-C handler means nothing here (the
// host stops a worker by killing its process group).
void reset_signals() {
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT}) std::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

// stdin from /dev/null, stdout into the host's pipe, frames on fd 3, and nothing else the host
// had open (its history database, its terminal's other descriptors) reachable from the plugin.
void arrange_descriptors(WorkerPipes pipes) {
    int frames = ::fcntl(pipes.frames, F_DUPFD, 10);
    int output = ::fcntl(pipes.output, F_DUPFD, 10);
    int null = ::open("/dev/null", O_RDONLY);
    if (frames < 0 || output < 0 || null < 0 || ::dup2(null, 0) < 0 || ::dup2(output, 1) < 0 ||
        ::dup2(frames, kWorkerFrameFd) < 0)
        ::_exit(121);
    if (::close_range(kWorkerFrameFd + 1, ~0u, 0) != 0)
        for (int fd = kWorkerFrameFd + 1; fd < 4096; ++fd) ::close(fd);
}

// VmData of this process in bytes: what the worker starts with, inherited from the host.
std::uint64_t data_in_use() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmData:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
    return 0;
}

void limit_memory(std::uint64_t allowance) {
    rlimit rl{};
    ::getrlimit(RLIMIT_DATA, &rl);
    rlim_t want = static_cast<rlim_t>(data_in_use() + allowance);
    if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max) want = rl.rlim_max;
    rl.rlim_cur = rl.rlim_max = want;
    ::setrlimit(RLIMIT_DATA, &rl);
}

// Runs when an allocation fails at the limit: tells the host straight away, with one write of a
// frame prepared in advance (nothing may be allocated here), then fails the allocation as usual.
void on_out_of_memory() {
    static bool told = false;
    if (!told) {
        told = true;
        static const char frame[] = {1, 0, 0, 0, static_cast<char>(frames::Type::out_of_memory)};
        [[maybe_unused]] auto n = ::write(kWorkerFrameFd, frame, sizeof frame);
    }
    throw std::bad_alloc();
}

Status run_against_source(const PluginJob& job, const data::SourceSpec& source, frames::Writer& out) {
    std::string err;
    auto db = data::Database::open(source, data::Access::read_only, err);
    if (!db) return Status::error("its worker could not open the case data: " + err);
    return run_plugin(job, *db, out);
}

}  // namespace

void worker_main(const PluginJob& job, const data::SourceSpec& source, const PluginLimits& limits, pid_t host, WorkerPipes pipes) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != host) ::_exit(122);  // the host died before the line above
    reset_signals();
    arrange_descriptors(pipes);
    frames::Writer out(kWorkerFrameFd);
    limit_memory(limits.memory);
    std::set_new_handler(on_out_of_memory);
    Status st = Status::ok();
    try {
        st = run_against_source(job, source, out);
    } catch (const std::exception& e) {
        // The host's own code failed in the worker (out of memory while framing, say).
        st = Status::error(std::string("its worker failed: ") + e.what());
    } catch (...) {
        st = Status::error("its worker failed");
    }
    try {
        std::fflush(stdout);  // what the plugin printed reaches the host's pipe, to be counted
        out.done(st);
    } catch (...) {
        ::_exit(124);  // seen by the host as an exit before finishing
    }
    // No destructors, no atexit handlers: nothing the host set up before fork() runs twice.
    ::_exit(0);
}

}  // namespace sgaudit::run
