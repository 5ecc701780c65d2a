#pragma once
// `sgaudit collect`: completed workbooks read back into the source's sga_ tables (or, for
// judgements about a run, into the run history), all or nothing across every file given
// (docs/workbooks.md). Each file is read, its hidden marker says
// which plugin, form and round it is for, the plugin describes that form again, and every cell
// is checked against it. Only when every file is sound is anything written, in one transaction,
// with a row in sga_collections per file: its name, SHA-256, who collected it and when.
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/sdk/form.hpp"

namespace sgaudit::workbook {

// Asks plugin `plugin` for its forms for a request (run/plugin_forms.hpp in the real command).
using FormSource = std::function<Status(const std::string& plugin, const FormRequest& request, std::vector<Form>& out)>;

struct CollectOptions {
    std::string round;         // when not empty, every workbook must be for this round
    bool dry_run = false;      // check only; write nothing
    std::string collected_by;  // the operating-system account
    std::string collected_at;  // UTC, ISO 8601
    // YYYY-MM-DD: the date set on changed and new rows of sheets with FormSheet::stamp_changed
    // (collect's --as-of, default today)
    std::string stamp_date;
    // Where judgement workbooks (sdk Form::judgements) go: the run history, with the run each
    // follows. Called once with every such workbook when all are sound (never in a dry run).
    std::function<Status(const std::vector<struct CollectedJudgement>&)> keep_judgements;
};

// A workbook of judgements about a run, checked and ready to keep.
struct CollectedJudgement {
    std::filesystem::path file;
    std::string sha256, plugin, form, run;
    std::vector<std::pair<std::string, std::string>> marker;
    std::string document;  // judgement_document.hpp
    std::size_t rows = 0;
};

// One workbook collected (or, dry run, that would be), as sga_collections records it.
struct CollectedFile {
    std::filesystem::path file;
    std::string sha256, plugin, form, marker;  // marker: "round=2009-10, org_id=O3"
    int version = 0;
    std::size_t rows = 0;  // rows written (a stamped sheet's unchanged rows are not)
};

struct CollectOutcome {
    std::vector<std::string> errors;     // `file:sheet!cell: ...`, every one found; nothing was written
    std::vector<std::string> collected;  // one line per file: what it gave (or would give, dry run)
    std::vector<CollectedFile> files;    // the same, as data (for the run history)
};

CollectOutcome collect_workbooks(const std::vector<std::filesystem::path>& files, const FormSource& forms, data::Database& db,
                                 const CollectOptions& options);

}  // namespace sgaudit::workbook
