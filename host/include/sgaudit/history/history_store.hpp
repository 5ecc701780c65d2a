#pragma once
// The run history: every run stored whole in one transaction, chained by hash so that a
// changed, removed or inserted run is found by `verify`. SQLite by default, or PostgreSQL.
// Runs are written as they happen (RunRecorder) and read back as streams, never whole.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/history/subject_stream.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/plugin.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::history {

// What a run covers: the data it read and its --area and --team filters (empty: all). Two runs
// of different scope are not compared subject by subject unless asked (history diff).
struct RunScope {
    std::string source, area, team;
    bool operator==(const RunScope&) const = default;
};

// One line of `history list`: what the run row says, without loading results.
struct RunSummary {
    std::int64_t chain_seq = 0;
    std::string id, status, started_at, finished_at, recorded_at, operator_name, host_name, tool_version, source;
    std::string as_of, audit, results_mode;
    std::int64_t pass = 0, fail = 0, not_applicable = 0, waived = 0, error = 0;
    std::string content_sha256, previous_sha256, chain_sha256;
    // The run's --area and --team, in its row since sgaudit-run/3; nullopt for a run stored
    // before, whose document says them (HistoryStore::scope_of reads them there).
    std::optional<std::string> area_filter, team_filter;
};

// Recorded by `prune`: the chain hash of the last run it removed, so the first run kept still
// verifies against it.
struct Checkpoint {
    std::string created_at, pruned_before, last_run_id, chain_sha256, recorded_by;
    std::int64_t runs_removed = 0;
};

struct VerifyReport {
    std::size_t runs_checked = 0;
    std::size_t judgements_checked = 0;
    // The judgements' head after each judgement, in the order collected (collected_at, then the
    // run's place in the chain, then its place among the run's): a recorded head is found
    // among them as long as nothing up to it was removed or changed. Empty without judgements.
    std::vector<std::string> judgement_heads;
    std::optional<Checkpoint> checkpoint;
    std::string first_bad_run;  // empty when the chain holds
    std::string problem;        // what no longer matches, in plain words
    std::string head_run, head_sha256;  // the newest run and its chain hash
    bool ok() const { return first_bad_run.empty() && problem.empty(); }
};

struct PruneReport {
    std::size_t removed = 0, kept = 0;
    std::vector<std::string> removed_runs;
    std::optional<Checkpoint> checkpoint;
};

// One stored run opened for reading: its row and what its document says (everything but the
// results, which are read as a stream).
struct StoredRun {
    RunSummary row;
    run::RunResult run;
};

class RunRecorder;

// A workbook of judgements about a run, as the history keeps it (sgaudit_history_judgement).
struct JudgementRecord {
    std::string run_id;
    std::int64_t seq = 0;  // 1, 2, ... per run, in the order collected
    std::string plugin, form, marker;  // marker: JSON [[key, value], ...]
    std::string file_name, file_sha256, collected_at, collected_by, collected_on;
    std::string document;  // JSON: the sheets' columns and rows (workbook/judgement_document.hpp)
    std::string content_sha256, previous_sha256, chain_sha256;
};

// A workbook `sgaudit collect --history` wrote into a source, as the history records it.
struct CollectionRecord {
    std::string collected_at, collected_by, source, file_name, sha256, plugin, form, marker;
    std::size_t rows = 0;
};

class HistoryStore {
public:
    // How a history is opened: `create` makes it (a new SQLite file owner-only) when it is not
    // there yet, for storing runs; `existing` only reads a history that is already there and
    // never adds tables, so pointing a reading command at the wrong database changes nothing;
    // `maintain` is `existing` with writing allowed, for prune.
    enum class Mode { create, existing, maintain };
    static std::unique_ptr<HistoryStore> open(const data::SourceSpec& spec, Mode mode, std::string& error);

    const data::SourceSpec& spec() const { return db_->spec(); }

    // Stores a run as it happens (see run_recorder.hpp); one at a time per store.
    std::unique_ptr<RunRecorder> recorder();
    // Stores a run held whole in memory (run.results), as the recorder stores a streamed one.
    Status store(const run::RunResult& run);

    Status list(std::vector<RunSummary>& out);
    // What a run covers: from its row, or from its document for a run stored before the row
    // held its --area and --team.
    Status scope_of(const RunSummary& run, RunScope& out);
    // A run id, a unique prefix of one, or "latest" / "latest~N" (N runs before the latest).
    Status resolve(const std::string& ref, RunSummary& out);

    // Reading a run's results happens in a snapshot: what `body` reads is the history as it was
    // when the snapshot began, whatever is stored meanwhile.
    Status in_snapshot(const std::function<Status()>& body);
    // The run `ref` names, without its results; without its plugins' sections too (review
    // sheets: most of a large run's document) when only its counts and details are wanted.
    Status open_run(const std::string& ref, StoredRun& out, bool with_sections = true);
    // Each result of the run, in the order stored, checked against the run's content hash on
    // the way. When they no longer match, the error comes after the last result: whatever was
    // made from them must then be thrown away. Inside in_snapshot.
    Status read_results(const StoredRun& run, const std::function<Status(Result&&)>& on_result);
    // The same check without decoding; `waived` counts the results that carry a waiver.
    Status check_run(const StoredRun& run, std::size_t& waived);
    // The run's results for comparing (see subject_stream.hpp); not hash-checked (check_run
    // does). Inside in_snapshot.
    std::unique_ptr<SubjectStream> by_subject(const StoredRun& run);

    // The earlier runs a plugin asks for (sdk Context::earlier_runs): for each audit date before
    // `before`, the last run stored for it on `source` in which `plugin_run` (a plugin run's name,
    // e.g. stocktake/laming-2009) completed; the latest `need.runs` of those dates, oldest first,
    // with their results of `need.rules`. Each run's content is checked against its hash: a
    // changed run is an error, never read as the record. Reads in a snapshot of its own.
    Status earlier_runs(const std::string& plugin_run, const std::string& source, Date before,
                        const PluginDescription::HistoryNeed& need, EarlierRuns& out);

    // One stored run of `plugin_run` (a run id, a unique start of one, latest, latest~N) with
    // every result of that plugin run, hash-checked, for a workbook or review that follows it.
    // An error when the run holds no completed such audit or kept failures only.
    Status run_of(const std::string& ref, const std::string& plugin_run, EarlierRun& out);

    // Judgements about runs (sdk Form::judgements): kept with the run they are about, each
    // chained to the one before it about the same run (the first to the run's own chain hash),
    // so `verify` finds one changed, removed from the middle, or about a run no longer there.
    // record_judgements sets each record's seq and hashes, all in one transaction.
    Status record_judgements(std::vector<JudgementRecord>& records);
    // Every judgement about `run_id`, oldest first, checked: an error when one no longer verifies.
    Status judgements_of(const std::string& run_id, std::vector<JudgementRecord>& out);

    Status verify(VerifyReport& out);
    // Records workbooks collected into a source (one transaction), and lists them oldest first.
    // They are an audit trail beside the runs, not part of the runs' hash chain.
    Status record_collections(const std::vector<CollectionRecord>& records);
    Status collections(std::vector<CollectionRecord>& out);
    // Removes the oldest runs started before `before` (ISO date), never the newest run, and
    // records a checkpoint. With `dry_run` it only counts what would go.
    Status prune(const std::string& before, const std::string& operator_name, bool dry_run, PruneReport& out);

    ~HistoryStore();

private:
    explicit HistoryStore(std::unique_ptr<data::Database> db);
    Status ensure_schema();
    Status check_format();
    Status verify_in_snapshot(VerifyReport& out);
    Status verify_judgements(const std::vector<RunSummary>& runs, VerifyReport& out);
    Status read_plugin_run(const RunSummary& r, const run::RunResult& run, const run::PluginRun& mine,
                           const std::set<std::string>* rules, EarlierRun& e);
    std::unique_ptr<data::Database> db_;
    // The result and run-scope columns to read, as this history holds them (see select_list).
    std::string result_list_, scope_list_;
    // Runs earlier_runs has opened (without sections), by id: the packs of one run read the same
    // earlier runs, and a large run's document is read once.
    std::map<std::string, run::RunResult> opened_;
};

// The genesis link: what the first run of a new history is chained to.
inline const std::string kGenesis(64, '0');

}  // namespace sgaudit::history
