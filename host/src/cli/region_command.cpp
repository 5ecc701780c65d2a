#include "sgaudit/cli/region_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <thread>

#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/report/region_report.hpp"
#include "sgaudit/report/report_set.hpp"
#include "sgaudit/run/region_runs.hpp"
#include "sgaudit/run/run_plan.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;

namespace {

void print(const rules::Diagnostics& d) {
    for (const auto& item : d.items()) std::cerr << item.to_string() << "\n";
}

// What each council's run is given: the same plugins, audit date, period, years and rule files.
std::vector<std::string> council_args(const RegionCommand& c) {
    std::vector<std::string> a = c.global_args;
    a.push_back("run");
    a.insert(a.end(), c.plugins.begin(), c.plugins.end());
    for (const std::string& s : {std::string("--as-of"), c.as_of.iso()}) a.push_back(s);
    if (c.period) for (const std::string& s : {std::string("--period"), c.period->start.iso() + ":" + c.period->end.iso()}) a.push_back(s);
    if (c.years > 0) for (const std::string& s : {std::string("--years"), std::to_string(c.years)}) a.push_back(s);
    for (const auto& f : c.rule_files) for (const std::string& s : {std::string("--rules"), fs::absolute(f).string()}) a.push_back(s);
    for (const auto& s : c.sets) for (const std::string& x : {std::string("--set"), s}) a.push_back(x);
    for (const char* s : {"--no-history", "--format", "json", "--quiet"}) a.push_back(s);
    a.insert(a.end(), c.isolation_args.begin(), c.isolation_args.end());
    return a;
}

// A private folder for the councils' own reports, removed when the regional report is written.
std::optional<fs::path> work_folder() {
    std::string tmpl = (fs::temp_directory_path() / "sgaudit-region-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return std::nullopt;
    return fs::path(tmpl);
}

}  // namespace

int run_region(const RegionCommand& c, const report::Templates& templates) {
    rules::Diagnostics diags;
    auto region = run::load_region(c.region_file, diags);
    print(diags);
    if (!region) return kExitUsage;
    // The rule sets are checked here, once, before any council runs; their titles and severities
    // label the regional report.
    auto discovery = plugin::discover_plugins(c.plugin_dirs);
    std::string error;
    auto selected = run::select_plugins(discovery, c.plugins, error);
    if (!selected) {
        std::cerr << "error: " << error << "\n";
        return kExitUsage;
    }
    run::RunOptions opt;
    opt.as_of = c.as_of;
    opt.period = c.period;
    opt.rule_files.assign(c.rule_files.begin(), c.rule_files.end());
    opt.sets = c.sets;
    opt.rule_dirs = c.rule_dirs;
    rules::Diagnostics plan_diags;
    run::RunPlan plan = run::plan_run(*selected, opt, plan_diags);
    print(plan_diags);
    if (plan_diags.has_errors()) return kExitUsage;
    auto work = work_folder();
    if (!work) {
        std::cerr << "error: no private folder could be made for the councils' runs in " << fs::temp_directory_path().string() << "\n";
        return kExitUsage;
    }
    const int jobs = c.jobs > 0 ? c.jobs : std::max(1u, std::thread::hardware_concurrency());
    std::cout << "Measuring " << region->councils.size() << " councils of " << region->name << ", " << jobs << " at a time\n";
    auto runs = run::run_councils(*region, council_args(c), *work, jobs);
    report::RegionInput in{*region, runs, {}, c.as_of, c.period.value_or(Period{reporting_year_first_day(c.as_of), reporting_year_last_day(c.as_of)})};
    for (auto& p : plan.plugins) in.plugins.push_back(p.record);
    std::vector<std::pair<std::string, std::string>> failed;
    run::RunResult regional = report::region_run(std::move(in), failed);
    // A council whose run ended but whose audit did not complete is not measured either.
    for (const auto& r : runs) {
        auto f = std::find_if(failed.begin(), failed.end(), [&](const auto& x) { return x.first == r.council->id; });
        std::cout << "  " << r.council->id << ": " << (f == failed.end() ? "measured" : "NOT measured: " + f->second) << " ("
                  << std::fixed << std::setprecision(1) << r.seconds << " s)" << std::defaultfloat << "\n";
    }
    std::error_code ec;
    fs::remove_all(*work, ec);  // the councils' own reports hold their children's identifiers
    if (failed.size() == runs.size()) {
        std::cerr << "error: no council could be measured; no regional report was written\n";
        return kExitUsage;
    }
    std::vector<fs::path> written;
    const fs::path dir = c.out.empty() ? c.folder(regional.id) : c.out;
    if (auto st = report::write_reports(regional, c.formats, templates, dir, written); !st) {
        std::cerr << "error: " << st.message() << "\n";
        return kExitUsage;
    }
    for (const auto& f : written) std::cout << "Report written to " << f.string() << "\n";
    std::cout << "The regional view is not stored in a run history: each council keeps its own runs.\n";
    return failed.empty() ? kExitOk : kExitIncomplete;
}

}  // namespace sgaudit::cli
