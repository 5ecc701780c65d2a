#pragma once
// `sgaudit workbook` and `sgaudit collect` (docs/workbooks.md): writing the workbooks a plugin
// wants filled in, and reading completed ones back into the source's sga_ tables.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/data/source.hpp"
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

int cmd_workbook(const FormsSetup& setup, const WorkbookArgs& args);
int cmd_collect(const FormsSetup& setup, const CollectArgs& args);

}  // namespace sgaudit::cli
