// Counts by sector: agencies in and out of scope, returns received and on time, ratings at the
// top of the scale and below it, and actions overdue.
#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

struct SectorCounts {
    std::size_t in_scope = 0, out_of_scope = 0, received = 0, on_time = 0, top = 0, below_top = 0, overdue = 0;
};

bool passed(const Outcomes* o, const char* rule) {
    const RuleOutcome* r = outcome_of(o, rule);
    return r && r->outcome == Outcome::pass;
}

std::string sector_name(const Settings& s, const std::string& code) {
    auto it = s.sectors.find(code);
    if (it != s.sectors.end()) return it->second.label;
    return code.empty() ? "(no sector recorded)" : "(not a sector of the rule set)";
}

// An agency's ratings for the round, at the top of the scale or below it.
void count_ratings(const Population& pop, const std::string& org, SectorCounts& c) {
    auto one = pop.return_for(org, pop.settings().audited().period);
    if (!one.ret) return;
    for (const auto& st : pop.settings().standards) {
        auto it = pop.data().ratings.find({one.ret->id, st.code});
        const ScaleItem* item = it == pop.data().ratings.end() || !it->second.conflict.empty() ? nullptr
                                                                                                : pop.settings().scale_item(it->second.rating);
        if (!item) continue;
        if (item->rank == pop.settings().top_rank()) ++c.top;
        else ++c.below_top;
    }
}

}  // namespace

ReportSection sectors_section(const Population& pop, const Judged& judged) {
    const Settings& s = pop.settings();
    std::map<std::string, SectorCounts> by;
    for (const auto& [id, o] : pop.data().organisations)
        if (pop.organisation(id).kind == Place::out) ++by[sector_name(s, o.sector)].out_of_scope;
    for (const auto& org : judged.agencies) {
        auto o = pop.data().organisations.find(org);
        SectorCounts& c = by[sector_name(s, o == pop.data().organisations.end() ? std::string() : o->second.sector)];
        const Outcomes* out = find_outcomes(judged.agency, org);
        ++c.in_scope;
        c.received += passed(out, "s11.return-received");
        c.on_time += passed(out, "s11.return-on-time");
        count_ratings(pop, org, c);
    }
    for (const auto& [id, outcomes] : judged.action) {
        const RuleOutcome* r = outcome_of(&outcomes, "s11.action-on-time");
        auto a = pop.data().actions.find(id);
        if (!r || r->outcome != Outcome::fail || r->lapse != Lapse::open || a == pop.data().actions.end()) continue;
        auto ret = pop.data().returns.find(a->second.return_id);
        auto org = ret == pop.data().returns.end() ? pop.data().organisations.end() : pop.data().organisations.find(ret->second.org);
        if (org != pop.data().organisations.end()) ++by[sector_name(s, org->second.sector)].overdue;
    }
    ReportSection sec;
    sec.id = "sectors";
    sec.title = "By sector, round " + s.audited().period;
    sec.table_header = {"Sector", "Agencies under the duty", "Agencies not in scope", "Returns received", "Returns on time",
                        "Ratings at the top of the scale", "Ratings below it", "Actions overdue"};
    sec.column_types = {"", "number", "number", "number", "number", "number", "number", "number"};
    for (const auto& [name, c] : by)
        sec.table_rows.push_back({name, std::to_string(c.in_scope), std::to_string(c.out_of_scope), std::to_string(c.received),
                                  std::to_string(c.on_time), std::to_string(c.top), std::to_string(c.below_top), std::to_string(c.overdue)});
    sec.text = "Agencies not in scope are those marked not under the duty, or in a sector the rule set leaves out. Actions overdue are "
               "those of this and the previous round's returns still open after their due date.";
    return sec;
}

}  // namespace s11
