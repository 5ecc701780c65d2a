#include "sgaudit/demo/council_generator.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "sgaudit/data/schema.hpp"
#include "sgaudit/demo/council_profile.hpp"
#include "sgaudit/sdk/sampler.hpp"
#include "section11_rounds.hpp"
#include "stocktake_register.hpp"

namespace sgaudit::demo {
namespace fs = std::filesystem;

std::string Manifest::to_json() const {
    nlohmann::ordered_json j;
    j["format"] = "sgaudit-demo-manifest/1";
    j["seed"] = seed;
    j["scale"] = scale;
    j["lapses"] = lapses;
    nlohmann::ordered_json by = nlohmann::ordered_json::object();
    for (const auto& [kind, c] : expected) {
        nlohmann::ordered_json e;
        if (c.built()) {
            e["plugin"] = c.plugin;
            e["rule"] = c.rule;
            if (!c.judges.empty()) e["judges"] = c.judges;
            if (!c.outcome.empty()) e["outcome"] = c.outcome;
        } else {
            e["awaits"] = c.awaits;
        }
        by[kind] = e;
    }
    j["expected"] = by;
    j["rows"] = rows;
    return j.dump(2) + "\n";
}

namespace {

std::string id(const char* prefix, std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%06zu", prefix, n);
    return buf;
}

struct Referral {
    std::string id, child, team;
    Date date;
    std::optional<Date> close;
    bool open = false;
};

struct Child {
    std::string id;
    std::optional<Date> dob, expected;
    std::vector<std::size_t> referrals;  // indexes, in date order
};

struct PlanRec {
    std::string id, child, referral, icpc, s47;
    Date s47_start, icpc_date, start;
    std::optional<Date> end;
    bool transfer_in = false;
    std::vector<Date> reviews, visits, core_groups;
    std::set<std::size_t> unseen;  // indexes of visits where the child was not seen
};

class Generator {
public:
    Generator(const Profile& p, const Options& o, const WorkingCalendar& cal, Manifest& m)
        : p_(p), scale_(o.scale), seed_(o.seed), rng_(o.seed, "demo-council"), cal_(cal), m_(m) {}

    void run() {
        departments_and_workers();
        referrals();
        close_and_allocate();
        assessments();
        plans();
        looked_after();
        cin_visits();
        records_and_partners();
        plant_lapses();
        emit();
    }

    std::map<std::string, std::vector<RowCells>> tables;

private:
    const Profile& p_;
    int scale_;
    std::uint64_t seed_;
    Sampler rng_;
    const WorkingCalendar& cal_;
    Manifest& m_;
    std::set<std::string> timeliness_planted_;  // plans carrying a planted timeliness lapse
    std::vector<std::string> teams_;
    std::map<std::string, std::vector<std::string>> qualified_by_team_, unqualified_by_team_;
    std::vector<Child> children_;
    std::vector<Referral> refs_;
    std::vector<PlanRec> plans_;
    std::map<std::string, std::size_t> child_index_;
    std::size_t seq_ = 0;

    std::uint64_t below(std::uint64_t n) { return rng_.below(n); }
    bool chance(double p) { return static_cast<double>(rng_.below(1000000)) < p * 1000000.0; }
    int days_between(Date a, Date b) { return b - a; }
    Date random_in(Date a, Date b) { return a.plus_days(static_cast<std::int32_t>(below(static_cast<std::uint64_t>(b - a) + 1))); }
    static Cell d(Date x) { return x.iso(); }
    static Cell d(std::optional<Date> x) { return x ? Cell(x->iso()) : std::nullopt; }
    Date year_start(std::size_t y) const { return *Date::from_ymd(p_.first.year() + static_cast<int>(y), 4, 1); }
    Date year_end(std::size_t y) const { return *Date::from_ymd(p_.first.year() + static_cast<int>(y) + 1, 3, 31); }
    double total_children() const {
        double t = 0;
        for (const auto& a : p_.areas) t += a.children;
        return t * scale_;
    }

    void departments_and_workers() {
        const char* kinds[] = {"Assessment Team", "Long Term Team 1", "Long Term Team 2"};
        std::size_t w = 0;
        for (const auto& a : p_.areas) {
            for (int k = 0; k < 3; ++k) {
                std::string team = "T-" + a.id + "-" + std::to_string(k + 1);
                teams_.push_back(team);
                tables["ssd_department"].push_back({team, a.name + " " + kinds[k], a.id, a.name});
            }
            // Workers until the area's FTE is reached, spread over its teams.
            double fte = 0;
            while (fte < a.fte * scale_) {
                std::string team = "T-" + a.id + "-" + std::to_string(1 + below(3));
                bool part_time = chance(p_.workforce.at("part_time_share"));
                bool unqualified = chance(p_.workforce.at("unqualified_share"));
                bool nqsw = !unqualified && chance(p_.workforce.at("newly_qualified_share"));
                double f = part_time ? 0.5 : 1.0;
                std::string wid = id("W", ++w);
                tables["ssd_professionals"].push_back(
                    {wid, unqualified ? Cell() : Cell("SW" + std::to_string(100000 + w)),
                     unqualified ? "Child and Family Worker" : nqsw ? "Newly Qualified Social Worker" : "Social Worker", team,
                     part_time ? "0.5" : "1.0", "N"});
                (unqualified ? unqualified_by_team_ : qualified_by_team_)[team].push_back(wid);
                fte += f;
            }
        }
        // Every team needs a qualified worker to allocate to.
        for (const auto& t : teams_)
            if (qualified_by_team_[t].empty()) {
                std::string wid = id("W", ++w);
                tables["ssd_professionals"].push_back({wid, "SW" + std::to_string(100000 + w), "Social Worker", t, "1.0", "N"});
                qualified_by_team_[t].push_back(wid);
            }
    }

    std::size_t new_child(Date referral_date) {
        Child c;
        c.id = id("C", children_.size() + 1);
        // A children-in-need age profile skewed young: about 3 in 10 under 4.
        int age_days = chance(0.3) ? static_cast<int>(below(4 * 365)) : static_cast<int>(4 * 365 + below(14 * 365));
        c.dob = referral_date.plus_days(-age_days);
        child_index_[c.id] = children_.size();
        children_.push_back(c);
        return children_.size() - 1;
    }

    std::string team_for_new_case() {
        double total = 0;
        for (const auto& a : p_.areas) total += a.open_cases;
        double x = static_cast<double>(below(1000000)) / 1e6 * total;
        for (const auto& a : p_.areas) {
            if (x < a.open_cases) return "T-" + a.id + "-" + std::to_string(1 + below(3));
            x -= a.open_cases;
        }
        return teams_.back();
    }

    void referrals() {
        for (std::size_t y = 0; y < p_.years.size(); ++y) {
            const auto& yr = p_.years[y];
            auto n = static_cast<std::size_t>(std::lround(yr.rate * total_children() / 10000.0));
            std::vector<Date> dates;
            for (std::size_t i = 0; i < n; ++i) dates.push_back(random_in(year_start(y), year_end(y)));
            std::sort(dates.begin(), dates.end());
            // Exactly the profile's share of the year's referrals are repeats (not a coin per
            // referral), so the figure matches the seed at any scale.
            std::vector<bool> is_repeat(n, false);
            for (std::size_t k : rng_.choose(n, static_cast<std::size_t>(std::lround(yr.repeat_share * static_cast<double>(n)))))
                is_repeat[k] = true;
            for (std::size_t i = 0; i < n; ++i) {
                Date date = dates[i];
                std::size_t child;
                // A repeat referral: a child referred inside the repeat window (domain.md), with
                // about five weeks to spare, and at least 30 days ago; otherwise a child new to
                // the council.
                std::optional<std::size_t> repeat;
                if (is_repeat[i]) {
                    Date far = add_months(date, -static_cast<int>(limit("repeat_referral_window_months"))).plus_days(35);
                    // Referrals so far are in date order: those from `far` to 30 days ago form one range.
                    auto by_date = [](const Referral& r, Date x) { return r.date < x; };
                    auto lo = std::lower_bound(refs_.begin(), refs_.end(), far, by_date);
                    auto hi = std::lower_bound(refs_.begin(), refs_.end(), date.plus_days(-29), by_date);
                    for (int tries = 0; tries < 20 && !repeat && lo < hi; ++tries) {
                        const auto& r = *(lo + static_cast<std::ptrdiff_t>(below(static_cast<std::uint64_t>(hi - lo))));
                        const auto& c = children_[child_index_[r.child]];
                        Date last = refs_[c.referrals.back()].date;
                        if (last >= far && date - last >= 30) repeat = child_index_[r.child];
                    }
                }
                child = repeat ? *repeat : new_child(date);
                Referral r{id("R", refs_.size() + 1), children_[child].id,
                           repeat ? refs_[children_[child].referrals.back()].team : team_for_new_case(), date, std::nullopt, false};
                children_[child].referrals.push_back(refs_.size());
                refs_.push_back(r);
            }
        }
    }

    void close_and_allocate() {
        // Earlier referrals of a child close before the next one arrives.
        for (auto& c : children_)
            for (std::size_t k = 0; k + 1 < c.referrals.size(); ++k) {
                auto& r = refs_[c.referrals[k]];
                Date next = refs_[c.referrals[k + 1]].date;
                r.close = std::min(next.plus_days(-1), r.date.plus_days(static_cast<std::int32_t>(14 + below(60))));
                if (*r.close < r.date) r.close = r.date;
            }
        // The council's open cases (Table 1): mostly recent referrals, but some open for a year or
        // two, as long-running cases are. Ranked by age scaled by a random factor.
        std::vector<std::pair<double, std::size_t>> ranked;
        for (const auto& c : children_) {
            std::size_t k = c.referrals.back();
            double age = static_cast<double>(p_.last - refs_[k].date) + 1.0;
            ranked.emplace_back(age * (0.05 + 1.95 * static_cast<double>(below(1000000)) / 1e6), k);
        }
        std::sort(ranked.begin(), ranked.end());
        std::vector<std::size_t> latest;
        for (const auto& [key, k] : ranked) latest.push_back(k);
        double open_target = 0;
        for (const auto& a : p_.areas) open_target += a.open_cases * scale_;
        for (std::size_t i = 0; i < latest.size(); ++i) {
            auto& r = refs_[latest[i]];
            if (static_cast<double>(i) < open_target) {
                r.open = true;
            } else {
                Date close = r.date.plus_days(static_cast<std::int32_t>(20 + below(130)));
                r.close = std::max(r.date, std::min(close, p_.last.plus_days(-1)));
            }
        }
        std::size_t n = 0;
        for (const auto& r : refs_) {
            if (!r.open) continue;
            const auto& pool = qualified_by_team_[r.team];
            Date start = std::min(p_.last, r.date.plus_days(static_cast<std::int32_t>(below(4))));
            tables["ssd_involvements"].push_back({id("INV", ++n), pool[below(pool.size())], "Allocated Case Worker", r.team, d(start),
                                                  std::nullopt, r.child, r.id});
        }
    }

    void assessments() {
        std::size_t n = 0;
        for (const auto& r : refs_) {
            std::size_t y = r.date >= year_start(2) ? 2 : r.date >= year_start(1) ? 1 : 0;
            if (!chance(p_.years[y].ia_share)) continue;
            // Initial assessments on time (7 working days from referral) at the seed's NI 59 rate.
            Date start = r.date;
            bool on_time = chance(p_.lapses.at("initial_assessment_on_time_share"));
            const auto ia = limit("initial_assessment_working_days");
            Date auth = on_time ? wd(start, 1, ia) : wd(start, ia + 1, ia + 13);
            std::string aid = id("A", ++n);
            // Late: authorised after its 7th working day, or not authorised and overdue on the last day.
            if (!on_time && (auth <= p_.last || wd(start, ia, ia) < p_.last)) m_.lapses["late_initial_assessment"].push_back(aid);
            tables["ssd_cin_assessments"].push_back({aid, r.child, r.id, d(start), "Y", auth <= p_.last ? d(auth) : std::nullopt, r.team,
                                                     qualified_by_team_[r.team].front()});
            tables["sga_assessment_stage"].push_back({aid, "initial"});
            if (auth <= p_.last && chance(0.3)) {
                Date cstart = auth.plus_days(1), cauth = wd(cstart, 10, limit("core_assessment_working_days"));
                std::string cid = id("A", ++n);
                if (cstart > p_.last) continue;
                tables["ssd_cin_assessments"].push_back({cid, r.child, r.id, d(cstart), "Y", cauth <= p_.last ? d(cauth) : std::nullopt,
                                                         r.team, qualified_by_team_[r.team].front()});
                tables["sga_assessment_stage"].push_back({cid, "core"});
            }
        }
    }

    bool as_of_passed(Date due) const { return p_.last > due; }

    // Reviews, core groups and visits of a plan open until `until`, on time unless `lapse`.
    void schedule(PlanRec& pl, Date until, const std::string& lapse) {
        pl.reviews.clear();
        pl.core_groups.clear();
        pl.visits.clear();
        pl.unseen.clear();
        // Reviews: the first within 3 months of the start, then within 6 months of the last.
        const int first = static_cast<int>(limit("first_review_months")), every = static_cast<int>(limit("review_interval_months"));
        Date r = add_months(pl.start, first).plus_days(-static_cast<std::int32_t>(below(20)));
        if (lapse == "late_first_review") r = add_months(pl.start, first).plus_days(static_cast<std::int32_t>(5 + below(16)));
        for (; r <= until; r = add_months(r, every).plus_days(-static_cast<std::int32_t>(below(20)))) pl.reviews.push_back(r);
        // Core groups: the first within 10 working days of the ICPC, then about monthly.
        if (lapse != "no_core_group") {
            const auto cg = limit("core_group_working_days");
            Date g = lapse == "late_first_core_group" ? wd(pl.icpc_date, cg + 1, cg + 5) : wd(pl.icpc_date, 3, cg);
            for (; g <= until; g = g.plus_days(static_cast<std::int32_t>(25 + below(10)))) pl.core_groups.push_back(g);
        }
        // Visits: the child seen at least every 10 working days.
        for (Date v = wd(pl.start, 1, 5); v <= until; v = wd(v, 3, limit("visit_interval_working_days"))) pl.visits.push_back(v);
        if (lapse == "missed_visits" && pl.visits.size() >= 6) {
            // Three visits in the middle where the child was not seen: a gap of more than 10 working days.
            std::size_t mid = pl.visits.size() / 2;
            for (std::size_t k = mid; k < mid + 3; ++k) pl.unseen.insert(k);
        }
    }

    std::uint64_t limit(const char* name) const { return static_cast<std::uint64_t>(p_.timescales.at(name)); }

    Date wd(Date from, std::uint64_t lo, std::uint64_t hi) {
        return cal_.nth_working_day_after(from, static_cast<int>(lo + below(hi - lo + 1)));
    }

    // A plan on referral `ref`, ending at `end` or open. Every step is on time by Working
    // Together 2006 (domain.md) unless `lapse` names the one to plant, which is then recorded.
    void add_plan(const Referral& ref, std::optional<Date> end_limit, bool active, const std::string& lapse = {}) {
        PlanRec pl;
        pl.id = id("P", plans_.size() + 1);
        pl.child = ref.child;
        pl.referral = ref.id;
        pl.icpc = id("I", plans_.size() + 1);
        pl.transfer_in = chance(p_.plans.at("transfer_in_share"));
        if (!lapse.empty()) pl.transfer_in = false;
        pl.s47_start = ref.date.plus_days(static_cast<std::int32_t>(1 + below(5)));
        // ICPC within 15 working days of the strategy discussion.
        const auto icpc = limit("icpc_working_days");
        pl.icpc_date = lapse == "late_icpc" ? wd(pl.s47_start, icpc + 1, icpc + 10) : wd(pl.s47_start, 5, icpc);
        if (pl.transfer_in) pl.icpc_date = ref.date.plus_days(static_cast<std::int32_t>(2 + below(10)));
        pl.start = pl.icpc_date;
        if (pl.start > p_.last) return;
        Date until = p_.last;
        if (!active) {
            Date lim = end_limit ? *end_limit : p_.last;
            Date end = pl.start.plus_days(static_cast<std::int32_t>(90 + below(400)));
            if (end > lim) end = lim;
            if (end <= pl.start.plus_days(30)) return;
            pl.end = end;
            until = end.plus_days(-1);
        }
        if (!pl.transfer_in) pl.s47 = id("S", plans_.size() + 1);
        schedule(pl, until, lapse);
        bool applies = lapse == "late_icpc" || (lapse == "no_core_group" && as_of_passed(wd(pl.icpc_date, limit("core_group_working_days"), limit("core_group_working_days")))) ||
                       (lapse == "late_first_core_group" && !pl.core_groups.empty()) ||
                       (lapse == "late_first_review" && !pl.reviews.empty()) || (lapse == "missed_visits" && pl.unseen.size() == 3);
        if (!lapse.empty() && !applies) {
            // Too young a plan for this lapse to show: it stays on time, and is not listed.
            schedule(pl, until, "");
        } else if (!lapse.empty()) {
            m_.lapses[lapse].push_back(pl.id);
            timeliness_planted_.insert(pl.id);
        }
        plans_.push_back(pl);
    }

    void plans() {
        // Active plans on open referrals, preferring under-4s for the share the profile asks.
        std::vector<std::size_t> open_young, open_older;
        for (std::size_t i = 0; i < refs_.size(); ++i) {
            const auto& r = refs_[i];
            if (!r.open || r.date > p_.last.plus_days(-40)) continue;
            const auto& c = children_[child_index_[r.child]];
            (c.dob && age_in_years(*c.dob, p_.last) < 4 ? open_young : open_older).push_back(i);
        }
        auto take = [&](std::vector<std::size_t>& pool) {
            std::size_t k = below(pool.size());
            std::size_t v = pool[k];
            pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(k));
            return v;
        };
        auto active = static_cast<std::size_t>(p_.plans.at("active_at_end") * scale_);
        // Which active plans carry a planted timeliness lapse (one kind each, on older plans so
        // that there is something to be late).
        std::map<std::size_t, std::string> planted;
        for (const char* kind : {"late_icpc", "late_first_core_group", "no_core_group", "late_first_review", "missed_visits"}) {
            auto n = static_cast<std::size_t>(p_.lapses.at(kind) * scale_);
            for (std::size_t k = 0; k < n; ++k) {
                std::size_t at;
                if (planted.size() >= active) break;  // more lapses asked for than plans to carry them
                do at = below(active); while (planted.count(at));
                planted[at] = kind;
            }
        }
        for (std::size_t i = 0; i < active && (!open_young.empty() || !open_older.empty()); ++i) {
            bool young = chance(p_.plans.at("under_4_share")) ? !open_young.empty() : open_older.empty();
            const Referral& r = refs_[take(young ? open_young : open_older)];
            const auto& c = children_[child_index_[r.child]];
            // An earlier plan on an earlier referral, ended before this referral arrived.
            if (c.referrals.size() > 1 && chance(p_.plans.at("earlier_plan_share") * 3)) {
                const Referral& prev = refs_[c.referrals[c.referrals.size() - 2]];
                add_plan(prev, prev.close ? std::min(*prev.close, r.date.plus_days(-1)) : r.date.plus_days(-1), false);
            }
            auto lapse = planted.find(i);
            add_plan(r, std::nullopt, true, lapse == planted.end() ? std::string() : lapse->second);
        }
        // Unborn children: recent referrals of children new to the council, before birth.
        auto unborn = static_cast<std::size_t>(p_.plans.at("unborn") * scale_);
        for (std::size_t i = 0; i < plans_.size() && unborn > 0; ++i) {
            auto& pl = plans_[i];
            auto& c = children_[child_index_[pl.child]];
            if (pl.end || c.referrals.size() != 1 || pl.start < p_.last.plus_days(-150) || timeliness_planted_.count(pl.id)) continue;
            c.dob.reset();
            c.expected = p_.last.plus_days(static_cast<std::int32_t>(20 + below(100)));
            --unborn;
        }
        // Plans that ended during the period, on closed referrals of children without a plan.
        std::set<std::string> on_plan;
        for (const auto& pl : plans_) on_plan.insert(pl.child);
        auto ended = static_cast<std::size_t>(p_.plans.at("ended_in_period") * scale_);
        for (std::size_t i = 0; i < refs_.size() && ended > 0; i += 1 + below(8)) {
            const auto& r = refs_[i];
            if (r.open || on_plan.count(r.child) || !r.close) continue;
            auto before = plans_.size();
            add_plan(r, std::max(*r.close, r.date.plus_days(120)), false);
            if (plans_.size() > before) {
                on_plan.insert(r.child);
                --ended;
            }
        }
        std::sort(plans_.begin(), plans_.end(), [](const PlanRec& a, const PlanRec& b) { return a.id < b.id; });
        // A later review held late needs a plan old enough to have had two: chosen afterwards.
        std::size_t late_later = static_cast<std::size_t>(p_.lapses.at("late_later_review") * scale_);
        for (std::size_t i = 0; i < plans_.size() && late_later > 0; i += 1 + below(4)) {
            auto& pl = plans_[i];
            if (pl.end || pl.reviews.size() < 2 || timeliness_planted_.count(pl.id)) continue;
            const int every = static_cast<int>(limit("review_interval_months"));
            Date late = add_months(pl.reviews[0], every).plus_days(static_cast<std::int32_t>(5 + below(16)));
            if (late > p_.last) continue;
            pl.reviews.resize(1);
            for (Date r = late; r <= p_.last; r = add_months(r, every).plus_days(-static_cast<std::int32_t>(below(20)))) pl.reviews.push_back(r);
            m_.lapses["late_later_review"].push_back(pl.id);
            timeliness_planted_.insert(pl.id);
            --late_later;
        }
    }

    void looked_after() {
        std::size_t n = 0, rv = 0, vs = 0;
        for (std::size_t i = 0; i < refs_.size(); i += 9) {
            const auto& r = refs_[i];
            if (!r.open || r.date > p_.last.plus_days(-60)) continue;
            // Looked-after reviews and visits on time by the 2009 timescales in [timescales]
            // (domain.md): the first review in the last 9 days of its limit, the next ones 5 days
            // early; the first visit 2 days early, then visits up to the interval apart.
            std::string cla = id("LA", ++n);
            Date start = r.date.plus_days(static_cast<std::int32_t>(10 + below(30)));
            tables["ssd_cla_episodes"].push_back({id("LE", n), r.child, cla, d(start), std::nullopt, r.id});
            const auto first = static_cast<std::int32_t>(limit("cla_first_review_days"));
            const int second = static_cast<int>(limit("cla_second_review_months")), every = static_cast<int>(limit("cla_review_interval_months"));
            Date rev = start.plus_days(first - 8 + static_cast<std::int32_t>(below(9)));
            for (int k = 0; rev <= p_.last; ++k) {
                tables["ssd_cla_reviews"].push_back({id("LR", ++rv), cla, d(rev), d(rev), "N"});
                rev = add_months(rev, k == 0 ? second : every).plus_days(-5);
            }
            const auto first_visit = static_cast<std::int32_t>(limit("cla_first_visit_days"));
            const auto visit_days = static_cast<std::int32_t>(7 * limit("cla_visit_interval_weeks"));
            for (Date v = start.plus_days(first_visit - 2); v <= p_.last;
                 v = v.plus_days(visit_days - 12 + static_cast<std::int32_t>(below(13))))
                tables["ssd_cla_visits"].push_back({id("LV", ++vs), cla, r.child, d(v), "Y", chance(0.5) ? "Y" : "N"});
        }
    }

    // Statutory visits to children in need who are not on a plan.
    void cin_visits() {
        std::set<std::string> on_plan;
        for (const auto& pl : plans_) on_plan.insert(pl.child);
        std::size_t n = 0;
        for (const auto& r : refs_) {
            if (!r.open || on_plan.count(r.child)) continue;
            for (Date v = r.date.plus_days(static_cast<std::int32_t>(5 + below(10))); v <= p_.last;
                 v = v.plus_days(static_cast<std::int32_t>(20 + below(21))))
                tables["ssd_cin_visits"].push_back({id("CV", ++n), r.child, d(v), chance(0.85) ? "Y" : "N", chance(0.3) ? "Y" : "N"});
        }
    }

    void records_and_partners() {
        std::size_t n = 0;
        for (const auto& r : refs_) {
            if (!r.open) continue;
            for (Date x = r.date.plus_days(5); x <= p_.last; x = x.plus_days(static_cast<std::int32_t>(25 + below(60))))
                tables["sga_case_records"].push_back({id("CR", ++n), r.child, d(x), "chronology_update", std::nullopt});
            // Supervision at least monthly; the other kinds of recording at their own pace.
            for (Date x = r.date.plus_days(10); x <= p_.last; x = x.plus_days(static_cast<std::int32_t>(14 + below(15))))
                tables["sga_case_records"].push_back({id("CR", ++n), r.child, d(x), chance(0.8) ? "supervision" : "management_oversight",
                                                      std::nullopt});
            for (const char* kind : {"genogram", "case_summary"})
                if (r.date.plus_days(20) <= p_.last)
                    tables["sga_case_records"].push_back({id("CR", ++n), r.child, d(r.date.plus_days(20)), kind, std::nullopt});
            for (Date x = r.date.plus_days(30); x <= p_.last; x = x.plus_days(static_cast<std::int32_t>(60 + below(60))))
                tables["sga_case_records"].push_back({id("CR", ++n), r.child, d(x), chance(0.5) ? "child_views" : "case_note", std::nullopt});
        }
        for (std::size_t y = 0; y < p_.years.size(); ++y) {
            Date ys = year_start(y), ye = year_end(y);
            for (const auto& a : p_.areas)
                tables["sga_population"].push_back({a.id, d(ys), d(ye), std::to_string(static_cast<long long>(a.children * scale_))});
            tables["sga_population"].push_back({"ALL", d(ys), d(ye), std::to_string(static_cast<long long>(total_children()))});
        }
        // Section 11: the partner agencies and two rounds of their returns, drawn from a generator
        // of their own (section11_rounds.cpp). The draws the single round once generated here made
        // (12 agencies, 8 standards: fixed, whatever the agencies are now) are still made, and
        // discarded, so that everything drawn after them (the stocktake, the planted lapses, each
        // child's sex) is the same for a seed as it was.
        for (int agency = 0; agency < 12; ++agency) {
            for (std::uint64_t bound : {60, 900, 20, 100}) below(bound);
            for (int s = 0; s < 8; ++s)
                if (below(100) >= 55 && below(100) >= 70) below(100);
        }
        section11_rounds(p_.section11, seed_, tables, m_);
        // The stocktake register (stocktake_register.cpp) is written out in full and draws
        // nothing. The status once drawn here for each of its 40 rows is still drawn, and
        // discarded, so that everything drawn after it (the planted lapses, each child's sex) is
        // the same for a seed as it was.
        for (int entry = 0; entry < 40; ++entry) below(3);
        stocktake_register(tables, m_);
    }

    // Deliberate lapses, each on subjects chosen so that it trips exactly one kind of check.
    void plant_lapses() {
        auto count = [&](const char* k) { return static_cast<std::size_t>(p_.lapses.at(k) * scale_); };
        auto plan_candidates = [&](auto pred) {
            std::vector<std::size_t> out;
            std::map<std::string, int> per_child;
            for (const auto& pl : plans_) ++per_child[pl.child];
            for (std::size_t i = 0; i < plans_.size(); ++i)
                if (per_child[plans_[i].child] == 1 && pred(plans_[i])) out.push_back(i);
            return out;
        };
        std::set<std::size_t> used;
        for (std::size_t i = 0; i < plans_.size(); ++i)
            if (timeliness_planted_.count(plans_[i].id)) used.insert(i);
        auto pick = [&](std::vector<std::size_t> pool, std::size_t k, const char* kind, auto mutate) {
            std::size_t done = 0;
            for (std::size_t i = 0; i < pool.size() && done < k; i += 1 + below(3)) {
                if (used.count(pool[i])) continue;
                used.insert(pool[i]);
                m_.lapses[kind].push_back(mutate(plans_[pool[i]]));
                ++done;
            }
        };
        pick(plan_candidates([](const PlanRec& p) { return p.end.has_value(); }), count("plan_ends_before_start"), "plan_ends_before_start",
             [](PlanRec& p) { p.end = p.start.plus_days(-3); p.reviews.clear(); p.visits.clear(); return p.id; });
        pick(plan_candidates([](const PlanRec& p) { return p.end && !p.reviews.empty(); }), count("review_before_plan_start"), "review_before_plan_start",
             [](PlanRec& p) { p.reviews.front() = p.start.plus_days(-5); return p.id; });
        pick(plan_candidates([](const PlanRec& p) { return p.end && !p.visits.empty(); }), count("visit_before_plan_start"), "visit_before_plan_start",
             [](PlanRec& p) { p.visits.front() = p.start.plus_days(-2); return p.id; });
        pick(plan_candidates([](const PlanRec& p) { return p.end.has_value(); }), count("plan_before_referral"), "plan_before_referral",
             [&](PlanRec& p) {
                 const auto& r = *std::find_if(refs_.begin(), refs_.end(), [&](const Referral& x) { return x.id == p.referral; });
                 p.start = r.date.plus_days(-10);
                 return p.id;
             });
        pick(plan_candidates([](const PlanRec& p) { return !p.transfer_in; }), count("s47_after_icpc"), "s47_after_icpc",
             [](PlanRec& p) { p.s47_start = p.icpc_date.plus_days(2); return p.icpc; });
        pick(plan_candidates([](const PlanRec& p) { return !p.transfer_in; }), count("icpc_without_s47"), "icpc_without_s47",
             [](PlanRec& p) { p.s47.clear(); return p.icpc; });
        pick(plan_candidates([](const PlanRec&) { return true; }), count("plan_referral_missing"), "plan_referral_missing",
             [](PlanRec& p) { p.referral = "R-MISSING-" + p.id; return p.id; });
        // Overlapping pairs: an earlier plan whose end is moved past the later one's start.
        std::size_t pairs = count("overlapping_plans");
        std::map<std::string, std::vector<std::size_t>> by_child;
        for (std::size_t i = 0; i < plans_.size(); ++i) by_child[plans_[i].child].push_back(i);
        for (auto& [child, idx] : by_child) {
            if (pairs == 0) break;
            if (idx.size() != 2 || used.count(idx[0]) || used.count(idx[1])) continue;
            auto& a = plans_[idx[0]].start < plans_[idx[1]].start ? plans_[idx[0]] : plans_[idx[1]];
            auto& b = &a == &plans_[idx[0]] ? plans_[idx[1]] : plans_[idx[0]];
            if (!a.end || b.start.plus_days(10) > p_.last) continue;
            a.end = b.start.plus_days(10);  // both overlap; only one is open on the audit date
            used.insert(idx[0]);
            used.insert(idx[1]);
            m_.lapses["overlapping_plans"].push_back(a.id);
            m_.lapses["overlapping_plans"].push_back(b.id);
            --pairs;
        }
        pairs = count("duplicate_plan_id");
        for (std::size_t i = 0; i < plans_.size() && pairs > 0; i += 7)
            if (!used.count(i) && plans_[i].end) {
                used.insert(i);
                duplicated_.insert(plans_[i].id);
                m_.lapses["duplicate_plan_id"].push_back(plans_[i].id);
                --pairs;
            }
        // Assessments authorised before they started.
        auto& assessments = tables["ssd_cin_assessments"];
        std::size_t k = count("assessment_authorised_before_start");
        for (std::size_t i = 0; i < assessments.size() && k > 0; i += 11)
            // Only an on-time one, so that the late ones listed stay exactly the late ones.
            if (assessments[i][5] && !std::binary_search(m_.lapses["late_initial_assessment"].begin(),
                                                         m_.lapses["late_initial_assessment"].end(), *assessments[i][0])) {
                assessments[i][5] = Date::parse(*assessments[i][3])->plus_days(-2).iso();
                m_.lapses["assessment_authorised_before_start"].push_back(*assessments[i][0]);
                --k;
            }
        // A recorded death before the child's last event: children with one referral and no plan.
        std::set<std::string> on_plan;
        for (const auto& pl : plans_) on_plan.insert(pl.child);
        k = count("events_after_death");
        for (auto& c : children_) {
            if (k == 0) break;
            if (c.referrals.size() != 1 || on_plan.count(c.id) || !c.dob) continue;
            death_[c.id] = refs_[c.referrals[0]].date.plus_days(-1);
            m_.lapses["events_after_death"].push_back(c.id);
            --k;
        }
        // Referral dates missing: closed referrals with no plan, assessment or s47 hanging off them.
        std::set<std::string> linked;
        for (const auto& pl : plans_) linked.insert(pl.referral);
        for (const auto& a : assessments) linked.insert(*a[2]);
        k = count("referral_date_missing");
        for (std::size_t i = 0; i < refs_.size() && k > 0; i += 13)
            if (!refs_[i].open && !linked.count(refs_[i].id) && children_[child_index_[refs_[i].child]].referrals.size() == 1 &&
                !death_.count(refs_[i].child)) {
                missing_date_.insert(refs_[i].id);
                m_.lapses["referral_date_missing"].push_back(refs_[i].id);
                --k;
            }
        plant_allocation_and_recording(used);
        for (auto& [kind, ids] : m_.lapses) std::sort(ids.begin(), ids.end());
    }

    // Lapses in who holds a case and what is recorded on it, on active plans no other lapse touches.
    void plant_allocation_and_recording(std::set<std::size_t>& used) {
        auto count = [&](const char* k) { return static_cast<std::size_t>(p_.lapses.at(k) * scale_); };
        auto& invo = tables["ssd_involvements"];
        auto& records = tables["sga_case_records"];
        std::vector<std::string> unqualified;
        for (const auto& [team, ws] : unqualified_by_team_) unqualified.insert(unqualified.end(), ws.begin(), ws.end());
        std::map<std::string, int> plans_of_child;
        for (const auto& pl : plans_) ++plans_of_child[pl.child];
        auto candidates = [&](int min_age_days) {
            std::vector<std::size_t> out;
            for (std::size_t i = 0; i < plans_.size(); ++i)
                if (!used.count(i) && !plans_[i].end && plans_of_child[plans_[i].child] == 1 && p_.last - plans_[i].start >= min_age_days &&
                    children_[child_index_[plans_[i].child]].dob)
                    out.push_back(i);
            return out;
        };
        auto plant = [&](const char* kind, int min_age_days, auto mutate) {
            auto pool = candidates(min_age_days);
            std::size_t n = count(kind);
            for (std::size_t k = 0; k < pool.size() && n > 0; k += 1 + below(5)) {
                used.insert(pool[k]);
                mutate(plans_[pool[k]].child);
                m_.lapses[kind].push_back(plans_[pool[k]].id);
                --n;
            }
        };
        auto drop_rows = [](std::vector<RowCells>& rows, auto pred) { rows.erase(std::remove_if(rows.begin(), rows.end(), pred), rows.end()); };
        plant("unallocated_plan", 30, [&](const std::string& child) { drop_rows(invo, [&](const RowCells& r) { return r[6] == child; }); });
        if (!unqualified.empty())
            plant("unqualified_allocation", 30, [&](const std::string& child) {
                for (auto& r : invo)
                    if (r[6] == child) r[1] = unqualified[below(unqualified.size())];
            });
        const std::string four_months_ago = add_months(p_.last, -4).iso(), six_weeks_ago = p_.last.plus_days(-45).iso();
        plant("stale_chronology", 200, [&](const std::string& child) {
            drop_rows(records, [&](const RowCells& r) { return r[1] == child && r[3] == "chronology_update" && *r[2] > four_months_ago; });
        });
        plant("no_management_oversight", 120, [&](const std::string& child) {
            drop_rows(records, [&](const RowCells& r) {
                return r[1] == child && (r[3] == "supervision" || r[3] == "management_oversight") && *r[2] > six_weeks_ago;
            });
        });
        // Open children-in-need cases (no plan) with nobody allocated.
        std::size_t n = count("unallocated_case");
        for (std::size_t k = 0; k < invo.size() && n > 0; k += 37) {
            std::string child = *invo[k][6];
            if (plans_of_child.count(child)) continue;
            m_.lapses["unallocated_case"].push_back(child);
            drop_rows(invo, [&](const RowCells& r) { return r[6] == child; });
            --n;
        }
    }

    std::set<std::string> duplicated_, missing_date_;
    std::map<std::string, Date> death_;

    void emit() {
        for (const auto& c : children_)
            tables["ssd_person"].push_back({c.id, chance(0.5) ? "F" : "M", d(c.dob), d(c.expected),
                                            death_.count(c.id) ? d(death_.at(c.id)) : std::nullopt, "WBRI"});
        for (const auto& r : refs_)
            tables["ssd_cin_episodes"].push_back({r.id, r.child, missing_date_.count(r.id) ? std::nullopt : d(r.date), "1A", "N",
                                                  d(r.close), r.close ? Cell("RC1") : std::nullopt, r.team});
        std::size_t rv = 0, vs = 0, cg = 0;
        for (const auto& pl : plans_) {
            int copies = duplicated_.count(pl.id) ? 2 : 1;
            for (int c = 0; c < copies; ++c)
                tables["ssd_cp_plans"].push_back({pl.id, pl.referral, pl.icpc, pl.child, d(pl.start), d(pl.end), "Neglect", "Neglect"});
            if (!pl.s47.empty() || !pl.transfer_in) {
                std::string s47 = pl.s47.empty() ? id("S", 900000 + (++seq_)) : pl.s47;
                // An ICPC planted "without s47" still had an enquiry; the link is what is missing.
                tables["ssd_s47_enquiry"].push_back({s47, pl.referral.rfind("R-MISSING", 0) == 0 ? Cell() : Cell(pl.referral), pl.child,
                                                     d(pl.s47_start), d(pl.icpc_date), "N"});
            }
            tables["ssd_initial_cp_conference"].push_back({pl.icpc, pl.s47.empty() ? Cell() : Cell(pl.s47), pl.child, pl.id,
                                                           pl.referral, pl.transfer_in ? "Y" : "N", std::nullopt, d(pl.icpc_date), "Y"});
            Date prev_due = pl.start;
            for (Date r : pl.reviews) {
                tables["ssd_cp_reviews"].push_back({id("RV", ++rv), pl.child, pl.id, d(add_months(prev_due, static_cast<int>(limit(prev_due == pl.start ? "first_review_months" : "review_interval_months")))), d(r), "Y"});
                prev_due = r;
            }
            // Seen at every visit (alone at every other one) unless a missed visit was planted.
            for (std::size_t k = 0; k < pl.visits.size(); ++k)
                tables["ssd_cp_visits"].push_back({id("V", ++vs), pl.child, pl.id, d(pl.visits[k]), pl.unseen.count(k) ? "N" : "Y",
                                                   pl.unseen.count(k) ? "N" : k % 2 ? "N" : "Y", chance(0.5) ? "Y" : "N"});
            for (Date g : pl.core_groups) tables["sga_cp_core_groups"].push_back({id("CG", ++cg), pl.id, pl.child, d(g)});
        }
    }
};

}  // namespace

Status generate(data::Database& db, const fs::path& profile_file, const WorkingCalendar& calendar, const Options& options,
                Manifest& manifest, rules::Diagnostics& diags) {
    Profile profile;
    if (!load_profile(profile_file, profile, diags)) return Status::error("the demo profile has problems");
    if (options.scale < 1 || options.scale > 1000) return Status::error("--scale must be from 1 to 1000");
    manifest.seed = options.seed;
    manifest.scale = options.scale;
    if (!calendar.covers(profile.first) || !calendar.covers(profile.last.plus_days(366)))
        return Status::error("the working-day calendar does not cover the demo's years");
    Generator g(profile, options, calendar, manifest);
    try {
        g.run();
    } catch (const std::exception& e) {
        return Status::error(std::string("generating the demo council failed: ") + e.what() + " (check " + profile_file.string() + ")");
    }
    if (auto st = db.begin(); !st) return st;
    for (const auto& table : data::case_data_schema()) {
        auto it = g.tables.find(table.name);
        if (it == g.tables.end()) continue;
        std::vector<std::string> cols;
        for (const auto& c : table.columns) cols.push_back(c.name);
        if (auto st = db.insert_rows(table.name, cols, it->second); !st) {
            db.rollback();
            return st;
        }
        manifest.rows[table.name] = it->second.size();
    }
    return db.commit();
}

}  // namespace sgaudit::demo
