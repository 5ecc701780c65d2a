#include "sgaudit/history/history_store.hpp"

#include <charconv>
#include <filesystem>
#include <limits>
#include <set>

#include <spdlog/spdlog.h>

#include "sgaudit/data/schema.hpp"
#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/util/private_file.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::history {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHistoryFormat = "sgaudit-history/1";

// Writers wait this long for another writer (a big run takes a while to store) before giving up.
constexpr int kBusyTimeoutMs = 120000;

std::string text_of(const Value& v) {
    if (v.is_null()) return {};
    if (v.is_text()) return v.as_text();
    return v.to_string();
}
// A stored count that is not a number (edited by hand) reads as -1, so the run's hash no longer
// matches and verify names it, instead of the command failing on the conversion.
std::int64_t int_of(const Value& v) {
    if (v.is_int()) return v.as_int();
    if (v.is_double()) return static_cast<std::int64_t>(v.as_number());
    std::int64_t n = -1;
    if (v.is_text()) {
        const auto& t = v.as_text();
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (ec != std::errc() || end != t.data() + t.size()) n = -1;
    }
    return n;
}

// Length-prefixed, so no two different field lists hash alike.
void hash_field(util::Sha256& h, const std::optional<std::string>& f) {
    if (!f) {
        h.update("N;");
        return;
    }
    h.update("S" + std::to_string(f->size()) + ":");
    h.update(*f);
}

const char* const kRunColumns =
    "chain_seq, run_id, status, started_at, finished_at, recorded_at, operator_name, host_name, tool_version, source, "
    "as_of, audit, results_mode, pass, fail, not_applicable, waived, error, content_sha256, previous_sha256, chain_sha256";

RunSummary summary_of(const Row& r) {
    RunSummary s;
    s.chain_seq = int_of(r[0]);
    s.id = text_of(r[1]);
    s.status = text_of(r[2]);
    s.started_at = text_of(r[3]);
    s.finished_at = text_of(r[4]);
    s.recorded_at = text_of(r[5]);
    s.operator_name = text_of(r[6]);
    s.host_name = text_of(r[7]);
    s.tool_version = text_of(r[8]);
    s.source = text_of(r[9]);
    s.as_of = text_of(r[10]);
    s.audit = text_of(r[11]);
    s.results_mode = text_of(r[12]);
    s.pass = int_of(r[13]);
    s.fail = int_of(r[14]);
    s.not_applicable = int_of(r[15]);
    s.waived = int_of(r[16]);
    s.error = int_of(r[17]);
    s.content_sha256 = text_of(r[18]);
    s.previous_sha256 = text_of(r[19]);
    s.chain_sha256 = text_of(r[20]);
    return s;
}

// Everything of the run row that a reader relies on, in a fixed order.
void hash_run_row(util::Sha256& h, const RunSummary& s) {
    h.update(kHistoryFormat);
    for (const std::string* f : {&s.id, &s.status, &s.started_at, &s.finished_at, &s.recorded_at, &s.operator_name,
                                 &s.host_name, &s.tool_version, &s.source, &s.as_of, &s.audit, &s.results_mode})
        hash_field(h, *f);
    for (std::int64_t n : {s.pass, s.fail, s.not_applicable, s.waived, s.error}) hash_field(h, std::to_string(n));
}

std::string chain_link(const std::string& previous, const std::string& content) {
    return util::sha256_hex("sgaudit-chain/1:" + previous + ":" + content);
}

// Runs `body` in a write transaction. SQLite's BEGIN IMMEDIATE makes writers take turns for the
// whole transaction; on PostgreSQL they only queue for the chain (lock_chain). READ COMMITTED
// whatever the server's default, so the newest run is read after the lock is granted.
Status in_write_transaction(data::Database& db, const std::function<Status()>& body) {
    bool pg = db.backend() == data::Backend::postgresql;
    if (auto st = db.execute(pg ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN IMMEDIATE"); !st) return st;
    Status st = body();
    if (st) st = db.execute("COMMIT");
    if (!st) (void)db.execute("ROLLBACK");
    return st;
}

Status lock_chain(data::Database& db) {
    if (db.backend() != data::Backend::postgresql) return Status::ok();  // BEGIN IMMEDIATE already holds it
    // An advisory lock needs no table privilege, so an insert-only role can store runs.
    return db.execute("SELECT pg_advisory_xact_lock(741200511)");
}

Status read_result_fields(data::Database& db, const std::string& run_id,
                          const std::function<Status(const Fields&, std::int64_t seq)>& on_result) {
    std::string sql = "SELECT seq";
    for (const auto& c : result_columns()) sql += ", " + c;
    sql += " FROM sgaudit_history_result WHERE run_id = :id ORDER BY seq";
    Fields fields(result_columns().size());
    return db.query(sql, {Value(run_id)}, [&](const Row& r) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            fields[i] = r[i + 1].is_null() ? std::nullopt : std::optional<std::string>(text_of(r[i + 1]));
        return on_result(fields, int_of(r[0]));
    });
}

// "the results with seq 5000-9999 of run ID": which results a batch the database refused held,
// never what they say.
data::Database::RowRange results_of(const std::string& run_id, std::size_t first_seq) {
    return [run_id, first_seq](std::size_t first, std::size_t last) {
        return "the results with seq " + std::to_string(first_seq + first) + "-" + std::to_string(first_seq + last) +
               " of run " + run_id;
    };
}

// Writes the run's results in batches, hashing each on the way; `seq` ends as their number.
Status insert_results(data::Database& db, const run::RunResult& run, const std::string& run_id, util::Sha256& h,
                      std::size_t& seq) {
    std::vector<std::string> cols{"run_id", "seq"};
    for (const auto& c : result_columns()) cols.push_back(c);
    constexpr std::size_t kBatch = 5000;
    std::vector<std::vector<std::optional<std::string>>> batch;
    batch.reserve(kBatch);
    auto flush = [&] {
        Status st = db.insert_rows("sgaudit_history_result", cols, batch, results_of(run_id, seq - batch.size()));
        batch.clear();
        return st;
    };
    for (const auto& r : run.results) {
        Fields f = encode_result(r);
        for (const auto& field : f) hash_field(h, field);
        Fields row{run_id, std::to_string(seq++)};
        row.insert(row.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
        batch.push_back(std::move(row));
        if (batch.size() == kBatch)
            if (auto st = flush(); !st) return st;
    }
    return flush();
}

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

std::optional<Checkpoint> latest_checkpoint(data::Database& db, Status& st) {
    std::optional<Checkpoint> cp;
    st = db.query("SELECT created_at, pruned_before, last_run_id, chain_sha256, recorded_by, runs_removed "
                  "FROM sgaudit_history_checkpoint ORDER BY seq DESC LIMIT 1",
                  {}, [&](const Row& r) {
                      cp = Checkpoint{text_of(r[0]), text_of(r[1]), text_of(r[2]), text_of(r[3]), text_of(r[4]), int_of(r[5])};
                      return Status::ok();
                  });
    return cp;
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

Status HistoryStore::check_format() {
    if (db_->columns("sgaudit_history_info").empty())
        return Status::error("it is not an sgaudit run history (it has no sgaudit_history_info table); point --history at "
                             "the history your runs were stored in");
    std::string format;
    if (auto st = read_format(*db_, format); !st) return st;
    if (format != kHistoryFormat)
        return Status::error("it holds history format '" + format + "' and this sgaudit reads '" + kHistoryFormat +
                             "'; use the sgaudit version that created it");
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
            " content_sha256 TEXT NOT NULL, previous_sha256 TEXT NOT NULL, chain_sha256 TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_result ("
            " run_id TEXT NOT NULL, seq BIGINT NOT NULL, plugin TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,"
            " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, person_id TEXT, team TEXT, area TEXT,"
            " outcome TEXT NOT NULL, message TEXT, evidence TEXT, waiver TEXT, PRIMARY KEY (run_id, seq))",
            "CREATE TABLE IF NOT EXISTS sgaudit_history_checkpoint ("
            " seq BIGINT NOT NULL PRIMARY KEY, created_at TEXT NOT NULL, pruned_before TEXT NOT NULL,"
            " runs_removed BIGINT NOT NULL, last_run_id TEXT NOT NULL, chain_sha256 TEXT NOT NULL, recorded_by TEXT NOT NULL)",
        };
        for (const char* sql : ddl)
            if (auto st = db.execute(sql); !st) return st;
        std::string format;
        if (auto st = read_format(db, format); !st) return st;
        if (format.empty()) return db.execute("INSERT INTO sgaudit_history_info (key, value) VALUES ('format', :f)", {Value(kHistoryFormat)});
        if (format != kHistoryFormat)
            return Status::error("it holds history format '" + format + "' and this sgaudit writes '" + kHistoryFormat +
                                 "'; use the sgaudit version that created it, or a new --history");
        return Status::ok();
    });
}

Status HistoryStore::store(const run::RunResult& run) {
    RunSummary s;
    s.id = storable_text(run.id);
    bool complete = true;
    std::string audit;
    std::set<std::string> names;  // sorted: `run a b` and `run b a` are the same audit
    for (const auto& p : run.plugins) {
        complete = complete && p.status == run::PluginStatus::ok;
        names.insert(p.name);
    }
    for (const auto& n : names) audit += (audit.empty() ? "" : "+") + n;
    s.status = complete ? "complete" : "incomplete";
    s.started_at = run.started_at;
    s.finished_at = run.finished_at;
    s.recorded_at = util::now_iso();
    s.operator_name = storable_text(run.operator_name);
    s.host_name = storable_text(run.host_name);
    s.tool_version = storable_text(run.tool_version);
    s.source = storable_text(run.source);
    s.as_of = run.as_of.iso();
    s.audit = storable_text(audit);
    s.results_mode = run.failures_only ? "failures" : "all";
    s.pass = static_cast<std::int64_t>(run.totals.pass);
    s.fail = static_cast<std::int64_t>(run.totals.fail);
    s.not_applicable = static_cast<std::int64_t>(run.totals.not_applicable);
    s.waived = static_cast<std::int64_t>(run.totals.waived);
    s.error = static_cast<std::int64_t>(run.totals.error);
    std::string document = encode_document(run);

    util::Sha256 h;
    hash_run_row(h, s);
    hash_field(h, document);

    auto& db = *db_;
    return in_write_transaction(db, [&]() -> Status {
        // Results first, in batches; nobody sees them until the run row commits with them.
        std::size_t seq = 0;
        if (auto st = insert_results(db, run, s.id, h, seq); !st) return st;
        hash_field(h, std::to_string(seq));
        s.content_sha256 = h.hex();

        // Then the link to the newest run, under the chain's lock.
        if (auto st = lock_chain(db); !st) return st;
        s.previous_sha256.clear();
        std::int64_t last_seq = 0;
        if (auto st = db.query("SELECT chain_seq, chain_sha256 FROM sgaudit_history_run ORDER BY chain_seq DESC LIMIT 1", {},
                               [&](const Row& r) {
                                   last_seq = int_of(r[0]);
                                   s.previous_sha256 = text_of(r[1]);
                                   return Status::ok();
                               });
            !st)
            return st;
        if (s.previous_sha256.empty()) {
            Status cst = Status::ok();
            auto cp = latest_checkpoint(db, cst);
            if (!cst) return cst;
            s.previous_sha256 = cp ? cp->chain_sha256 : kGenesis;
        }
        s.chain_seq = last_seq + 1;
        s.chain_sha256 = chain_link(s.previous_sha256, s.content_sha256);
        return db.execute(
            std::string("INSERT INTO sgaudit_history_run (") + kRunColumns + ", document) VALUES (:a, :b, :c, :d, :e, :f, :g, :h, "
            ":i, :j, :k, :l, :m, :n, :o, :p, :q, :r, :s, :t, :u, :v)",
            {Value(s.chain_seq), Value(s.id), Value(s.status), Value(s.started_at), Value(s.finished_at), Value(s.recorded_at),
             Value(s.operator_name), Value(s.host_name), Value(s.tool_version), Value(s.source), Value(s.as_of), Value(s.audit),
             Value(s.results_mode), Value(s.pass), Value(s.fail), Value(s.not_applicable), Value(s.waived), Value(s.error),
             Value(s.content_sha256), Value(s.previous_sha256), Value(s.chain_sha256), Value(document)});
    });
}

Status HistoryStore::list(std::vector<RunSummary>& out) {
    out.clear();
    return db_->query(std::string("SELECT ") + kRunColumns + " FROM sgaudit_history_run ORDER BY chain_seq", {},
                      [&](const Row& r) {
                          out.push_back(summary_of(r));
                          return Status::ok();
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

Status HistoryStore::content_hash(const RunSummary& run, const std::string& document, std::string& hex,
                                  const std::function<Status(const Fields&, std::int64_t)>& on_result) {
    util::Sha256 h;
    hash_run_row(h, run);
    hash_field(h, document);
    std::int64_t expected = 0;
    bool gap = false;  // a result removed from the middle: the content no longer matches
    auto st = read_result_fields(*db_, run.id, [&](const Fields& f, std::int64_t seq) {
        gap = gap || seq != expected;
        ++expected;
        for (const auto& field : f) hash_field(h, field);
        return on_result ? on_result(f, seq) : Status::ok();
    });
    if (!st) return st;
    hash_field(h, std::to_string(expected));
    hex = gap ? std::string() : h.hex();
    return Status::ok();
}

static Status read_document(data::Database& db, const std::string& run_id, std::string& document) {
    bool found = false;
    auto st = db.query("SELECT document FROM sgaudit_history_run WHERE run_id = :id", {Value(run_id)}, [&](const Row& r) {
        document = text_of(r[0]);
        found = true;
        return Status::ok();
    });
    if (st && !found) return Status::error("no run '" + run_id + "' in the history");
    return st;
}

Status HistoryStore::load(const std::string& run_id, run::RunResult& out) {
    RunSummary s;
    if (auto st = resolve(run_id, s); !st) return st;
    std::string document, hex;
    if (auto st = read_document(*db_, s.id, document); !st) return st;
    out = run::RunResult{};
    if (auto st = decode_document(document, out); !st) return Status::error("run " + s.id + ": " + st.message());
    // One pass over the results: decoded and hashed together, judged once all are read.
    Status decoded = Status::ok();
    auto st = content_hash(s, document, hex, [&](const Fields& f, std::int64_t seq) {
        Result r;
        if (auto dst = decode_result(f, "result " + std::to_string(seq) + " of run " + s.id, r); !dst) {
            if (decoded) decoded = dst;  // keep hashing: a changed run is reported as changed
            return Status::ok();
        }
        out.results.push_back(std::move(r));
        return Status::ok();
    });
    if (!st) return st;
    // A changed run is not shown as if it were the record.
    if (hex != s.content_sha256) {
        out = run::RunResult{};
        return Status::error("run " + s.id + " has been changed since it was stored (its content no longer matches its "
                             "recorded hash); `sgaudit history verify` gives the details");
    }
    return decoded;
}

Status HistoryStore::verify(VerifyReport& out) {
    // One snapshot, so a prune committing meanwhile cannot look like a removed run.
    bool pg = db_->backend() == data::Backend::postgresql;
    if (auto st = db_->execute(pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN"); !st) return st;
    Status st = verify_in_snapshot(out);
    (void)db_->execute(st ? "COMMIT" : "ROLLBACK");
    return st;
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
        std::string document, hex;
        if (st = read_document(*db_, r.id, document); !st) return st;
        if (st = content_hash(r, document, hex); !st) return st;
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
