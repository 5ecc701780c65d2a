// The built-in typed checks against hand-worked cases, with the outcome conventions of
// docs/domain.md: a missing start is not_applicable, a missing event is a fail only
// once its deadline has passed, limits are inclusive.
#include <doctest/doctest.h>

#include "sgaudit/rules/check_kinds.hpp"

using namespace sgaudit;
using sgaudit::rules::evaluate_builtin;

namespace {

Date d(const char* s) { return *Date::parse(s); }

// England and Wales bank holidays 2008-2009, written out.
WorkingCalendar calendar() {
    return WorkingCalendar("test", {d("2008-01-01"), d("2008-03-21"), d("2008-03-24"), d("2008-05-05"), d("2008-05-26"),
                                    d("2008-08-25"), d("2008-12-25"), d("2008-12-26"), d("2009-01-01"), d("2009-04-10"),
                                    d("2009-04-13"), d("2009-05-04"), d("2009-05-25"), d("2009-08-31"), d("2009-12-25"),
                                    d("2009-12-28")},
                           d("2008-01-01"), d("2009-12-31"));
}

CheckOutcome within_wd(const char* from, const char* to, int days, const char* as_of = "2009-06-30") {
    Facts f;
    f.set("a", from ? Value(d(from)) : Value(Null{}));
    f.set("b", to ? Value(d(to)) : Value(Null{}));
    return evaluate_builtin("within_working_days", {{"from", "a"}, {"to", "b"}, {"days", days}}, f, calendar(), d(as_of));
}

}  // namespace

TEST_CASE("checks: within N working days, on the limit and one day late") {
    // Strategy discussion Mon 2008-12-15; 15 working days: Dec 16,17,18,19 (4), 22,23,24 (7),
    // [25, 26 holidays], 29,30,31 (10), [Jan 1 holiday], Jan 2 (11), 5,6,7,8 (15) -> due Thu 2009-01-08.
    auto on_time = within_wd("2008-12-15", "2009-01-08", 15);
    CHECK(on_time.outcome == Outcome::pass);
    CHECK(on_time.evidence.at("due") == Value(d("2009-01-08")));
    auto late = within_wd("2008-12-15", "2009-01-09", 15);
    CHECK(late.outcome == Outcome::fail);
    CHECK(late.detail == "1 working day late");
    // Across Easter 2009: from Thu 2009-04-09, 1 working day: Fri 10 and Mon 13 are holidays -> Tue 14.
    CHECK(within_wd("2009-04-09", "2009-04-14", 1).outcome == Outcome::pass);
    CHECK(within_wd("2009-04-09", "2009-04-15", 1).outcome == Outcome::fail);
    // A Saturday before the bound is on time: from Mon 2009-03-02, 5 working days -> Mon 2009-03-09;
    // done Sat 2009-03-07.
    CHECK(within_wd("2009-03-02", "2009-03-07", 5).outcome == Outcome::pass);
    // ... but a Saturday after the bound is late: 4 working days -> Fri 2009-03-06.
    auto sat = within_wd("2009-03-02", "2009-03-07", 4);
    CHECK(sat.outcome == Outcome::fail);
    // Late by working days counted from the bound: Fri 03-06 -> Sat 03-07 is 0 working days after.
    CHECK(sat.detail == "0 working days late");
}

TEST_CASE("checks: missing events follow the NULL conventions") {
    // No starting event: cannot be judged.
    CHECK(within_wd(nullptr, "2009-01-08", 15).outcome == Outcome::not_applicable);
    // Event missing, deadline (2009-01-08) not yet passed on the audit date 2009-01-08: n/a.
    CHECK(within_wd("2008-12-15", nullptr, 15, "2009-01-08").outcome == Outcome::not_applicable);
    // ... passed the next day: fail.
    auto missing = within_wd("2008-12-15", nullptr, 15, "2009-01-09");
    CHECK(missing.outcome == Outcome::fail);
    CHECK(missing.detail == "not recorded; it was due by 2009-01-08");
    // A malformed fact is an error carrying the fact's message.
    Facts f;
    f.set_error("a", "ssd_x.col holds 'x', which is not a date (YYYY-MM-DD)");
    f.set("b", d("2009-01-01"));
    auto err = evaluate_builtin("within_working_days", {{"from", "a"}, {"to", "b"}, {"days", 15}}, f, calendar(), d("2009-03-31"));
    CHECK(err.outcome == Outcome::error);
    CHECK(err.detail == "ssd_x.col holds 'x', which is not a date (YYYY-MM-DD)");
    // A date the calendar does not cover is an error, not a guess.
    CHECK(within_wd("2007-12-20", "2008-01-02", 5).outcome == Outcome::error);
}

TEST_CASE("checks: within N months clamps to the month end") {
    auto months = [](const char* from, const char* to, int n) {
        Facts f;
        f.set("a", d(from));
        f.set("b", d(to));
        return evaluate_builtin("within_months", {{"from", "a"}, {"to", "b"}, {"months", n}}, f, calendar(), d("2009-12-31"));
    };
    // 30 Nov + 3 months = 28 Feb (2009 is not a leap year).
    CHECK(months("2008-11-30", "2009-02-28", 3).outcome == Outcome::pass);
    CHECK(months("2008-11-30", "2009-03-01", 3).outcome == Outcome::fail);
    // 31 Aug + 3 months = 30 Nov.
    CHECK(months("2009-08-31", "2009-11-30", 3).outcome == Outcome::pass);
    CHECK(months("2009-08-31", "2009-12-01", 3).outcome == Outcome::fail);
}

TEST_CASE("checks: successive dates at most N months apart, next not overdue") {
    auto reviews = [](DateList dates, const char* as_of, const char* end = nullptr) {
        Facts f;
        f.set("start", d("2008-11-30"));
        f.set("reviews", std::move(dates));
        f.set("end", end ? Value(d(end)) : Value(Null{}));
        std::map<std::string, Value> args{{"dates", "reviews"}, {"start", "start"}, {"first_months", 3}, {"months", 6}, {"end", "end"}};
        return evaluate_builtin("max_months_between", args, f, calendar(), d(as_of));
    };
    // Plan 2008-11-30: first review due 2009-02-28; held then; next due 2009-08-28.
    CHECK(reviews({d("2009-02-28")}, "2009-08-28").outcome == Outcome::pass);
    auto overdue = reviews({d("2009-02-28")}, "2009-08-29");
    CHECK(overdue.outcome == Outcome::fail);
    CHECK(overdue.detail == "overdue since 2009-08-29");
    // Both: the first review a day late (2009-03-01), and the next (due 2009-09-01) overdue by 2009-09-02.
    auto both = reviews({d("2009-03-01")}, "2009-09-02");
    CHECK(both.detail == "1 interval longer than allowed; overdue since 2009-09-02");
    CHECK(overdue.evidence.at("next_due") == Value(d("2009-08-28")));
    // First review one day late (2009-03-01) fails even though the next is not yet due.
    CHECK(reviews({d("2009-03-01")}, "2009-04-01").outcome == Outcome::fail);
    // No review yet and the first not yet due: n/a.
    CHECK(reviews({}, "2009-02-28").outcome == Outcome::not_applicable);
    // The plan ended 2009-02-20, before the first review fell due: nothing overdue, nothing held: n/a.
    CHECK(reviews({}, "2009-06-30", "2009-02-20").outcome == Outcome::not_applicable);
}

TEST_CASE("checks: gaps between visits in working days") {
    auto gaps = [](DateList visits, const char* as_of, int limit) {
        Facts f;
        f.set("start", d("2009-03-02"));
        f.set("seen", std::move(visits));
        return evaluate_builtin("max_working_days_gap", {{"dates", "seen"}, {"start", "start"}, {"days", limit}}, f, calendar(),
                                d(as_of));
    };
    // Plan Mon 2009-03-02; seen Mon 03-16 (10 working days), audit Mon 03-30 (10 more): passes at 10.
    CHECK(gaps({d("2009-03-16")}, "2009-03-30", 10).outcome == Outcome::pass);
    // Seen Tue 03-17 instead: 11 working days, one gap over the limit; then 9 to the audit date.
    auto late = gaps({d("2009-03-17")}, "2009-03-30", 10);
    CHECK(late.outcome == Outcome::fail);
    CHECK(late.evidence.at("longest_gap") == Value(std::int64_t{11}));
    CHECK(late.evidence.at("gaps_over_limit") == Value(std::int64_t{1}));
    CHECK(late.evidence.at("longest_gap_from") == Value(d("2009-03-02")));
    // No visits at all: one gap, plan start to audit date 2009-03-30 = 20 working days.
    auto none = gaps({}, "2009-03-30", 10);
    CHECK(none.outcome == Outcome::fail);
    CHECK(none.evidence.at("longest_gap") == Value(std::int64_t{20}));
    // Across Easter 2009, gaps 03-02 -> 03-16 (10), 03-16 -> 03-30 (10), 03-30 -> 04-09 (Mar 31,
    // Apr 1-3, 6-9: 8) and 04-09 -> audit 04-23 (Apr 10 and 13 are holidays: 14-17, 20-23: 8;
    // without the holidays it would be 10). With a limit of 9 only the two March gaps are over.
    auto easter = gaps({d("2009-03-16"), d("2009-03-30"), d("2009-04-09")}, "2009-04-23", 9);
    CHECK(easter.outcome == Outcome::fail);
    CHECK(easter.evidence.at("gaps_over_limit") == Value(std::int64_t{2}));
    CHECK(easter.evidence.at("gaps") == Value(std::int64_t{4}));
}

TEST_CASE("checks: recorded within N months of the audit date") {
    auto recorded = [](DateList records, const char* since, const char* as_of) {
        Facts f;
        f.set("records", std::move(records));
        f.set("since", d(since));
        return evaluate_builtin("present_within_months", {{"latest", "records"}, {"months", 3}, {"since", "since"}}, f, calendar(),
                                d(as_of));
    };
    // Latest 2008-12-31 + 3 months = 2009-03-31 >= audit date 2009-03-31: pass; a day later: fail.
    CHECK(recorded({d("2008-11-01"), d("2008-12-31")}, "2008-06-01", "2009-03-31").outcome == Outcome::pass);
    CHECK(recorded({d("2008-12-31")}, "2008-06-01", "2009-04-01").outcome == Outcome::fail);
    // A case younger than 3 months with no record yet: n/a; older: fail.
    CHECK(recorded({}, "2009-01-15", "2009-03-31").outcome == Outcome::not_applicable);
    CHECK(recorded({}, "2008-12-15", "2009-03-31").outcome == Outcome::fail);
    // A record after the audit date did not exist on it.
    CHECK(recorded({d("2009-05-01")}, "2008-06-01", "2009-03-31").outcome == Outcome::fail);
}

TEST_CASE("checks: within, judged only while the case was open and only on what had happened") {
    auto first_review = [](const char* to, const char* end, const char* as_of) {
        Facts f;
        f.set("start", d("2008-09-01"));
        f.set("review", to ? Value(d(to)) : Value(Null{}));
        f.set("end", end ? Value(d(end)) : Value(Null{}));
        return evaluate_builtin("within_months", {{"from", "start"}, {"to", "review"}, {"months", 3}, {"end", "end"}}, f, calendar(),
                                d(as_of));
    };
    // Plan 2008-09-01, first review due 2008-12-01. The plan ended on 2008-12-01: its last open
    // day was 2008-11-30, before the due date, so the missing review is n/a, not a failure.
    CHECK(first_review(nullptr, "2008-12-01", "2009-03-31").outcome == Outcome::not_applicable);
    // Ended 2008-12-03: still open on 2008-12-02, the day after the due date, with no review -> fail.
    CHECK(first_review(nullptr, "2008-12-03", "2009-03-31").outcome == Outcome::fail);
    // A review dated after the audit date had not happened on it: not yet due -> n/a; overdue -> fail.
    CHECK(first_review("2008-11-20", nullptr, "2008-11-01").outcome == Outcome::not_applicable);
    CHECK(first_review("2009-01-20", nullptr, "2008-12-15").outcome == Outcome::fail);
    // A review recorded before the plan started cannot be judged: error, naming both dates.
    auto reversed = first_review("2008-08-01", nullptr, "2009-03-31");
    CHECK(reversed.outcome == Outcome::error);
    CHECK(reversed.detail.find("2008-08-01") != std::string::npos);
}

namespace {
// Visits every 10 working days from Mon 2009-06-01, judged on 2009-06-30, the child seen on `seen`.
CheckOutcome gap(const DateList& seen) {
    Facts f;
    f.set("start", d("2009-06-01"));
    f.set("seen", seen);
    return evaluate_builtin("max_working_days_gap", {{"dates", "seen"}, {"start", "start"}, {"days", 10}}, f, calendar(), d("2009-06-30"));
}
}  // namespace

TEST_CASE("checks: a failure is open while what was due is still missing, over once it happened late or the case ended") {
    // ICPC from 2008-12-15, 15 working days, due 2009-01-08. Held 2009-01-09: late, over.
    CHECK(within_wd("2008-12-15", "2009-01-09", 15).lapse == Lapse::over);
    // Not held by the audit date 2009-06-30: open (convene it now).
    CHECK(within_wd("2008-12-15", nullptr, 15).lapse == Lapse::open);
    // Not held, but the case ended on 2009-03-01, after it fell due: over.
    {
        Facts f;
        f.set("a", d("2008-12-15"));
        f.set("b", Null{});
        f.set("e", d("2009-03-01"));
        auto ended = evaluate_builtin("within_working_days", {{"from", "a"}, {"to", "b"}, {"days", 15}, {"end", "e"}}, f, calendar(),
                                      d("2009-06-30"));
        CHECK(ended.outcome == Outcome::fail);
        CHECK(ended.lapse == Lapse::over);
    }
    // A pass is no lapse.
    CHECK(within_wd("2008-12-15", "2009-01-08", 15).lapse == Lapse::none);

    // Reviews 6 months apart from a first review on 2008-06-01: a second on 2009-01-10 was late
    // (due by 2008-12-01), and the next is due 2009-07-10: on 2009-06-30 only the past interval
    // failed, so the lapse is over. With no second review, the next was due 2008-12-01 and is
    // still missing on 2009-06-30: open.
    Facts late;
    late.set("first", d("2008-06-01"));
    late.set("later", DateList{d("2009-01-10")});
    std::map<std::string, Value> args{{"dates", "later"}, {"start", "first"}, {"months", 6}};
    auto past = evaluate_builtin("max_months_between", args, late, calendar(), d("2009-06-30"));
    CHECK(past.outcome == Outcome::fail);
    CHECK(past.lapse == Lapse::over);
    Facts missing;
    missing.set("first", d("2008-06-01"));
    missing.set("later", DateList{});
    auto now = evaluate_builtin("max_months_between", args, missing, calendar(), d("2009-06-30"));
    CHECK(now.outcome == Outcome::fail);
    CHECK(now.lapse == Lapse::open);

    // Visits every 10 working days from Mon 2009-06-01: seen 2009-06-29 (20 working days, over
    // the limit) and on the audit date 2009-06-30 the running gap is 1: the lapse is over. Seen
    // only on 2009-06-05 (4): the gap from then to the audit date is 17 working days, so the
    // child has not been seen for too long now: open.
    CHECK(gap({d("2009-06-29")}).lapse == Lapse::over);
    CHECK(gap({d("2009-06-05")}).lapse == Lapse::open);

    // A record due again: open until it is made.
    Facts rec;
    rec.set("latest", DateList{d("2009-03-01")});
    CHECK(evaluate_builtin("present_within_months", {{"latest", "latest"}, {"months", 3}}, rec, calendar(), d("2009-06-30")).lapse ==
          Lapse::open);
}

TEST_CASE("checks: a lapse carries the last day it could have been done on time") {
    // ICPC from Mon 2008-12-15, 15 working days (Christmas, Boxing Day and New Year's Day are
    // not working days): due Thu 2009-01-08, whether held late or still missing.
    CHECK(within_wd("2008-12-15", "2009-01-09", 15).due == d("2009-01-08"));
    CHECK(within_wd("2008-12-15", nullptr, 15).due == d("2009-01-08"));
    CHECK_FALSE(within_wd("2008-12-15", "2009-01-08", 15).due.has_value());

    // Reviews 6 months apart from 2008-06-01: the second, on 2009-01-10, was due by 2008-12-01;
    // missing altogether, it is due by the same day.
    std::map<std::string, Value> args{{"dates", "later"}, {"start", "first"}, {"months", 6}};
    Facts late, missing;
    late.set("first", d("2008-06-01"));
    late.set("later", DateList{d("2009-01-10")});
    missing.set("first", d("2008-06-01"));
    missing.set("later", DateList{});
    CHECK(evaluate_builtin("max_months_between", args, late, calendar(), d("2009-06-30")).due == d("2008-12-01"));
    CHECK(evaluate_builtin("max_months_between", args, missing, calendar(), d("2009-06-30")).due == d("2008-12-01"));

    // Visits every 10 working days from Mon 2009-06-01 (no bank holiday in June 2009). Seen only
    // on Fri 2009-06-05: the next was due 10 working days later, Fri 2009-06-19 (open). Seen only
    // on 2009-06-29: the long gap began on 2009-06-01, so it ended being due Mon 2009-06-15 (over).
    CHECK(gap({d("2009-06-05")}).due == d("2009-06-19"));
    CHECK(gap({d("2009-06-29")}).due == d("2009-06-15"));

    // Latest record 2009-03-01, due again within 3 months: by 2009-06-01.
    Facts rec;
    rec.set("latest", DateList{d("2009-03-01")});
    CHECK(evaluate_builtin("present_within_months", {{"latest", "latest"}, {"months", 3}}, rec, calendar(), d("2009-06-30")).due ==
          d("2009-06-01"));
}

TEST_CASE("checks: gaps between visits in calendar days (seen at least every 6 weeks)") {
    auto gaps = [](DateList visits, const char* as_of, const char* end = nullptr) {
        Facts f;
        f.set("start", d("2009-01-05"));
        f.set("seen", std::move(visits));
        f.set("end", end ? Value(d(end)) : Value(Null{}));
        return evaluate_builtin("max_days_gap", {{"dates", "seen"}, {"start", "start"}, {"end", "end"}, {"days", 42}}, f, calendar(),
                                d(as_of));
    };
    // Start Mon 2009-01-05; seen 2009-02-16 (42 days: on the limit), audit 2009-03-30 (42 more): passes.
    auto ok = gaps({d("2009-02-16")}, "2009-03-30");
    CHECK(ok.outcome == Outcome::pass);
    CHECK(ok.detail == "longest gap 42 days");
    // Seen a day later, 2009-02-17: 43 days, over; then 41 to the audit date. Over, not open, and
    // it was due by 2009-02-16 (start + 42 days).
    auto late = gaps({d("2009-02-17")}, "2009-03-30");
    CHECK(late.outcome == Outcome::fail);
    CHECK(late.lapse == Lapse::over);
    CHECK(late.due == d("2009-02-16"));
    CHECK(late.evidence.at("longest_gap") == Value(std::int64_t{43}));
    // Not seen since 2009-02-16: on 2009-03-31 the running gap is 43 days, open, due again by 2009-03-30.
    auto open = gaps({d("2009-02-16")}, "2009-03-31");
    CHECK(open.outcome == Outcome::fail);
    CHECK(open.lapse == Lapse::open);
    CHECK(open.due == d("2009-03-30"));
    // Calendar days need no bank-holiday calendar: a date the calendar does not cover is judged.
    Facts far;
    far.set("start", d("2011-01-03"));
    far.set("seen", DateList{d("2011-02-01")});
    CHECK(evaluate_builtin("max_days_gap", {{"dates", "seen"}, {"start", "start"}, {"days", 42}}, far, calendar(), d("2011-03-01"))
              .outcome == Outcome::pass);  // 29 and 28 days
    // The case ended 2009-02-10: the last gap runs to the end, 36 days, within the limit.
    CHECK(gaps({}, "2009-06-30", "2009-02-10").outcome == Outcome::pass);
}
