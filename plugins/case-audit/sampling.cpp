#include "sampling.hpp"

#include <algorithm>
#include <map>

namespace ca {
using namespace sgaudit;

const char* type_name(CaseType t) {
    switch (t) {
        case CaseType::child_protection: return "child protection";
        case CaseType::looked_after: return "looked after";
        default: return "child in need";
    }
}

namespace {

// Whether a span is open on D: 1 yes, 0 no, -1 cannot tell (an unreadable date that matters).
int open_on(const Span& s, Date d, std::string& why) {
    if (s.start.ok() && (!s.start.value || *s.start.value > d)) return 0;
    if (s.end.ok() && s.end.value && *s.end.value <= d) return 0;
    if (s.start.ok() && s.end.ok()) return 1;
    if (why.empty()) why = s.start.ok() ? s.end.error : s.start.error;
    return -1;
}

// The open span with the latest start (ties: greatest id), or null; `why` set when one cannot be read.
const Span* latest_open(const std::vector<Span>* list, Date d, std::string& why) {
    const Span* best = nullptr;
    if (!list) return best;
    for (const auto& s : *list) {
        if (open_on(s, d, why) != 1) continue;
        if (!best || *s.start.value > *best->start.value || (*s.start.value == *best->start.value && s.id > best->id)) best = &s;
    }
    return best;
}

Date earliest_open_start(const std::vector<const std::vector<Span>*>& lists, Date d) {
    Date out = d;
    std::string ignored;
    for (const auto* list : lists)
        if (list)
            for (const auto& s : *list)
                if (open_on(s, d, ignored) == 1) out = std::min(out, *s.start.value);
    return out;
}

template <class Map>
const typename Map::mapped_type* find_in(const Map& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

Placement place(const OpenData& data, const std::string& person, Date as_of) {
    static const std::vector<PlacementAllocation> none_a;
    std::vector<PlacementReferral> refs;
    if (const auto* list = find_in(data.referrals, person))
        for (const auto& r : *list) refs.push_back({r.id, r.group, r.start, r.end});
    const auto* alloc = find_in(data.allocations, person);
    return place_case(alloc ? *alloc : none_a, refs, as_of, data.area_of_team);
}

std::string group_of(const Placement& p, bool per_team) {
    if (p.by == Placement::By::unknown) return "(cannot be placed)";
    const std::string& k = per_team ? p.team : p.area;
    return k.empty() ? "(none)" : k;
}

}  // namespace

Classified classify(const OpenData& data, Date as_of, bool per_team) {
    std::set<std::string> persons;
    for (const auto* m : {&data.plans, &data.care, &data.referrals})
        for (const auto& [person, list] : *m) persons.insert(person);
    Classified out;
    for (const auto& person : persons) {
        std::string why;
        const auto *plans = find_in(data.plans, person), *care = find_in(data.care, person), *refs = find_in(data.referrals, person);
        Candidate c{person, {}, CaseType::child_in_need, as_of, latest_open(plans, as_of, why), latest_open(care, as_of, why),
                    latest_open(refs, as_of, why), place(data, person, as_of)};
        if (!why.empty()) {
            out.undecided.push_back({person, why, c.placement});
            continue;
        }
        if (!c.plan && !c.care && !c.referral) continue;  // no open case
        if (!data.children.count(person)) {
            out.not_in_person.push_back(person);
            continue;
        }
        c.type = c.plan ? CaseType::child_protection : c.care ? CaseType::looked_after : CaseType::child_in_need;
        c.opened = earliest_open_start({plans, care, refs}, as_of);
        c.group = group_of(c.placement, per_team);
        out.open.push_back(std::move(c));
    }
    return out;  // persons is a sorted set, so both lists are in person id order
}

std::array<std::size_t, kTypes> apportion(const std::array<std::size_t, kTypes>& available, std::size_t n) {
    std::array<std::size_t, kTypes> a{};
    std::size_t total = 0, sum = 0;
    for (auto v : available) total += v;
    if (total == 0 || n == 0) return a;
    // Signed gap between quota and allocation, scaled by total: n * available - a * total.
    auto gap = [&](std::size_t t) { return static_cast<long long>(n * available[t]) - static_cast<long long>(a[t] * total); };
    for (std::size_t t = 0; t < kTypes; ++t) {
        if (!available[t]) continue;
        a[t] = std::min(available[t], std::max<std::size_t>(1, n * available[t] / total));
        sum += a[t];
    }
    while (sum > n) {  // the floor of one pushed it over: the type furthest above its quota gives one back
        std::size_t pick = kTypes;
        for (std::size_t t = 0; t < kTypes; ++t)
            if (a[t] > 1 && (pick == kTypes || gap(t) < gap(pick))) pick = t;
        if (pick == kTypes) break;  // fewer places than types held: cannot keep one of each
        --a[pick];
        --sum;
    }
    while (sum > n) {  // n below the number of types held: the least serious types go without
        for (std::size_t t = kTypes; t-- > 0;)
            if (a[t] && sum > n) --a[t], --sum;
    }
    while (sum < n) {
        std::size_t pick = kTypes;
        for (std::size_t t = 0; t < kTypes; ++t)
            if (a[t] < available[t] && (pick == kTypes || gap(t) > gap(pick))) pick = t;
        ++a[pick];
        ++sum;
    }
    return a;
}

Sample draw_sample(const std::vector<Candidate>& open, const SampleSettings& s, Date as_of, const std::set<std::string>& audited) {
    // group -> type -> candidates, each list in person id order (open is).
    std::map<std::string, std::array<std::vector<const Candidate*>, kTypes>> strata;
    std::map<std::string, GroupCounts> counts;
    const Date opened_after = as_of.plus_days(-s.exclude_opened_within_days);
    for (const auto& c : open) {
        auto t = static_cast<std::size_t>(c.type);
        auto& g = counts[c.group];
        g.key = c.group;
        ++g.open[t];
        if (s.exclude_opened_within_days > 0 && c.opened > opened_after) {
            ++g.opened_recently[t];
            continue;
        }
        if (audited.count(c.person)) {
            ++g.audited_recently[t];
            continue;
        }
        ++g.candidates[t];
        strata[c.group][t].push_back(&c);
    }
    Sample out;
    for (auto& [key, g] : counts) {
        std::size_t total = 0;
        for (auto v : g.candidates) total += v;
        g.drawn = apportion(g.candidates, std::min(total, s.size));
        for (std::size_t t = 0; t < kTypes; ++t) {
            const auto& list = strata[key][t];
            Sampler sampler(s.seed, "case-audit|" + key + "|" + type_name(static_cast<CaseType>(t)));
            auto picked = sampler.choose(list.size(), g.drawn[t]);
            std::sort(picked.begin(), picked.end());  // report in person id order
            for (auto i : picked) out.drawn.push_back(*list[i]);
        }
        out.groups.push_back(g);
    }
    return out;
}

}  // namespace ca
