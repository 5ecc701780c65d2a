// Change since the previous round: each standard whose rating rose or fell, from the agency's
// returns for the two rounds, read on today's scale.
#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

struct ChangeCounts {
    std::size_t fell = 0, rose = 0, same = 0, not_compared = 0;
};

// The rank a return gives a standard on the scale, when it gives a rating on it.
const ScaleItem* rated(const Population& pop, const Return* r, const std::string& standard) {
    if (!r) return nullptr;
    auto it = pop.data().ratings.find({r->id, standard});
    if (it == pop.data().ratings.end() || !it->second.conflict.empty()) return nullptr;
    return pop.settings().scale_item(it->second.rating);
}

}  // namespace

ReportSection change_section(const Population& pop, const Judged& judged) {
    const Settings& s = pop.settings();
    ReportSection sec;
    sec.id = "change";
    const Round* previous = s.previous();
    sec.title = "Change since the previous round" + (previous ? " (" + previous->period + " to " + s.audited().period + ")" : std::string());
    if (!previous) {
        sec.text = "Round " + s.audited().period + " is the first in the rule set's rounds list: there is no previous round to compare with.";
        return sec;
    }
    sec.table_header = {"Agency", "Standard", previous->period, s.audited().period, "Change"};
    ChangeCounts n;
    for (const auto& org : judged.agencies) {
        auto before = pop.return_for(org, previous->period), now = pop.return_for(org, s.audited().period);
        for (const auto& st : s.standards) {
            const ScaleItem* was = rated(pop, before.error.empty() ? before.ret : nullptr, st.code);
            const ScaleItem* is = rated(pop, now.error.empty() ? now.ret : nullptr, st.code);
            if (!was || !is) {
                ++n.not_compared;
                continue;
            }
            if (was->rank == is->rank) {
                ++n.same;
                continue;
            }
            bool fell = is->rank < was->rank;
            ++(fell ? n.fell : n.rose);
            sec.table_rows.push_back({agency_name(pop.data(), org), st.code + " " + st.title, was->label, is->label, fell ? "Fell" : "Rose"});
        }
    }
    sec.text = std::to_string(n.fell) + " rating(s) fell and " + std::to_string(n.rose) + " rose since round " + previous->period + "; " +
               std::to_string(n.same) + " stayed the same, and " + std::to_string(n.not_compared) +
               " could not be compared (no rating in one of the rounds, or one that is not on the scale). Ratings are compared by their "
               "rank on the rule set's scale.";
    return sec;
}

}  // namespace s11
