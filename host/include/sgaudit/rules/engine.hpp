#pragma once
// Where a rule is evaluated: for each subject a plugin hands over, every enabled rule of that
// subject kind gives exactly one result (pass, fail, not_applicable, waived or error).
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "sgaudit/rules/check_kinds.hpp"
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

    RuleEngine(const RuleEngine&) = delete;  // compiled rules point into the engine
    RuleEngine& operator=(const RuleEngine&) = delete;

    void evaluate(const Subject& subject, const Facts& facts, ResultSink& sink);
    // Waivers that matched a failing result but had expired on the audit date.
    const std::vector<ExpiredWaiver>& expired_waivers() const { return expired_; }
    // Subject kinds that have at least one enabled rule.
    bool has_rules_for(const std::string& subject_kind) const;

private:
    // What can be worked out about a rule once per run rather than once per subject: its check
    // arguments with parameters resolved, its built-in kind, the facts its evidence shows.
    struct Compiled {
        const Rule* rule = nullptr;
        std::map<std::string, Value> args;
        const CheckKindSpec* builtin = nullptr;
        Outcome on_null = Outcome::not_applicable;
        std::vector<std::string> evidence_facts;  // an expression's identifiers, sensitive ones left out
    };
    void compile();
    Result evaluate_rule(const Compiled& c, const Subject& subject, const Facts& facts) const;
    CheckOutcome evaluate_check(const Compiled& c, const Facts& facts) const;
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
    std::vector<Compiled> compiled_;
    std::unordered_map<std::string, std::vector<const Compiled*>> by_kind_;  // enabled rules per subject kind
    std::unordered_map<std::string, Value> parameters_;                       // resolved once
};

}  // namespace sgaudit::rules
