#include "sgaudit/cli/cli_output.hpp"

#include <iostream>

namespace sgaudit::cli {
namespace fs = std::filesystem;

bool failed(const Status& st) {
    if (st) return false;
    std::cerr << "error: " << st.message() << "\n";
    return true;
}

fs::path report_dir(const std::string& out_arg, const config::Config& cfg, const std::string& run_id) {
    if (!out_arg.empty()) return out_arg;
    return fs::path(cfg.out.empty() ? "sgaudit-out" : cfg.out) / run_id;
}

bool finish_and_list_reports(report::ReportSet& reports, const run::RunResult& run) {
    auto st = reports.finish(run);
    for (const auto& f : reports.written()) std::cout << "Report written to " << f.string() << "\n";
    return !failed(st);
}

}  // namespace sgaudit::cli
