// Test plugins that break their worker process, one way each, chosen at compile time by
// SGAUDIT_BROKEN_MODE. Each first judges a few "thing" subjects (rule b.x-is-one: T1 passes, T2
// fails, T3 passes, ...) and says how many in a log line, so the host has received them before
// the plugin goes wrong. They live in a folder of their own, so no test runs them by accident.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;

#define SGAUDIT_BROKEN_SEGFAULT 1
#define SGAUDIT_BROKEN_ABORT 2
#define SGAUDIT_BROKEN_EXIT 3
#define SGAUDIT_BROKEN_HANG 4
#define SGAUDIT_BROKEN_HOG 5
#define SGAUDIT_BROKEN_STDOUT 6
#define SGAUDIT_BROKEN_SCRIBBLER 7
#define SGAUDIT_BROKEN_FAILS_LATE 8
#define SGAUDIT_BROKEN_THROWS_LATE 9

const char* plugin_name() {
    switch (SGAUDIT_BROKEN_MODE) {
        case SGAUDIT_BROKEN_SEGFAULT: return "test-segfault";
        case SGAUDIT_BROKEN_ABORT: return "test-abort";
        case SGAUDIT_BROKEN_EXIT: return "test-exit";
        case SGAUDIT_BROKEN_HANG: return "test-hang";
        case SGAUDIT_BROKEN_HOG: return "test-hog";
        case SGAUDIT_BROKEN_STDOUT: return "test-stdout";
        case SGAUDIT_BROKEN_SCRIBBLER: return "test-scribbler";
        case SGAUDIT_BROKEN_FAILS_LATE: return "test-fails-late";
        default: return "test-throws-late";
    }
}

// How many subjects each judges before it goes wrong.
constexpr int kThings = SGAUDIT_BROKEN_MODE == SGAUDIT_BROKEN_SEGFAULT ? 3 : SGAUDIT_BROKEN_MODE == SGAUDIT_BROKEN_HANG ? 1 : 2;

Status judge_things(Context& ctx) {
    for (int i = 1; i <= kThings; ++i) {
        Facts f;
        f.set("x", i % 2);
        if (auto st = ctx.evaluate(Subject{"thing", "T" + std::to_string(i), "", "", "", ""}, f); !st) return st;
    }
    ctx.log(LogLevel::info, "judged " + std::to_string(kThings) + " things");
    return Status::ok();
}

// The worker's pid and that of a process it starts, for the tests to prove neither outlives the run.
void start_helper_and_record_pids() {
    pid_t helper = ::fork();
    if (helper == 0) {
        for (;;) ::pause();
    }
    const char* file = std::getenv("SGAUDIT_TEST_PID_FILE");
    if (!file) return;
    std::string tmp = std::string(file) + ".tmp";
    std::ofstream(tmp) << ::getpid() << " " << helper << "\n";
    std::rename(tmp.c_str(), file);
}

void write_junk_to_stdout() {
    const char junk[] = "\x01\x00\x00\x00\x02garbage \xff\xfe from the plugin";
    std::printf("%s", "plain text the plugin printed\n");
    std::fwrite(junk, 1, sizeof junk, stdout);  // left in stdio's buffer: the worker must flush it
    [[maybe_unused]] auto n = ::write(1, junk, sizeof junk);
}

void write_junk_to_every_descriptor() {
    const char junk[] = "\xde\xad\xbe\xef not a frame";
    for (int fd = 3; fd < 64; ++fd) [[maybe_unused]] auto n = ::write(fd, junk, sizeof junk);
}

// A real segmentation fault: a write through a null pointer. Not instrumented, so that under
// scripts/sanitize.sh UBSan does not report the null pointer and exit 1 first: the host must
// see the signal, as it would in a plugin built without sanitizers.
__attribute__((no_sanitize("address", "undefined"))) void segfault() {
    volatile int* nowhere = nullptr;
    *nowhere = 1;
}

[[noreturn]] void eat_memory() {
    std::vector<std::unique_ptr<char[]>> blocks;
    for (;;) {
        blocks.push_back(std::make_unique<char[]>(1 << 20));
        for (int i = 0; i < (1 << 20); i += 4096) blocks.back()[i] = 1;  // really use it
    }
}

class BrokenAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = plugin_name();
        d.version = "0.0.1";
        d.description = "test plugin that breaks its worker";
        d.rulesets = {"test-broken"};
        d.facts = {{"thing", "x", "number", "x"}};
        return d;
    }

    Status run(Context& ctx) {
        if (SGAUDIT_BROKEN_MODE == SGAUDIT_BROKEN_STDOUT) write_junk_to_stdout();
        if (SGAUDIT_BROKEN_MODE == SGAUDIT_BROKEN_SCRIBBLER) write_junk_to_every_descriptor();
        if (SGAUDIT_BROKEN_MODE == SGAUDIT_BROKEN_HANG) start_helper_and_record_pids();
        if (auto st = judge_things(ctx); !st) return st;
        switch (SGAUDIT_BROKEN_MODE) {
            case SGAUDIT_BROKEN_SEGFAULT: segfault(); break;
            case SGAUDIT_BROKEN_ABORT: std::abort();
            case SGAUDIT_BROKEN_EXIT: std::exit(7);
            case SGAUDIT_BROKEN_HANG:
                for (;;) ::sleep(1);  // and never looks at ctx.cancelled()
            case SGAUDIT_BROKEN_HOG: eat_memory();
            case SGAUDIT_BROKEN_FAILS_LATE: return Status::error("gave up after two things");
            case SGAUDIT_BROKEN_THROWS_LATE: throw std::runtime_error("thrown after two things");
            default: break;
        }
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(BrokenAudit)
