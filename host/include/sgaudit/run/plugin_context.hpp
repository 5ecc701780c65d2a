#pragma once
// The SDK Context a plugin sees. The same class serves a plugin in the host and in a worker:
// queries go to the database it is given, and everything the plugin and the rule engine produce
// goes to a PluginOutput.
#include <functional>

#include "sgaudit/data/database.hpp"
#include "sgaudit/rules/engine.hpp"
#include "sgaudit/run/plugin_job.hpp"
#include "sgaudit/run/plugin_output.hpp"

namespace sgaudit::run {

class PluginContext final : public Context {
public:
    PluginContext(const PluginJob& job, data::Database& db, rules::RuleEngine& engine, PluginOutput& out)
        : job_(job), db_(db), engine_(engine), out_(out) {}

    Date as_of() const noexcept override { return job_.run.as_of; }
    Period period() const noexcept override { return job_.run.period; }
    const Scope& scope() const noexcept override { return job_.scope; }
    const WorkingCalendar& calendar() const noexcept override { return job_.calendar; }
    std::uint64_t seed() const noexcept override { return job_.run.seed; }
    int years() const noexcept override { return job_.run.years; }
    std::string explain() const noexcept override;
    std::optional<Value> parameter(std::string_view name) const noexcept override;
    const RecordList* list(std::string_view name) const noexcept override { return job_.record.ruleset.list(name); }
    const EarlierRuns& earlier_runs() const noexcept override { return job_.earlier; }
    void add_section(ReportSection section) noexcept override;
    void log(LogLevel level, std::string_view message) noexcept override;
    bool progress(std::uint64_t done, std::uint64_t total) noexcept override;
    bool cancelled() const noexcept override;
    // Subjects handed over, and those --area/--team left out (the host warns when it was all).
    std::size_t handed_over() const { return handed_over_; }
    std::size_t left_out() const { return left_out_; }

protected:
    Status run_query(std::string_view sql, const std::vector<Value>& params, const RowHandler& on_row) noexcept override;
    Status evaluate_subject(const Subject& subject, const Facts& facts, std::vector<RuleOutcome>* outcomes) noexcept override;

private:
    const PluginJob& job_;
    data::Database& db_;
    rules::RuleEngine& engine_;
    PluginOutput& out_;
    std::size_t handed_over_ = 0, left_out_ = 0;
};

}  // namespace sgaudit::run
