#include "section11_rounds.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "sgaudit/demo/council_profile.hpp"
#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/sampler.hpp"

namespace sgaudit::demo {
namespace {

struct Agency {
    const char* name;
    const char* sector;
    const char* signs;  // the senior officer who signs its return off
    int staff;          // about how many of its staff work with or are in contact with children
};

// The partner agencies under the duty (docs/section11.md), all in scope.
constexpr Agency kAgencies[] = {
    {"Demo County Council", "county_council", "Director of Children's Services", 2400},
    {"Huntingdonshire District Council", "district_council", "Chief Executive", 180},
    {"Fenland District Council", "district_council", "Chief Executive", 150},
    {"County Police", "police", "Assistant Chief Constable", 900},
    {"Probation Trust", "probation", "Chief Officer", 210},
    {"Primary Care Trust", "health", "Director of Nursing", 1300},
    {"Acute Hospitals Trust", "health", "Director of Nursing", 1900},
    {"Mental Health Trust", "health", "Medical Director", 700},
    {"Youth Offending Service", "youth_offending", "Head of Service", 90},
    {"Connexions", "other", "Chief Executive", 120},
    {"Cafcass", "other", "Head of Service", 60},
    {"Voluntary Sector Forum", "voluntary", "Chair", 45}};
static_assert(std::size(kAgencies) == kSection11Agencies);

constexpr int kStandards = 8;  // S11-1 .. S11-8; S11-5 is training, S11-6 vetting
constexpr int kTraining = 4, kVetting = 5;
constexpr int kOthers[] = {0, 1, 2, 3, 6, 7};  // the standards no coverage figure bears on
// The default scale (rules/section11.toml [lists.scale]), best first: an index here is a
// rating, and a larger index a lower one.
constexpr const char* kScale[] = {"fully", "mostly", "partially", "not_met"};
constexpr int kFully = 0, kMostly = 1, kPartially = 2;

constexpr const char* kEvidence[kStandards] = {
    "Safeguarding a standing item at board meetings; a named executive lead",
    "Safeguarding statement in the staff handbook and on the intranet",
    "Accountability chart to the named senior manager; named and designated posts filled",
    "Service plans checked for safeguarding; consultation with children and families",
    "Training records: safeguarding training within the refresh period",
    "CRB checks on personnel files; allegations procedure with a named senior officer",
    "Attendance at LSCB sub-groups; joint protocols signed",
    "Information-sharing protocol adopted; staff briefed on consent and sharing"};
struct ActionText {
    const char* action;
    const char* owner;
};
constexpr ActionText kActions[kStandards] = {
    {"Safeguarding report to the board twice a year", "Executive lead for safeguarding"},
    {"Reissue the safeguarding statement to all staff", "Head of Communications"},
    {"Confirm the line of accountability in every directorate", "Executive lead for safeguarding"},
    {"Consult children and families on service changes", "Head of Service Development"},
    {"Refresher safeguarding training for front-line staff", "Training Manager"},
    {"Audit personnel files for CRB checks and renewals", "Head of Human Resources"},
    {"Nominate a deputy for each LSCB sub-group", "Safeguarding Lead"},
    {"Train managers in the information-sharing protocol", "Information Governance Manager"}};

std::string id(const char* prefix, std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%06zu", prefix, n);
    return buf;
}

std::string standard_code(int s) { return "S11-" + std::to_string(s + 1); }

// The kinds planted on an agency (its organisation subject), in the order they take agencies.
constexpr const char* kAgencyKinds[] = {"missing_return",           "late_return",             "unsigned_return",
                                        "unrated_standard",         "training_under_threshold", "vetting_under_threshold",
                                        "trained_above_contact",    "contradicted_self_rating"};
// The kinds planted on one standard of an agency's 2008-09 return (its rating or its action;
// for carried_over_open, its 2007-08 action), or on an extra rating (unknown_standard).
constexpr const char* kRatingKinds[] = {"met_without_evidence", "gap_without_action",      "rating_fell",       "panel_disagrees",
                                        "action_overdue",       "action_after_next_round", "carried_over_open", "unknown_standard"};

struct AgencyPlan {
    std::array<int, kStandards> now{}, before{};  // ratings in 2008-09 and 2007-08
    std::string lapse;                            // the agency-level kind planted on it
    int contradicted = -1;                        // the standard it rates fully met against its own figures
    int unrated = -1;                             // the standard its 2008-09 return leaves out
    int unknown_standards = 0;                    // rows for standards the list does not have
    std::map<int, std::string> planted;           // standard -> the rating-level kind planted on it
    bool panel = false;                           // the board's panel rated its 2008-09 return
};

class Rounds {
public:
    Rounds(const std::map<std::string, double>& counts, std::uint64_t seed, Tables& t, Manifest& m)
        : counts_(counts), rng_(seed, "demo-section11"), t_(t), m_(m) {}

    void run() {
        for (std::size_t a = 0; a < kSection11Agencies; ++a)
            t_["sga_organisations"].push_back({id("O", a + 1), kAgencies[a].name, kAgencies[a].sector, "Y"});
        for (auto& p : plans_) draw_ratings(p);
        plant();
        for (std::size_t a = 0; a < kSection11Agencies; ++a) previous_round(a);
        for (std::size_t a = 0; a < kSection11Agencies; ++a)
            if (plans_[a].lapse == "missing_return") planted("missing_return", id("O", a + 1));
            else audited_round(a);
        for (auto& [kind, ids] : m_.lapses)
            if (kind.rfind("s11_", 0) == 0) std::sort(ids.begin(), ids.end());
    }

private:
    const std::map<std::string, double>& counts_;
    Sampler rng_;
    Tables& t_;
    Manifest& m_;
    std::array<AgencyPlan, kSection11Agencies> plans_;
    std::size_t returns_ = 0, actions_ = 0;

    // The rounds (rules/section11.toml [lists.rounds]) and the audit date the demo runs on.
    const Date due_0708_ = *Date::from_ymd(2007, 12, 31), due_0809_ = *Date::from_ymd(2008, 12, 31),
               due_0910_ = *Date::from_ymd(2009, 12, 31), audit_ = *Date::from_ymd(2009, 3, 31);

    std::uint64_t below(std::uint64_t n) { return rng_.below(n); }
    Date between(Date a, Date b) { return a.plus_days(static_cast<std::int32_t>(below(static_cast<std::uint64_t>(b - a) + 1))); }
    std::size_t count(const char* kind) const { return static_cast<std::size_t>(counts_.at(kind)); }
    void planted(const char* kind, const std::string& subject) { m_.lapses[std::string("s11_") + kind].push_back(subject); }

    // Mostly fully met; a rating in 2007-08 never above the one in 2008-09 (none fell).
    void draw_ratings(AgencyPlan& p) {
        for (int s = 0; s < kStandards; ++s) {
            auto x = below(100);
            p.now[s] = x < 55 ? kFully : x < 80 ? kMostly : x < 93 ? kPartially : 3;
            p.before[s] = p.now[s] < 3 && below(100) < 35 ? p.now[s] + 1 : p.now[s];
        }
    }

    // Sets a 2008-09 rating, keeping the 2007-08 one no higher.
    static void rate(AgencyPlan& p, int s, int now) {
        p.now[s] = now;
        p.before[s] = std::max(p.before[s], now);
    }

    // Which agency and which standard each planted lapse goes on: the agency-level kinds each on
    // an agency of their own; the rest spread over the agencies with a 2008-09 return, those
    // without an agency-level lapse first, one standard each before any has two.
    void plant() {
        std::vector<std::size_t> order = rng_.choose(kSection11Agencies, kSection11Agencies);
        std::size_t next = 0, contradicted = 0;
        for (const char* kind : kAgencyKinds)
            for (std::size_t k = 0; k < count(kind); ++k) {
                AgencyPlan& p = plans_[order[next++]];
                p.lapse = kind;
                const std::string lapse = kind;
                if (lapse == "training_under_threshold") {
                    // Honestly rated below fully met (a contradicted self-rating is a kind of its own).
                    rate(p, kTraining, std::max(p.now[kTraining], kMostly));
                } else if (lapse == "trained_above_contact") {
                    // Figures that cannot both be right make both coverages unknown: no fully met
                    // rating of standard 5 or 6 for the self-rating check to weigh against them.
                    rate(p, kTraining, std::max(p.now[kTraining], kMostly));
                    rate(p, kVetting, std::max(p.now[kVetting], kMostly));
                } else if (lapse == "vetting_under_threshold") {
                    rate(p, kVetting, std::max(p.now[kVetting], kMostly));
                } else if (lapse == "contradicted_self_rating") {
                    // Standard 5 against training coverage, then standard 6 against vetting, in turn.
                    p.contradicted = contradicted++ % 2 == 0 ? kTraining : kVetting;
                    rate(p, p.contradicted, kFully);
                } else if (lapse == "unrated_standard") {
                    p.unrated = kOthers[below(std::size(kOthers))];
                }
            }
        std::vector<std::size_t> spread;
        for (auto it = order.rbegin(); it != order.rend(); ++it)
            if (plans_[*it].lapse != "missing_return") spread.push_back(*it);
        std::map<std::size_t, std::vector<int>> free;  // agency -> its standards still free, shuffled
        for (std::size_t a : spread)
            for (std::size_t i : rng_.choose(std::size(kOthers), std::size(kOthers)))
                if (kOthers[i] != plans_[a].unrated) free[a].push_back(kOthers[i]);
        std::size_t slot = 0;
        for (const char* kind : kRatingKinds)
            for (std::size_t k = 0; k < count(kind); ++k, ++slot) {
                AgencyPlan& p = plans_[spread[slot % spread.size()]];
                const std::string lapse = kind;
                if (lapse == "unknown_standard") {
                    ++p.unknown_standards;
                    continue;
                }
                int s = free[spread[slot % spread.size()]][slot / spread.size()];
                p.planted[s] = kind;
                if (lapse == "met_without_evidence") rate(p, s, kFully);
                else if (lapse == "gap_without_action" || lapse == "action_after_next_round") rate(p, s, kPartially);
                else if (lapse == "action_overdue") rate(p, s, kMostly);
                else if (lapse == "panel_disagrees") {
                    rate(p, s, kFully);
                    p.panel = true;
                } else if (lapse == "rating_fell") {
                    p.before[s] = kFully;
                    p.now[s] = kMostly;
                } else if (lapse == "carried_over_open") {
                    p.before[s] = kPartially;
                    p.now[s] = kMostly;
                }
            }
        // The panel also reviewed two returns it agreed with in every rating.
        std::vector<std::size_t> agreed;
        for (std::size_t a : spread)
            if (!plans_[a].panel) agreed.push_back(a);
        for (std::size_t k : rng_.choose(agreed.size(), 2)) plans_[agreed[k]].panel = true;
    }

    // Staff in contact with children, about the agency's size.
    long in_contact(std::size_t a) { return std::lround(kAgencies[a].staff * (90 + static_cast<double>(below(21))) / 100.0); }
    // At least 92% trained: clear of the 90% threshold.
    long trained(long n) {
        long lo = static_cast<long>(std::ceil(0.92 * static_cast<double>(n)));
        return lo + static_cast<long>(below(static_cast<std::uint64_t>(n - lo + 1)));
    }

    std::string add_return(std::size_t a, const char* period, Date due, Date submitted, bool signed_off, long n, long trained, long vetted) {
        std::string rid = id("S11R", ++returns_);
        t_["sga_s11_returns"].push_back({rid, id("O", a + 1), period, due.iso(), submitted.iso(),
                                         signed_off ? Cell(kAgencies[a].signs) : Cell(), std::to_string(n), std::to_string(trained),
                                         std::to_string(vetted)});
        return rid;
    }

    std::string add_action(const std::string& rid, int s, Date due, std::optional<Date> completed) {
        std::string aid = id("S11A", ++actions_);
        t_["sga_s11_actions"].push_back({aid, rid, standard_code(s), kActions[s].action, kActions[s].owner, due.iso(),
                                         completed ? Cell(completed->iso()) : Cell()});
        return aid;
    }

    // An action on time: due after the round's due date (and the return) and by the next round's;
    // done by its due date when that has passed on the audit date, perhaps done already when not.
    void clean_action(const std::string& rid, int s, Date round_due, Date next_due, Date submitted) {
        Date due = between(std::max(round_due, submitted).plus_days(14), next_due);
        std::optional<Date> done;
        Date last = std::min(due, audit_);
        if (due <= audit_ || below(100) < 25) done = between(std::min(submitted.plus_days(7), last), last);
        add_action(rid, s, due, done);
    }

    // 2007-08: every agency's return, on time, signed off, clean; only an action left open (the
    // carried_over_open lapse) shows in the audit of 2008-09.
    void previous_round(std::size_t a) {
        const AgencyPlan& p = plans_[a];
        Date submitted = due_0708_.plus_days(-static_cast<std::int32_t>(below(56)));
        long n = in_contact(a);
        std::string rid = add_return(a, "2007-08", due_0708_, submitted, true, n, trained(n), n);
        for (int s = 0; s < kStandards; ++s) {
            t_["sga_s11_ratings"].push_back({rid, standard_code(s), kScale[p.before[s]], kEvidence[s]});
            if (p.before[s] == kFully) continue;
            auto it = p.planted.find(s);
            if (it != p.planted.end() && it->second == "carried_over_open")
                planted("carried_over_open", add_action(rid, s, between(*Date::from_ymd(2008, 4, 30), *Date::from_ymd(2008, 10, 31)), std::nullopt));
            else
                clean_action(rid, s, due_0708_, due_0809_, submitted);
        }
    }

    // 2008-09, the round the demo audits: clean but for the lapses planted.
    void audited_round(std::size_t a) {
        const AgencyPlan& p = plans_[a];
        const std::string org = id("O", a + 1);
        Date submitted = p.lapse == "late_return" ? due_0809_.plus_days(static_cast<std::int32_t>(5 + below(26)))
                                                  : due_0809_.plus_days(-static_cast<std::int32_t>(below(56)));
        long n = in_contact(a), tr = trained(n), vet = n;
        // Coverage under the threshold: 70-85% trained, or one or a few not vetted.
        bool low_training = p.lapse == "training_under_threshold" || p.contradicted == kTraining;
        bool low_vetting = p.lapse == "vetting_under_threshold" || p.contradicted == kVetting;
        if (low_training) tr = static_cast<long>(std::floor(static_cast<double>(n) * (70 + static_cast<double>(below(16))) / 100.0));
        if (low_vetting) vet = n - 1 - static_cast<long>(below(static_cast<std::uint64_t>(std::max(1L, n / 50))));
        // A data error: the trained counted over more staff than are in contact.
        if (p.lapse == "trained_above_contact") tr = n + 10 + static_cast<long>(below(static_cast<std::uint64_t>(n / 2 + 1)));
        std::string rid = add_return(a, "2008-09", due_0809_, submitted, p.lapse != "unsigned_return", n, tr, vet);
        if (low_training) planted("training_under_threshold", org);
        if (low_vetting) planted("vetting_under_threshold", org);
        for (const char* kind : {"late_return", "unsigned_return", "unrated_standard", "trained_above_contact"})
            if (p.lapse == kind) planted(kind, org);
        if (p.contradicted >= 0) planted("contradicted_self_rating", rid + "/" + standard_code(p.contradicted));

        for (int s = 0; s < kStandards; ++s) {
            if (s == p.unrated) continue;
            auto it = p.planted.find(s);
            const std::string lapse = it == p.planted.end() ? "" : it->second;
            const std::string subject = rid + "/" + standard_code(s);
            t_["sga_s11_ratings"].push_back({rid, standard_code(s), kScale[p.now[s]], lapse == "met_without_evidence" ? Cell() : Cell(kEvidence[s])});
            if (lapse == "met_without_evidence" || lapse == "gap_without_action" || lapse == "rating_fell" || lapse == "panel_disagrees")
                planted(lapse.c_str(), subject);
            if (p.now[s] == kFully || lapse == "gap_without_action") continue;
            if (lapse == "action_overdue")  // not done, and its due date passed before the audit date
                planted("action_overdue", add_action(rid, s, between(*Date::from_ymd(2009, 1, 31), *Date::from_ymd(2009, 3, 16)), std::nullopt));
            else if (lapse == "action_after_next_round")  // due after the 2009-10 round's due date
                planted("action_after_next_round",
                        add_action(rid, s, between(*Date::from_ymd(2010, 1, 31), *Date::from_ymd(2010, 6, 30)), std::nullopt));
            else
                clean_action(rid, s, due_0809_, due_0910_, submitted);
        }
        // A rating against a standard the board's list does not have (S11-10 and on): a data error.
        for (int k = 0; k < p.unknown_standards; ++k) {
            std::string code = "S11-" + std::to_string(10 + k);
            t_["sga_s11_ratings"].push_back({rid, code, kScale[kFully], "Safeguarding children policy reviewed"});
            planted("unknown_standard", rid + "/" + code);
        }
        // The board's challenge panel: its rating beside every one of the agency's, the same but
        // where a disagreement was planted (one step lower, with the panel's reason).
        if (!p.panel) return;
        for (int s = 0; s < kStandards; ++s) {
            if (s == p.unrated) continue;
            auto it = p.planted.find(s);
            bool differs = it != p.planted.end() && it->second == "panel_disagrees";
            t_["sga_s11_panel_ratings"].push_back({rid, standard_code(s), kScale[differs ? p.now[s] + 1 : p.now[s]],
                                                   differs ? Cell("The evidence shows the policy, not that staff follow it") : Cell()});
        }
    }
};

}  // namespace

void section11_rounds(const std::map<std::string, double>& counts, std::uint64_t seed, Tables& tables, Manifest& manifest) {
    Rounds(counts, seed, tables, manifest).run();
}

}  // namespace sgaudit::demo
