#include "history_sql.hpp"

#include <charconv>

#include "content_hash.hpp"

namespace sgaudit::history::detail {

std::string text_of(const Value& v) {
    if (v.is_null()) return {};
    if (v.is_text()) return v.as_text();
    return v.to_string();
}

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

const char* const kRunColumns =
    "chain_seq, run_id, status, started_at, finished_at, recorded_at, operator_name, host_name, tool_version, source, "
    "as_of, audit, results_mode, pass, fail, not_applicable, waived, error, content_sha256, previous_sha256, chain_sha256";

const std::vector<std::string>& run_scope_columns() {
    static const std::vector<std::string> cols{"area_filter", "team_filter"};
    return cols;
}

std::string select_list(data::Database& db, const std::string& table, const std::vector<std::string>& columns) {
    auto have = db.columns(table);
    std::string list;
    for (const auto& c : columns) list += (list.empty() ? "" : ", ") + (have.count(c) ? c : "NULL AS " + c);
    return list;
}

Status add_missing_columns(data::Database& db, const std::string& table, const std::vector<std::string>& columns) {
    auto have = db.columns(table);
    for (const auto& c : columns)
        if (!have.count(c))
            if (auto st = db.execute("ALTER TABLE " + table + " ADD COLUMN " + c + " TEXT"); !st) return st;
    return Status::ok();
}

RunSummary summary_of(const Row& r) {
    RunSummary s;
    s.chain_seq = int_of(r[0]);
    std::string* texts[] = {&s.id, &s.status, &s.started_at, &s.finished_at, &s.recorded_at, &s.operator_name,
                            &s.host_name, &s.tool_version, &s.source, &s.as_of, &s.audit, &s.results_mode};
    for (std::size_t i = 0; i < std::size(texts); ++i) *texts[i] = text_of(r[i + 1]);
    std::int64_t* counts[] = {&s.pass, &s.fail, &s.not_applicable, &s.waived, &s.error};
    for (std::size_t i = 0; i < std::size(counts); ++i) *counts[i] = int_of(r[i + 13]);
    s.content_sha256 = text_of(r[18]);
    s.previous_sha256 = text_of(r[19]);
    s.chain_sha256 = text_of(r[20]);
    if (!r[21].is_null()) s.area_filter = text_of(r[21]);
    if (!r[22].is_null()) s.team_filter = text_of(r[22]);
    return s;
}

Status begin_write(data::Database& db) {
    bool pg = db.backend() == data::Backend::postgresql;
    return db.execute(pg ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN IMMEDIATE");
}

Status lock_chain(data::Database& db) {
    if (db.backend() != data::Backend::postgresql) return Status::ok();  // BEGIN IMMEDIATE already holds it
    // An advisory lock needs no table privilege, so an insert-only role can store runs.
    return db.execute("SELECT pg_advisory_xact_lock(741200511)");
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

Status link_to_newest(data::Database& db, RunSummary& s) {
    s.previous_sha256.clear();
    std::int64_t last_seq = 0;
    auto st = db.query("SELECT chain_seq, chain_sha256 FROM sgaudit_history_run ORDER BY chain_seq DESC LIMIT 1", {},
                       [&](const Row& r) {
                           last_seq = int_of(r[0]);
                           s.previous_sha256 = text_of(r[1]);
                           return Status::ok();
                       });
    if (!st) return st;
    if (s.previous_sha256.empty()) {
        Status cst = Status::ok();
        auto cp = latest_checkpoint(db, cst);
        if (!cst) return cst;
        s.previous_sha256 = cp ? cp->chain_sha256 : kGenesis;
    }
    s.chain_seq = last_seq + 1;
    s.chain_sha256 = chain_link(s.previous_sha256, s.content_sha256);
    return Status::ok();
}

Status insert_run_row(data::Database& db, const RunSummary& s, const std::string& document) {
    return db.execute(
        std::string("INSERT INTO sgaudit_history_run (") + kRunColumns + ", area_filter, team_filter, document) VALUES (:a, :b, "
        ":c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m, :n, :o, :p, :q, :r, :s, :t, :u, :w, :x, :v)",
        {Value(s.chain_seq), Value(s.id), Value(s.status), Value(s.started_at), Value(s.finished_at), Value(s.recorded_at),
         Value(s.operator_name), Value(s.host_name), Value(s.tool_version), Value(s.source), Value(s.as_of), Value(s.audit),
         Value(s.results_mode), Value(s.pass), Value(s.fail), Value(s.not_applicable), Value(s.waived), Value(s.error),
         Value(s.content_sha256), Value(s.previous_sha256), Value(s.chain_sha256), Value(s.area_filter.value_or("")),
         Value(s.team_filter.value_or("")), Value(document)});
}

Status in_write_transaction(data::Database& db, const std::function<Status()>& body) {
    if (auto st = begin_write(db); !st) return st;
    Status st = body();
    if (st) st = db.execute("COMMIT");
    if (!st) (void)db.execute("ROLLBACK");
    return st;
}

}  // namespace sgaudit::history::detail
