#pragma once
// Runs one audit per council of a region, each in a `sgaudit run` process of its own (so one
// council's bad source, crash or memory never touches another's), at most `jobs` at a time.
#include <filesystem>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sgaudit/run/region.hpp"

namespace sgaudit::run {

struct CouncilRun {
    const Council* council = nullptr;
    int exit_code = -1;             // the child's: 0, 1 (findings) and 3 (incomplete) wrote a report
    std::string error;              // why it could not be measured; empty when its report was written
    std::filesystem::path report;   // its report.json
    double seconds = 0;
};

// `args`: what follows the executable for every council (global options, `run`, the plugins and
// the run's options); each council adds --source and --out `work_dir`/ID. Its console output goes
// to `work_dir`/ID.log, owner-only.
// Runs this sgaudit again with `args` (after the executable), its console output to `log`
// (owner-only), and waits: the exit code, 128 + the signal when it was killed, -1 when it could
// not start.
int run_sgaudit(const std::vector<std::string>& args, const std::filesystem::path& log);

// `sgaudit ARGS... run ... --format json --out OUT`, then its report: the exit code, and the
// report (null when it wrote none or it cannot be read). Its console output goes to OUT.log.
struct ReportRun {
    int code = -1;
    double seconds = 0;
    nlohmann::json report;
};
ReportRun run_for_report(std::vector<std::string> args, const std::filesystem::path& out);

std::vector<CouncilRun> run_councils(const Region& region, const std::vector<std::string>& args, const std::filesystem::path& work_dir,
                                     int jobs);

}  // namespace sgaudit::run
