#pragma once
// The built-in typed checks a rule can use ("within N working days from A to B", ...):
// their argument schema, used to validate rule files, and their evaluation, which applies the
// outcome conventions of docs/domain.md in one place.
#include <map>
#include <string>
#include <vector>

#include "sgaudit/sdk/context.hpp"

namespace sgaudit::rules {

enum class ArgRole {
    fact_date,   // the name of a date fact
    fact_dates,  // the name of a list-of-dates fact (or a date fact, read as a list of one)
    fact_any,    // the name of any fact
    fact_number, // the name of a number fact
    number,      // a whole number of days or months, or "$parameter"
    amount,      // any number not below 0 (a tolerance), or "$parameter"
    untyped,     // a plugin's own kind's argument with no declared type: not checked
    expression,  // expression text
    choice,      // one of a fixed set of words
};

struct ArgSpec {
    std::string name;
    ArgRole role;
    bool required;
    std::vector<std::string> choices = {};
};

struct CheckKindSpec {
    std::string name;
    std::string summary;
    std::vector<ArgSpec> args;
    std::vector<std::string> evidence;  // evidence keys it produces, usable as {placeholders}
    const ArgSpec* find(const std::string& arg) const;
};

const std::vector<CheckKindSpec>& builtin_check_kinds();

// A plugin's own check kind as a spec, its arguments' roles from CheckDecl::arg_types ("date",
// "dates", "number", "fact", "count", "amount"; none given: untyped). `unknown` names a type that
// is none of these.
CheckKindSpec spec_of_plugin_kind(const std::string& name, const std::vector<std::string>& required,
                                  const std::vector<std::string>& optional, const std::map<std::string, std::string>& types,
                                  std::string& unknown);
const CheckKindSpec* find_builtin_check_kind(const std::string& name);

// Evaluates a built-in typed check (not `expression`, which the engine handles). `args`
// holds fact names as text and numbers as resolved values.
// The built-in `measure` (measure_check.cpp): an indicator's figure from a numerator and a
// denominator, judged red, amber or green against a published comparator.
CheckOutcome evaluate_measure(const std::map<std::string, Value>& args, const Facts& facts);

CheckOutcome evaluate_builtin(const std::string& kind, const std::map<std::string, Value>& args,
                              const Facts& facts, const WorkingCalendar& calendar, Date as_of);

}  // namespace sgaudit::rules
