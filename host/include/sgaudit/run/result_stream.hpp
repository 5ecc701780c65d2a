#pragma once
// How results flow from the rule engine to everything that uses them, as they are produced:
// the summaries, the history and each report. Nothing on the way holds every result.
//
//   runner --begin/plugin_started/take/plugin_ended--> ResultFanout --> each RunSink
//   whoever set the sinks up (the CLI) --finish or abandon--> each RunSink, once the run ended
#include <memory>
#include <string>
#include <vector>

#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::run {

// What the runner talks to while a run goes on.
class ResultStream {
public:
    virtual ~ResultStream() = default;
    // Once, before the first plugin runs: the run's id, audit date, filters and plugins are known.
    virtual Status begin(const RunResult& run) {
        (void)run;
        return Status::ok();
    }
    // A plugin is about to run with these rules (every enabled one is summarised, even unmet).
    virtual void plugin_started(const std::string& plugin, const rules::RuleSet& rules) {
        (void)plugin;
        (void)rules;
    }
    // One result, made storable (util::make_storable) before it gets here.
    virtual void add(const Result& result) = 0;
    // The same, for a sink that may keep the result: it is not used again.
    virtual void take(Result&& result) { add(result); }
    // A plugin ended; `complete` is false when it stopped part-way (failed, crashed, timed out).
    virtual void plugin_ended(const std::string& plugin, bool complete) {
        (void)plugin;
        (void)complete;
    }
    // A worker process is about to be forked: a sink with a thread of its own returns only once
    // that thread is idle, outside every library. fork() copies the locks a thread holds but not
    // the thread, so a worker forked while the history's writer was inside SQLite would wait for
    // ever on SQLite's lock the moment it opened its own connection.
    virtual void settle() {}
};

// A destination: given the whole run (everything but the results) once it has ended, it
// completes what it wrote; or, when the run was stopped, it leaves nothing behind.
class RunSink : public ResultStream {
public:
    virtual Status finish(const RunResult& run) = 0;
    virtual void abandon() noexcept = 0;
};

// Hands each result to every counter (which see every result, passes included) and then to
// every lister (which see the results the run lists: with --results failures, not passes).
class ResultFanout final : public ResultStream {
public:
    explicit ResultFanout(bool failures_only) : failures_only_(failures_only) {}
    void add_counter(ResultStream& s) { counters_.push_back(&s); }
    void add_lister(ResultStream& s) { listers_.push_back(&s); }

    Status begin(const RunResult& run) override;
    void plugin_started(const std::string& plugin, const rules::RuleSet& rules) override;
    void add(const Result& result) override;
    void take(Result&& result) override;
    void plugin_ended(const std::string& plugin, bool complete) override;
    void settle() override;

    std::size_t listed() const { return listed_; }

private:
    bool failures_only_;
    std::vector<ResultStream*> counters_, listers_;
    std::size_t listed_ = 0;
};

}  // namespace sgaudit::run
