// The overview the board reads first: the round, how many agencies are under the duty and how
// many returned, what a --area or --team filter does to this audit, and what could not be placed.
#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

std::size_t passes(const Judged& j, const char* rule) {
    std::size_t n = 0;
    for (const auto& [org, o] : j.agency)
        if (const RuleOutcome* r = outcome_of(&o, rule); r && r->outcome == Outcome::pass) ++n;
    return n;
}

// Agencies have no area or team, so a filter leaves every one of them in; say so.
std::string filter_note(const Scope& scope, std::size_t agencies) {
    std::string f;
    if (!scope.area.empty()) f = "--area " + scope.area;
    if (!scope.team.empty()) f += (f.empty() ? "" : " and ") + std::string("--team ") + scope.team;
    if (f.empty()) return {};
    return f + " does not apply to agencies, which have no area or team: all " + std::to_string(agencies) +
           " agencies are included. ";
}

std::string out_of_scope(const Population& pop) {
    std::string out;
    for (const auto& [id, o] : pop.data().organisations)
        if (pop.organisation(id).kind == Place::out) out += (out.empty() ? "" : ", ") + agency_name(pop.data(), id);
    return out.empty() ? "none" : out;
}

}  // namespace

ReportSection overview_section(const Population& pop, const Judged& judged, const Scope& scope) {
    const Settings& s = pop.settings();
    ReportSection sec;
    sec.id = "overview";
    sec.title = "Section 11 audit, round " + s.audited().period + ": overview";
    const std::size_t n = judged.agencies.size();
    std::size_t unknown = 0;
    for (const auto& org : judged.agencies) unknown += pop.organisation(org).kind == Place::undecidable;
    sec.text = filter_note(scope, n) + std::to_string(n - unknown) + " agencies under the duty" +
               (unknown ? " and " + std::to_string(unknown) + " whose place cannot be told (judged, every check an error saying why)"
                        : std::string()) +
               "; " + std::to_string(passes(judged, "s11.return-received")) + " returns received, " +
               std::to_string(passes(judged, "s11.return-on-time")) + " on time and " +
               std::to_string(passes(judged, "s11.return-signed-off")) + " signed off.";
    sec.details = {{"Round audited", s.audited().period + ", due " + s.audited().due.iso()},
                   {"Previous round", s.previous() ? s.previous()->period + ", due " + s.previous()->due.iso() : "none in the rule set"},
                   {"Next round", s.next() ? s.next()->period + ", due " + s.next()->due.iso() : "none in the rule set"},
                   {"Standards", std::to_string(s.standards.size()) + " (" + s.standard_codes() + ")"},
                   {"Not in scope", out_of_scope(pop)},
                   {"Panel ratings", pop.data().has_panel_table ? std::to_string(pop.data().panel.size()) + " recorded"
                                                                : "none: the data has no sga_s11_panel_ratings table"}};
    if (!judged.unplaced.empty()) {
        sec.text += " " + std::to_string(judged.unplaced.size()) +
                    " rating(s) or action(s) could not be placed: their round, their agency, or whether their agency is under the "
                    "duty cannot be told. Each is judged, every check an error saying why, and listed below.";
        sec.table_header = {"Record", "Why it could not be placed"};
        for (const auto& [what, why] : judged.unplaced) sec.table_rows.push_back({what, why});
    }
    return sec;
}

}  // namespace s11
