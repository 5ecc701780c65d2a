#include "sgaudit/run/result_collector.hpp"

#include "sgaudit/util/storable_text.hpp"

namespace sgaudit::run {

void RuleCounts::add(Outcome o) {
    ++evaluated;
    switch (o) {
        case Outcome::pass: ++pass; break;
        case Outcome::fail: ++fail; break;
        case Outcome::not_applicable: ++not_applicable; break;
        case Outcome::waived: ++waived; break;
        case Outcome::error: ++error; break;
    }
}

ResultCollector::ResultCollector(ResultStream& stream, const std::string& plugin, const rules::RuleSet& rules)
    : stream_(stream), plugin_(plugin) {
    stream_.plugin_started(plugin, rules);
}

void ResultCollector::add(Result&& result) {
    ++delivered_;
    util::make_storable(result);
    stream_.take(std::move(result));
}

void ResultCollector::ended(bool complete) { stream_.plugin_ended(plugin_, complete); }

ResultStream& discard_stream() {
    struct Discard final : ResultStream {
        void add(const Result&) override {}
    };
    static Discard discard;
    return discard;
}

}  // namespace sgaudit::run
