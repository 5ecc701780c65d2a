#pragma once
// What people read in the HTML, Markdown and JUnit reports besides the counts: the failures,
// errors and waived results, in the order they arrived. Never the passes or not-applicables,
// which are most of a run; the counts of those come from the summaries.
#include <vector>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::report {

class KeptResults final : public run::ResultStream {
public:
    static bool kept(Outcome o) { return o == Outcome::fail || o == Outcome::error || o == Outcome::waived; }
    void add(const Result& r) override {
        if (kept(r.outcome)) results_.push_back(r);
    }
    void take(Result&& r) override {
        if (kept(r.outcome)) results_.push_back(std::move(r));
    }
    const std::vector<Result>& results() const { return results_; }
    void clear() { results_.clear(); }

private:
    std::vector<Result> results_;
};

}  // namespace sgaudit::report
