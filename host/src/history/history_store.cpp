#include "sgaudit/history/history_store.hpp"

#include <charconv>
#include <filesystem>
#include <limits>
#include <set>

#include <spdlog/spdlog.h>

#include "sgaudit/data/schema.hpp"
#include "content_hash.hpp"
#include "history_sql.hpp"
#include "stored_results.hpp"
#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/history/run_recorder.hpp"
#include "sgaudit/util/private_file.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::history {
namespace fs = std::filesystem;
using namespace detail;

namespace {

// Writers wait this long for another writer (a big run takes a while to store) before giving up.
constexpr int kBusyTimeoutMs = 120000;

// A history is never written into case data: a database (or PostgreSQL schema) that is not a
// history yet but holds a table of the data model is refused before anything is created in it.
Status refuse_case_data(data::Database& db) {
    if (!db.columns("sgaudit_history_info").empty()) return Status::ok();
    for (const auto& t : data::case_data_schema())
        if (!db.columns(t.name).empty())
            return Status::error("it holds case data (table " + t.name + ") and sgaudit only reads case data, never storing "
                                 "runs in it; keep the history in a database of its own (e.g. --history sgaudit-history.db)");
    return Status::ok();
}

}  // namespace

HistoryStore::HistoryStore(std::unique_ptr<data::Database> db) : db_(std::move(db)) {}
HistoryStore::~HistoryStore() = default;

std::unique_ptr<HistoryStore> HistoryStore::open(const data::SourceSpec& spec, Mode mode, std::string& error) {
    bool sqlite = spec.backend == data::Backend::sqlite;
    if (sqlite && !fs::exists(spec.path)) {
        if (mode != Mode::create) {
            error = "there is no run history at " + spec.path;
            return nullptr;
        }
        // Owner-only from the moment it exists; SQLite gives its journal the same mode.
        if (fs::path parent = fs::path(spec.path).parent_path(); !parent.empty() && !fs::exists(parent)) {
            if (auto st = util::make_private_directories(parent); !st) {
                error = st.message();
                return nullptr;
            }
        }
        if (auto st = util::create_private_file_if_missing(spec.path); !st) {
            error = st.message();
            return nullptr;
        }
    }
    if (sqlite) {
        // Made by someone else, or by an older tool: say so rather than change it behind their back.
        std::error_code ec;
        auto perms = fs::status(spec.path, ec).permissions();
        if (!ec && (perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
            spdlog::warn("the run history {} can be read by others than its owner; it holds data about children: "
                         "chmod 600 it", spec.path);
    }
    // A SQLite history is opened for writing even to read it: after a killed run SQLite must
    // roll the unfinished write back first. PostgreSQL readers get a read-only session.
    auto access = mode == Mode::existing && !sqlite ? data::Access::read_only : data::Access::read_write;
    if (!sqlite && mode == Mode::maintain && !spec.schema.empty()) {
        // Database::open would create a missing schema for writing; a history must already be there.
        auto probe = data::Database::open(spec, data::Access::read_only, error);
        if (!probe) return nullptr;
        if (probe->columns("sgaudit_history_info").empty()) {
            error = "the run history at " + spec.display + " cannot be used: it is not an sgaudit run history";
            return nullptr;
        }
    }
    auto db = data::Database::open(spec, access, error);
    if (!db) return nullptr;
    if (sqlite) {
        if (auto st = db->execute("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs)); !st) {
            error = st.message();
            return nullptr;
        }
    }
    std::unique_ptr<HistoryStore> store(new HistoryStore(std::move(db)));
    Status st = mode == Mode::create ? refuse_case_data(*store->db_) : Status::ok();
    if (st) st = mode == Mode::create ? store->ensure_schema() : store->check_format();
    if (!st) {
        error = "the run history at " + spec.display + " cannot be used: " + st.message();
        return nullptr;
    }
    store->result_list_ = select_list(*store->db_, "sgaudit_history_result", result_columns());
    store->scope_list_ = select_list(*store->db_, "sgaudit_history_run", run_scope_columns());
    return store;
}

// The format recorded in a history, or "" when none is recorded yet.
static Status read_format(data::Database& db, std::string& format) {
    format.clear();
    return db.query("SELECT value FROM sgaudit_history_info WHERE key = 'format'", {}, [&](const Row& r) {
        format = text_of(r[0]);
        return Status::ok();
    });
}

// The formats this version reads: /1 (every run hashed in the first layout), /2 and /3.
static bool readable_format(const std::string& format) {
    return format == kHistoryFormat || format == kHistoryFormatV2 || format == kHistoryFormatV1;
}

Status HistoryStore::check_format() {
    if (db_->columns("sgaudit_history_info").empty())
        return Status::error("it is not an sgaudit run history (it has no sgaudit_history_info table); point --history at "
                             "the history your runs were stored in");
    std::string format;
    if (auto st = read_format(*db_, format); !st) return st;
    if (!readable_format(format))
        return Status::error("it holds history format '" + format + "' and this sgaudit reads '" + kHistoryFormat + "' (and '" +
                             kHistoryFormatV2 + "', '" + kHistoryFormatV1 + "'); use the sgaudit version that created it");
    return Status::ok();
}

Status HistoryStore::ensure_schema() {
    auto& db = *db_;
    bool pg = db.backend() == data::Backend::postgresql;
    return in_write_transaction(db, [&]() -> Status {
        // Two first runs at once must not both create the tables.
        if (pg)
            if (auto st = db.execute("SELECT pg_advisory_xact_lock(741200509)"); !st) return st;
        static const char* const ddl[] = {
            "CREATE TABLE IF NOT EXISTS sgaudit_history_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_run ("
            " chain_seq BIGINT NOT NULL UNIQUE, run_id TEXT NOT NULL PRIMARY KEY, status TEXT NOT NULL,"
            " started_at TEXT NOT NULL, finished_at TEXT NOT NULL, recorded_at TEXT NOT NULL, operator_name TEXT NOT NULL,"
            " host_name TEXT NOT NULL, tool_version TEXT NOT NULL, source TEXT NOT NULL, as_of TEXT NOT NULL,"
            " audit TEXT NOT NULL, results_mode TEXT NOT NULL, pass BIGINT NOT NULL, fail BIGINT NOT NULL,"
            " not_applicable BIGINT NOT NULL, waived BIGINT NOT NULL, error BIGINT NOT NULL, document TEXT NOT NULL,"
            " content_sha256 TEXT NOT NULL, previous_sha256 TEXT NOT NULL, chain_sha256 TEXT NOT NULL, area_filter TEXT,"
            " team_filter TEXT)",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_result ("
            " run_id TEXT NOT NULL, seq BIGINT NOT NULL, plugin TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,"
            " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, person_id TEXT, team TEXT, area TEXT,"
            " outcome TEXT NOT NULL, message TEXT, evidence TEXT, waiver TEXT, worker TEXT, lapse TEXT, due TEXT, measure TEXT,"
            " PRIMARY KEY (run_id, seq))",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_checkpoint ("
            " seq BIGINT NOT NULL PRIMARY KEY, created_at TEXT NOT NULL, pruned_before TEXT NOT NULL,"
            " runs_removed BIGINT NOT NULL, last_run_id TEXT NOT NULL, chain_sha256 TEXT NOT NULL, recorded_by TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_judgement ("
            " run_id TEXT NOT NULL, seq BIGINT NOT NULL, plugin TEXT NOT NULL, form TEXT NOT NULL, marker TEXT NOT NULL,"
            " file_name TEXT NOT NULL, file_sha256 TEXT NOT NULL, collected_at TEXT NOT NULL, collected_by TEXT NOT NULL,"
            " collected_on TEXT NOT NULL, document TEXT NOT NULL, content_sha256 TEXT NOT NULL, previous_sha256 TEXT NOT NULL,"
            " chain_sha256 TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_collection ("
            " seq BIGINT NOT NULL PRIMARY KEY, collected_at TEXT NOT NULL, collected_by TEXT NOT NULL, source TEXT NOT NULL,"
            " file_name TEXT NOT NULL, sha256 TEXT NOT NULL, plugin TEXT NOT NULL, form TEXT NOT NULL, marker TEXT NOT NULL,"
            " rows_collected BIGINT NOT NULL)",
        };
        for (const char* sql : ddl)
            if (auto st = db.execute(sql); !st) return st;
        // A history made before results kept their worker, lapse and due date, and runs their
        // --area and --team in the row, gets those columns, empty for the runs already in it. Only
        // a history that stores runs is changed; its format says so once the first run is stored.
        if (auto st = add_missing_columns(db, "sgaudit_history_result", result_columns()); !st) return st;
        if (auto st = add_missing_columns(db, "sgaudit_history_run", run_scope_columns()); !st) return st;
        std::string format;
        if (auto st = read_format(db, format); !st) return st;
        if (format.empty()) return db.execute("INSERT INTO sgaudit_history_info (key, value) VALUES ('format', :f)", {Value(kHistoryFormat)});
        // A /1 or /2 history is written on: its runs keep their layout, and it becomes /3 with the
        // first run stored (RunRecorder), so that older sgaudits, which cannot check the new runs, refuse it.
        if (!readable_format(format))
            return Status::error("it holds history format '" + format + "' and this sgaudit writes '" + kHistoryFormat +
                                 "'; use the sgaudit version that created it, or a new --history");
        return Status::ok();
    });
}

Status HistoryStore::record_collections(const std::vector<CollectionRecord>& records) {
    return in_write_transaction(*db_, [&]() -> Status {
        std::int64_t seq = 0;
        auto st = db_->query("SELECT COALESCE(MAX(seq), 0) FROM sgaudit_history_collection", {}, [&](const Row& r) {
            seq = r[0].is_number() ? static_cast<std::int64_t>(r[0].as_number()) : r[0].is_text() ? std::stoll(r[0].as_text()) : 0;
            return Status::ok();
        });
        if (!st) return st;
        for (const auto& c : records) {
            st = db_->execute("INSERT INTO sgaudit_history_collection (seq, collected_at, collected_by, source, file_name, sha256, "
                              "plugin, form, marker, rows_collected) VALUES (:s, :a, :b, :src, :f, :h, :p, :fm, :m, :n)",
                              {Value(++seq), Value(c.collected_at), Value(c.collected_by), Value(c.source), Value(c.file_name),
                               Value(c.sha256), Value(c.plugin), Value(c.form), Value(c.marker),
                               Value(static_cast<std::int64_t>(c.rows))});
            if (!st) return st;
        }
        return Status::ok();
    });
}

Status HistoryStore::collections(std::vector<CollectionRecord>& out) {
    out.clear();
    return db_->query("SELECT collected_at, collected_by, source, file_name, sha256, plugin, form, marker, rows_collected "
                      "FROM sgaudit_history_collection ORDER BY seq",
                      {}, [&](const Row& r) {
                          CollectionRecord c{to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]), to_text(r[4]),
                                             to_text(r[5]), to_text(r[6]), to_text(r[7]), 0};
                          c.rows = r[8].is_number() ? static_cast<std::size_t>(r[8].as_number())
                                   : r[8].is_text()   ? std::stoul(r[8].as_text())
                                                      : 0;
                          out.push_back(std::move(c));
                          return Status::ok();
                      });
}

std::unique_ptr<RunRecorder> HistoryStore::recorder() { return std::make_unique<RunRecorder>(*db_); }

Status HistoryStore::store(const run::RunResult& run) {
    RunRecorder rec(*db_);
    if (auto st = rec.begin(run); !st) return st;
    for (Result r : run.results) {
        util::make_storable(r);
        rec.take(std::move(r));
    }
    return rec.finish(run);
}

Status HistoryStore::list(std::vector<RunSummary>& out) {
    out.clear();
    return db_->query(std::string("SELECT ") + kRunColumns + ", " + scope_list_ + " FROM sgaudit_history_run ORDER BY chain_seq", {},
                      [&](const Row& r) {
                          out.push_back(summary_of(r));
                          return Status::ok();
                      });
}

Status HistoryStore::scope_of(const RunSummary& run, RunScope& out) {
    out = {run.source, run.area_filter.value_or(""), run.team_filter.value_or("")};
    if (run.area_filter && run.team_filter) return Status::ok();
    return read_document(*db_, run.id, [&](std::string_view document) {
        auto st = decode_scope(document, out.area, out.team);
        return st ? st : Status::error("run " + run.id + ": " + st.message());
    });
}

Status HistoryStore::resolve(const std::string& ref, RunSummary& out) {
    std::vector<RunSummary> runs;
    if (auto st = list(runs); !st) return st;
    if (runs.empty()) return Status::error("the history at " + spec().display + " holds no runs");
    if (ref.rfind("latest", 0) == 0) {
        std::size_t back = 0;
        if (ref.size() > 6) {
            if (ref[6] != '~' || ref.size() == 7 || ref.find_first_not_of("0123456789", 7) != std::string::npos)
                return Status::error("'" + ref + "' is not a run: write a run id, or latest, or latest~N");
            // A number too big to read goes back further than any history: refused below.
            if (std::from_chars(ref.data() + 7, ref.data() + ref.size(), back).ec != std::errc())
                back = std::numeric_limits<std::size_t>::max();
        }
        if (back >= runs.size())
            return Status::error("'" + ref + "' goes back further than the " + std::to_string(runs.size()) + " run(s) stored");
        out = runs[runs.size() - 1 - back];
        return Status::ok();
    }
    std::vector<const RunSummary*> matches;
    for (const auto& r : runs) {
        if (r.id == ref) {
            out = r;
            return Status::ok();
        }
        if (!ref.empty() && r.id.rfind(ref, 0) == 0) matches.push_back(&r);
    }
    if (matches.size() == 1) {
        out = *matches.front();
        return Status::ok();
    }
    if (matches.empty())
        return Status::error("no run '" + ref + "' in the history at " + spec().display + "; `sgaudit history` lists them");
    std::string which;
    for (const auto* m : matches) which += " " + m->id;
    return Status::error("'" + ref + "' matches " + std::to_string(matches.size()) + " runs:" + which + "; give more of the id");
}

Status HistoryStore::in_snapshot(const std::function<Status()>& body) {
    // One snapshot, so that a run stored or pruned meanwhile is not half seen.
    bool pg = db_->backend() == data::Backend::postgresql;
    if (auto st = db_->execute(pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN"); !st) return st;
    Status st = body();
    (void)db_->execute(st ? "COMMIT" : "ROLLBACK");
    return st;
}

Status HistoryStore::verify(VerifyReport& out) {
    // One snapshot, so a prune committing meanwhile cannot look like a removed run.
    return in_snapshot([&] { return verify_in_snapshot(out); });
}

Status HistoryStore::verify_in_snapshot(VerifyReport& out) {
    out = VerifyReport{};
    Status st = Status::ok();
    out.checkpoint = latest_checkpoint(*db_, st);
    if (!st) return st;
    std::vector<RunSummary> runs;
    if (st = list(runs); !st) return st;
    std::string previous = out.checkpoint ? out.checkpoint->chain_sha256 : kGenesis;
    for (const auto& r : runs) {
        std::string hex;
        if (st = hash_results(*db_, result_list_, r, hex); !st) return st;
        ++out.runs_checked;
        auto bad = [&](const std::string& why) {
            out.first_bad_run = r.id;
            out.problem = why;
        };
        if (hex != r.content_sha256) {
            bad("its stored content (the run's details, rule summary or results) no longer matches the hash recorded "
                "when it was stored: it has been changed since");
            return Status::ok();
        }
        if (r.previous_sha256 != previous) {
            bad(std::string("its link to the run before it is broken: ") +
                (out.runs_checked == 1 && out.checkpoint ? "it does not follow the prune checkpoint"
                                                         : "a run before it was removed, or a link was changed"));
            return Status::ok();
        }
        if (chain_link(previous, hex) != r.chain_sha256) {
            bad("its chain hash was changed");
            return Status::ok();
        }
        previous = r.chain_sha256;
        out.head_run = r.id;
        out.head_sha256 = r.chain_sha256;
    }
    // Results that belong to no run were added behind the history's back.
    std::string orphan;
    st = db_->query("SELECT run_id FROM sgaudit_history_result WHERE run_id NOT IN (SELECT run_id FROM sgaudit_history_run) LIMIT 1",
                    {}, [&](const Row& r) {
                        orphan = text_of(r[0]);
                        return Status::ok();
                    });
    if (!st) return st;
    if (!orphan.empty()) out.problem = "results are stored for run " + orphan + ", which is not in the history";
    if (out.ok())
        if (st = verify_judgements(runs, out); !st) return st;
    if (runs.empty() && out.checkpoint) out.head_sha256 = out.checkpoint->chain_sha256;
    return Status::ok();
}

Status HistoryStore::prune(const std::string& before, const std::string& operator_name, bool dry_run, PruneReport& out) {
    out = PruneReport{};
    // Pruning a broken chain would throw away the evidence of what was changed.
    VerifyReport v;
    if (auto st = verify(v); !st) return st;
    if (!v.ok())
        return Status::error("the history does not verify (" + (v.first_bad_run.empty() ? v.problem : "run " + v.first_bad_run +
                             ": " + v.problem) + "), so nothing was pruned; keep it as evidence and investigate first");
    auto& db = *db_;
    auto pruned = in_write_transaction(db, [&]() -> Status {
        if (auto st = lock_chain(db); !st) return st;
        std::vector<RunSummary> runs;
        if (auto st = list(runs); !st) return st;
        // Only the oldest runs go, so the runs kept still form one unbroken chain; and never the
        // newest, so a mistyped year cannot empty the history.
        std::size_t n = 0;
        while (n + 1 < runs.size() && runs[n].started_at.substr(0, 10) < before) ++n;
        out.kept = runs.size() - n;
        for (std::size_t i = 0; i < n; ++i) out.removed_runs.push_back(runs[i].id);
        out.removed = n;
        if (n == 0 || dry_run) return Status::ok();
        for (std::size_t i = 0; i < n; ++i) {
            if (auto st = db.execute("DELETE FROM sgaudit_history_result WHERE run_id = :id", {Value(runs[i].id)}); !st) return st;
            if (!db.columns("sgaudit_history_judgement").empty())
                if (auto st = db.execute("DELETE FROM sgaudit_history_judgement WHERE run_id = :id", {Value(runs[i].id)}); !st) return st;
            if (auto st = db.execute("DELETE FROM sgaudit_history_run WHERE run_id = :id", {Value(runs[i].id)}); !st) return st;
        }
        std::int64_t next = 1;
        if (auto st = db.query("SELECT MAX(seq) FROM sgaudit_history_checkpoint", {}, [&](const Row& r) {
                if (!r[0].is_null()) next = int_of(r[0]) + 1;
                return Status::ok();
            }); !st)
            return st;
        Checkpoint cp{util::now_iso(), before, runs[n - 1].id, runs[n - 1].chain_sha256, operator_name, static_cast<std::int64_t>(n)};
        out.checkpoint = cp;
        return db.execute("INSERT INTO sgaudit_history_checkpoint (seq, created_at, pruned_before, runs_removed, last_run_id, "
                          "chain_sha256, recorded_by) VALUES (:a, :b, :c, :d, :e, :f, :g)",
                          {Value(next), Value(cp.created_at), Value(cp.pruned_before), Value(cp.runs_removed),
                           Value(cp.last_run_id), Value(cp.chain_sha256), Value(cp.recorded_by)});
    });
    // Give the space back: SQLite keeps freed pages otherwise (it cannot vacuum inside a transaction).
    if (pruned && !dry_run && out.removed && db.backend() == data::Backend::sqlite) (void)db.execute("VACUUM");
    return pruned;
}

}  // namespace sgaudit::history
