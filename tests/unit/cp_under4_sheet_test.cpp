// The cp-under4 review sheet's pieces on hand-built outcomes: each check's standing in plain
// words, the next dates due, the order of the sheets, the timeline's labels and legend; and the
// host's anchor for a subject's section. Every expected value is worked out by hand below.
#include <doctest/doctest.h>

#include <algorithm>

#include "html_sections.hpp"
#include "next_due.hpp"
#include "sgaudit/report/svg_chart.hpp"
#include "sheet_order.hpp"
#include "sheet_words.hpp"
#include "timeline.hpp"

using namespace sgaudit;
using namespace cp4;

namespace {

Date d(const char* iso) { return *Date::parse(iso); }

// Mondays to Fridays, no bank holidays: none falls between January and March 2009.
const WorkingCalendar kCalendar("test", {}, d("2008-01-01"), d("2010-12-31"));
const Date kAsOf = d("2009-03-31");

RuleOutcome outcome(const char* rule, Outcome o, Evidence ev = {}, Lapse lapse = Lapse::none, std::optional<Date> due = {},
                    std::string message = {}) {
    RuleOutcome r;
    r.rule = rule;
    r.title = rule;
    r.outcome = o;
    r.evidence = std::move(ev);
    r.lapse = lapse;
    r.due = due;
    r.message = std::move(message);
    return r;
}

std::size_t count_of(std::string_view text, std::string_view needle) {
    std::size_t n = 0;
    for (; text.find(needle) != std::string_view::npos; ++n) text.remove_prefix(text.find(needle) + needle.size());
    return n;
}

}  // namespace

TEST_CASE("cp-under4 sheet: dates as people write them") {
    CHECK(long_date(d("2009-03-12")) == "12 March 2009");
    CHECK(long_date(d("2008-02-29")) == "29 February 2008");
    CHECK(long_dates_in("longest 17 (2009-03-06 to 2009-03-31)") == "longest 17 (6 March 2009 to 31 March 2009)");
    // Only a whole date: not inside an identifier or a longer number.
    CHECK(long_dates_in("X2009-03-06 2009-03-061 2009-13-01") == "X2009-03-06 2009-03-061 2009-13-01");
}

TEST_CASE("cp-under4 sheet: each state in plain words, no raw outcome token") {
    // Met.
    CHECK(standing(outcome("cp4.icpc-on-time", Outcome::pass), kAsOf, "Q1") == "Met");
    // Not yet due: first core group due 23 April 2009 (after the audit date), not held.
    auto not_yet = outcome("cp4.first-core-group", Outcome::not_applicable, {{"from", d("2009-04-08")}, {"due", d("2009-04-23")}, {"to", Null{}}},
                           Lapse::none, {}, "not yet due (due by 2009-04-23)");
    CHECK(standing(not_yet, kAsOf, "Q1") == "Not yet due (due 23 April 2009)");
    CHECK(check_detail(not_yet, kAsOf, "Q1").empty());  // the standing says it all
    // Later reviews not yet due: the next is due 28 August 2009.
    CHECK(standing(outcome("cp4.later-reviews", Outcome::not_applicable, {{"next_due", d("2009-08-28")}}), kAsOf, "Q2") ==
          "Not yet due (due 28 August 2009)");
    // Overdue since: an open lapse whose last day on time was 11 March 2009.
    auto open = outcome("cp4.first-review", Outcome::fail, {{"due", d("2009-03-11")}, {"to", Null{}}}, Lapse::open, d("2009-03-11"),
                        "plan Q1: first review conference not recorded; it was due by 2009-03-11; counted from the plan's start on 2008-12-11");
    CHECK(standing(open, kAsOf, "Q1") == "Overdue since 12 March 2009");
    CHECK(check_detail(open, kAsOf, "Q1") ==
          "First review conference not recorded; it was due by 11 March 2009; counted from the plan's start on 11 December 2008");
    // Held late: over, 4 working days (or 1 calendar day) after the last day on time.
    CHECK(standing(outcome("cp4.icpc-on-time", Outcome::fail, {{"late_by_working_days", std::int64_t{4}}}, Lapse::over, d("2009-01-26")),
                   kAsOf, "Q5") == "Held 4 working days late");
    CHECK(standing(outcome("cp4.first-core-group", Outcome::fail, {{"late_by_working_days", std::int64_t{1}}}, Lapse::over, d("2009-01-22")),
                   kAsOf, "Q1") == "Held 1 working day late");
    CHECK(standing(outcome("cp4.first-review", Outcome::fail, {{"late_by_days", std::int64_t{1}}}, Lapse::over), kAsOf, "Q1") ==
          "Held 1 day late");
    // Could not be judged: the engine's reason, without the subject's key after it.
    auto error = outcome("cp4.first-core-group", Outcome::error, {}, Lapse::none, {},
                         "sga_cp_core_groups.meeting_date (core_group_id=G7) is not a date (YYYY-MM-DD) (cp_plan Q7)");
    CHECK(standing(error, kAsOf, "Q7") == "Could not be judged: sga_cp_core_groups.meeting_date (core_group_id=G7) is not a date (YYYY-MM-DD)");
    CHECK(check_detail(error, kAsOf, "Q7").empty());
    // Not applicable: the rule's condition does not hold (a transfer-in conference).
    auto na = outcome("cp4.icpc-on-time", Outcome::not_applicable, {}, Lapse::none, {}, "not applicable: the rule's condition does not hold");
    CHECK(standing(na, kAsOf, "Q2") == "Not applicable");
    CHECK(check_detail(na, kAsOf, "Q2").empty());
    // Waived: what the lapse was, still said.
    auto waived = open;
    waived.outcome = Outcome::waived;
    CHECK(standing(waived, kAsOf, "Q1") == "Waived: overdue since 12 March 2009");
    // Not met: a finding that is not about a deadline.
    auto unallocated = outcome("cp4.allocated-qualified", Outcome::fail, {}, Lapse::none, {},
                               "plan Q5: not allocated to a qualified social worker (no worker is allocated)");
    CHECK(standing(unallocated, kAsOf, "Q5") == "Not met");
    CHECK(check_detail(unallocated, kAsOf, "Q5") == "Not allocated to a qualified social worker (no worker is allocated)");
    // A prompt (an information rule): the plan has lasted 19 months.
    auto prompt = outcome("cp4.long-plan", Outcome::fail, {}, Lapse::none, {}, "plan Q1: the plan has lasted 19 months");
    prompt.severity = Severity::info;
    CHECK(standing(prompt, kAsOf, "Q1") == "Prompt for the review");
    CHECK(check_detail(prompt, kAsOf, "Q1") == "The plan has lasted 19 months");
    for (Outcome o : {Outcome::pass, Outcome::fail, Outcome::not_applicable, Outcome::waived, Outcome::error}) {
        const std::string words = standing(outcome("r", o), kAsOf, "Q1");
        CHECK(words != to_string(o));
        CHECK(words.find("not_applicable") == std::string::npos);
    }
}

TEST_CASE("cp-under4 sheet: when something is next due") {
    CHECK(due_words(d("2009-04-08"), kAsOf) == "8 April 2009");
    CHECK(due_words(kAsOf, kAsOf) == "Today, 31 March 2009");
    CHECK(due_words(d("2009-03-20"), kAsOf) == "Overdue since 21 March 2009");
}

TEST_CASE("cp-under4 sheet: the next dates due, from the rules' evidence and the visits") {
    PlanView v;
    v.timeline.as_of = kAsOf;
    v.timeline.plan_start = d("2009-01-08");
    v.timeline.visit_limit = 10;
    // Last seen Friday 6 March 2009; 10 working days: Mar 9-13 (5), 16-20 (10): due Friday 20 March.
    v.facts.set("seen_visits", DateList{d("2009-01-22"), d("2009-02-05"), d("2009-02-20"), d("2009-03-06")});
    std::vector<RuleOutcome> outcomes = {
        outcome("cp4.first-core-group", Outcome::fail, {{"from", d("2009-03-09")}, {"due", d("2009-03-23")}, {"to", Null{}}}, Lapse::open,
                d("2009-03-23")),
        outcome("cp4.first-review", Outcome::not_applicable, {{"from", d("2009-01-08")}, {"due", d("2009-04-08")}, {"to", Null{}}}),
        outcome("cp4.later-reviews", Outcome::not_applicable),
        outcome("cp4.visits", Outcome::fail, {{"longest_gap", std::int64_t{17}}}, Lapse::open, d("2009-03-20")),
        outcome("cp4.chronology", Outcome::not_applicable, {{"latest", Null{}}, {"due", d("2009-04-08")}}),
        // Latest supervision 28 February 2009, a month: due again by 28 March 2009.
        outcome("cp4.oversight", Outcome::fail, {{"latest", d("2009-02-28")}, {"due", d("2009-03-28")}}, Lapse::open, d("2009-03-28")),
    };
    Details want = {{"Next review conference due", "8 April 2009"},
                    {"Next visit due (child to be seen)", "Overdue since 21 March 2009"},
                    {"First core group due", "Overdue since 24 March 2009"},
                    {"Chronology update due", "8 April 2009"},
                    {"Management oversight due", "Overdue since 29 March 2009"}};
    CHECK(next_dates(outcomes, v, kCalendar) == want);

    // First review held 28 February 2009: the next is due 28 August 2009; the first core group was
    // held, so it is not listed; the visits could not be judged, so the next visit is not known.
    std::vector<RuleOutcome> later = {
        outcome("cp4.first-core-group", Outcome::pass, {{"from", d("2008-11-30")}, {"due", d("2008-12-12")}, {"to", d("2008-12-12")}}),
        outcome("cp4.first-review", Outcome::pass, {{"from", d("2008-11-30")}, {"due", d("2009-02-28")}, {"to", d("2009-02-28")}}),
        outcome("cp4.later-reviews", Outcome::not_applicable, {{"next_due", d("2009-08-28")}}),
        outcome("cp4.visits", Outcome::error),
    };
    Details want_later = {{"Next review conference due", "28 August 2009"},
                          {"Next visit due (child to be seen)", "Not known: a check it depends on could not be judged (below)"}};
    CHECK(next_dates(later, v, kCalendar) == want_later);
}

TEST_CASE("cp-under4 sheet: grouped by team, then worker, the unallocated first, no team last") {
    auto key = [](const char* team, PlanView::Allocation a, const char* worker, const char* plan) {
        PlanView v;
        v.team = team;
        v.allocation = a;
        v.worker = worker;
        return sheet_key(v, plan);
    };
    using A = PlanView::Allocation;
    std::vector<SheetKey> keys = {key("T2", A::worker, "SW2", "Q7"), key("T1", A::none, "", "Q5"),     key("T1", A::worker, "SW1", "Q1"),
                                  key("T1", A::none, "", "Q2"),       key("", A::none, "", "Q9"),      key("T1", A::worker, "CFW1", "Q3"),
                                  key("T1", A::unreadable, "", "Q4")};
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> order;
    for (const auto& k : keys) order.push_back(k.plan);
    CHECK(order == std::vector<std::string>{"Q2", "Q5", "Q4", "Q3", "Q1", "Q7", "Q9"});

    ReportSection s;
    label_group(s, keys[0], "Team One");
    CHECK(s.group == "Team T1: Team One");
    CHECK(s.group_key == "T1");
    CHECK(s.subgroup == "No allocated worker");
    label_group(s, keys[2], "");
    CHECK(s.group == "Team T1");
    CHECK(s.subgroup == "Allocated worker cannot be read");
    label_group(s, keys[3], "Team One");
    CHECK(s.subgroup == "Worker CFW1");
    label_group(s, keys[6], "");
    CHECK(s.group == "No team recorded");
    CHECK(s.group_key.empty());
}

TEST_CASE("cp-under4 sheet: the timeline reads without its caption") {
    // Q1 of the cp-under4 fixture: strategy discussion 15 December 2008, ICPC and plan 8 January
    // 2009, core group 23 January, visits (the 12 February one without the child seen).
    TimelineInput t;
    t.as_of = kAsOf;
    t.plan_start = d("2009-01-08");
    t.s47_start = d("2008-12-15");
    t.icpc = d("2009-01-08");
    t.core_groups = {d("2009-01-23")};
    t.visits = {{d("2009-01-22"), true}, {d("2009-02-05"), true}, {d("2009-02-12"), false}, {d("2009-02-20"), true}, {d("2009-03-06"), true}};
    t.visit_limit = 10;
    // Gaps between seen visits: Jan 8-22 is 10 working days (not over), Jan 22-Feb 5 10, Feb 5-20
    // 11 (Feb 6, 9-13, 16-20), Feb 20-Mar 6 10, Mar 6-31 17 (Mar 9-13, 16-20, 23-27, 30-31).
    t.gaps = visit_gaps(kCalendar, t.plan_start, {d("2009-01-22"), d("2009-02-05"), d("2009-02-20"), d("2009-03-06")}, kAsOf, 10);
    REQUIRE(t.gaps.size() == 2);
    CHECK(t.gaps[0].working_days == 11);
    CHECK(t.gaps[1].working_days == 17);
    const std::string svg = timeline_svg(t);
    CHECK(report::svg_problem(svg).empty());
    // A legend inside the picture for every kind of mark, the shading and the audit date.
    for (const char* words : {"Strategy discussion", "Initial conference (ICPC)", "Review conference", "Core group", "Visit, child seen",
                              "Visit, child not seen", "Not seen for over 10 working days", "Audit date"})
        CHECK_MESSAGE(svg.find(">" + std::string(words) + "</text>") != std::string::npos, words);
    // Lanes named; the conferences labelled on the picture itself.
    for (const char* words : {">Conferences<", ">Core groups<", ">Visits<", ">Strategy<", ">ICPC<"}) CHECK_MESSAGE(svg.find(words) != std::string::npos, words);
    // Date ticks: 15 December 2008 to 31 March 2009 is 106 days, so the first of each month: 1 January
    // (x = 100 + 584 * 17 / 106 = 193.7), 1 February, 1 March; the span's ends dated too.
    for (const char* tick : {">Jan 2009<", ">Feb 2009<", ">Mar 2009<", ">15 Dec 2008<", ">31 Mar 2009<"}) CHECK_MESSAGE(svg.find(tick) != std::string::npos, tick);
    CHECK(svg.find(">Dec 2008<") == std::string::npos);
    CHECK(svg.find("x=\"193.7\"") != std::string::npos);
    // Two shaded gaps (and the legend's swatch), five visits (one not seen), dates written out.
    CHECK(count_of(svg, "<title>Not seen for ") == 2);
    CHECK(count_of(svg, "class=\"gap\"") == 2);
    CHECK(count_of(svg, "class=\"gap key\"") == 1);
    CHECK(count_of(svg, "<circle class=\"unseen\"") == 1);
    CHECK(count_of(svg, "<circle class=\"unseen key\"") == 1);  // the legend's
    CHECK(svg.find("Visit, child not seen, 12 February 2009") != std::string::npos);
    CHECK(svg.find("2009-") == std::string::npos);
}

TEST_CASE("cp-under4 sheet: a runaway extract still draws a small timeline") {
    TimelineInput t;
    t.as_of = kAsOf;
    t.plan_start = d("2009-01-01");
    t.visit_limit = 10;
    for (int i = 0; i < 100000; ++i) t.visits.push_back({t.plan_start.plus_days(i % 90), i % 3 == 0});
    const std::string svg = timeline_svg(t);
    // 584 pixels in bins of 4: at most 147 visit marks, plus the legend's 6 circles.
    CHECK(count_of(svg, "<circle") <= 153);
    CHECK(svg.size() < 60000);
}

TEST_CASE("report: a subject's anchor is safe in an HTML id and a URL, and never shared") {
    CHECK(report::section_anchor("cp-under4", "P000013") == "subject.cp-under4.P000013");
    // ' ' is 0x20, '/' 0x2F, '<' 0x3C, '>' 0x3E, '_' 0x5F, '.' 0x2E, 'é' the bytes C3 A9.
    CHECK(report::section_anchor("cp-under4", "P 1/<x>") == "subject.cp-under4.P_201_2F_3Cx_3E");
    CHECK(report::section_anchor("a_b", "é") == "subject.a_5Fb._C3_A9");
    CHECK(report::section_anchor("a.b", "c") != report::section_anchor("a", "b.c"));
    CHECK(report::section_anchor("a", "_2E") != report::section_anchor("a", "."));
}
