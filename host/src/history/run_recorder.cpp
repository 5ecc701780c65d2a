#include "sgaudit/history/run_recorder.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "content_hash.hpp"
#include "history_sql.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/util/sha256.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::history {

namespace {

constexpr std::size_t kBatch = 1000;        // results handed to the writer at a time
constexpr std::size_t kQueued = 8;          // batches that may wait for it
constexpr std::size_t kInsertRows = 5000;   // rows per insert_rows call

using Rows = std::vector<std::vector<std::optional<std::string>>>;

// The run row as the history lists it; the chain fields are filled when it is linked.
RunSummary row_of(const run::RunResult& run) {
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
    s.area_filter = storable_text(run.area_filter);
    s.team_filter = storable_text(run.team_filter);
    s.pass = static_cast<std::int64_t>(run.totals.pass);
    s.fail = static_cast<std::int64_t>(run.totals.fail);
    s.not_applicable = static_cast<std::int64_t>(run.totals.not_applicable);
    s.waived = static_cast<std::int64_t>(run.totals.waived);
    s.error = static_cast<std::int64_t>(run.totals.error);
    return s;
}

// "the results with seq 5000-9999 of run ID": which results a batch the database refused held,
// never what they say.
data::Database::RowRange results_of(const std::string& run_id, std::size_t first_seq) {
    return [run_id, first_seq](std::size_t first, std::size_t last) {
        return "the results with seq " + std::to_string(first_seq + first) + "-" + std::to_string(first_seq + last) +
               " of run " + run_id;
    };
}

}  // namespace

RunRecorder::RunRecorder(data::Database& db) : db_(db) {}

RunRecorder::~RunRecorder() { abandon(); }

Status RunRecorder::begin(const run::RunResult& run) {
    run_id_ = storable_text(run.id);
    hash_ = std::make_unique<detail::ContentHash>(detail::kLayout);
    // The run's one transaction. On SQLite it holds the history's write lock from now until the
    // run is stored; other writers wait (busy_timeout) for it.
    if (auto st = detail::begin_write(db_); !st)
        return Status::error("the run history at " + db_.spec().display + " cannot take the run (another run may be "
                             "storing; SQLite writers take turns): " + st.message() + " (--no-history runs without storing)");
    open_ = true;
    writer_ = std::thread([this] { write_loop(); });
    return Status::ok();
}

void RunRecorder::add(const Result& result) {
    if (!open_) return;
    filling_.push_back(result);
    if (filling_.size() == kBatch) hand_over(false);
}

void RunRecorder::take(Result&& result) {
    if (!open_) return;
    filling_.push_back(std::move(result));
    if (filling_.size() == kBatch) hand_over(false);
}

// Queues the batch being filled for the writer; waits while the queue is full.
void RunRecorder::hand_over(bool last) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kQueued || failed_; });
    if (!failed_ && !filling_.empty()) queue_.push_back(std::move(filling_));
    filling_.clear();
    if (last) closing_ = true;
    changed_.notify_all();
}

// Before a fork the writer thread must hold no lock of any library: not SQLite's, not the
// allocator's (AddressSanitizer's has no fork handlers, so a child forked while this thread
// allocates waits for ever; scripts/sanitize.sh found it). So it must be blocked waiting for
// work, which it says (waiting_) with the mutex held, just before the wait releases it; a
// thread still starting (begin() has just made it) has not said so yet. A writer that failed
// is ending, inside the thread library: it is joined first.
void RunRecorder::settle() {
    if (!open_) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (queue_.empty() && waiting_) || failed_; });
    if (!failed_) return;
    lock.unlock();
    if (writer_.joinable()) writer_.join();
}

void RunRecorder::write_loop() {
    Rows rows;
    auto timed = [&](const auto& work) {
        auto t0 = std::chrono::steady_clock::now();
        Status st = work();
        busy_ += std::chrono::steady_clock::now() - t0;
        if (!st) {
            std::lock_guard lock(mutex_);
            error_ = st;
            failed_ = true;
            queue_.clear();
            changed_.notify_all();
        }
        return st.is_ok();
    };
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(mutex_);
            waiting_ = true;  // see settle()
            changed_.notify_all();
            changed_.wait(lock, [&] { return !queue_.empty() || closing_ || failed_; });
            waiting_ = false;
            if (failed_) return;  // abandoned: nothing more is written
            if (queue_.empty()) break;
            batch = std::move(queue_.front());
            queue_.pop_front();
            changed_.notify_all();
        }
        bool ok = timed([&] { return write_batch(batch, rows); });
        if (!ok) return;
    }
    timed([&] { return insert(rows); });
}

// Encodes and hashes each result in order into the next row of `rows` (whose strings are reused
// from one batch to the next), inserting every kInsertRows.
Status RunRecorder::write_batch(const Batch& batch, Rows& rows) {
    try {
        for (const auto& r : batch) {
            if (rows.size() <= used_) rows.emplace_back();
            auto& row = rows[used_];
            row.resize(2 + result_columns().size());
            row[0] = run_id_;
            row[1] = std::to_string(seq_ + used_);
            encode_result(r, row, 2);
            hash_->result(row, 2);
            note_span(r.plugin, seq_ + used_, row);
            if (++used_ == kInsertRows)
                if (auto st = insert(rows); !st) return st;
        }
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error(std::string("cannot store the results: ") + e.what());
    }
}

// A plugin's results are stored together, as it ran; its span and their hash go in the run's
// document, so that one plugin's results can be checked without reading the whole run.
void RunRecorder::note_span(const std::string& plugin, std::size_t seq, const std::vector<std::optional<std::string>>& row) {
    auto [it, fresh] = spans_.try_emplace(plugin);
    PluginSpan& span = it->second;
    if (fresh) {
        span.first = seq;
        span.hash = std::make_unique<detail::ContentHash>(detail::kLayout);
    } else if (last_plugin_ != plugin) {
        span.apart = true;
    }
    last_plugin_ = plugin;
    ++span.count;
    span.hash->result(row, 2);
}

std::map<std::string, run::StoredResults> RunRecorder::spans_of(const run::RunResult& run) {
    std::map<std::string, run::StoredResults> out;
    for (auto& [plugin, span] : spans_)
        if (!span.apart)
            out[plugin] = {static_cast<std::int64_t>(span.first), static_cast<std::int64_t>(span.count), span.hash->finish_results(span.count)};
    // A plugin run that gave no result: an empty span (its hash that of no results).
    for (const auto& p : run.plugins)
        if (!spans_.count(p.name)) out[p.name] = {0, 0, detail::ContentHash(detail::kLayout).finish_results(0)};
    return out;
}

// Inserts the first used_ rows.
Status RunRecorder::insert(Rows& rows) {
    if (used_ == 0) return Status::ok();
    static const std::vector<std::string> cols = [] {
        std::vector<std::string> c{"run_id", "seq"};
        for (const auto& name : result_columns()) c.push_back(name);
        return c;
    }();
    rows.resize(used_);  // only ever shorter for the last rows of a run
    auto t0 = std::chrono::steady_clock::now();
    Status st = db_.insert_rows("sgaudit_history_result", cols, rows, results_of(run_id_, seq_));
    inserting_ += std::chrono::steady_clock::now() - t0;
    seq_ += used_;
    used_ = 0;
    return st;
}

void RunRecorder::stop_writer() noexcept {
    if (!writer_.joinable()) return;
    try {
        hand_over(true);
    } catch (...) {
    }
    writer_.join();
}

Status RunRecorder::finish(const run::RunResult& run) {
    if (!open_) return Status::error("the run was not begun in the history");
    stop_writer();
    Status st = failed_ ? error_ : Status::ok();
    if (st) {
        auto t0 = std::chrono::steady_clock::now();
        st = link_and_commit(run);
        std::chrono::duration<double> end = std::chrono::steady_clock::now() - t0;
        spdlog::debug("history: {} results written in {:.2f} s as the run went ({:.2f} s of it inserting), then linked and "
                      "committed in {:.2f} s", seq_, busy_.count(), inserting_.count(), end.count());
        busy_ += end;
    }
    if (!st) (void)db_.execute("ROLLBACK");
    open_ = false;
    return st;
}

// The run row, linked to the newest run under the chain's lock, then COMMIT.
Status RunRecorder::link_and_commit(const run::RunResult& run) {
    RunSummary s = row_of(run);
    const auto spans = spans_of(run);
    std::string document = encode_document(run, &spans);
    s.content_sha256 = hash_->finish(seq_, s, util::sha256_hex(document));
    if (auto st = detail::lock_chain(db_); !st) return st;
    if (auto st = detail::link_to_newest(db_, s); !st) return st;
    if (auto st = detail::insert_run_row(db_, s, document); !st) return st;
    // Runs stored now are hashed in the third layout: older sgaudits must not read them.
    if (auto st = db_.execute("UPDATE sgaudit_history_info SET value = :f WHERE key = 'format' AND value <> :g",
                              {Value(detail::kHistoryFormat), Value(detail::kHistoryFormat)});
        !st)
        return st;
    return db_.execute("COMMIT");
}

void RunRecorder::abandon() noexcept {
    if (!open_) return;
    {
        std::lock_guard lock(mutex_);
        failed_ = true;  // the writer stops at its next batch
        queue_.clear();
    }
    changed_.notify_all();
    stop_writer();
    (void)db_.execute("ROLLBACK");
    open_ = false;
}

}  // namespace sgaudit::history
