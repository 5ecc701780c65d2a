#pragma once
// The first stage of a run, before any case data is read: which plugins, with which rule sets,
// calendars and waivers. Each plugin travels with its own record from here on, so nothing is kept
// in step by index.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/rules/waivers.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/run/runner.hpp"

namespace sgaudit::run {

struct PlannedPlugin {
    const plugin::LoadedPlugin* library = nullptr;
    PluginRun record;  // what the run reports about it; moved into RunResult::plugins at the end
    EarlierRuns earlier;  // read from the history before it runs, when its description asks
};

struct RunPlan {
    std::vector<PlannedPlugin> plugins;
    std::map<std::string, WorkingCalendar> calendars;  // by name, as rule sets refer to them
    rules::Waivers waivers;
};

// The plugins named on the command line (or every one found), or nothing with `error` saying why.
std::optional<std::vector<const plugin::LoadedPlugin*>> select_plugins(const plugin::Discovery& discovery,
                                                                       const std::vector<std::string>& names, std::string& error);

// Rule sets, calendars and waivers for the selected plugins, every --rules and --set checked
// against them. Problems go to `diags`; with any error nothing may run.
RunPlan plan_run(const std::vector<const plugin::LoadedPlugin*>& selected, const RunOptions& opt, rules::Diagnostics& diags);

}  // namespace sgaudit::run
