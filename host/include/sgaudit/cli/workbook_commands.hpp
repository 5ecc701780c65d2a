#pragma once
// `sgaudit workbook` and `sgaudit collect` (docs/workbooks.md): writing the workbooks a plugin
// wants filled in, and reading completed ones back into the source's sga_ tables.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/data/source.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/sdk/date.hpp"

namespace sgaudit::cli {

// What both commands share: where plugins and rule sets were found, the source, the rule files.
struct FormsSetup {
    const plugin::Discovery& discovery;
    std::vector<std::filesystem::path> rule_dirs;
    data::SourceSpec source;
    std::vector<std::string> rule_files, sets;
    Date as_of;  // the day the workbooks are written or collected (--as-of, default today)
    std::optional<data::SourceSpec> history;  // collect --history, checked to be apart from the source
    // Where stored runs are read (workbook --run, a workbook that follows a run) and judgements
    // about them kept: --history, else SGAUDIT_HISTORY, sgaudit.toml, ./sgaudit-history.db.
    std::optional<data::SourceSpec> run_history;
};

struct WorkbookArgs {
    std::string plugin, round, run, out;
    bool replace = false;
};

struct CollectArgs {
    std::vector<std::string> files;
    std::string round;  // when given, every workbook must be for this round
    bool dry_run = false;
};

// For `sgaudit report RUN`: the sections each plugin's review (sdk review.hpp) makes from the
// judgements kept about run `run_id`, by plugin run name; `notes` says, per plugin, how many
// workbooks were reviewed. Nothing when no judgements are kept about the run. The plugins use
// their default rule sets (setup's rule files and --set), as of the run's audit date.
Status review_stored_run(const FormsSetup& setup, history::HistoryStore& store, const std::string& run_id,
                         std::map<std::string, std::vector<ReportSection>>& out, std::vector<std::string>& notes);

int cmd_workbook(const FormsSetup& setup, const WorkbookArgs& args);
int cmd_collect(const FormsSetup& setup, const CollectArgs& args);

}  // namespace sgaudit::cli
