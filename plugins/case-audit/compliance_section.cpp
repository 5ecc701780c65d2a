#include <cstdio>

#include "sections.hpp"

namespace ca {
using namespace sgaudit;

std::string Score::words() const {
    if (errors) return "cannot be worked out: " + std::to_string(errors) + " item" + (errors == 1 ? "" : "s") + " could not be judged";
    if (!applicable) return "no item applies";
    return std::to_string(met) + " of " + std::to_string(applicable) + " items met (" +
           std::to_string(100 * met / applicable) + "%, rounded down)";
}

// A waiver explains a lapse; it does not make the item met.
Score score_of(const std::vector<RuleOutcome>& outcomes) {
    Score s;
    for (const auto& o : outcomes) {
        if (o.outcome == Outcome::error) ++s.errors;
        if (o.outcome == Outcome::pass || o.outcome == Outcome::fail || o.outcome == Outcome::waived) ++s.applicable;
        if (o.outcome == Outcome::pass) ++s.met;
    }
    return s;
}

void Compliance::add(const Subject& c, const std::vector<RuleOutcome>& outcomes) {
    const std::string area = c.area.empty() ? "(none)" : c.area, team = c.team.empty() ? "(none)" : c.team;
    for (const auto& o : outcomes)
        for (const auto& t : {team, std::string("(all teams)")}) {
            auto& n = by_place_[{area, t, o.title}];
            switch (o.outcome) {
                case Outcome::pass: ++n.met; break;
                case Outcome::fail:
                case Outcome::waived: ++n.not_met; break;
                case Outcome::error: ++n.errors; break;
                default: ++n.not_applicable;
            }
        }
}

ReportSection Compliance::section(int green, int amber) const {
    ReportSection sec;
    sec.id = "compliance-by-area-and-team";
    sec.title = "Compliance by area and team, item by item";
    sec.text = "Met = items met of those that apply (met + not met; a waived lapse counts as not met, items not yet due do "
               "not count). RAG: green from " + std::to_string(green) + "% met, amber from " + std::to_string(amber) +
               "%, red below; items that could not be judged are counted apart and shown as 'check the data'.";
    sec.table_header = {"Area", "Team", "Item", "Met", "Not met", "Not applicable", "Could not be judged", "% met", "RAG"};
    sec.column_types = {"", "", "", "number", "number", "number", "number", "", ""};
    for (const auto& [key, n] : by_place_) {
        const std::size_t judged = n.met + n.not_met;
        std::string pct = judged ? std::to_string(100 * n.met / judged) + "%" : "-";
        std::string rag = "-", fill;
        if (judged) {
            const std::size_t p = 100 * n.met / judged;  // rounded down, so 89.9% is never shown green at 90
            rag = p >= static_cast<std::size_t>(green) ? "Green" : p >= static_cast<std::size_t>(amber) ? "Amber" : "Red";
            fill = rag == "Green" ? "#C6EFCE" : rag == "Amber" ? "#FFEB9C" : "#FFC7CE";
        }
        if (n.errors) rag += " (check the data)";
        sec.table_rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::to_string(n.met), std::to_string(n.not_met),
                                  std::to_string(n.not_applicable), std::to_string(n.errors), pct, rag});
        sec.cell_fills.push_back({"", "", "", "", "", "", "", "", fill});
    }
    sec.sheet = "Case audit compliance";
    return sec;
}

}  // namespace ca
