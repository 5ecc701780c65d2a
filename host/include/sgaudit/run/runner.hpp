#pragma once
// Runs audit plugins against one data source: picks each plugin's rule set, checks the data
// has what the plugin needs, runs each in a worker process of its own (or in the host with
// --in-process) and collects the results as they arrive.
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/data/source.hpp"
#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/run/plugin_limits.hpp"
#include "sgaudit/run/result_stream.hpp"
#include "sgaudit/run/run_result.hpp"

namespace sgaudit::run {

struct RunOptions {
    std::vector<std::string> plugins;  // empty: every plugin found
    data::SourceSpec source;
    Date as_of;
    std::optional<Period> period;      // default: the reporting year containing as_of
    std::vector<std::filesystem::path> rule_files;
    std::vector<std::string> sets;
    std::vector<std::filesystem::path> waiver_files;
    std::vector<std::filesystem::path> rule_dirs;
    std::string area, team;
    bool failures_only = false;
    std::uint64_t seed = 20090331;
    int years = 0;        // --years: reporting years to compute, ending with the period (0: the plugin's default)
    std::string explain;  // --explain RULE: plugins list the records behind that rule's figures
    PluginLimits limits;
    // Where results go as they are produced (summaries, history, reports); none: dropped.
    ResultStream* stream = nullptr;
    // Reads the earlier runs a plugin asks for (Context::earlier_runs) from the run history:
    // plugin run name, the run's source, its audit date, what was asked. None: the run keeps no
    // history, and plugins are told so.
    std::function<Status(const std::string&, const std::string&, Date, const PluginDescription::HistoryNeed&, EarlierRuns&)> earlier_runs;
};

struct RunOutcome {
    RunResult result;
    rules::Diagnostics diagnostics;  // rule, waiver and usage problems; any error means nothing ran
    std::string usage_error;
    std::string data_error;          // the source could not be opened
    std::string stream_error;        // the stream (a report or the history) could not begin
};

// Set from a signal handler; plugins in the host see it through Context::cancelled(), and a
// worker running when it is set is killed (with its process group) and reaped.
std::atomic<bool>& cancel_flag();

RunOutcome run_audit(const plugin::Discovery& plugins, const RunOptions& options);

// A new run's id: sortable by time ("20090331T120000Z-1a2b"), unique enough for two runs in one second.
std::string new_run_id();

// The rule files a plugin uses given --rules files: the first --rules file for the plugin (or
// its default pack) followed by any further --rules files for it, applied as overlays in order.
struct RuleFiles {
    std::filesystem::path pack;
    std::vector<std::filesystem::path> overlays;
};
std::optional<RuleFiles> ruleset_files_for(const plugin::Manifest& plugin, const std::vector<std::filesystem::path>& rule_files,
                                           const std::vector<std::filesystem::path>& rule_dirs, rules::Diagnostics& diags);

}  // namespace sgaudit::run
