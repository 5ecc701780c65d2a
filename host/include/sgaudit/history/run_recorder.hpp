#pragma once
// Stores a run in the history as it goes: the run's one transaction begins when the run does,
// its results are inserted in batches as they arrive (on a writer thread of their own, so the
// audit does not wait for the database) and hashed on the way; when the run ends, its row is
// linked to the newest run and everything commits at once. A run that fails or is stopped rolls
// back and leaves nothing.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::data {
class Database;
}

namespace sgaudit::history {

namespace detail {
class ContentHash;
}

class RunRecorder final : public run::RunSink {
public:
    explicit RunRecorder(data::Database& db);
    ~RunRecorder() override;

    Status begin(const run::RunResult& run) override;
    void add(const Result& result) override;
    void take(Result&& result) override;
    Status finish(const run::RunResult& run) override;
    void abandon() noexcept override;
    // Waits until the writer thread has written every batch handed to it and is blocked waiting
    // for more (it then holds no lock of SQLite or the allocator), or has failed and ended, so
    // that a worker can be forked safely; the audit hands over nothing meanwhile, so it stays so
    // until the fork.
    void settle() override;

    std::size_t stored() const { return seq_; }
    // Time spent writing: inserting and hashing as the run went, and linking and committing at the end.
    double seconds() const { return busy_.count(); }

private:
    using Batch = std::vector<Result>;
    void hand_over(bool last);
    void write_loop();
    Status write_batch(const Batch& batch, std::vector<std::vector<std::optional<std::string>>>& rows);
    Status insert(std::vector<std::vector<std::optional<std::string>>>& rows);
    void note_span(const std::string& plugin, std::size_t seq, const std::vector<std::optional<std::string>>& row);
    std::map<std::string, run::StoredResults> spans_of(const run::RunResult& run);
    Status link_and_commit(const run::RunResult& run);
    void stop_writer() noexcept;

    data::Database& db_;
    std::string run_id_;
    std::unique_ptr<detail::ContentHash> hash_;
    bool open_ = false;  // the transaction is open
    Batch filling_;
    // Between the audit and the writer thread: at most a few batches wait, so memory stays flat.
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> queue_;
    bool closing_ = false, failed_ = false;
    bool waiting_ = false;  // the writer thread is blocked waiting for a batch (settle())
    Status error_ = Status::ok();
    std::thread writer_;
    // Where each plugin run's results lie and their hash (run::StoredResults), as they are written.
    struct PluginSpan {
        std::size_t first = 0, count = 0;
        std::unique_ptr<detail::ContentHash> hash;
        bool apart = false;  // its results came in two or more stretches: no span is recorded
    };
    std::map<std::string, PluginSpan> spans_;
    std::string last_plugin_;
    std::size_t seq_ = 0;   // results inserted (the writer thread's own until it is joined)
    std::size_t used_ = 0;  // rows encoded but not yet inserted (likewise)
    std::chrono::duration<double> busy_{0}, inserting_{0};
};

}  // namespace sgaudit::history
