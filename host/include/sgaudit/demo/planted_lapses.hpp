#pragma once
// The demo's own story: which audit is expected to catch each kind of lapse the demo council
// plants (rules/demo/lapses.toml, copied into manifest.json), and, after the demo's run, how
// many of the planted lapses each audit that ran judged and caught. Only the lapses of audits
// that ran are counted; those waiting for an audit not built yet are named apart.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/demo/council_generator.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::demo {

using Catchers = std::map<std::string, Catcher>;  // lapse kind -> the rule expected to catch it

// Reads and checks the lapse map: every [lapse.KIND] has either plugin and rule (and perhaps
// judges) or awaits. Nothing, with every problem at its file:line:column in `diags`, when not.
std::optional<Catchers> load_catchers(const std::filesystem::path& file, rules::Diagnostics& diags);

// Copies into `manifest.expected` the catcher of every kind planted; an error naming each
// planted kind that `catchers` (read from `file`) leaves out.
Status expect_catchers(Manifest& manifest, const Catchers& catchers, const std::string& file);

// Watches a run's results (as a counter, so passes too) for the subjects lapses were planted
// on, under the rule expected to catch each kind.
class PlantedCheck final : public run::ResultStream {
public:
    explicit PlantedCheck(const Manifest& manifest);
    void plugin_started(const std::string& plugin, const rules::RuleSet& rules) override;
    void add(const Result& result) override;
    void plugin_ended(const std::string& plugin, bool complete) override;

    struct Tally {
        std::size_t planted = 0;
        std::set<std::string> judged, caught, errors;  // subject ids: any result; fail or waived; error
    };
    // Why a built audit's lapses were not judged in this run; empty when its rule ran.
    std::string not_run_reason(const Catcher& c) const;
    const Tally& tally(const std::string& kind) const;

    // What the demo prints after its run (lines indented under a heading).
    std::string summary() const;

private:
    std::string ran_rows(std::size_t& planted, std::size_t& judged, std::size_t& caught) const;
    std::string waiting(bool built, std::size_t& planted) const;
    std::string missed() const;

    const Manifest& manifest_;
    // plugin -> rule -> subject id -> the kinds planted on it
    std::map<std::string, std::map<std::string, std::map<std::string, std::vector<std::string>>>> watch_;
    std::map<std::string, Tally> tally_;
    std::map<std::string, std::set<std::string>> enabled_;  // plugins that started: their enabled rules
    std::map<std::string, bool> complete_;                  // plugins that ended: whether complete
};

}  // namespace sgaudit::demo
