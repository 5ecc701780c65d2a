#pragma once
// The history's tables as SQL, shared by the store, the recorder and the readers (internal).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/history/history_store.hpp"

namespace sgaudit::history::detail {

std::string text_of(const Value& v);
// A stored count that is not a number (edited by hand) reads as -1, so the run's hash no longer
// matches and verify names it, instead of the command failing on the conversion.
std::int64_t int_of(const Value& v);

extern const char* const kRunColumns;
// The run row's columns added since: its --area and --team (sgaudit-run/3).
const std::vector<std::string>& run_scope_columns();
// `columns` of `table` to select, in that order: NULL for those a history made before they
// existed does not have (reading never changes a history's tables).
std::string select_list(data::Database& db, const std::string& table, const std::vector<std::string>& columns);
// Adds those of `columns` that `table` lacks (as TEXT), to a history that stores runs.
Status add_missing_columns(data::Database& db, const std::string& table, const std::vector<std::string>& columns);
// A row of kRunColumns then run_scope_columns().
RunSummary summary_of(const Row& r);

// A write transaction. SQLite's BEGIN IMMEDIATE makes writers take turns for the whole
// transaction; on PostgreSQL they only queue for the chain (lock_chain). READ COMMITTED whatever
// the server's default, so the newest run is read after the lock is granted.
Status begin_write(data::Database& db);
// Runs `body` in a write transaction (begin_write), committed when it succeeds.
Status in_write_transaction(data::Database& db, const std::function<Status()>& body);
Status lock_chain(data::Database& db);
// Sets chain_seq, previous_sha256 and chain_sha256 of `s` (whose content hash is known) from
// the newest run, or the latest checkpoint, or the genesis link.
Status link_to_newest(data::Database& db, RunSummary& s);
Status insert_run_row(data::Database& db, const RunSummary& s, const std::string& document);
std::optional<Checkpoint> latest_checkpoint(data::Database& db, Status& st);

}  // namespace sgaudit::history::detail
