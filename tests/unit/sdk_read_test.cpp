// The SDK's one reader of case-data values (sdk/read.hpp) and of ages (sdk/age.hpp), on
// hand-worked cases.
#include <doctest/doctest.h>

#include <limits>

#include "sgaudit/sdk/age.hpp"
#include "sgaudit/sdk/facts.hpp"
#include "sgaudit/sdk/read.hpp"

using namespace sgaudit;

namespace {
Date d(int y, unsigned m, unsigned day) { return *Date::from_ymd(y, m, day); }
}  // namespace

TEST_CASE("sdk read: flags in every accepted spelling, anything else an error naming where, never the value") {
    for (const char* yes : {"Y", "y", "Yes", "YES", " yes ", "1", "True", "true", "\tTRUE\r\n"}) {
        INFO(yes);
        auto r = read_flag(Value(yes), "ssd_cp_visits.cppv_cp_visit_seen", "cppv_cp_visit_id=V1");
        CHECK(r.ok());
        CHECK(r.value == std::optional<bool>(true));
    }
    for (const char* no : {"N", "n", "No", "0", "False", " false "}) {
        INFO(no);
        CHECK(read_flag(Value(no), "t.c", "k=1").value == std::optional<bool>(false));
    }
    CHECK(read_flag(Value(std::int64_t{1}), "t.c", "k=1").value == std::optional<bool>(true));
    CHECK(read_flag(Value(std::int64_t{0}), "t.c", "k=1").value == std::optional<bool>(false));
    // Not recorded: NULL, empty, spaces only.
    for (const Value& v : {Value(Null{}), Value(""), Value("   ")}) {
        auto r = read_flag(v, "t.c", "k=1");
        CHECK(r.ok());
        CHECK_FALSE(r.recorded());
    }
    // Unreadable: an error naming the column and row, without the value.
    for (const Value& v : {Value("maybe"), Value("T"), Value("oui"), Value(std::int64_t{2}), Value("Y N")}) {
        auto r = read_flag(v, "ssd_cp_visits.cppv_cp_visit_seen", "cppv_cp_visit_id=V7");
        CHECK_FALSE(r.ok());
        CHECK(r.error == "ssd_cp_visits.cppv_cp_visit_seen (cppv_cp_visit_id=V7) is not a flag (Y/N, Yes/No, 1/0 or True/False)");
    }
}

TEST_CASE("sdk read: dates, with a time part or spaces, and impossible dates are errors that do not repeat the value") {
    CHECK(read_date(Value("2008-10-20"), "t.c", "k=1").value == std::optional<Date>(d(2008, 10, 20)));
    CHECK(read_date(Value(" 2008-10-20T09:30:00 "), "t.c", "k=1").value == std::optional<Date>(d(2008, 10, 20)));
    CHECK(read_date(Value("2008-10-20 09:30"), "t.c", "k=1").value == std::optional<Date>(d(2008, 10, 20)));
    CHECK(read_date(Value(d(2009, 2, 28)), "t.c", "k=1").value == std::optional<Date>(d(2009, 2, 28)));
    CHECK_FALSE(read_date(Value(""), "t.c", "k=1").recorded());
    for (const char* bad : {"20/10/2008", "2009-02-29", "2008-13-01", "2008-1-5", "yesterday"}) {
        INFO(bad);
        auto r = read_date(Value(bad), "ssd_cp_plans.cppl_cp_plan_start_date", "cppl_cp_plan_id=P1");
        CHECK(r.error == "ssd_cp_plans.cppl_cp_plan_start_date (cppl_cp_plan_id=P1) is not a date (YYYY-MM-DD)");
        CHECK(r.error.find(bad) == std::string::npos);
    }
}

TEST_CASE("sdk read: identifiers are compared without surrounding white space") {
    CHECK(read_id(Value("W1 ")) == "W1");
    CHECK(read_id(Value("\t C 3 \r\n")) == "C 3");  // inner spaces are part of the key
    CHECK(read_id(Value(Null{})).empty());
    CHECK(read_id(Value(std::int64_t{42})) == "42");
}

TEST_CASE("sdk read: Facts record a reader's error so every rule that needs the fact is an error") {
    Facts f;
    f.set_flag("seen", Value("maybe"), "ssd_cp_visits.cppv_cp_visit_seen", "cppv_cp_visit_id=V2");
    CHECK(f.find("seen") == nullptr);
    REQUIRE(f.error("seen"));
    CHECK(*f.error("seen") == "ssd_cp_visits.cppv_cp_visit_seen (cppv_cp_visit_id=V2) is not a flag (Y/N, Yes/No, 1/0 or True/False)");
    f.set_flag("seen", Value("yes"), "t.c");
    CHECK(f.error("seen") == nullptr);
    CHECK(*f.find("seen") == Value(true));
    f.set_date("start", Value(Null{}), "t.c");
    CHECK(f.find("start")->is_null());
}

TEST_CASE("sdk age: an expected date stands in for the date of birth once unborn_grace_days have passed") {
    Read<Date> none{};
    Read<Date> expected{d(2009, 2, 17), {}};
    using K = AgeBasis::Kind;
    // 2009-02-17 + 42 days = 2009-03-31: unborn on that day, not the day after.
    CHECK(age_basis(none, expected, d(2009, 3, 31), 42).kind == K::unborn);
    auto after = age_basis(none, expected, d(2009, 4, 1), 42);
    CHECK(after.kind == K::expected_stands_in);
    CHECK(after.birth == d(2009, 2, 17));
    // A date of birth wins over an expected date; neither is "not recorded".
    Read<Date> born{d(2007, 6, 15), {}};
    CHECK(age_basis(born, expected, d(2009, 3, 31), 42).kind == K::born);
    CHECK(age_basis(none, none, d(2009, 3, 31), 42).kind == K::not_recorded);
    // An unreadable date of birth makes the age unknowable, with the reader's error.
    Read<Date> bad{std::nullopt, "ssd_person.pers_dob (pers_person_id=C1) is not a date (YYYY-MM-DD)"};
    auto u = age_basis(bad, expected, d(2009, 3, 31), 42);
    CHECK(u.kind == K::unreadable);
    CHECK(u.error == bad.error);
    // With no date of birth, an unreadable expected date is unreadable too.
    CHECK(age_basis(none, bad, d(2009, 3, 31), 42).kind == K::unreadable);
    // Someone born 29 February 2008 is 0 on 28 February 2009 and 1 on 1 March 2009.
    CHECK(age_in_years(d(2008, 2, 29), d(2009, 2, 28)) == 0);
    CHECK(age_in_years(d(2008, 2, 29), d(2009, 3, 1)) == 1);
}

TEST_CASE("sdk read: whole-number parameters refuse what is not a whole number in range") {
    CHECK(whole_parameter(Value(42), 0, 365) == std::optional<int>(42));
    CHECK(whole_parameter(Value(4.0), 0, 25) == std::optional<int>(4));
    CHECK_FALSE(whole_parameter(Value(1.5), 0, 25));
    CHECK_FALSE(whole_parameter(Value(-1), 0, 25));
    CHECK_FALSE(whole_parameter(Value(std::numeric_limits<double>::quiet_NaN()), 0, 25));
    CHECK_FALSE(whole_parameter(Value("ten"), 0, 25));
    CHECK_FALSE(whole_parameter(std::nullopt, 0, 25));
}

TEST_CASE("sdk read: counts are whole numbers, and anything else is an error naming where it is, never 0") {
    const char* at = "sga_s11_returns.staff_trained";
    const char* key = "return_id=R4";
    auto value = [&](Value v) { return read_whole(v, at, key); };
    CHECK(value(Value(115)).value == std::optional<std::int64_t>(115));
    CHECK(value(Value(12.0)).value == std::optional<std::int64_t>(12));
    CHECK(value(Value(" 90 ")).value == std::optional<std::int64_t>(90));
    CHECK(value(Value("12.00")).value == std::optional<std::int64_t>(12));  // how PostgreSQL writes a NUMERIC
    CHECK(value(Value("-3")).value == std::optional<std::int64_t>(-3));
    CHECK_FALSE(value(Value()).recorded());
    CHECK_FALSE(value(Value("  ")).recorded());
    for (Value bad : {Value("ninety"), Value("12.5"), Value(12.5), Value("1e3"), Value("."), Value("12x"), Value("99999999999999999999"),
                      Value(std::numeric_limits<double>::quiet_NaN())}) {
        INFO(bad.to_string());
        auto r = value(bad);
        CHECK_FALSE(r.ok());
        CHECK(r.error == "sga_s11_returns.staff_trained (return_id=R4) is not a whole number");
    }
}
