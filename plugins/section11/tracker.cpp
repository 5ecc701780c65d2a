// The action tracker the board works from: every action of this and the previous round's
// returns, most overdue first, with its owner, due date, days overdue and where it stands.
#include <algorithm>
#include <tuple>

#include "sections.hpp"
#include "words.hpp"

namespace s11 {
using namespace sgaudit;

namespace {

struct TrackerRow {
    std::int32_t overdue = -1;  // days, -1 when not overdue
    std::string agency, standard, id;
    std::vector<std::string> cells;
};

// Where an action stands, from the rule that judged it.
std::string status_of(const RuleOutcome* on_time, const Action& a) {
    if (!on_time) return "–";
    switch (on_time->outcome) {
        case Outcome::pass: return "Completed on time";
        case Outcome::error: return "Could not be judged";
        case Outcome::fail:
        case Outcome::waived:
            if (on_time->lapse == Lapse::over) return "Completed late";
            return std::string("Overdue") + (on_time->outcome == Outcome::waived ? " (waived)" : "");
        default: return a.due.value ? "Open, not yet due" : "Open, no due date";
    }
}

TrackerRow row_of(const Population& pop, const Action& a, const Outcomes* o) {
    const Settings& s = pop.settings();
    const Return& ret = pop.data().returns.at(a.return_id);
    const RuleOutcome* on_time = outcome_of(o, "s11.action-on-time");
    TrackerRow row{-1, agency_name(pop.data(), ret.org), a.standard, a.id, {}};
    if (on_time && (on_time->outcome == Outcome::fail || on_time->outcome == Outcome::waived) && on_time->lapse == Lapse::open && on_time->due)
        row.overdue = s.as_of - *on_time->due;
    std::string status = status_of(on_time, a);
    if (ret.period != s.audited().period && !(a.completed.value && *a.completed.value <= s.as_of))
        status += "; carried over from round " + ret.period;
    const Standard* st = s.standard(a.standard);
    row.cells = {row.agency, a.standard + (st ? " " + st->title : std::string()), a.text, a.owner.empty() ? "none recorded" : a.owner,
                 date_cell(a.due), date_cell(a.completed), row.overdue >= 0 ? std::to_string(row.overdue) : std::string(), status,
                 ret.period, a.id};
    return row;
}

}  // namespace

ReportSection tracker_section(const Population& pop, const Judged& judged) {
    std::vector<TrackerRow> rows;
    for (const auto& [id, outcomes] : judged.action) {
        const Action& a = pop.data().actions.at(id);
        if (pop.action(a).kind != Place::in) continue;  // those that could not be placed are listed in the overview
        rows.push_back(row_of(pop, a, &outcomes));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TrackerRow& x, const TrackerRow& y) {
        return std::make_tuple(-x.overdue, x.agency, x.standard, x.id) < std::make_tuple(-y.overdue, y.agency, y.standard, y.id);
    });
    ReportSection sec;
    sec.id = "action-tracker";
    sec.title = "Action tracker: actions of rounds " +
                (pop.settings().previous() ? pop.settings().previous()->period + " and " : std::string()) + pop.settings().audited().period;
    sec.sheet = "Action tracker";
    sec.table_header = {"Agency", "Standard", "Action", "Owner", "Due", "Completed", "Days overdue", "Status", "Round", "Action id"};
    sec.column_types = {"", "", "", "", "date", "date", "number", "", "", ""};
    for (auto& r : rows) sec.table_rows.push_back(std::move(r.cells));
    sec.text = std::to_string(rows.size()) + " action(s), most overdue first. Days overdue count from the day after the due date to the "
               "audit date. An action of the previous round still open is marked carried over.";
    return sec;
}

}  // namespace s11
