// Progress against earlier stocktakes of the same pack on the same source (issue 14, check 6),
// read from the run history the host hands over (Context::earlier_runs): each earlier audit
// date's statuses, from the evidence of stocktake.status-allowed (the status it judged), and
// whether each entry was past its target then (stocktake.target-met). Nothing here judges: the
// rule stocktake.still-compliant reads previous_status, and the sections show what changed.
#include <algorithm>
#include <cstdio>
#include <set>

#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

constexpr const char* kStatusRule = "stocktake.status-allowed";
constexpr const char* kTargetRule = "stocktake.target-met";

std::string status_in(const EarlierResult& r) {
    auto it = r.evidence.find("status");
    if (it == r.evidence.end() || it->second.is_null()) return "";
    return std::string(trim(to_text(it->second)));
}

std::string shown(const std::string& status) { return status.empty() ? "(blank)" : status; }

// Every entry_id in the register now, judged or not: one that could not be judged is still there.
std::set<std::string> in_register(const Judged& judged) {
    std::set<std::string> ids;
    for (const auto* list : {&judged.entries, &judged.unjudged})
        for (const Entry& e : *list) ids.insert(e.id);
    return ids;
}

}  // namespace

void StatusCounts::add(const std::string& status) {
    if (status == "compliant") ++compliant;
    else if (status == "in_progress") ++in_progress;
    else if (status == "not_started") ++not_started;
    else if (status == "not_applicable") ++not_applicable;
    else ++other;
}

PluginDescription::HistoryNeed history_need() {
    // The last 12 audit dates: three years of quarterly reports to cabinet.
    return {{kStatusRule, kTargetRule}, 12};
}

Earlier read_earlier(const EarlierRuns& runs) {
    Earlier e;
    e.available = runs.available;
    e.note = runs.note;
    e.later = runs.later;
    for (std::size_t i = 0; i < runs.runs.size(); ++i) {
        const EarlierRun& run = runs.runs[i];
        const bool last = i + 1 == runs.runs.size();
        StatusCounts c;
        c.as_of = run.as_of;
        for (const auto& r : run.results) {
            // An entry that could not be judged then (its rows disagreed, or had no entry_id) was
            // counted nowhere then, and is not now.
            if (r.subject.kind != "stocktake_entry" || r.outcome == Outcome::error) continue;
            if (r.rule == kStatusRule) {
                c.add(status_in(r));
                if (last) e.last_status[r.subject.id] = status_in(r);
            } else if (r.rule == kTargetRule && last) {
                e.last_target_met[r.subject.id] = r.outcome;
            }
        }
        e.series.push_back(c);
        if (last) {
            e.last_run = run.run_id;
            e.last_as_of = run.as_of;
        }
    }
    return e;
}

namespace {

// Said in the progress section and on the console when stocktakes of later audit dates exist.
std::string point_in_time(const Earlier& earlier, Date as_of) {
    if (earlier.later.empty()) return "";
    std::string dates;
    for (const Date& d : earlier.later) dates += (dates.empty() ? "" : ", ") + d.iso();
    return "Point-in-time re-run: the run history holds later stocktakes of this pack on this source (audit dates " + dates +
           "). This run compares only with the stocktakes before " + as_of.iso() +
           ", and reads the register as it is now as of that date; `sgaudit report RUN` shows a stored stocktake as it was.";
}

}  // namespace

std::vector<std::string> earlier_warnings(const Earlier& earlier, Date as_of) {
    std::vector<std::string> out;
    if (auto note = point_in_time(earlier, as_of); !note.empty()) out.push_back(note);
    return out;
}

void set_previous_facts(const Earlier& earlier, const Entry& e, Facts& f) {
    auto it = earlier.last_status.find(e.id);
    if (!earlier.last_as_of || it == earlier.last_status.end()) {
        f.set("previous_status", Value(Null{}));
        f.set("previous_as_of", Value(Null{}));
        return;
    }
    f.set("previous_status", it->second.empty() ? Value(Null{}) : Value(it->second));
    f.set("previous_as_of", Value(*earlier.last_as_of));
}

namespace {

// What became of one entry since the last stocktake; empty when nothing did.
struct Change {
    int order = 0;  // the order the table lists changes in
    std::string words;
    const char* fill = "";
};

Change change_of(const Earlier& earlier, const Judged& judged, const Entry& e) {
    auto before = earlier.last_status.find(e.id);
    if (before == earlier.last_status.end()) return {3, "new since the last stocktake", ""};
    const bool was = before->second == "compliant", is = e.status == "compliant";
    if (was && !is) return {0, "slipped: no longer compliant", kRed};
    auto target_then = earlier.last_target_met.find(e.id);
    const RuleOutcome* target_now = outcome_of(judged.entry, e.id, kTargetRule);
    if (!is && target_now && target_now->outcome == Outcome::fail && target_then != earlier.last_target_met.end() &&
        target_then->second != Outcome::fail)
        return {1, "slipped: now past its target date", kRed};
    if (!was && is) return {2, "moved to compliant", kGreen};
    if (before->second != e.status) return {4, "status changed", ""};
    return {};
}

ReportSection since_last(const Earlier& earlier, const Judged& judged, Date as_of) {
    ReportSection s;
    s.id = "progress";
    s.title = "Progress since the last stocktake";
    const std::string re_run = point_in_time(earlier, as_of);
    if (!earlier.available || !earlier.last_as_of) {
        s.text = !earlier.available ? "Progress cannot be shown: " + earlier.note + "."
                                    : "No earlier stocktake of this pack on this source is in the run history: progress is "
                                      "shown from the next run on a later audit date.";
        if (!re_run.empty()) s.text = re_run + " " + s.text;
        return s;
    }
    s.table_header = {"entry", "recommendation", "status at " + earlier.last_as_of->iso(), "status now", "change"};
    std::vector<std::pair<int, std::vector<std::string>>> rows;
    for (const Entry& e : judged.entries) {
        Change c = change_of(earlier, judged, e);
        if (c.words.empty()) continue;
        auto before = earlier.last_status.find(e.id);
        rows.push_back({c.order, {e.id, e.rec_ref, before == earlier.last_status.end() ? "" : shown(before->second), shown(e.status), c.words}});
    }
    const std::set<std::string> now = in_register(judged);
    for (const auto& [id, status] : earlier.last_status)
        if (!now.count(id)) rows.push_back({5, {id, "", shown(status), "", "no longer in the register"}});
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, row] : rows) {
        s.cell_fills.push_back({"", "", "", "", order == 2 ? kGreen : order <= 1 ? kRed : ""});
        s.table_rows.push_back(std::move(row));
    }
    const ProgressCounts c = progress_counts(earlier, judged);
    s.text = "Since the stocktake of " + earlier.last_as_of->iso() + " (run " + earlier.last_run + "): " + std::to_string(c.moved) +
             " moved to compliant, " + std::to_string(c.no_longer_compliant + c.past_target) + " slipped (" +
             std::to_string(c.no_longer_compliant) + " no longer compliant, " + std::to_string(c.past_target) +
             " now past the target date), " + std::to_string(c.fresh) + " new, " + std::to_string(c.gone) +
             " no longer in the register, " + std::to_string(c.changed) + " changed status otherwise, " + std::to_string(c.unchanged) +
             " unchanged.";
    if (!re_run.empty()) s.text = re_run + " " + s.text;
    return s;
}

}  // namespace

ProgressCounts progress_counts(const Earlier& earlier, const Judged& judged) {
    ProgressCounts c;
    const std::set<std::string> now = in_register(judged);
    for (const Entry& e : judged.entries) {
        const Change ch = change_of(earlier, judged, e);
        if (ch.words.empty()) ++c.unchanged;
        else if (ch.order == 0) ++c.no_longer_compliant;
        else if (ch.order == 1) ++c.past_target;
        else if (ch.order == 2) ++c.moved;
        else if (ch.order == 3) ++c.fresh;
        else ++c.changed;
    }
    for (const auto& [id, status] : earlier.last_status) c.gone += now.count(id) ? 0 : 1;
    return c;
}

std::vector<ReportSection> progress_sections(const Earlier& earlier, const Judged& judged, Date as_of) {
    std::vector<ReportSection> out{since_last(earlier, judged, as_of)};
    if (!earlier.available || earlier.series.empty()) return out;
    std::vector<StatusCounts> series = earlier.series;
    StatusCounts now;
    now.as_of = as_of;
    for (const Entry& e : judged.entries) now.add(e.status);
    series.push_back(now);
    out.push_back(across_stocktakes(series));
    return out;
}

}  // namespace stocktake
