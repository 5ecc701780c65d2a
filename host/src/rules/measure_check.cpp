// The built-in `measure` check kind: an indicator's figure (docs/rules.md, "Checks";
// docs/indicators.md). The plugin hands over the numerator and denominator it counted, and the
// published comparators for the same period, as facts; the rule says the unit, the polarity and
// how far worse than the comparator is still amber.
#include <cmath>
#include <cstdio>

#include "sgaudit/rules/check_kinds.hpp"
#include "sgaudit/util/figure_text.hpp"

namespace sgaudit::rules {
namespace {

struct Reader {
    const std::map<std::string, Value>& args;
    const Facts& facts;
    std::string error;

    std::string text(const std::string& arg) const {
        auto a = args.find(arg);
        return a == args.end() ? std::string() : a->second.as_text();
    }
    // The fact an argument names: its number, nothing when it is not recorded or not given.
    std::optional<double> number(const std::string& arg) {
        auto a = args.find(arg);
        if (a == args.end()) return std::nullopt;
        const std::string& name = a->second.as_text();
        if (const auto* e = facts.error(name)) {
            if (error.empty()) error = *e;
            return std::nullopt;
        }
        const Value* v = facts.find(name);
        if (!v) {
            if (error.empty()) error = "the plugin supplied no fact '" + name + "'";
            return std::nullopt;
        }
        if (v->is_null()) return std::nullopt;
        if (!v->is_number() || !std::isfinite(v->as_number())) {
            if (error.empty()) error = "fact '" + name + "' is " + v->type_name() + ", not a number";
            return std::nullopt;
        }
        return v->as_number();
    }
};

// Red, amber or green: at least as good as the comparator is green; worse by no more than
// `amber_within` (in the value's unit) is amber; worse by more is red.
std::string rag_of(double value, double comparator, const std::string& polarity, double amber_within) {
    const double worse_by = polarity == "higher_is_better" ? comparator - value : value - comparator;
    if (worse_by <= 0) return "green";
    return worse_by <= amber_within ? "amber" : "red";
}

}  // namespace

CheckOutcome evaluate_measure(const std::map<std::string, Value>& args, const Facts& facts) {
    Reader r{args, facts, {}};
    Measure m;
    m.unit = r.text("unit");
    m.polarity = r.text("polarity");
    if (auto a = args.find("period"); a != args.end())
        if (const Value* v = facts.find(a->second.as_text()); v && !v->is_null()) m.period = v->to_string();
    auto numerator = r.number("numerator");
    auto denominator = r.number("denominator");
    for (const char* group : {"statistical_neighbours", "england"})
        if (auto b = r.number(group)) {
            // A comparator that cannot be one (a percentage of 643, a rate below 0) is a mistake in
            // the published figures as written, never a judgement.
            if (*b < 0 || (m.unit == "percent" && *b > 100)) {
                if (r.error.empty())
                    r.error = std::string("the ") + (std::string(group) == "england" ? "England" : "statistical neighbours") + " figure " +
                              util::count_text(*b) + " given for " + (m.period.empty() ? std::string("this period") : m.period) + " cannot be " +
                              (m.unit == "percent" ? "a percentage" : "a figure of this indicator") + ": correct it in the benchmark file";
                continue;
            }
            m.benchmarks.emplace_back(group, *b);
        }
    if (!r.error.empty()) return CheckOutcome::with(Outcome::error, r.error);
    if (!numerator || !denominator)
        return CheckOutcome::with(Outcome::not_applicable,
                                  std::string("no value: its ") + (!denominator ? "denominator" : "numerator") + " is not recorded");
    if (*numerator < 0 || *denominator < 0)
        return CheckOutcome::with(Outcome::error, "a count below 0 was handed over (" + util::count_text(*numerator) + " of " + util::count_text(*denominator) + ")");
    if (m.unit == "percent" && *numerator > *denominator)
        return CheckOutcome::with(Outcome::error, "the numerator (" + util::count_text(*numerator) + ") is more than the denominator (" +
                                                       util::count_text(*denominator) + "): a share cannot be over 100%");
    m.numerator = *numerator;
    m.denominator = *denominator;
    CheckOutcome out;
    if (*denominator == 0) {
        out.outcome = Outcome::not_applicable;
        out.detail = "no value: nothing to count (the denominator is 0)";
        out.measure = std::move(m);
        return out;
    }
    const double value = *numerator / *denominator * unit_multiplier(m.unit);
    m.value = value;
    std::string detail = util::figure_text(value, m.unit) + " (" + util::count_text(*numerator) + " / " + util::count_text(*denominator) + ")";
    const std::string against = args.count("judge_against") ? r.text("judge_against") : "statistical_neighbours";
    const double* comparator = nullptr;
    for (const auto& [group, figure] : m.benchmarks)
        if (group == against) comparator = &figure;
    const std::string group_name = against == "england" ? "England" : "statistical neighbours";
    if (m.polarity == "neither") {
        out.outcome = Outcome::not_applicable;
        detail += comparator ? "; " + group_name + " " + util::figure_text(*comparator, m.unit) + " (neither higher nor lower is better: not judged)"
                             : "; not judged (neither higher nor lower is better)";
    } else if (!comparator) {
        out.outcome = Outcome::not_applicable;
        detail += "; not judged: no " + group_name + " figure" + (m.period.empty() ? "" : " for " + m.period);
    } else {
        auto within = args.find("amber_within");
        const double amber = within == args.end() ? 0.0 : within->second.as_number();
        m.judged_against = against;
        m.rag = rag_of(value, *comparator, m.polarity, amber);
        out.outcome = m.rag == "red" ? Outcome::fail : Outcome::pass;
        detail += "; " + group_name + " " + util::figure_text(*comparator, m.unit) + ": " + m.rag;
    }
    out.detail = std::move(detail);
    out.measure = std::move(m);
    return out;
}

}  // namespace sgaudit::rules
