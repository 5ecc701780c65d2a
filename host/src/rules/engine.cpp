#include "sgaudit/rules/engine.hpp"

#include "sgaudit/rules/check_kinds.hpp"

namespace sgaudit::rules {

RuleEngine::RuleEngine(std::string plugin_name, const RuleSet& rules, const WorkingCalendar& calendar, Date as_of,
                       const Waivers* waivers, const Plugin* plugin, std::set<std::string> sensitive)
    : plugin_name_(std::move(plugin_name)), rules_(rules), calendar_(calendar), as_of_(as_of), waivers_(waivers), plugin_(plugin),
      sensitive_(std::move(sensitive)) {
    compile();
}

void RuleEngine::compile() {
    for (const auto& [name, p] : rules_.parameters) parameters_[name] = p.value;
    compiled_.reserve(rules_.rules.size());
    for (const auto& rule : rules_.rules) {
        if (!rule.enabled) continue;
        Compiled c;
        c.rule = &rule;
        for (const auto& [k, a] : rule.check_args) {
            if (a.parameter.empty()) c.args[k] = a.literal;
            else c.args[k] = rules_.parameter(a.parameter).value_or(Value(Null{}));
        }
        c.builtin = find_builtin_check_kind(rule.check_kind);
        if (auto it = rule.check_args.find("on_null"); it != rule.check_args.end()) {
            const std::string& n = it->second.literal.as_text();
            c.on_null = n == "fail" ? Outcome::fail : n == "error" ? Outcome::error : Outcome::not_applicable;
        }
        if (rule.check_expr)
            for (const auto& name : rule.check_expr->identifiers())
                if (!sensitive_.count(name)) c.evidence_facts.push_back(name);
        compiled_.push_back(std::move(c));
    }
    for (const auto& c : compiled_) by_kind_[c.rule->subject].push_back(&c);
}

bool RuleEngine::has_rules_for(const std::string& subject_kind) const { return by_kind_.count(subject_kind) > 0; }

void RuleEngine::evaluate(const Subject& subject, const Facts& facts, ResultSink& sink) {
    auto kind = by_kind_.find(subject.kind);
    if (kind == by_kind_.end()) return;
    for (const Compiled* c : kind->second) {
        const Rule& rule = *c->rule;
        Result r = evaluate_rule(*c, subject, facts);
        if (r.outcome == Outcome::fail && waivers_) {
            if (const auto* w = waivers_->find(plugin_name_, rule.id, subject.id)) {
                if (as_of_ <= w->waiver.expires) {
                    r.outcome = Outcome::waived;
                    r.waiver = w->waiver;
                } else {
                    expired_.push_back({rule.id, subject.id, w->waiver});
                    r.evidence["waiver_expired"] = w->waiver.expires;
                }
            }
        }
        sink.add(std::move(r));
    }
}

static std::string subject_key(const Subject& s) { return " (" + s.kind + " " + s.id + ")"; }

// An expression that reads a sensitive fact (a date of birth) may fail with a message worked
// out from its value ("... working days after 2006-05-10"). Such a message is withheld; only
// a fact's own read error, which never quotes the value, is passed on.
std::string RuleEngine::safe_error(const Expression& expr, const Facts& facts, const std::string& error) const {
    std::string sensitive;
    for (const auto& name : expr.identifiers()) {
        if (const std::string* e = facts.error(name); e && *e == error) return error;
        if (sensitive_.count(name)) sensitive = name;
    }
    if (sensitive.empty()) return error;
    return "the expression could not be evaluated; the detail is withheld because it reads the sensitive fact '" + sensitive + "'";
}

Result RuleEngine::evaluate_rule(const Compiled& c, const Subject& subject, const Facts& facts) const {
    const Rule& rule = *c.rule;
    Result r;
    r.plugin = plugin_name_;
    r.rule = rule.id;
    r.severity = rule.severity;
    r.subject = subject;
    auto params = [this](std::string_view name) -> std::optional<Value> {
        auto it = parameters_.find(std::string(name));
        if (it == parameters_.end()) return std::nullopt;
        return it->second;
    };

    if (rule.when) {
        auto w = rule.when->evaluate(EvalEnv{facts, params, calendar_, as_of_});
        if (!w.ok()) {
            r.outcome = Outcome::error;
            r.message = safe_error(*rule.when, facts, w.error) + subject_key(subject);
            return r;
        }
        if (!w.value.is_null() && !w.value.is_bool()) {
            r.outcome = Outcome::error;
            r.message = std::string("the rule's `when` gave ") + w.value.type_name() + ", not true/false" + subject_key(subject);
            return r;
        }
        if (w.value.is_null() || !w.value.as_bool()) {
            r.outcome = Outcome::not_applicable;
            r.message = "not applicable: the rule's condition does not hold";
            return r;
        }
    }

    CheckOutcome out = evaluate_check(c, facts);
    r.outcome = out.outcome;
    if (out.outcome == Outcome::fail) {
        r.lapse = out.lapse;
        r.due = out.due;
    }
    if (r.outcome == Outcome::fail) r.message = render(rule, subject, facts, out);
    else if (r.outcome == Outcome::error) r.message = out.detail + subject_key(subject);
    else r.message = std::move(out.detail);
    if (!sensitive_.empty())
        for (const auto& name : sensitive_) out.evidence.erase(name);
    r.evidence = std::move(out.evidence);
    r.measure = std::move(out.measure);
    return r;
}

CheckOutcome RuleEngine::evaluate_check(const Compiled& c, const Facts& facts) const {
    const Rule& rule = *c.rule;
    if (rule.check_kind != "expression") {
        if (c.builtin) return evaluate_builtin(rule.check_kind, c.args, facts, calendar_, as_of_);
        if (plugin_) return plugin_->evaluate_check(rule.check_kind, CheckInput{facts, c.args, calendar_, as_of_});
        return CheckOutcome::with(Outcome::error, "the plugin does not provide check kind '" + rule.check_kind + "'");
    }
    auto params = [this](std::string_view name) -> std::optional<Value> {
        auto it = parameters_.find(std::string(name));
        if (it == parameters_.end()) return std::nullopt;
        return it->second;
    };
    auto e = rule.check_expr->evaluate(EvalEnv{facts, params, calendar_, as_of_});
    CheckOutcome out;
    if (!e.ok()) {
        out = CheckOutcome::with(Outcome::error, safe_error(*rule.check_expr, facts, e.error));
    } else if (e.value.is_null()) {
        out.outcome = c.on_null;
        out.detail = "a value it needs is not recorded";
    } else if (!e.value.is_bool()) {
        out = CheckOutcome::with(Outcome::error, std::string("the check expression gave ") + e.value.type_name() + ", not true/false");
    } else {
        out.outcome = e.value.as_bool() ? Outcome::pass : Outcome::fail;
    }
    // The facts an expression reads are its evidence.
    for (const auto& name : c.evidence_facts)
        if (const Value* v = facts.find(name)) out.evidence[name] = *v;
    return out;
}

std::string RuleEngine::render(const Rule& rule, const Subject& subject, const Facts& facts, const CheckOutcome& out) const {
    auto lookup = [&](const std::string& name) -> std::string {
        if (sensitive_.count(name)) return "[withheld]";
        if (name == "subject_id") return subject.id;
        if (name == "person_id") return subject.person_id;
        if (name == "team") return subject.team;
        if (name == "area") return subject.area;
        if (name == "detail") return out.detail;
        if (name == "rule") return rule.id;
        if (name == "as_of") return as_of_.iso();
        // A value that is not recorded reads so in a message, from the evidence as from the facts.
        if (auto it = out.evidence.find(name); it != out.evidence.end())
            return it->second.is_null() ? "not recorded" : it->second.to_string();
        if (const Value* v = facts.find(name)) return v->is_null() ? "not recorded" : v->to_string();
        if (auto p = rules_.parameter(name)) return p->to_string();
        return "{" + name + "}";
    };
    std::string msg;
    const std::string& t = rule.message;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '{') {
            auto close = t.find('}', i);
            if (close != std::string::npos) {
                msg += lookup(t.substr(i + 1, close - i - 1));
                i = close;
                continue;
            }
        }
        msg += t[i];
    }
    return msg;
}

}  // namespace sgaudit::rules
