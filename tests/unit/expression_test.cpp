// Unit tests for the rule expression language (sgaudit/rules/expression.hpp).
//
// Every expected value is worked by hand in the comments (calendar dates from a printed
// calendar, bank holidays from the gov.uk list), and every expected error column was counted
// by hand from the expression text; none was copied from running the code.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sgaudit/rules/expression.hpp"
#include "sgaudit/sdk/calendar.hpp"
#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/facts.hpp"
#include "sgaudit/sdk/value.hpp"

namespace doctest {
template <>
struct StringMaker<sgaudit::Value> {
    static String convert(const sgaudit::Value& v) {
        return (std::string(v.type_name()) + " " + v.to_string()).c_str();
    }
};
}  // namespace doctest

namespace {

using sgaudit::Date;
using sgaudit::DateList;
using sgaudit::Facts;
using sgaudit::Null;
using sgaudit::Value;
using sgaudit::WorkingCalendar;
using sgaudit::rules::EvalEnv;
using sgaudit::rules::EvalResult;
using sgaudit::rules::ExprError;
using sgaudit::rules::Expression;

// A typo in a test date is a test bug, so fail loudly.
Date D(std::string_view s) {
    auto d = Date::parse(s);
    if (!d) throw std::invalid_argument("bad test date: " + std::string(s));
    return *d;
}

// England & Wales bank holidays from December 2008 to April 2009, which are all of them in
// that span, so the coverage claim below is true:
//   Christmas Thu 25 Dec 2008, Boxing Day Fri 26 Dec 2008, New Year Thu 1 Jan 2009,
//   Easter Sunday 12 Apr 2009 -> Good Friday 10 Apr, Easter Monday 13 Apr.
// (The next one, the early May bank holiday, is Mon 4 May 2009, outside the span.)
WorkingCalendar test_calendar() {
    return WorkingCalendar("test-2008-09",
                           {D("2008-12-25"), D("2008-12-26"), D("2009-01-01"), D("2009-04-10"), D("2009-04-13")},
                           D("2008-12-01"), D("2009-04-30"));
}

struct Fixture {
    Facts facts;
    WorkingCalendar calendar = test_calendar();
    std::map<std::string, Value, std::less<>> params;
    Date as_of = D("2009-03-31");  // a Tuesday, the last day of reporting year 2008/09

    Fixture() {
        facts.set("plan_start", D("2008-12-24"));
        facts.set("strategy", D("2008-12-24"));
        facts.set("category", "Neglect");
        facts.set("visits", DateList{D("2009-01-12"), D("2008-12-29"), D("2009-02-02")});
        facts.set("no_visits", DateList{});
        facts.set("seen_alone", Null{});
        facts.set("bad_text", "31/03/2009");
        facts.set("dob_text", "2009-01-05T10:00:00");
        facts.set_date("dob", Value("2009-13-45"), "ssd_person.pers_dob");
        facts.set_error("blank", "");
        params.emplace("visit_days", Value(10));
        params.emplace("min_age", Value(18));
    }

    EvalEnv env() const {
        auto lookup = [this](std::string_view name) -> std::optional<Value> {
            auto it = params.find(name);
            if (it == params.end()) return std::nullopt;
            return it->second;
        };
        return EvalEnv{facts, lookup, calendar, as_of};
    }

    EvalResult run(std::string_view text) const {
        auto parsed = Expression::parse(text);
        if (const auto* err = std::get_if<ExprError>(&parsed)) {
            FAIL_CHECK("unexpected parse error in '" << text << "' at column " << err->column << ": "
                                                      << err->message);
            return EvalResult{Null{}, "parse error"};
        }
        return std::get<Expression>(parsed).evaluate(env());
    }

    Value value(std::string_view text) const {
        EvalResult r = run(text);
        CHECK_MESSAGE(r.ok(), text << " failed: " << r.error);
        return r.value;
    }

    std::string error(std::string_view text) const {
        EvalResult r = run(text);
        CHECK_MESSAGE(!r.ok(), text << " unexpectedly gave " << r.value.to_string());
        return r.error;
    }
};

Expression parse_ok(std::string_view text) {
    auto parsed = Expression::parse(text);
    if (const auto* err = std::get_if<ExprError>(&parsed))
        FAIL("unexpected parse error in '" << text << "' at column " << err->column << ": " << err->message);
    return std::get<Expression>(std::move(parsed));
}

ExprError parse_error(std::string_view text) {
    auto parsed = Expression::parse(text);
    const auto* err = std::get_if<ExprError>(&parsed);
    if (!err) FAIL("'" << text << "' parsed but should not have");
    return *err;
}

const Value null_value{Null{}};

}  // namespace

TEST_CASE("expression: literals and arithmetic with the usual precedence") {
    Fixture f;
    CHECK(f.value("42") == Value(42));
    CHECK(f.value("2.5") == Value(2.5));
    CHECK(f.value("'it''s'") == Value("it's"));  // a doubled quote is one quote
    CHECK(f.value("\"double\"") == Value("double"));
    CHECK(f.value("true") == Value(true));
    CHECK(f.value("false") == Value(false));
    CHECK(f.value("null") == null_value);

    CHECK(f.value("1 + 2 * 3") == Value(7));        // 2*3 first, then 1+6
    CHECK(f.value("(1 + 2) * 3") == Value(9));
    CHECK(f.value("2 - 3 - 4") == Value(-5));       // left to right: (2-3)-4
    CHECK(f.value("10 - 2 * 3 - 1") == Value(3));   // 10-6-1
    CHECK(f.value("12 / 2 / 3") == Value(2.0));     // (12/2)/3; division always gives a decimal
    CHECK(f.value("7 / 2") == Value(3.5));
    CHECK(f.value("1 + 2.5") == Value(3.5));        // an int meeting a decimal becomes a decimal
    CHECK(f.value("1.5 * 2") == Value(3.0));
    CHECK(f.value("-2 * 3") == Value(-6));
    CHECK(f.value("2 * -3") == Value(-6));
    CHECK(f.value("- - 4") == Value(4));
    CHECK(f.value("--4") == Value(4));
}

TEST_CASE("expression: date arithmetic and date functions") {
    Fixture f;
    CHECK(f.value("date('2008-12-31') + 1") == Value(D("2009-01-01")));  // over the year end
    CHECK(f.value("date('2008-03-01') - 1") == Value(D("2008-02-29")));  // 2008 is a leap year
    CHECK(f.value("1 + date('2009-02-28')") == Value(D("2009-03-01")));  // 2009 is not
    CHECK(f.value("date('2009-03-01') - date('2009-02-01')") == Value(28));
    CHECK(f.value("as_of - date('2009-03-01')") == Value(30));  // 31 Mar - 1 Mar
    CHECK(f.value("as_of") == Value(D("2009-03-31")));

    // 31 Jan + 28 days = 28 Feb 2009, + 2 more = 2 Mar.
    CHECK(f.value("add_days(date('2009-01-31'), 30)") == Value(D("2009-03-02")));
    CHECK(f.value("add_days(date('2009-01-31'), -31)") == Value(D("2008-12-31")));
    // A decimal with no fraction counts as whole: 31 Mar + 2 = 2 Apr.
    CHECK(f.value("add_days(as_of, 4 / 2)") == Value(D("2009-04-02")));

    // Month-end clamping: 30 Nov + 3 months lands in February and clamps to its last day.
    CHECK(f.value("add_months(date('2008-11-30'), 3)") == Value(D("2009-02-28")));
    CHECK(f.value("add_months(date('2007-11-30'), 3)") == Value(D("2008-02-29")));
    CHECK(f.value("add_months(date('2009-03-31'), -1)") == Value(D("2009-02-28")));
    CHECK(f.value("add_months(date('2008-08-31'), 6)") == Value(D("2009-02-28")));
    CHECK(f.value("add_months(date('2008-12-24'), 3)") == Value(D("2009-03-24")));

    // Born 29 Feb 2000: on 28 Feb 2009 the birthday has not been reached (8); on 1 Mar it has (9).
    CHECK(f.value("age(date('2000-02-29'), date('2009-02-28'))") == Value(8));
    CHECK(f.value("age(date('2000-02-29'), date('2009-03-01'))") == Value(9));
    // 31 Jan -> 29 Feb 2008: one calendar month apart, but day 29 < 31, so 0 completed months.
    CHECK(f.value("age_months(date('2008-01-31'), date('2008-02-29'))") == Value(0));
    // 15 Jan 2008 -> 15 Mar 2009: 12 + 2 months, day 15 reached.
    CHECK(f.value("age_months(date('2008-01-15'), date('2009-03-15'))") == Value(14));

    // 24 Dec -> 31 Dec is 7 days, then 5 more to 5 Jan.
    CHECK(f.value("days_between(date('2008-12-24'), date('2009-01-05'))") == Value(12));
    CHECK(f.value("days_between(date('2009-01-05'), date('2008-12-24'))") == Value(-12));

    CHECK(f.value("year(date('2009-03-31'))") == Value(2009));
    CHECK(f.value("date(dob_text)") == Value(D("2009-01-05")));  // data may carry a time part
}

TEST_CASE("expression: working days across Christmas and Easter") {
    Fixture f;
    // 24 Dec 2008 is a Wednesday. Days after it up to Mon 5 Jan:
    //   Thu 25 hol, Fri 26 hol, Sat 27, Sun 28, Mon 29 (1), Tue 30 (2), Wed 31 (3),
    //   Thu 1 Jan hol, Fri 2 (4), Sat 3, Sun 4, Mon 5 (5).
    CHECK(f.value("working_days(date('2008-12-24'), date('2009-01-05'))") == Value(5));
    CHECK(f.value("working_days(date('2009-01-05'), date('2008-12-24'))") == Value(-5));
    CHECK(f.value("working_days(date('2008-12-24'), date('2008-12-24'))") == Value(0));
    // Continuing the count: Tue 6 (6), Wed 7 (7).
    CHECK(f.value("add_working_days(date('2008-12-24'), 7)") == Value(D("2009-01-07")));
    CHECK(f.value("add_working_days(date('2008-12-24'), 0)") == Value(D("2008-12-24")));

    // Easter 2009: after Thu 9 Apr come Good Friday 10 (hol), Sat 11, Sun 12, Easter Monday
    // 13 (hol), Tue 14 (1).
    CHECK(f.value("working_days(date('2009-04-09'), date('2009-04-14'))") == Value(1));
    CHECK(f.value("add_working_days(date('2009-04-09'), 1)") == Value(D("2009-04-14")));

    // With a parameter: 10 working days after plan_start 24 Dec 2008 continue the count above:
    //   Thu 8 Jan (8), Fri 9 (9), Mon 12 (10).
    CHECK(f.value("add_working_days(plan_start, $visit_days)") == Value(D("2009-01-12")));

    // ICPC within 15 working days of the strategy discussion on 24 Dec 2008:
    //   ... Mon 12 (10), Tue 13 (11), Wed 14 (12), Thu 15 (13), Fri 16 (14), Mon 19 Jan (15).
    // A Saturday (17 Jan) before the bound is on time; Tue 20 Jan is late.
    f.facts.set("icpc", D("2009-01-19"));
    CHECK(f.value("icpc <= add_working_days(strategy, 15)") == Value(true));
    f.facts.set("icpc", D("2009-01-17"));
    CHECK(f.value("icpc <= add_working_days(strategy, 15)") == Value(true));
    f.facts.set("icpc", D("2009-01-20"));
    CHECK(f.value("icpc <= add_working_days(strategy, 15)") == Value(false));
}

TEST_CASE("expression: the calendar must cover working-day arithmetic") {
    Fixture f;
    const std::string span = " (it covers 2008-12-01 to 2009-04-30)";
    CHECK(f.error("working_days(date('2008-11-30'), date('2008-12-05'))") ==
          "calendar 'test-2008-09' does not cover 2008-11-30" + span);
    CHECK(f.error("working_days(date('2008-12-05'), date('2009-05-01'))") ==
          "calendar 'test-2008-09' does not cover 2009-05-01" + span);
    // Tue 28 Apr 2009: Wed 29 (1), Thu 30 (2) is still covered.
    CHECK(f.value("add_working_days(date('2009-04-28'), 2)") == Value(D("2009-04-30")));
    // A third working day cannot fall within the two days left, whatever the holidays.
    CHECK(f.error("add_working_days(date('2009-04-28'), 3)") ==
          "calendar 'test-2008-09' does not cover the date 3 working days after 2009-04-28" + span);
    // A huge count fails at once instead of walking the calendar.
    CHECK(f.error("add_working_days(date('2009-04-28'), 1000000000000)") ==
          "calendar 'test-2008-09' does not cover the date 1000000000000 working days after 2009-04-28" + span);
    // Fri 24 Apr: Mon 27 (1), Tue 28 (2), Wed 29 (3), Thu 30 (4), Fri 1 May (5) - uncovered.
    CHECK(f.error("add_working_days(date('2009-04-24'), 5)") ==
          "calendar 'test-2008-09' does not cover 2009-05-01" + span);
    CHECK(f.error("add_working_days(as_of, -1)") == "'add_working_days' needs a count of 0 or more, got -1");
}

TEST_CASE("expression: comparisons, in and is null") {
    Fixture f;
    CHECK(f.value("'abc' < 'abd'") == Value(true));
    CHECK(f.value("'b' > 'a'") == Value(true));
    CHECK(f.value("1 = 1.0") == Value(true));
    CHECK(f.value("2 == 2") == Value(true));
    CHECK(f.value("2 <> 3") == Value(true));
    CHECK(f.value("2 != 2") == Value(false));
    CHECK(f.value("3 >= 3") == Value(true));
    CHECK(f.value("3 > 3") == Value(false));
    CHECK(f.value("2.5 <= 2") == Value(false));
    CHECK(f.value("true = true") == Value(true));
    CHECK(f.value("true != false") == Value(true));
    CHECK(f.value("date('2009-01-01') < date('2009-01-02')") == Value(true));
    CHECK(f.value("category = 'Neglect'") == Value(true));

    CHECK(f.value("'Neglect' in ('Neglect', 'Multiple')") == Value(true));
    CHECK(f.value("category in ('Physical abuse', 'Multiple')") == Value(false));
    CHECK(f.value("3 in (1, 2)") == Value(false));
    CHECK(f.value("1 in (1, null)") == Value(true));    // a match decides, whatever the null
    CHECK(f.value("3 in (1, null)") == null_value);     // the null might have been 3
    CHECK(f.value("null in (1, 2)") == null_value);
    CHECK(f.value("3 not in (1, 2)") == Value(true));
    CHECK(f.value("1 not in (1, 2)") == Value(false));
    CHECK(f.value("3 not in (1, null)") == null_value);
    CHECK(f.value("2 in (1 + 1)") == Value(true));
    CHECK(f.value("as_of in (date('2009-03-31'))") == Value(true));
    CHECK(f.value("in(2, 1, 2, 3)") == Value(true));
    CHECK(f.value("in(5, 1)") == Value(false));

    CHECK(f.value("null is null") == Value(true));
    CHECK(f.value("null is not null") == Value(false));
    CHECK(f.value("0 is null") == Value(false));
    CHECK(f.value("seen_alone is null") == Value(true));
    CHECK(f.value("plan_start is not null") == Value(true));
    CHECK(f.value("is_null(null)") == Value(true));
    CHECK(f.value("is_null(0)") == Value(false));

    // not < comparison < arithmetic; and binds tighter than or.
    CHECK(f.value("not 1 = 2") == Value(true));                  // not (1 = 2)
    CHECK(f.value("1 + 1 = 2 and 2 * 2 = 4") == Value(true));
    CHECK(f.value("not true or true") == Value(true));           // (not true) or true
    CHECK(f.value("not (true or true)") == Value(false));
    CHECK(f.value("true or false and false") == Value(true));    // true or (false and false)
    CHECK(f.value("false and false or true") == Value(true));    // (false and false) or true
}

TEST_CASE("expression: three-valued logic truth table") {
    Fixture f;
    // Kleene logic, worked by hand: false dominates 'and', true dominates 'or', and otherwise
    // an unknown operand makes the result unknown.
    struct Row {
        const char* a;
        const char* b;
        Value a_and_b;
        Value a_or_b;
    };
    const Row rows[] = {
        {"true", "true", true, true},          {"true", "false", false, true},
        {"true", "null", null_value, true},    {"false", "true", false, true},
        {"false", "false", false, false},      {"false", "null", false, null_value},
        {"null", "true", null_value, true},    {"null", "false", false, null_value},
        {"null", "null", null_value, null_value},
    };
    for (const Row& row : rows) {
        const std::string a = row.a, b = row.b;
        CAPTURE(a);
        CAPTURE(b);
        CHECK(f.value(a + " and " + b) == row.a_and_b);
        CHECK(f.value(a + " or " + b) == row.a_or_b);
    }
    CHECK(f.value("not true") == Value(false));
    CHECK(f.value("not false") == Value(true));
    CHECK(f.value("not null") == null_value);
    // Long chains: one false decides 'and' even after a null; one true decides 'or'.
    CHECK(f.value("null and true and false") == Value(false));
    CHECK(f.value("null or false or true") == Value(true));
    CHECK(f.value("true and null and true") == null_value);
}

TEST_CASE("expression: null propagates through arithmetic, comparisons and functions") {
    Fixture f;
    for (const char* text :
         {"null + 1", "1 - null", "null * 2", "2 / null", "as_of + null", "null - as_of", "-null", "null = null",
          "1 < null", "null <> 'a'", "add_days(null, 1)", "add_days(as_of, null)", "add_months(null, 1)",
          "working_days(null, as_of)", "add_working_days(plan_start, null)", "age(null, as_of)",
          "age_months(as_of, null)", "days_between(null, as_of)", "year(null)", "count(null)", "min(null)",
          "max(1, null)", "date(null)", "lower(null)", "upper(null)", "seen_alone = true",
          "null + 'abc'"}) {  // null wins over the type mismatch it would otherwise meet
        CAPTURE(text);
        CHECK(f.value(text) == null_value);
    }
    CHECK(f.value("coalesce(null, 3)") == Value(3));
    CHECK(f.value("coalesce(null, null)") == null_value);
    CHECK(f.value("coalesce(seen_alone, false)") == Value(false));
    CHECK(f.value("coalesce(null, null, as_of)") == Value(D("2009-03-31")));
    // A null operand does not hide an error in another operand.
    CHECK(f.error("null + missing_fact") == "unknown fact 'missing_fact'");
}

TEST_CASE("expression: lists, min, max, count and text functions") {
    Fixture f;
    // visits = {12 Jan 2009, 29 Dec 2008, 2 Feb 2009}
    CHECK(f.value("count(visits)") == Value(3));
    CHECK(f.value("count(no_visits)") == Value(0));
    CHECK(f.value("min(visits)") == Value(D("2008-12-29")));
    CHECK(f.value("max(visits)") == Value(D("2009-02-02")));
    CHECK(f.value("min(no_visits)") == null_value);
    CHECK(f.value("working_days(plan_start, min(visits))") == Value(1));  // Wed 24 Dec -> Mon 29 Dec
    CHECK(f.value("min(3, 1.5, 2)") == Value(1.5));
    CHECK(f.value("max(3, 1.5, 2)") == Value(3));  // the winner keeps its own type
    CHECK(f.value("max('a', 'c', 'b')") == Value("c"));
    CHECK(f.value("min(date('2009-01-02'), date('2009-01-01'))") == Value(D("2009-01-01")));
    CHECK(f.value("lower('AbC')") == Value("abc"));
    CHECK(f.value("upper('AbC')") == Value("ABC"));
    CHECK(f.value("coalesce(1, missing_fact)") == Value(1));  // later fallbacks are not looked at
}

TEST_CASE("expression: facts, parameters and as_of") {
    Fixture f;
    const std::string text =
        "age(dob, as_of) >= $min_age and plan_start < as_of or dob is null or count(visits) > $min_age";
    Expression e = parse_ok(text);
    CHECK(e.text() == text);
    CHECK(e.identifiers() == std::vector<std::string>{"dob", "plan_start", "visits"});
    CHECK(e.parameters() == std::vector<std::string>{"min_age"});

    Expression none = parse_ok("as_of > date('2009-01-01') and $b > $a");
    CHECK(none.identifiers().empty());  // as_of is built in, not a fact
    CHECK(none.parameters() == std::vector<std::string>{"a", "b"});

    Expression copy = parse_ok("plan_start + $visit_days");
    Expression copied = copy;
    CHECK(copied.evaluate(f.env()).value == Value(D("2009-01-03")));  // 24 Dec + 10 calendar days

    CHECK(f.error("$nope > 1") == "unknown parameter '$nope'");

    // An environment without a parameter lookup at all.
    EvalEnv bare{f.facts, {}, f.calendar, f.as_of};
    CHECK(parse_ok("$visit_days").evaluate(bare).error == "unknown parameter '$visit_days'");

    // A lookup that throws still does not make evaluate throw.
    EvalEnv throwing{f.facts, [](std::string_view) -> std::optional<Value> { throw std::runtime_error("boom"); },
                     f.calendar, f.as_of};
    EvalResult r = parse_ok("$x").evaluate(throwing);
    CHECK(r.error == "evaluation failed: boom");
    CHECK_FALSE(r.ok());
}

TEST_CASE("expression: unknown facts and facts recorded as errors") {
    Fixture f;
    CHECK(f.error("missing_fact > 1") == "unknown fact 'missing_fact'");
    // The reader names the column but never repeats the value (2009-13-45) from the record.
    const std::string dob_error = "ssd_person.pers_dob is not a date (YYYY-MM-DD)";
    CHECK(f.error("age(dob, as_of) >= 18") == dob_error);
    CHECK(f.error("dob is null") == dob_error);  // malformed is not the same as missing
    CHECK(f.error("coalesce(dob, as_of)") == dob_error);
    CHECK(f.error("blank = 1") == "fact 'blank' could not be read");

    // and/or stop at the first operand that decides the result; later operands are not read.
    CHECK(f.value("false and dob > as_of") == Value(false));
    CHECK(f.value("true or dob > as_of") == Value(true));
    CHECK(f.error("dob > as_of and false") == dob_error);
    CHECK(f.error("null and dob > as_of") == dob_error);  // a null does not decide 'and'
}

TEST_CASE("expression: type errors name the operator and the types") {
    Fixture f;
    CHECK(f.error("'abc' + 1") == "cannot apply '+' to text and number");
    CHECK(f.error("as_of + as_of") == "cannot apply '+' to date and date");
    CHECK(f.error("as_of + 1.5") == "cannot apply '+' to date and number (days must be a whole number)");
    CHECK(f.error("1 - as_of") == "cannot apply '-' to number and date");
    CHECK(f.error("date('2009-01-01') = '2009-01-01'") ==
          "cannot compare date with text using '=' (write dates as date('YYYY-MM-DD'))");
    CHECK(f.error("'2009-01-01' < date('2009-01-01')") ==
          "cannot compare text with date using '<' (write dates as date('YYYY-MM-DD'))");
    CHECK(f.error("date('2009-01-01') < 5") == "cannot compare date with number using '<'");
    CHECK(f.error("true < false") ==
          "cannot compare boolean with boolean using '<' (true/false values can only be compared with '=' or '!=')");
    CHECK(f.error("visits = visits") == "cannot compare dates with dates using '='");
    CHECK(f.error("3 in (1, 'a')") == "cannot compare number with text using 'in'");
    CHECK(f.error("1 in (1, 'a')") == "cannot compare number with text using 'in'");  // even after a match
    CHECK(f.error("3 not in ('a')") == "cannot compare number with text using 'not in'");
    CHECK(f.error("1 and true") == "'and' needs true/false values, got number");
    CHECK(f.error("false or 'yes'") == "'or' needs true/false values, got text");
    CHECK(f.error("not 'x'") == "'not' needs a true/false value, got text");
    CHECK(f.error("-'x'") == "cannot apply unary '-' to text");
    CHECK(f.error("1 / 0") == "division by zero");
    CHECK(f.error("1.5 / 0") == "division by zero");
    CHECK(f.error("9223372036854775807 + 1") == "the result of '+' is too large");
    CHECK(f.error("add_days('2009-01-01', 1)") == "'add_days' needs a date as argument 1, got text");
    CHECK(f.error("add_days(as_of, 1.5)") == "'add_days' needs a whole number as argument 2, got 1.5");
    CHECK(f.error("add_days(as_of, 100000000)") == "'add_days' goes outside the years 0001-9999");
    CHECK(f.error("add_months(as_of, 120000)") == "'add_months' goes outside the years 0001-9999");
    CHECK(f.error("working_days(as_of, 5)") == "'working_days' needs a date as argument 2, got number");
    CHECK(f.error("count(as_of)") == "'count' needs a list of dates as argument 1, got date");
    CHECK(f.error("min(5)") == "'min' needs a list of dates as argument 1, got number");
    CHECK(f.error("min(1, as_of)") == "cannot compare date with number using 'min'");
    CHECK(f.error("date(5)") == "'date' needs text as argument 1, got number");
    CHECK(f.error("date(bad_text)") == "'date' could not read '31/03/2009' as a date (YYYY-MM-DD)");
    CHECK(f.error("lower(5)") == "'lower' needs text as argument 1, got number");
}

TEST_CASE("expression: nan and infinity make a comparison or arithmetic an error, never true or false") {
    // Rule files and --set refuse nan and inf, but a plugin's fact may still carry one. Before,
    // numbers compared as (x > y) - (x < y), which is 0 ("equal") for nan: `2 <= $nan` was true.
    Fixture f;
    f.params.emplace("nan", Value(std::nan("")));
    f.params.emplace("inf", Value(HUGE_VAL));
    f.params.emplace("minus_inf", Value(-HUGE_VAL));
    f.facts.set("nan_fact", Value(std::nan("")));
    const std::string nan = "cannot use nan (not a number) with ";
    const std::string inf = "cannot use an infinite number with ";
    CHECK(f.error("2 <= $nan") == nan + "'<='");
    CHECK(f.error("$nan <= 2") == nan + "'<='");
    CHECK(f.error("$nan = $nan") == nan + "'='");
    CHECK(f.error("1 != nan_fact") == nan + "'!='");
    CHECK(f.error("nan_fact > 1") == nan + "'>'");
    CHECK(f.error("not (nan_fact < 1)") == nan + "'<'");  // 'not' does not turn the error into true
    CHECK(f.error("nan_fact >= 1 or true") == nan + "'>='");  // evaluated left to right: the error comes first
    CHECK(f.error("$inf > 1") == inf + "'>'");
    CHECK(f.error("$minus_inf < 1") == inf + "'<'");
    CHECK(f.error("1 in (2, $nan)") == nan + "'in'");
    CHECK(f.error("1 not in ($inf)") == inf + "'not in'");
    CHECK(f.error("max(1, $nan)") == nan + "'max'");
    CHECK(f.error("min($inf, 1)") == inf + "'min'");
    CHECK(f.error("$nan + 1") == nan + "'+'");
    CHECK(f.error("1 - $inf") == inf + "'-'");
    CHECK(f.error("2 * nan_fact") == nan + "'*'");
    CHECK(f.error("$nan / 0") == nan + "'/'");
    CHECK(f.error("-$nan") == nan + "'-'");
    CHECK(f.error("add_days(as_of, $nan)") == "'add_days' needs a whole number as argument 2, got nan");
    CHECK(f.error("add_days(as_of, $inf)") == "'add_days' needs a whole number as argument 2, got inf");
    // Division by zero stays an error, and null still propagates past the check.
    CHECK(f.error("$visit_days / 0") == "division by zero");
    CHECK(f.error("0 / 0") == "division by zero");
    CHECK(f.value("null < $nan") == null_value);
}

TEST_CASE("expression: syntax errors give the column and say what is wrong") {
    struct Case {
        const char* text;
        std::size_t column;
        const char* message;
    };
    // Columns counted by hand, 1 = the first character.
    const Case cases[] = {
        {"(a = 1", 7, "expected ')' to close '(' opened at column 1"},  // end of text is column 7
        {"x > 1 and (y < 2 or z", 22, "expected ')' to close '(' opened at column 11"},
        {"wrking_days(a, b) > 3", 1, "unknown function 'wrking_days' (did you mean 'working_days'?)"},
        {"cout(visits) > 2", 1, "unknown function 'cout' (did you mean 'count'?)"},
        {"frobnicate(x)", 1, "unknown function 'frobnicate'"},
        {"x > 1 and add_months(x) < as_of", 11, "'add_months' takes 2 arguments, got 1"},
        {"coalesce(x)", 1, "'coalesce' takes at least 2 arguments, got 1"},
        {"year()", 1, "'year' takes 1 argument, got 0"},
        {"date('2009-02-30') < as_of", 6, "'2009-02-30' is not a valid date (write dates as date('YYYY-MM-DD'))"},
        {"as_of > date('31/03/2009')", 14, "'31/03/2009' is not a valid date (write dates as date('YYYY-MM-DD'))"},
        {"date('2009-03-31 10:00')", 6,
         "'2009-03-31 10:00' is not a valid date (write dates as date('YYYY-MM-DD'))"},
        {"x = 'abc", 5, "unterminated text: no closing ' to match the one at column 5"},
        {"x # 1", 3, "unexpected character '#'"},
        {"'\xC3\xA9' = #", 7, "unexpected character '#'"},  // 'é' is three characters, four bytes
        {"\xC3\xA9", 1, "unexpected character '\xC3\xA9'"},
        {"x && y", 3, "unexpected '&' (write 'and')"},
        {"x ! y", 3, "unexpected '!' (write 'not', or '!=' for 'not equal')"},
        {"a < b < c", 7, "comparisons cannot be chained; join them with 'and' (a < b and b < c)"},
        {"x is not null is null", 15, "comparisons cannot be chained; join them with 'and' (a < b and b < c)"},
        {"", 1, "the expression is empty"},
        {"   ", 1, "the expression is empty"},
        {"1 +", 4, "expected a value, found the end of the expression"},
        {"x = and", 5, "expected a value, found 'and'"},
        {"x = 1)", 6, "unexpected ')' with no matching '('"},
        {"a b", 3, "expected an operator or the end of the expression, found 'b'"},
        {"x = 'a' 'b'", 9, "expected an operator or the end of the expression, found the text 'b'"},
        {"x not y", 3, "expected an operator or the end of the expression, found 'not'"},
        {"$ = 1", 1, "'$' must be followed by a parameter name"},
        {"x is 3", 6, "expected 'null' or 'not null' after 'is'"},
        {"x in 1", 6, "expected '(' after 'in'"},
        {"x in ()", 7, "the list after 'in' is empty"},
        {"add_days(as_of, 2", 18, "expected ',' or ')' to close '(' opened at column 9"},
        {"add_days(as_of 2)", 16, "expected ',' or ')' to close '(' opened at column 9"},
        {"12abc", 3, "unexpected character 'a' directly after the number 12"},
        {"1.", 2, "expected a digit after '.' in a number"},
        {"99999999999999999999 > 1", 1, "the number 99999999999999999999 is too large"},
        {"X = 1", 1, "'X' must be written in lower case ('x')"},
        {"x = 1 AND y = 2", 7, "'AND' must be written in lower case ('and')"},
        {"$Min_age", 2, "'Min_age' must be written in lower case ('min_age')"},
        // A syntax error left of a lexical one is the one reported.
        {") #", 1, "expected a value, found ')'"},
        {"(x = 1) # (", 9, "unexpected character '#'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        ExprError e = parse_error(c.text);
        CHECK(e.column == c.column);
        CHECK(e.message == c.message);
    }
}

TEST_CASE("expression: nesting is limited and long flat inputs are fine") {
    Fixture f;
    const std::string too_deep =
        "the expression is nested too deeply (more than 64 levels of brackets, 'not' or '-')";
    auto repeat = [](const std::string& s, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) out += s;
        return out;
    };

    CHECK(f.value(repeat("(", 64) + "1" + repeat(")", 64)) == Value(1));
    ExprError e = parse_error(repeat("(", 65) + "1" + repeat(")", 65));
    CHECK(e.column == 65);  // the 65th '('
    CHECK(e.message == too_deep);
    CHECK(parse_error(repeat("(", 100000)).column == 65);

    CHECK(f.value(repeat("-", 64) + "1") == Value(1));  // an even number of minus signs
    CHECK(parse_error(repeat("-", 65) + "1").column == 65);
    CHECK(parse_error(repeat("not ", 65) + "true").column == 257);  // 64 * 4 characters, then the 65th 'not'
    // Each "coalesce(" is 9 characters; the 65th call's '(' is at 64 * 9 + 9 = 585.
    CHECK(parse_error(repeat("coalesce(", 65) + "1" + repeat(", 1)", 65)).column == 585);

    // Long runs of one operator stay flat, so they parse and evaluate without deep recursion.
    CHECK(f.value("1" + repeat(" + 1", 49999)) == Value(50000));
    CHECK(f.value("true" + repeat(" and true", 20000)) == Value(true));
    CHECK(f.value("2" + repeat(" * 1", 20000) + " - 2") == Value(0));
    CHECK(f.value("5 in (" + repeat("1, ", 20000) + "5)") == Value(true));
}

TEST_CASE("expression: no input makes parse or evaluate crash, hang or throw") {
    Fixture f;
    const char* pieces[] = {"(", ")", "not ", " and ", " or ", "-", "+", "*", "/", "1", "2.5", "'a'", "\"", "'",
                            "x", "plan_start", "dob", "$visit_days", "$nope", ",", " in ", " is ", "null", "true",
                            "date(", "date('2009-01-01')", "coalesce(", "add_working_days(", "min(", "visits",
                            "wrking(", "=", "<", ">=", "!", "#", "as_of", "\xC3\xA9", "\xFF", " ", "9999999999"};
    const std::size_t n = sizeof pieces / sizeof pieces[0];
    std::uint64_t state = 20090331;  // fixed seed, so a failure can be reproduced
    auto next = [&state](std::size_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % bound);
    };
    int parsed = 0;
    for (int i = 0; i < 5000; ++i) {
        std::string text;
        const std::size_t length = 1 + next(25);
        for (std::size_t j = 0; j < length; ++j) text += pieces[next(n)];
        CAPTURE(text);
        std::variant<Expression, ExprError> result = ExprError{};
        CHECK_NOTHROW(result = Expression::parse(text));
        if (const auto* e = std::get_if<ExprError>(&result)) {
            CHECK(e->column >= 1);
            CHECK_FALSE(e->message.empty());
        } else {
            ++parsed;
            CHECK_NOTHROW(std::get<Expression>(result).evaluate(f.env()));
        }
    }
    CHECK(parsed > 0);  // the generator does reach evaluation
}
