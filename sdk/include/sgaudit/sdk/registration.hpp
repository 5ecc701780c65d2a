#pragma once
// Whether a worker is a qualified social worker, by the data model's one rule
// (docs/data.md, ssd_professionals): a non-empty
// `prof_social_worker_registration_no`. SSD holds no registration date, so a registration is
// taken as current on every date (reports about past dates say so).
//
// A worker id that repeats in ssd_professionals with and without a registration number is a
// conflict: whether that worker is qualified cannot be told, so the answer is an error naming the
// id, never whichever row came last. A worker id not in ssd_professionals is an error naming the
// involvement that links to it (a broken link is never a "no").
#include <map>
#include <string>

#include "sgaudit/sdk/placement.hpp"
#include "sgaudit/sdk/read.hpp"

namespace sgaudit {

class Registrations {
public:
    // One ssd_professionals row: its trimmed id and whether a registration number is recorded.
    void add(const std::string& id, bool registered) {
        auto [it, inserted] = registered_.try_emplace(id, registered);
        if (!inserted && it->second != registered) conflicts_.emplace(id, true);
    }

    bool known(const std::string& id) const { return registered_.count(id) > 0; }

    // Whether the allocated worker of `at` (By::allocation) is qualified, or why it cannot be told.
    Read<bool> qualified(const Placement& at) const {
        auto it = registered_.find(at.worker);
        if (it == registered_.end())
            return {std::nullopt, "worker " + at.worker + " is not in ssd_professionals (ssd_involvements.invo_professional_id, "
                                  "invo_involvements_id=" + at.involvement_id + ")"};
        if (conflicts_.count(at.worker))
            return {std::nullopt, "ssd_professionals holds more than one row with prof_professional_id=" + at.worker +
                                      ", with and without a registration number"};
        return {it->second, {}};
    }

private:
    std::map<std::string, bool> registered_, conflicts_;
};

// The allocation on the audit date in words, the same in every audit: `message` for a rule's
// message (empty when it cannot be told: the fact is then the error), `sheet` for a case's page.
struct AllocationWords {
    std::string message, sheet;
};

inline AllocationWords allocation_words(const Placement& at, const Registrations& workers) {
    if (!at.allocation_error.empty()) return {"", "allocation cannot be read"};
    if (at.by != Placement::By::allocation) return {"no worker is allocated", "no allocated worker"};
    const Read<bool> q = workers.qualified(at);
    if (!q.ok())
        return {"", "allocated to " + at.worker + (workers.known(at.worker) ? " (registration unclear)" : " (not in ssd_professionals)")};
    return {"the allocated worker, " + at.worker + ", " + (*q.value ? "has" : "has no") + " social work registration number",
            "allocated to " + at.worker + (*q.value ? ", a" : ", not a") + " qualified social worker"};
}

}  // namespace sgaudit
