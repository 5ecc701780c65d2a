// Referrals per 10,000 children, repeat referrals and NI 68 (docs/indicators.md).
#include <algorithm>
#include <set>

#include "counting.hpp"

namespace indicators {
namespace {

// The children under 18 of `area` in year `y`: the sga_population row whose period overlaps it.
// None: not recorded; two different figures: an error naming the area and the year.
void population_of(const Counting& c, Tallies& t, std::size_t y, const std::string& area) {
    const Year& year = t.years()[y];
    if (!c.data.has_population) return t.set_denominator(y, area, std::nullopt);  // no sga_population table
    std::set<std::int64_t> figures;
    for (const auto& row : c.data.population) {
        if (row.area != area) continue;
        // A period that cannot be read might be this year's; one that can and is another year's is not.
        for (const auto* read : {&row.start, &row.end})
            if (!read->ok()) return t.fail_at(y, area, read->error);
        if (!row.start.value || !row.end.value || *row.start.value > year.end || *row.end.value < year.start) continue;
        if (!row.children.ok()) return t.fail_at(y, area, row.children.error);
        if (row.children.value) figures.insert(*row.children.value);
    }
    if (figures.size() > 1)
        return t.fail_at(y, area, "sga_population holds more than one figure for area_id=" + area + " overlapping " + year.label);
    t.set_denominator(y, area, figures.empty() ? std::nullopt : std::optional<double>(static_cast<double>(*figures.begin())));
}

}  // namespace

void count_referral_rate(const Counting& c, Tallies& t) {
    for (const auto& r : c.data.referrals) {
        const std::string area = c.area_of(r.team);
        if (!r.date.ok()) {
            t.fail(std::nullopt, area, r.date.error);
            continue;
        }
        if (!r.date.value) {  // no referral date: the data-quality audit reports it
            t.note_undated(area, r.id, r.person, "left out: no referral date");
            continue;
        }
        if (auto y = year_of(t.years(), *r.date.value)) {
            t.add(*y, area, 1, 0);
            t.note(*y, area, r.id, r.person, "numerator (a referral in the year; the denominator is sga_population)");
        }
    }
    for (std::size_t y = 0; y < t.years().size(); ++y) {
        population_of(c, t, y, kCouncil);
        for (const auto& area : t.areas()) population_of(c, t, y, area);
    }
}

void count_repeat_referrals(const Counting& c, Tallies& t) {
    std::map<std::string, std::vector<const Referral*>> by_child;
    for (const auto& r : c.data.referrals) {
        if (!r.date.ok()) {
            t.fail(std::nullopt, c.area_of(r.team), r.date.error);
            continue;
        }
        if (r.date.value) by_child[r.person].push_back(&r);
        else t.note_undated(c.area_of(r.team), r.id, r.person, "left out: no referral date");
    }
    for (auto& [person, refs] : by_child) {
        std::sort(refs.begin(), refs.end(), [](const Referral* a, const Referral* b) {
            return *a->date.value != *b->date.value ? *a->date.value < *b->date.value : a->id < b->id;
        });
        for (std::size_t i = 0; i < refs.size(); ++i) {
            const Referral& r = *refs[i];
            auto y = year_of(t.years(), *r.date.value);
            if (!y) continue;
            // Within N months of the previous referral: on or before that date + N months.
            const bool repeat = i > 0 && *r.date.value <= add_months(*refs[i - 1]->date.value, c.settings.repeat_referral_months);
            const std::string area = c.area_of(r.team);
            t.add(*y, area, repeat ? 1 : 0, 1);
            t.note(*y, area, r.id, person,
                   std::string(counted_in(repeat)) + (i == 0 ? " (the child's first referral)" : " (previous " + refs[i - 1]->id + ", " +
                                                                                                     refs[i - 1]->date.value->iso() + ")"));
        }
    }
}

void count_ni68(const Counting& c, Tallies& t) {
    std::set<std::string> assessed;                // referrals with an initial assessment begun by the audit date
    std::map<std::string, std::string> unsure;     // and those whose assessment's start cannot be read
    for (const auto& a : c.data.assessments) {
        if (a.stage != "initial") continue;
        if (!a.start.ok()) unsure.emplace(a.referral, a.start.error);
        else if (!(a.start.value && *a.start.value > c.as_of)) assessed.insert(a.referral);
    }
    for (const auto& r : c.data.referrals) {
        const std::string area = c.area_of(r.team);
        if (!r.date.ok()) {
            t.fail(std::nullopt, area, r.date.error);
            continue;
        }
        if (!r.date.value) {
            t.note_undated(area, r.id, r.person, "left out: no referral date");
            continue;
        }
        auto y = year_of(t.years(), *r.date.value);
        if (!y) continue;
        const bool has = assessed.count(r.id) > 0;
        if (auto u = unsure.find(r.id); !has && u != unsure.end()) {
            t.fail(*y, area, u->second);
            continue;
        }
        t.add(*y, area, has ? 1 : 0, 1);
        t.note(*y, area, r.id, r.person, counted_in(has));
    }
}

}  // namespace indicators
