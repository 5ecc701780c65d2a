#pragma once
// `sgaudit history ...` and `sgaudit report RUN`: reading, comparing, checking and pruning the
// stored runs, and re-rendering one in any format.
#include <filesystem>
#include <map>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/config/config.hpp"
#include "sgaudit/data/source.hpp"

#include "sgaudit/history/history_store.hpp"

namespace sgaudit::cli {

struct HistoryArgs {
    std::string history;           // --history; empty: SGAUDIT_HISTORY, the config file, then ./sgaudit-history.db
    std::string run, other;        // RUN, or A and B for diff
    std::string format = "text";   // diff: text or json
    std::string formats, out;      // report: formats and folder
    std::string pseudonymise;      // report: the key file of --pseudonymise
    std::string source;            // report --pseudonymise: the case data to learn identifiers from
    std::string before, expect;    // prune --before; verify --expect
    std::size_t limit = 0;         // list: the newest N only
    bool dry_run = false;          // prune: only say what would go
    bool across_scopes = false;    // diff: compare runs of different data, --area or --team anyway
};

// Where the history lives; prints the error and returns nothing when the location is unusable.
std::optional<data::SourceSpec> history_location(const std::string& arg, const config::Config& cfg);

int cmd_history_list(const config::Config& cfg, const HistoryArgs& a);
int cmd_history_show(const config::Config& cfg, const HistoryArgs& a);
int cmd_history_diff(const config::Config& cfg, const HistoryArgs& a);
int cmd_history_verify(const config::Config& cfg, const HistoryArgs& a);
int cmd_history_prune(const config::Config& cfg, const HistoryArgs& a);
// What `report` adds from the judgements kept about a run (workbook_commands.hpp review_stored_run).
using RunReviewer = std::function<Status(history::HistoryStore&, const std::string& run_id,
                                         std::map<std::string, std::vector<ReportSection>>& sections, std::vector<std::string>& notes)>;
int cmd_report(const config::Config& cfg, const HistoryArgs& a, const std::vector<std::filesystem::path>& template_dirs,
               const RunReviewer& reviewer);

}  // namespace sgaudit::cli
