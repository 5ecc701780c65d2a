#include "sheet_words.hpp"

#include <cctype>
#include <cstdint>
#include <optional>

namespace cp4 {
using namespace sgaudit;

std::string long_date(Date d) { return in_words(d); }

std::string long_dates_in(std::string_view text) {
    auto alnum = [&](std::size_t i) { return std::isalnum(static_cast<unsigned char>(text[i])) != 0; };
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::optional<Date> d;
        if (i + 10 <= text.size() && (i == 0 || !alnum(i - 1)) && (i + 10 == text.size() || !alnum(i + 10)))
            d = Date::parse(text.substr(i, 10));
        if (d) {
            out += long_date(*d);
            i += 10;
        } else {
            out += text[i++];
        }
    }
    return out;
}

namespace {

// What the rule engine says when a rule's `when` does not hold: nothing a reader needs.
const std::string kConditionFalse = "not applicable: the rule's condition does not hold";

std::optional<Date> date_in(const Evidence& ev, const char* key) {
    auto it = ev.find(key);
    if (it == ev.end() || !it->second.is_date()) return std::nullopt;
    return it->second.as_date();
}

std::optional<std::int64_t> count_in(const Evidence& ev, const char* key) {
    auto it = ev.find(key);
    if (it == ev.end() || !it->second.is_int()) return std::nullopt;
    return it->second.as_int();
}

std::string counted(std::int64_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// A lapse that is over: how late it was, from the evidence of the check that found it.
std::string over_words(const Evidence& ev) {
    if (auto n = count_in(ev, "late_by_working_days")) return "Held " + counted(*n, "working day", "working days") + " late";
    if (auto n = count_in(ev, "late_by_days")) return "Held " + counted(*n, "day", "days") + " late";
    if (auto n = count_in(ev, "late_intervals"); n && *n > 0)
        return "Held late: " + counted(*n, "interval", "intervals") + " longer than allowed";
    if (auto n = count_in(ev, "longest_gap")) return "Seen again since; earlier not seen for " + counted(*n, "working day", "working days");
    if (auto to = ev.find("to"); to != ev.end() && to->second.is_null()) return "Not done before the case ended";
    return "Done late";
}

std::string failure_words(const RuleOutcome& o) {
    // An information rule's finding is a prompt for the review, not a failure.
    if (o.severity == Severity::info && o.lapse == Lapse::none) return "Prompt for the review";
    if (o.lapse == Lapse::open) return o.due ? "Overdue since " + long_date(o.due->plus_days(1)) : "Overdue";
    if (o.lapse == Lapse::over) return over_words(o.evidence);
    return "Not met";
}

std::string lower_first(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string upper_first(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// Not applicable because its date has not come: the date, when the evidence gives one on or after
// the audit date ("due" from the within and present kinds, "next_due" from max_months_between).
std::optional<Date> not_yet_due(const RuleOutcome& o, Date as_of) {
    auto due = date_in(o.evidence, "due");
    if (!due) due = date_in(o.evidence, "next_due");
    if (due && *due >= as_of) return due;
    return std::nullopt;
}

// The message without "plan ID: " before it or " (cp_plan ID)" after it, its dates written out.
std::string own_words(std::string_view message, const std::string& plan_id) {
    const std::string before = "plan " + plan_id + ": ", after = " (cp_plan " + plan_id + ")";
    if (message.starts_with(before)) message.remove_prefix(before.size());
    if (message.ends_with(after)) message.remove_suffix(after.size());
    return long_dates_in(message);
}

}  // namespace

std::string standing(const RuleOutcome& o, Date as_of, const std::string& plan_id) {
    switch (o.outcome) {
        case Outcome::pass: return "Met";
        case Outcome::fail: return failure_words(o);
        case Outcome::waived: return "Waived: " + lower_first(failure_words(o));
        case Outcome::error: return "Could not be judged: " + own_words(o.message, plan_id);
        default: break;
    }
    if (auto due = not_yet_due(o, as_of)) return "Not yet due (due " + long_date(*due) + ")";
    return "Not applicable";
}

std::string check_detail(const RuleOutcome& o, Date as_of, const std::string& plan_id) {
    if (o.outcome == Outcome::error) return {};
    if (o.outcome == Outcome::not_applicable && (not_yet_due(o, as_of) || o.message == kConditionFalse)) return {};
    return upper_first(own_words(o.message, plan_id));
}

std::string due_words(Date due, Date as_of) {
    if (due > as_of) return long_date(due);
    if (due == as_of) return "Today, " + long_date(due);
    return "Overdue since " + long_date(due.plus_days(1));
}

}  // namespace cp4
