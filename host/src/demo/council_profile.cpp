#include "sgaudit/demo/council_profile.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "sgaudit/rules/toml_file.hpp"

namespace sgaudit::demo {
namespace fs = std::filesystem;

namespace {

enum class Kind { whole, number, share };

// One numeric value of the profile: its type and the range the generator is safe in.
struct Spec {
    const char* key;
    Kind kind;
    double min, max;
};

// Per area, at scale 1. The upper bounds keep the council within memory (the largest English
// council has about 300,000 children); the lower ones keep every area staffed.
constexpr Spec kAreaValues[] = {
    {"children_0_17", Kind::whole, 1, 200000}, {"open_cases", Kind::whole, 0, 50000}, {"fte", Kind::number, 1, 1000}};
constexpr Spec kYearValues[] = {
    {"referrals_per_10000", Kind::number, 0, 2000}, {"repeat_share", Kind::share, 0, 1}, {"initial_assessment_share", Kind::share, 0, 1}};
constexpr Spec kPlanValues[] = {
    {"active_at_end", Kind::whole, 0, 10000}, {"ended_in_period", Kind::whole, 0, 10000}, {"under_4_share", Kind::share, 0, 1},
    {"unborn", Kind::whole, 0, 1000},         {"earlier_plan_share", Kind::share, 0, 1}, {"transfer_in_share", Kind::share, 0, 1}};
constexpr Spec kWorkforceValues[] = {
    {"part_time_share", Kind::share, 0, 1}, {"unqualified_share", Kind::share, 0, 1}, {"newly_qualified_share", Kind::share, 0, 1}};
// The generator spreads each step over a range up to the timescale, from a fixed earliest day
// (a visit at least 3 working days after the last, an ICPC at least 5 after the strategy
// discussion, a core assessment at least 10): a timescale below that start has no range. A
// review or visit interval of 0 would never move on.
constexpr Spec kTimescaleValues[] = {
    {"initial_assessment_working_days", Kind::whole, 1, 60}, {"core_assessment_working_days", Kind::whole, 10, 60},
    {"icpc_working_days", Kind::whole, 5, 60},               {"core_group_working_days", Kind::whole, 3, 60},
    {"first_review_months", Kind::whole, 1, 24},             {"review_interval_months", Kind::whole, 1, 24},
    {"visit_interval_working_days", Kind::whole, 3, 60},     {"cla_first_review_days", Kind::whole, 8, 365},
    {"cla_second_review_months", Kind::whole, 1, 24},        {"cla_review_interval_months", Kind::whole, 1, 24},
    {"cla_first_visit_days", Kind::whole, 2, 365},           {"cla_visit_interval_weeks", Kind::whole, 2, 52},
    {"repeat_referral_window_months", Kind::whole, 1, 60}};
constexpr Spec kLapseValues[] = {
    {"plan_ends_before_start", Kind::whole, 0, 1000},   {"review_before_plan_start", Kind::whole, 0, 1000},
    {"visit_before_plan_start", Kind::whole, 0, 1000},  {"plan_before_referral", Kind::whole, 0, 1000},
    {"s47_after_icpc", Kind::whole, 0, 1000},           {"icpc_without_s47", Kind::whole, 0, 1000},
    {"overlapping_plans", Kind::whole, 0, 1000},        {"assessment_authorised_before_start", Kind::whole, 0, 1000},
    {"events_after_death", Kind::whole, 0, 1000},       {"referral_date_missing", Kind::whole, 0, 1000},
    {"duplicate_plan_id", Kind::whole, 0, 1000},        {"plan_referral_missing", Kind::whole, 0, 1000},
    {"late_icpc", Kind::whole, 0, 1000},                {"late_first_core_group", Kind::whole, 0, 1000},
    {"no_core_group", Kind::whole, 0, 1000},            {"late_first_review", Kind::whole, 0, 1000},
    {"late_later_review", Kind::whole, 0, 1000},        {"missed_visits", Kind::whole, 0, 1000},
    {"unallocated_plan", Kind::whole, 0, 1000},         {"unqualified_allocation", Kind::whole, 0, 1000},
    {"unallocated_case", Kind::whole, 0, 1000},         {"initial_assessment_on_time_share", Kind::share, 0, 1},
    {"stale_chronology", Kind::whole, 0, 1000},         {"no_management_oversight", Kind::whole, 0, 1000}};

// Section 11 lapses: fixed counts, not per unit of scale (the council has 12 partner agencies at
// any scale). Those planted on an agency take one agency each (checked below); the others are
// spread over the agencies' returns, three at most of a kind.
constexpr Spec kSection11AgencyValues[] = {
    {"missing_return", Kind::whole, 0, 3},           {"late_return", Kind::whole, 0, 3},
    {"unsigned_return", Kind::whole, 0, 3},          {"unrated_standard", Kind::whole, 0, 3},
    {"training_under_threshold", Kind::whole, 0, 3}, {"vetting_under_threshold", Kind::whole, 0, 3},
    {"trained_above_contact", Kind::whole, 0, 3},    {"contradicted_self_rating", Kind::whole, 0, 3}};
constexpr Spec kSection11Values[] = {
    kSection11AgencyValues[0], kSection11AgencyValues[1], kSection11AgencyValues[2], kSection11AgencyValues[3],
    kSection11AgencyValues[4], kSection11AgencyValues[5], kSection11AgencyValues[6], kSection11AgencyValues[7],
    {"met_without_evidence", Kind::whole, 0, 3},     {"gap_without_action", Kind::whole, 0, 3},
    {"rating_fell", Kind::whole, 0, 3},              {"panel_disagrees", Kind::whole, 0, 3},
    {"action_overdue", Kind::whole, 0, 3},           {"action_after_next_round", Kind::whole, 0, 3},
    {"carried_over_open", Kind::whole, 0, 3},        {"unknown_standard", Kind::whole, 0, 3}};

constexpr std::size_t kMaxAreas = 10;

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// "a whole number from 1 to 24"
std::string expected(const Spec& s) {
    const char* what = s.kind == Kind::whole ? "a whole number" : s.kind == Kind::share ? "a share" : "a number";
    return std::string(what) + " from " + number_text(s.min) + " to " + number_text(s.max);
}

// What was written instead, in words.
std::string found(const toml::node& n) {
    if (auto i = n.value_exact<std::int64_t>()) return std::to_string(*i);
    if (auto d = n.value_exact<double>()) {
        std::string t = number_text(*d);
        return t.find_first_of(".en") == std::string::npos ? t + ".0" : t;  // 7.0 is written as a decimal
    }
    if (n.is_string()) return "text";
    if (n.is_boolean()) return "true or false";
    if (n.is_date() || n.is_date_time() || n.is_time()) return "a date or time";
    return n.is_array() ? "a list" : "a table";
}

class Reader {
public:
    Reader(const fs::path& file, rules::Diagnostics& diags) : file_(file.string()), diags_(diags) {}

    rules::SourcePos pos(const toml::node& n) const {
        return {file_, static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
    }
    rules::SourcePos start() const { return {file_, 1, 1}; }
    void error(const rules::SourcePos& at, const std::string& message) { diags_.error(at, message); }

    // The keys of `t` that are not among `known`, each an error.
    void unknown_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& where) {
        for (auto&& [k, v] : t) {
            std::string key(k.str());
            if (std::find(known.begin(), known.end(), key) == known.end())
                error(pos(v), "unknown key '" + key + "' in " + where + rules::did_you_mean(key, known));
        }
    }

    std::optional<double> number(const toml::table& t, const Spec& s, const std::string& where) {
        const toml::node* n = t.get(s.key);
        if (!n) {
            error(pos(t), where + " has no " + s.key + "; add it (" + expected(s) + ")");
            return std::nullopt;
        }
        std::optional<double> v;
        if (auto i = n->value_exact<std::int64_t>()) v = static_cast<double>(*i);
        else if (s.kind != Kind::whole && n->is_number()) v = n->value<double>();  // 7.0 is not a whole number
        if (!v || !(*v >= s.min && *v <= s.max)) {
            error(pos(*n), where + " " + s.key + " must be " + expected(s) + ", found " + found(*n));
            return std::nullopt;
        }
        return v;
    }

    // Every value of a group table such as [timescales], into `out`.
    template <std::size_t N>
    void group(const toml::table& root, const char* name, const Spec (&specs)[N], std::map<std::string, double>& out) {
        const std::string where = std::string("[") + name + "]";
        const toml::table* t = root[name].as_table();
        if (!t) {
            error(root.get(name) ? pos(*root.get(name)) : start(), "the profile needs a " + where + " table");
            return;
        }
        std::vector<std::string> known;
        for (const auto& s : specs) {
            known.push_back(s.key);
            if (auto v = number(*t, s, where)) out[s.key] = *v;
        }
        unknown_keys(*t, known, where);
    }

    std::optional<std::string> text(const toml::table& t, const char* key, const std::string& where) {
        const toml::node* n = t.get(key);
        if (!n || !n->is_string() || n->value<std::string>()->empty()) {
            error(n ? pos(*n) : pos(t), where + " " + key + " must be text in quotes, not empty" + (n ? ", found " + found(*n) : ""));
            return std::nullopt;
        }
        return *n->value<std::string>();
    }

    std::optional<Date> date(const toml::table& t, const char* key, const std::string& where) {
        const toml::node* n = t.get(key);
        std::optional<Date> d;
        if (n && n->is_date()) {
            auto v = n->as_date()->get();
            d = Date::from_ymd(v.year, v.month, v.day);
        }
        if (!d) error(n ? pos(*n) : pos(t), where + " " + key + " must be a date (e.g. 2009-03-31)" + (n ? ", found " + found(*n) : ""));
        return d;
    }

private:
    std::string file_;
    rules::Diagnostics& diags_;
};

// The tables of an array such as [[area]], each an error when it is not one.
std::vector<const toml::table*> tables_of(Reader& r, const toml::table& root, const char* name) {
    std::vector<const toml::table*> out;
    const toml::array* arr = root[name].as_array();
    if (!arr) return out;
    for (const auto& n : *arr) {
        if (const auto* t = n.as_table()) out.push_back(t);
        else r.error(r.pos(n), std::string("[[") + name + "]] must be a table");
    }
    return out;
}

void read_council(Reader& r, const toml::table& root, Profile& p) {
    const toml::table* t = root["council"].as_table();
    if (!t) {
        r.error(r.start(), "the profile needs a [council] table with name, first_day and last_day");
        return;
    }
    r.text(*t, "name", "[council]");
    auto first = r.date(*t, "first_day", "[council]"), last = r.date(*t, "last_day", "[council]");
    if (first && last && !(*first < *last)) r.error(r.pos(*t->get("last_day")), "[council] last_day must be after first_day");
    if (first) p.first = *first;
    if (last) p.last = *last;
    r.unknown_keys(*t, {"name", "first_day", "last_day"}, "[council]");
}

void read_areas(Reader& r, const toml::table& root, Profile& p) {
    auto tables = tables_of(r, root, "area");
    if (tables.empty() || tables.size() > kMaxAreas)
        r.error(r.start(), "the profile needs from 1 to " + std::to_string(kMaxAreas) + " [[area]] tables, found " +
                               std::to_string(tables.size()));
    std::set<std::string> ids;
    for (const auto* t : tables) {
        Area a;
        a.id = r.text(*t, "id", "[[area]]").value_or("");
        a.name = r.text(*t, "name", "[[area]]").value_or("");
        // Area ids name teams (T-HUN-1): letters, digits, - and _ only, each once.
        if (!a.id.empty() && (a.id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
                                  std::string::npos || !ids.insert(a.id).second))
            r.error(r.pos(*t->get("id")), "[[area]] id '" + a.id + "' must be letters, digits, - or _ and differ from every other area's");
        double* fields[] = {&a.children, &a.open_cases, &a.fte};
        for (std::size_t i = 0; i < std::size(kAreaValues); ++i) *fields[i] = r.number(*t, kAreaValues[i], "[[area]]").value_or(0);
        r.unknown_keys(*t, {"id", "name", "children_0_17", "open_cases", "fte"}, "[[area]]");
        p.areas.push_back(a);
    }
}

void read_years(Reader& r, const toml::table& root, Profile& p) {
    auto tables = tables_of(r, root, "year");
    if (tables.size() != 3) r.error(r.start(), "the profile needs three [[year]] tables, found " + std::to_string(tables.size()));
    for (const auto* t : tables) {
        Year y;
        y.label = r.text(*t, "label", "[[year]]").value_or("");
        double* fields[] = {&y.rate, &y.repeat_share, &y.ia_share};
        for (std::size_t i = 0; i < std::size(kYearValues); ++i) *fields[i] = r.number(*t, kYearValues[i], "[[year]]").value_or(0);
        r.unknown_keys(*t, {"label", "referrals_per_10000", "repeat_share", "initial_assessment_share"}, "[[year]]");
        p.years.push_back(y);
    }
}

// Each agency-level Section 11 lapse takes an agency of its own.
void read_section11_agencies(Reader& r, const toml::table& root, const Profile& p) {
    double agencies = 0;
    for (const auto& s : kSection11AgencyValues) agencies += p.section11.count(s.key) ? p.section11.at(s.key) : 0;
    if (agencies > static_cast<double>(kSection11Agencies))
        r.error(r.pos(*root.get("section11")), "[section11] plants lapses on " + number_text(agencies) + " agencies (missing_return to "
                                                   "contradicted_self_rating, one agency each), but the demo council has " +
                                                   std::to_string(kSection11Agencies) + ": lower them");
}

}  // namespace

bool load_profile(const fs::path& file, Profile& p, rules::Diagnostics& diags) {
    auto parsed = rules::parse_toml_file(file, diags);
    if (!parsed) return false;
    const toml::table& root = *parsed;
    rules::Diagnostics found;
    Reader r(file, found);
    read_council(r, root, p);
    read_areas(r, root, p);
    read_years(r, root, p);
    r.group(root, "plans", kPlanValues, p.plans);
    r.group(root, "workforce", kWorkforceValues, p.workforce);
    r.group(root, "timescales", kTimescaleValues, p.timescales);
    r.group(root, "lapses", kLapseValues, p.lapses);
    r.group(root, "section11", kSection11Values, p.section11);
    read_section11_agencies(r, root, p);
    r.unknown_keys(root, {"council", "area", "year", "plans", "workforce", "timescales", "lapses", "section11"}, "the profile");
    diags.append(found);
    return !found.has_errors();
}

}  // namespace sgaudit::demo
