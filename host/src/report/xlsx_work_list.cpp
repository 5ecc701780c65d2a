#include "xlsx_work_list.hpp"

#include "sgaudit/report/html_report.hpp"

namespace sgaudit::report::xlsx {

namespace {

const std::vector<std::string>& columns() {
    static const std::vector<std::string> cols{"Team", "Team name", "Worker", "Child", "Subject", "Severity", "What is due",
                                               "Finding", "Due by", "Overdue since", "Days overdue", "What to do", "Waiver"};
    return cols;
}

void item_row(lxw_worksheet* ws, lxw_row_t r, const run::RunResult& run, const WorkItem& w, const Styles& st) {
    const Result& res = w.result;
    text(ws, r, 0, res.subject.team);
    if (auto it = run.team_names.find(res.subject.team); it != run.team_names.end()) text(ws, r, 1, it->second);
    text(ws, r, 2, res.subject.worker);
    text(ws, r, 3, w.child());
    text(ws, r, 4, res.subject.kind + " " + res.subject.id);
    text(ws, r, 5, to_string(res.severity));
    text(ws, r, 6, w.title, st.wrap);
    text(ws, r, 7, uk_dates_in(res.message), st.wrap);
    if (res.due) date(ws, r, 8, *res.due, st);
    if (res.due && w.days_overdue) date(ws, r, 9, res.due->plus_days(1), st);
    if (w.days_overdue) worksheet_write_number(ws, r, 10, *w.days_overdue, nullptr);
    text(ws, r, 11, w.action, st.wrap);
    if (res.waiver)
        text(ws, r, 12, "Until " + uk_date(res.waiver->expires) + " (" + res.waiver->approver + "): " + res.waiver->justification, st.wrap);
}

}  // namespace

void findings_sheet(lxw_worksheet* ws, const run::RunResult& run, const std::vector<WorkItem>& items, const Styles& st) {
    header_row(ws, columns(), st, {10, 28, 10, 10, 16, 9, 40, 45, 12, 12, 9, 45, 40});
    lxw_row_t r = 1;
    for (const auto& w : items) {
        if (r == kMaxRows - 1) {  // never cut short without saying so
            const std::size_t left = items.size() - (r - 1);
            text(ws, r++, 0, std::to_string(left) + " more findings do not fit in a sheet: see report.json");
            break;
        }
        item_row(ws, r++, run, w, st);
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, static_cast<lxw_col_t>(columns().size() - 1));
}

}  // namespace sgaudit::report::xlsx
