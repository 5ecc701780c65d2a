#pragma once
// What the Section 11 rule set says (rules/section11.toml): its standards, rating scale, rounds
// and sectors (lists), and the round to audit (a parameter). Every number from guidance stays in
// the rule set; this is only the plugin's reading of it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace s11 {

using sgaudit::Date;

struct Standard {
    std::string code, title, measure;  // measure: "training", "vetting" or empty
};

struct ScaleItem {
    std::string code, label, rag;  // rag: red, amber or green
    std::int64_t rank = 0;         // higher is better
    bool needs_evidence = false, needs_action = false;
};

struct Round {
    std::string period;
    Date due;
};

struct Sector {
    std::string label;
    bool in_scope = true;
};

struct Settings {
    std::vector<Standard> standards;
    std::vector<ScaleItem> scale;  // in the rule set's order
    std::vector<Round> rounds;     // in the rule set's order: each round's previous is the one before it
    std::map<std::string, Sector> sectors;
    std::size_t round = 0;         // the audited round, an index into rounds
    Date as_of;

    const Round& audited() const { return rounds[round]; }
    const Round* previous() const { return round > 0 ? &rounds[round - 1] : nullptr; }
    const Round* next() const { return round + 1 < rounds.size() ? &rounds[round + 1] : nullptr; }
    const Round* round_of(const std::string& period) const;
    // The round after `period`'s, or null when it is the last (or not a round).
    const Round* round_after(const std::string& period) const;
    const Standard* standard(const std::string& code) const;
    const ScaleItem* scale_item(const std::string& code) const;
    std::int64_t top_rank() const;
    // "S11-1, S11-2, ..." and "fully, mostly, ...": what a code may be, for messages.
    std::string standard_codes() const;
    std::string scale_codes() const;
    std::string sector_codes() const;
    bool every_sector_in_scope() const;
};

// Reads the lists; an error names what the rule set lacks.
sgaudit::Status read_lists(const sgaudit::Context& ctx, Settings& s);
// Chooses the round to audit: the parameter `round`, or (when it is empty) the latest round due
// on or before the audit date. An error says which round it cannot find.
sgaudit::Status choose_round(const sgaudit::Context& ctx, Settings& s);

}  // namespace s11
