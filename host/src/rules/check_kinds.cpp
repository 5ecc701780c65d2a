#include "sgaudit/rules/check_kinds.hpp"

#include "sgaudit/sdk/review_schedule.hpp"
#include "sgaudit/sdk/visit_gaps.hpp"

#include <algorithm>
#include <optional>

namespace sgaudit::rules {

const ArgSpec* CheckKindSpec::find(const std::string& arg) const {
    for (const auto& a : args)
        if (a.name == arg) return &a;
    return nullptr;
}

const std::vector<CheckKindSpec>& builtin_check_kinds() {
    using R = ArgRole;
    static const std::vector<CheckKindSpec> kinds = {
        {"expression", "passes when the expression is true, fails when false",
         {{"expr", R::expression, true}, {"on_null", R::choice, false, {"not_applicable", "fail", "error"}}},
         {}},
        {"within_working_days", "`to` happened within N working days after `from`",
         {{"from", R::fact_date, true}, {"to", R::fact_date, true}, {"days", R::number, true}, {"end", R::fact_date, false}},
         {"from", "to", "due", "late_by_working_days"}},
        {"within_days", "`to` happened within N calendar days after `from`",
         {{"from", R::fact_date, true}, {"to", R::fact_date, true}, {"days", R::number, true}, {"end", R::fact_date, false}},
         {"from", "to", "due", "late_by_days"}},
        {"within_months", "`to` happened within N calendar months after `from` (month-end clamped)",
         {{"from", R::fact_date, true}, {"to", R::fact_date, true}, {"months", R::number, true}, {"end", R::fact_date, false}},
         {"from", "to", "due", "late_by_days"}},
        {"max_months_between", "successive dates at most N months apart, and the next not overdue",
         {{"dates", R::fact_dates, true}, {"months", R::number, true}, {"start", R::fact_date, false},
          {"first_months", R::number, false}, {"end", R::fact_date, false}},
         {"intervals", "late_intervals", "longest_from", "longest_to", "next_due"}},
        {"max_working_days_gap", "no gap longer than N working days from `start` through `dates` to the audit date",
         {{"dates", R::fact_dates, true}, {"days", R::number, true}, {"start", R::fact_date, true},
          {"end", R::fact_date, false}},
         {"longest_gap", "longest_gap_from", "longest_gap_to", "gaps_over_limit", "gaps"}},
        {"max_days_gap", "no gap longer than N calendar days from `start` through `dates` to the audit date (\"seen every 6 weeks\": 42)",
         {{"dates", R::fact_dates, true}, {"days", R::number, true}, {"start", R::fact_date, true},
          {"end", R::fact_date, false}},
         {"longest_gap", "longest_gap_from", "longest_gap_to", "gaps_over_limit", "gaps"}},
        {"present_within_months", "the latest date is within N months before the audit date",
         {{"latest", R::fact_dates, true}, {"months", R::number, true}, {"since", R::fact_date, false}},
         {"latest", "due"}},
        {"present_within_days", "the latest date is within N days before the audit date",
         {{"latest", R::fact_dates, true}, {"days", R::number, true}, {"since", R::fact_date, false}},
         {"latest", "due"}},
        {"not_null", "the fact is recorded", {{"fact", R::fact_any, true}}, {}},
        {"measure", "an indicator: numerator / denominator, judged against a comparator by polarity",
         {{"numerator", R::fact_number, true},
          {"denominator", R::fact_number, true},
          {"unit", R::choice, true, {"percent", "per_10000", "ratio"}},
          {"polarity", R::choice, true, {"higher_is_better", "lower_is_better", "neither"}},
          {"period", R::fact_any, false},
          {"statistical_neighbours", R::fact_number, false},
          {"england", R::fact_number, false},
          {"judge_against", R::choice, false, {"statistical_neighbours", "england"}},
          {"amber_within", R::amount, false}},
         {}},
    };
    return kinds;
}

CheckKindSpec spec_of_plugin_kind(const std::string& name, const std::vector<std::string>& required,
                                  const std::vector<std::string>& optional, const std::map<std::string, std::string>& types,
                                  std::string& unknown) {
    static const std::map<std::string, ArgRole> roles{{"date", ArgRole::fact_date},     {"dates", ArgRole::fact_dates},
                                                      {"number", ArgRole::fact_number}, {"fact", ArgRole::fact_any},
                                                      {"count", ArgRole::number},       {"amount", ArgRole::amount}};
    CheckKindSpec spec{name, "", {}, {}};
    auto add = [&](const std::string& arg, bool req) {
        ArgRole role = ArgRole::untyped;
        if (auto t = types.find(arg); t != types.end()) {
            if (auto r = roles.find(t->second); r != roles.end()) role = r->second;
            else if (unknown.empty()) unknown = arg + " = \"" + t->second + "\"";
        }
        spec.args.push_back({arg, role, req});
    };
    for (const auto& a : required) add(a, true);
    for (const auto& a : optional) add(a, false);
    return spec;
}

const CheckKindSpec* find_builtin_check_kind(const std::string& name) {
    for (const auto& k : builtin_check_kinds())
        if (k.name == name) return &k;
    return nullptr;
}

namespace {

// Reads facts for a check, turning the first unreadable one into the check's error.
struct FactReader {
    const std::map<std::string, Value>& args;
    const Facts& facts;
    std::string error;

    const Value* raw(const std::string& arg) {
        auto a = args.find(arg);
        if (a == args.end()) return nullptr;
        const std::string& name = a->second.as_text();
        if (const auto* e = facts.error(name)) {
            if (error.empty()) error = *e;
            return nullptr;
        }
        const Value* v = facts.find(name);
        if (!v && error.empty()) error = "the plugin supplied no fact '" + name + "'";
        return v;
    }
    std::optional<Date> date(const std::string& arg) {
        const Value* v = raw(arg);
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_date()) return v->as_date();
        if (error.empty()) error = "fact '" + args.at(arg).as_text() + "' is " + v->type_name() + ", not a date";
        return std::nullopt;
    }
    DateList dates(const std::string& arg) {
        const Value* v = raw(arg);
        DateList out;
        if (!v || v->is_null()) return out;
        if (v->is_date_list()) out = v->as_date_list();
        else if (v->is_date()) out.push_back(v->as_date());
        else if (error.empty()) error = "fact '" + args.at(arg).as_text() + "' is " + v->type_name() + ", not dates";
        std::sort(out.begin(), out.end());
        return out;
    }
    long number(const std::string& arg) const {
        auto a = args.find(arg);
        return a == args.end() ? 0 : static_cast<long>(a->second.as_number());
    }
    bool has(const std::string& arg) const { return args.count(arg) > 0; }
};

CheckOutcome outcome(Outcome o, std::string detail, Evidence ev = {}) { return CheckOutcome::with(o, std::move(detail), std::move(ev)); }

// A failure that can still be put right today (`open`), or one that is over (`over`), and the
// last day it could have been done on time when that is known.
CheckOutcome lapse(CheckOutcome o, Lapse l, std::optional<Date> due) {
    o.lapse = l;
    o.due = due;
    return o;
}

CheckOutcome not_covered(const WorkingCalendar& cal, Date d) {
    return outcome(Outcome::error, "the working-day calendar '" + cal.id() + "' does not cover " + d.iso() +
                                       " (it runs " + cal.first_covered().iso() + " to " + cal.last_covered().iso() +
                                       "); extend rules/calendars/" + cal.id() + ".toml");
}

enum class Unit { working_days, days, months };

// The last day a case was open for judging: the audit date, or the day before the case's end
// date (a plan or episode is no longer open on its end date).
Date judged_on(std::optional<Date> end, Date as_of) { return end && *end <= as_of ? end->plus_days(-1) : as_of; }

// "B within N units of A", with the domain's NULL conventions.
CheckOutcome within(FactReader& r, Unit unit, const WorkingCalendar& cal, Date as_of) {
    auto from = r.date("from");
    auto to = r.date("to");
    std::optional<Date> end = r.has("end") ? r.date("end") : std::nullopt;
    if (!r.error.empty()) return outcome(Outcome::error, r.error);
    long n = r.number(unit == Unit::months ? "months" : "days");
    if (!from) return outcome(Outcome::not_applicable, "the starting event is not recorded");
    // Something recorded after the audit date had not happened on it.
    if (to && *to > as_of) to.reset();
    if (to && *to < *from)
        return outcome(Outcome::error, "recorded on " + to->iso() + ", before the event it follows (" + from->iso() +
                                           "); the data-quality audit reports the dates");
    Date due;
    if (unit == Unit::working_days) {
        if (!cal.covers(*from)) return not_covered(cal, *from);
        due = cal.nth_working_day_after(*from, static_cast<int>(n));
        if (!cal.covers(due)) return not_covered(cal, due);
    } else if (unit == Unit::days) {
        due = from->plus_days(static_cast<std::int32_t>(n));
    } else {
        due = add_months(*from, static_cast<int>(n));
    }
    Evidence ev{{"from", *from}, {"due", due}};
    const bool ended = end && *end <= as_of;
    if (!to) {
        ev["to"] = Null{};
        // Still missing on the audit date: open, unless the case has ended without it.
        if (judged_on(end, as_of) > due)
            return lapse(outcome(Outcome::fail, "not recorded; it was due by " + due.iso(), ev), ended ? Lapse::over : Lapse::open, due);
        if (end && *end <= as_of)
            return outcome(Outcome::not_applicable, "the case ended before it was due (due by " + due.iso() + ")", ev);
        return outcome(Outcome::not_applicable, "not yet due (due by " + due.iso() + ")", ev);
    }
    ev["to"] = *to;
    if (*to <= due) return outcome(Outcome::pass, "on time", ev);
    if (unit == Unit::working_days) {
        if (!cal.covers(*to)) return not_covered(cal, *to);
        int late = cal.working_days_after(due, *to);
        ev["late_by_working_days"] = static_cast<std::int64_t>(late);
        return lapse(outcome(Outcome::fail, std::to_string(late) + " working day" + (late == 1 ? "" : "s") + " late", ev), Lapse::over, due);
    }
    int late = *to - due;
    ev["late_by_days"] = static_cast<std::int64_t>(late);
    return lapse(outcome(Outcome::fail, std::to_string(late) + " day" + (late == 1 ? "" : "s") + " late", ev), Lapse::over, due);
}

CheckOutcome max_months_between(FactReader& r, Date as_of) {
    DateList dates = r.dates("dates");
    std::optional<Date> start = r.has("start") ? r.date("start") : std::nullopt;
    std::optional<Date> end = r.has("end") ? r.date("end") : std::nullopt;
    if (!r.error.empty()) return outcome(Outcome::error, r.error);
    int months = static_cast<int>(r.number("months"));
    int first_months = r.has("first_months") ? static_cast<int>(r.number("first_months")) : months;
    if (r.has("start") && !start) return outcome(Outcome::not_applicable, "the starting event is not recorded");
    if (!start) {
        if (dates.empty()) return outcome(Outcome::not_applicable, "no dates recorded");
        start = dates.front();
        dates.erase(dates.begin());
        first_months = months;
    }
    const int first = first_months;
    // Reviews up to the audit date count; the next one is overdue judged on the day before an end.
    const ReviewSchedule sc = review_schedule(*start, dates, as_of, [&](std::size_t i, Date prev) { return add_months(prev, i == 0 ? first : months); });
    const int late = sc.late;
    const Date next_due = sc.next_due;
    const bool overdue = judged_on(end, as_of) > next_due;
    Evidence ev;
    ev["intervals"] = static_cast<std::int64_t>(sc.intervals);
    ev["late_intervals"] = static_cast<std::int64_t>(late);
    ev["next_due"] = next_due;
    if (sc.longest >= 0) { ev["longest_from"] = sc.longest_from; ev["longest_to"] = sc.longest_to; }
    if (late == 0 && !overdue) {
        if (sc.intervals == 0) return outcome(Outcome::not_applicable, "none due yet (next due by " + next_due.iso() + ")", ev);
        return outcome(Outcome::pass, "all on time; next due by " + next_due.iso(), ev);
    }
    std::string detail;
    if (late > 0) detail = std::to_string(late) + " interval" + (late == 1 ? "" : "s") + " longer than allowed";
    if (overdue) detail += (late > 0 ? "; " : "") + std::string("overdue since ") + next_due.plus_days(1).iso();
    // The next one overdue on the audit date is open; only late intervals in the past are over.
    const bool ended = end && *end <= as_of;
    // An open lapse was due by the next date; one that is over, by the end of the latest
    // interval that was too long.
    std::optional<Date> due = overdue ? std::optional<Date>(next_due) : sc.last_late_due;
    return lapse(outcome(Outcome::fail, detail, ev), overdue && !ended ? Lapse::open : Lapse::over, due);
}

// The visit-gap convention (docs/domain.md): gaps from `start` through `dates` to the audit date
// (or `end`), each in working days or in calendar days; a gap of exactly the limit passes.
CheckOutcome max_gap(FactReader& r, Unit unit, const WorkingCalendar& cal, Date as_of) {
    const bool working = unit == Unit::working_days;
    const std::string unit_words = working ? " working days" : " days";
    DateList dates = r.dates("dates");
    auto start = r.date("start");
    std::optional<Date> end = r.has("end") ? r.date("end") : std::nullopt;
    if (!r.error.empty()) return outcome(Outcome::error, r.error);
    if (!start) return outcome(Outcome::not_applicable, "the starting event is not recorded");
    Date stop = end && *end < as_of ? *end : as_of;
    if (stop < *start) return outcome(Outcome::not_applicable, "starts after the audit date");
    if (working && !cal.covers(*start)) return not_covered(cal, *start);
    if (working && !cal.covers(stop)) return not_covered(cal, stop);
    long limit = r.number("days");
    int longest = -1, over = 0;
    Date lf{}, lt{};
    const auto gaps = visit_gaps(*start, dates, stop, working ? GapUnit::working_days : GapUnit::days, cal);
    for (const auto& g : gaps) {
        if (g.length > limit) ++over;
        if (g.length > longest) { longest = g.length; lf = g.from; lt = g.to; }
    }
    const int last_gap = gaps.back().length;
    const Date last_seen = gaps.back().from;
    Evidence ev{{"longest_gap", static_cast<std::int64_t>(longest)}, {"longest_gap_from", lf}, {"longest_gap_to", lt},
                {"gaps_over_limit", static_cast<std::int64_t>(over)}, {"gaps", static_cast<std::int64_t>(gaps.size())}};
    if (over == 0) return outcome(Outcome::pass, "longest gap " + std::to_string(longest) + unit_words, ev);
    // Open while the gap running up to the audit date is over the limit (the child has not
    // been seen for too long now); over when only earlier gaps were.
    const Lapse state = last_gap > limit && stop == as_of ? Lapse::open : Lapse::over;
    // Open: the child should have been seen again `limit` working days after the last visit.
    const Date from = state == Lapse::open ? last_seen : lf;
    std::optional<Date> due;
    if (!working) due = from.plus_days(static_cast<std::int32_t>(limit));
    else if (cal.covers(from)) due = cal.nth_working_day_after(from, static_cast<int>(limit));
    if (working && due && !cal.covers(*due)) due.reset();
    return lapse(outcome(Outcome::fail, std::to_string(over) + " gap" + (over == 1 ? "" : "s") + " over " + std::to_string(limit) +
                                      unit_words + "; longest " + std::to_string(longest) + " (" + lf.iso() + " to " + lt.iso() + ")",
                         ev),
                 state, due);
}

CheckOutcome present_within(FactReader& r, Unit unit, Date as_of) {
    DateList dates = r.dates("latest");
    std::optional<Date> since = r.has("since") ? r.date("since") : std::nullopt;
    if (!r.error.empty()) return outcome(Outcome::error, r.error);
    if (r.has("since") && !since) return outcome(Outcome::not_applicable, "the case's start is not recorded");
    long n = r.number(unit == Unit::months ? "months" : "days");
    auto plus = [&](Date d) { return unit == Unit::months ? add_months(d, static_cast<int>(n)) : d.plus_days(static_cast<std::int32_t>(n)); };
    // Records after the audit date did not exist on it.
    while (!dates.empty() && dates.back() > as_of) dates.pop_back();
    if (dates.empty()) {
        if (since && plus(*since) >= as_of)
            return outcome(Outcome::not_applicable, "none yet, and not yet due (due by " + plus(*since).iso() + ")",
                           {{"latest", Null{}}, {"due", plus(*since)}});
        return lapse(outcome(Outcome::fail, "none recorded", {{"latest", Null{}}}), Lapse::open,
                     since ? std::optional<Date>(plus(*since)) : std::nullopt);
    }
    Date latest = dates.back();
    Evidence ev{{"latest", latest}, {"due", plus(latest)}};
    if (plus(latest) >= as_of) return outcome(Outcome::pass, "latest " + latest.iso(), ev);
    return lapse(outcome(Outcome::fail, "latest " + latest.iso() + ", due again by " + plus(latest).iso(), ev), Lapse::open, plus(latest));
}

}  // namespace

CheckOutcome evaluate_builtin(const std::string& kind, const std::map<std::string, Value>& args, const Facts& facts,
                              const WorkingCalendar& calendar, Date as_of) {
    FactReader r{args, facts, {}};
    if (kind == "within_working_days") return within(r, Unit::working_days, calendar, as_of);
    if (kind == "within_days") return within(r, Unit::days, calendar, as_of);
    if (kind == "within_months") return within(r, Unit::months, calendar, as_of);
    if (kind == "max_months_between") return max_months_between(r, as_of);
    if (kind == "max_working_days_gap") return max_gap(r, Unit::working_days, calendar, as_of);
    if (kind == "max_days_gap") return max_gap(r, Unit::days, calendar, as_of);
    if (kind == "present_within_months") return present_within(r, Unit::months, as_of);
    if (kind == "present_within_days") return present_within(r, Unit::days, as_of);
    if (kind == "measure") return evaluate_measure(args, facts);
    if (kind == "not_null") {
        const Value* v = r.raw("fact");
        if (!r.error.empty()) return outcome(Outcome::error, r.error);
        if (v && !v->is_null()) return outcome(Outcome::pass, "recorded");
        return outcome(Outcome::fail, "not recorded");
    }
    return outcome(Outcome::error, "unknown check kind '" + kind + "'");
}

}  // namespace sgaudit::rules
