#pragma once
// Waivers: a reviewed decision that a failing result is accepted for now. A waived result is
// reported as `waived` with its justification, approver and expiry, never dropped; expiry is
// judged against the audit date, so re-running a past audit gives the same answer.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/sdk/result.hpp"

namespace sgaudit::rules {

struct WaiverEntry {
    // Optional: restricts the waiver to one plugin ("stocktake": every pack of it) or to one pack
    // of a plugin whose rule sets are packs ("stocktake/laming-2009", the name its run has).
    std::string plugin;
    std::string rule, subject;
    Waiver waiver;
    SourcePos pos;
};

class Waivers {
public:
    // Reads [[waiver]] tables; unknown rules are checked later against the loaded rule sets.
    static std::optional<Waivers> load(const std::filesystem::path& file, Diagnostics& diags);

    // Every waiver must name a rule of one of the rule sets in this run.
    void validate(const std::vector<const RuleSet*>& rulesets, Diagnostics& diags) const;

    // `plugin` is the name of the plugin's run (see run/rule_packs.hpp).
    const WaiverEntry* find(const std::string& plugin, const std::string& rule, const std::string& subject) const;
    const std::vector<WaiverEntry>& entries() const { return entries_; }
    const std::vector<std::string>& files() const { return files_; }
    void merge(const Waivers& other);

private:
    std::vector<WaiverEntry> entries_;
    std::vector<std::string> files_;
};

}  // namespace sgaudit::rules
