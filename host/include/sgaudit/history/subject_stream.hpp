#pragma once
// A run's results as `history diff` compares them, one at a time, ordered by plugin, rule,
// subject kind and subject id (byte order), then as stored.
#include <string>

#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::history {

struct SubjectOutcome {
    std::string plugin, rule, kind, id, team, area, message;
    Outcome outcome = Outcome::not_applicable;
};

class SubjectStream {
public:
    virtual ~SubjectStream() = default;
    // The next result; false at the end or on an error, which status() then gives.
    virtual bool next(SubjectOutcome& out) = 0;
    virtual Status status() const = 0;
};

// The order of the stream: std::string's (byte) order on plugin, rule, kind and id.
inline bool subject_before(const SubjectOutcome& a, const SubjectOutcome& b) {
    if (a.plugin != b.plugin) return a.plugin < b.plugin;
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.id < b.id;
}

}  // namespace sgaudit::history
