#include "sgaudit/run/plugin_context.hpp"

#include "sgaudit/run/runner.hpp"

namespace sgaudit::run {

std::optional<Value> PluginContext::parameter(std::string_view name) const noexcept {
    try {
        return job_.record.ruleset.parameter(std::string(name));
    } catch (...) {
        return std::nullopt;
    }
}

std::string PluginContext::explain() const noexcept {
    try {
        return job_.run.explain;
    } catch (...) {
        return {};
    }
}

Status PluginContext::run_query(std::string_view sql, const std::vector<Value>& params, const RowHandler& on_row) noexcept {
    try {
        return db_.query(sql, params, on_row);
    } catch (...) {
        return Status::error("query failed unexpectedly");
    }
}

Status PluginContext::evaluate_subject(const Subject& subject, const Facts& facts, std::vector<RuleOutcome>* outcomes) noexcept {
    try {
        // Subjects of an unplaced kind (an agency) have no area or team: every one is judged.
        ++handed_over_;
        if (!job_.scope.includes(subject) && !job_.library.manifest().unplaced(subject.kind)) {
            ++left_out_;
            return Status::ok();
        }
        if (!outcomes) {
            engine_.evaluate(subject, facts, out_);
            return Status::ok();
        }
        // Record every result as usual, and copy each back for the plugin.
        struct Tee final : rules::ResultSink {
            rules::ResultSink& next;
            std::vector<RuleOutcome>& out;
            const rules::RuleSet& rules;
            Tee(rules::ResultSink& n, std::vector<RuleOutcome>& o, const rules::RuleSet& rs) : next(n), out(o), rules(rs) {}
            void add(Result&& r) override {
                const auto* rule = rules.find_rule(r.rule);
                out.push_back({r.rule, rule ? rule->title : r.rule, r.severity, r.outcome, r.message, r.evidence, r.lapse, r.due, r.measure});
                next.add(std::move(r));
            }
        } tee(out_, *outcomes, job_.record.ruleset);
        engine_.evaluate(subject, facts, tee);
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error(std::string("evaluating rules failed: ") + e.what());
    } catch (...) {
        return Status::error("evaluating rules failed");
    }
}

void PluginContext::add_section(ReportSection section) noexcept {
    try { out_.section(std::move(section)); } catch (...) {}
}

void PluginContext::log(LogLevel level, std::string_view message) noexcept {
    try { out_.log(level, message); } catch (...) {}
}

bool PluginContext::progress(std::uint64_t done, std::uint64_t total) noexcept {
    try { out_.progress(done, total); } catch (...) {}
    return !cancelled();
}

bool PluginContext::cancelled() const noexcept { return cancel_flag().load(); }

}  // namespace sgaudit::run
