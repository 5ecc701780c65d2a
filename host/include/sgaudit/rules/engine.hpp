#pragma once
// Where a rule is evaluated: for each subject a plugin hands over, every enabled rule of that
// subject kind gives exactly one result (pass, fail, not_applicable, waived or error).
#include <set>
#include <string>
#include <vector>

#include "sgaudit/rules/ruleset.hpp"
#include "sgaudit/rules/waivers.hpp"
#include "sgaudit/sdk/plugin.hpp"

namespace sgaudit::rules {

class ResultSink {
public:
    virtual ~ResultSink() = default;
    virtual void add(Result&& result) = 0;
};

struct ExpiredWaiver {
    std::string rule, subject;
    Waiver waiver;
};

class RuleEngine {
public:
    // `plugin` may be null; it is only asked for check kinds it adds.
    // `sensitive` names facts that rules may use but reports must never show.
    RuleEngine(std::string plugin_name, const RuleSet& rules, const WorkingCalendar& calendar, Date as_of,
               const Waivers* waivers, const Plugin* plugin, std::set<std::string> sensitive = {});

    void evaluate(const Subject& subject, const Facts& facts, ResultSink& sink);
    // Waivers that matched a failing result but had expired on the audit date.
    const std::vector<ExpiredWaiver>& expired_waivers() const { return expired_; }
    // Subject kinds that have at least one enabled rule.
    bool has_rules_for(const std::string& subject_kind) const;

private:
    Result evaluate_rule(const Rule& rule, const Subject& subject, const Facts& facts) const;
    std::string render(const Rule& rule, const Subject& subject, const Facts& facts, const CheckOutcome& out) const;
    std::string safe_error(const Expression& expr, const Facts& facts, const std::string& error) const;

    std::string plugin_name_;
    const RuleSet& rules_;
    const WorkingCalendar& calendar_;
    Date as_of_;
    const Waivers* waivers_;
    const Plugin* plugin_;
    std::vector<ExpiredWaiver> expired_;
    std::set<std::string> sensitive_;
};

}  // namespace sgaudit::rules
