#pragma once
// The small expression language of rule files: `when` filters and `expression` checks.
// It is deliberately closed (no loops, no assignment, no access to anything but facts,
// parameters, the calendar and the audit date) so a rule file can never do harm, and every
// failure is a value (ExprError or EvalResult::error), never an exception or a crash.
//
// Grammar, loosest binding first:
//   expr       := and ('or' and)*
//   and        := not ('and' not)*
//   not        := 'not' not | comparison
//   comparison := sum [ cmp sum | 'is' ['not'] 'null' | ['not'] 'in' '(' expr (',' expr)* ')' ]
//                 cmp is one of = == != <> < <= > >=; comparisons do not chain (a < b < c)
//   sum        := product (('+' | '-') product)*
//   product    := unary (('*' | '/') unary)*
//   unary      := '-' unary | primary
//   primary    := integer | decimal | 'text' | "text" | true | false | null
//               | name | $name | as_of | function '(' [expr (',' expr)*] ')' | '(' expr ')'
// Names, keywords and functions are lower case. Inside text a doubled quote stands for one
// ('it''s'). Nesting (brackets, calls, 'not', unary '-') is limited to max_nesting levels.
//
// Values follow SQL: null propagates through arithmetic, comparisons and functions;
// and/or/not use three-valued (Kleene) logic and short-circuit left to right, so
// `x is not null and f(x)` guards f. Types are strict: no text-to-date or text-to-number
// coercion. Columns in ExprError count characters (UTF-8 code points) from 1.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sgaudit/sdk/calendar.hpp"
#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/facts.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::rules {

struct ExprError {
    std::size_t column = 0;  // 1-based column within the expression text
    std::string message;
};

struct EvalEnv {
    const sgaudit::Facts& facts;                                              // identifiers resolve here
    std::function<std::optional<sgaudit::Value>(std::string_view)> parameter;  // $name resolves here
    const sgaudit::WorkingCalendar& calendar;
    sgaudit::Date as_of;  // the identifier `as_of`
};

struct EvalResult {
    sgaudit::Value value;
    std::string error;
    bool ok() const { return error.empty(); }
};

namespace detail {
struct Node;
}

class Expression {
public:
    static constexpr int max_nesting = 64;

    // Parses; on failure returns ExprError with the column of the offending token and a
    // plain-words message.
    static std::variant<Expression, ExprError> parse(std::string_view text);

    const std::string& text() const { return text_; }
    // Fact names referenced (deduplicated, sorted), excluding built-ins like as_of.
    const std::vector<std::string>& identifiers() const { return identifiers_; }
    // $parameter names referenced, without the $ (deduplicated, sorted).
    std::vector<std::string> parameters() const { return parameters_; }
    // Never throws.
    EvalResult evaluate(const EvalEnv& env) const;

    // The function names the language knows, for documentation and rule-file linting.
    static std::vector<std::string_view> function_names();

private:
    Expression(std::string text, std::shared_ptr<const detail::Node> root);

    std::string text_;
    // Shared and immutable, so an Expression is cheap to copy into every rule that uses it.
    std::shared_ptr<const detail::Node> root_;
    std::vector<std::string> identifiers_;
    std::vector<std::string> parameters_;
};

}  // namespace sgaudit::rules
