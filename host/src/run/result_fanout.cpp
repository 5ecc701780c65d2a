#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::run {

Status ResultFanout::begin(const RunResult& run) {
    for (auto* s : counters_)
        if (auto st = s->begin(run); !st) return st;
    for (auto* s : listers_)
        if (auto st = s->begin(run); !st) return st;
    return Status::ok();
}

void ResultFanout::plugin_started(const std::string& plugin, const rules::RuleSet& rules) {
    for (auto* s : counters_) s->plugin_started(plugin, rules);
    for (auto* s : listers_) s->plugin_started(plugin, rules);
}

void ResultFanout::add(const Result& result) {
    for (auto* s : counters_) s->add(result);
    if (failures_only_ && result.outcome == Outcome::pass) return;
    ++listed_;
    for (auto* s : listers_) s->add(result);
}

// The last lister may keep the result itself rather than a copy.
void ResultFanout::take(Result&& result) {
    for (auto* s : counters_) s->add(result);
    if (failures_only_ && result.outcome == Outcome::pass) return;
    ++listed_;
    if (listers_.empty()) return;
    for (std::size_t i = 0; i + 1 < listers_.size(); ++i) listers_[i]->add(result);
    listers_.back()->take(std::move(result));
}

void ResultFanout::plugin_ended(const std::string& plugin, bool complete) {
    for (auto* s : counters_) s->plugin_ended(plugin, complete);
    for (auto* s : listers_) s->plugin_ended(plugin, complete);
}

void ResultFanout::settle() {
    for (auto* s : counters_) s->settle();
    for (auto* s : listers_) s->settle();
}

}  // namespace sgaudit::run
