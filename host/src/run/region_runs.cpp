#include "sgaudit/run/region_runs.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>

extern char** environ;

namespace sgaudit::run {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// The lines of a failed council's console output that say what went wrong ("error: ..."): about
// its source or rules, never case data (sgaudit's errors never quote it).
std::string errors_in(const fs::path& log) {
    std::ifstream in(log);
    std::string line, out;
    while (std::getline(in, line))
        if (line.rfind("error: ", 0) == 0) out += (out.empty() ? "" : " ") + line.substr(7);
    return out.empty() ? "it stopped without saying why (see " + log.string() + ")" : out;
}

pid_t spawn(const std::vector<std::string>& argv, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> raw;
    for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
    raw.push_back(nullptr);
    pid_t pid = -1;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || posix_spawn(&pid, exe.c_str(), &actions, nullptr, raw.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0); }

}  // namespace

int run_sgaudit(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv{"sgaudit"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_t pid = spawn(argv, log);
    if (pid < 0) return -1;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return exit_code_of(status);
}

ReportRun run_for_report(std::vector<std::string> args, const fs::path& out) {
    for (const std::string& a : {std::string("--no-history"), std::string("--format"), std::string("json"), std::string("--out"), out.string()})
        args.push_back(a);
    ReportRun r;
    const auto start = Clock::now();
    r.code = run_sgaudit(args, out.string() + ".log");
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    try {
        std::ifstream in(out / "report.json");
        if (in) r.report = nlohmann::json::parse(in);
    } catch (const std::exception&) {
        r.report = nullptr;
    }
    return r;
}

std::vector<CouncilRun> run_councils(const Region& region, const std::vector<std::string>& args, const fs::path& work_dir, int jobs) {
    std::vector<CouncilRun> runs;
    for (const auto& c : region.councils) runs.push_back({&c, -1, {}, work_dir / c.id / "report.json", 0});
    std::map<pid_t, std::pair<std::size_t, Clock::time_point>> running;
    std::size_t next = 0;
    auto finish = [&](pid_t pid, int status) {
        auto it = running.find(pid);
        if (it == running.end()) return;
        CouncilRun& r = runs[it->second.first];
        r.seconds = std::chrono::duration<double>(Clock::now() - it->second.second).count();
        r.exit_code = exit_code_of(status);
        const fs::path log = work_dir / (r.council->id + ".log");
        if (r.exit_code != 0 && r.exit_code != 1 && r.exit_code != 3) r.error = errors_in(log);
        else if (!fs::exists(r.report)) r.error = "it wrote no report (see " + log.string() + ")";
        running.erase(it);
    };
    while (next < runs.size() || !running.empty()) {
        while (next < runs.size() && static_cast<int>(running.size()) < std::max(1, jobs)) {
            const Council& c = *runs[next].council;
            std::vector<std::string> argv{"sgaudit"};
            argv.insert(argv.end(), args.begin(), args.end());
            for (const std::string& a : {std::string("--source"), c.source, std::string("--out"), (work_dir / c.id).string()}) argv.push_back(a);
            pid_t pid = spawn(argv, work_dir / (c.id + ".log"));
            if (pid < 0) runs[next].error = "its sgaudit process could not be started";
            else running[pid] = {next, Clock::now()};
            ++next;
        }
        if (running.empty()) continue;
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            for (auto& [p, at] : running) runs[at.first].error = "its sgaudit process was lost";
            break;
        }
        finish(pid, status);
    }
    return runs;
}

}  // namespace sgaudit::run
