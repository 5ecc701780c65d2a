// The stocktake's sections: the entries by theme with counts and the share compliant (a RAG
// table), the overdue entries and the stale entries with their owners. They show data and the
// outcomes the rules handed back (rules stocktake.target-met and stocktake.current), and never
// judge again.
#include <algorithm>
#include <cstdio>

#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

std::string text(const Value& v) { return v.is_null() ? "" : std::string(trim(to_text(v))); }

ReportSection by_theme(const ThemeCounts& themes, std::size_t unjudged) {
    ReportSection s;
    s.id = "by-theme";
    s.title = "Stocktake by theme";
    s.text = "Entries by status for each theme. Share compliant: compliant entries of the entries that apply (all but not "
             "applicable), rounded down. Without entry: recommendations falling to the council or its partners with no entry.";
    // Rows that cannot be one entry are in no count here, and the table says so: never silently short.
    if (unjudged)
        s.text += " Not counted: " + std::to_string(unjudged) + (unjudged == 1 ? " entry" : " entries") +
                  " that could not be judged (an entry_id in more than one row with different content, or rows without an "
                  "entry_id): see the errors among the findings.";
    s.table_header = {"theme", "recommendations", "falling locally", "without entry", "entries", "compliant (green)",
                      "in progress (amber)", "not started (red)", "not applicable", "other status", "share compliant"};
    s.column_types = {"", "number", "number", "number", "number", "number", "number", "number", "number", "number", ""};
    for (const auto& [name, c] : themes.rows) {
        s.table_rows.push_back({name, std::to_string(c.recommendations), std::to_string(c.local), std::to_string(c.without_entry),
                                std::to_string(c.entries), std::to_string(c.compliant), std::to_string(c.in_progress),
                                std::to_string(c.not_started), std::to_string(c.not_applicable), std::to_string(c.other),
                                percent(c.compliant, c.entries - c.not_applicable)});
        s.cell_fills.push_back({"", "", "", c.without_entry ? kRed : "", "", c.compliant ? kGreen : "", c.in_progress ? kAmber : "",
                                c.not_started ? kRed : "", "", c.other ? kRed : "", ""});
    }
    return s;
}

ReportSection lapse_list(const Judged& judged, const char* id, const char* title, const char* rule, const char* what) {
    ReportSection s;
    s.id = id;
    s.title = title;
    s.table_header = {"entry", "recommendation", "status", "owner", what, "finding"};
    std::size_t errors = unjudged_errors(judged, rule);
    for (const Entry& e : judged.entries) {
        const RuleOutcome* o = outcome_of(judged.entry, e.id, rule);
        if (o && o->outcome == Outcome::error) ++errors;
        if (!o || o->outcome != Outcome::fail) continue;
        const Read<Date>& d = std::string(rule) == "stocktake.target-met" ? e.target : e.updated;
        s.table_rows.push_back({e.id, e.rec_ref, e.status, e.owner.empty() ? "(no owner)" : e.owner, d.value ? d.value->iso() : "",
                                o->message});
    }
    s.text = s.table_rows.empty() ? "None." : std::to_string(s.table_rows.size()) + (s.table_rows.size() == 1 ? " entry." : " entries.");
    // An entry whose dates cannot be read is not listed, and the list says so: never silently short.
    if (errors)
        s.text += " " + std::to_string(errors) + (errors == 1 ? " entry" : " entries") +
                  " could not be judged (see the errors among the findings).";
    return s;
}

const char* fill_of(const std::string& status) {
    if (status == "compliant") return kGreen;
    if (status == "in_progress") return kAmber;
    if (status == "not_applicable") return "";
    return kRed;  // not_started, or a status not on the list
}

// One section per theme, in the order the pack first uses it: each recommendation with its
// entries (one row per entry), or "no entry" (red when it falls to the council or partners).
std::vector<ReportSection> theme_tables(const RecordList& recs, const Judged& judged) {
    std::map<std::string, std::vector<const Entry*>> entries_of;
    for (const Entry& e : judged.entries) entries_of[e.rec_ref].push_back(&e);
    std::vector<std::string> themes;
    std::map<std::string, ReportSection> by_theme;
    for (const Record& r : recs.records) {
        const std::string ref = text(r["ref"]), theme = text(r["theme"]), falls_to = text(r["falls_to"]);
        auto [it, fresh] = by_theme.try_emplace(theme);
        ReportSection& s = it->second;
        if (fresh) {
            themes.push_back(theme);
            s.id = "theme/" + std::to_string(themes.size());
            s.title = theme;
            s.group = "Recommendations by theme";
            s.group_key = "themes";
            s.table_header = {"recommendation", "group", "falls to", "national deadline", "status", "owner", "target date", "entry"};
            s.column_types = {"", "", "", "date", "", "", "date", ""};
        }
        const std::string deadline = r["deadline"].is_date() ? r["deadline"].as_date().iso() : "";
        const bool local = falls_to == "council" || falls_to == "partners";
        auto e = entries_of.find(ref);
        if (e == entries_of.end()) {
            s.table_rows.push_back({ref, text(r["group"]), falls_to, deadline, local ? "no entry" : "no entry (national)", "", "", ""});
            s.cell_fills.push_back({"", "", "", "", local ? kRed : "", "", "", ""});
            continue;
        }
        for (const Entry* x : e->second) {
            s.table_rows.push_back({ref, text(r["group"]), falls_to, deadline, x->status.empty() ? "(blank)" : x->status, x->owner,
                                    x->target.value ? x->target.value->iso() : "", x->id});
            s.cell_fills.push_back({"", "", "", "", fill_of(x->status), "", "", ""});
        }
    }
    std::vector<ReportSection> out;
    for (const auto& t : themes) {
        ReportSection& s = by_theme[t];
        s.text = std::to_string(s.table_rows.size()) + (s.table_rows.size() == 1 ? " row." : " rows.") +
                 " Green: compliant; amber: in progress; red: not started, another status, or no entry for a recommendation"
                 " falling to the council or its partners.";
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

const RuleOutcome* outcome_of(const std::map<std::string, Outcomes>& m, const std::string& id, const std::string& rule) {
    auto it = m.find(id);
    if (it == m.end()) return nullptr;
    for (const auto& o : it->second)
        if (o.rule == rule) return &o;
    return nullptr;
}

ThemeCounts theme_counts(const RecordList& recs, const Judged& judged) {
    std::vector<std::string> themes;
    std::map<std::string, ThemeCounts::Counts> counts;
    std::map<std::string, std::string> theme_of;
    auto theme_slot = [&](const std::string& t) -> ThemeCounts::Counts& {
        if (!counts.count(t)) themes.push_back(t);
        return counts[t];
    };
    for (const Record& r : recs.records) {
        const std::string ref = text(r["ref"]), theme = text(r["theme"]), falls_to = text(r["falls_to"]);
        theme_of[ref] = theme;
        auto& c = theme_slot(theme);
        ++c.recommendations;
        if (falls_to == "council" || falls_to == "partners") {
            ++c.local;
            const RuleOutcome* o = outcome_of(judged.recommendation, ref, "stocktake.entry-exists");
            if (o && o->outcome == Outcome::fail) ++c.without_entry;
        }
    }
    const std::string unknown = "(recommendation not in the rule set)";
    for (const Entry& e : judged.entries) {
        auto t = theme_of.find(e.rec_ref);
        auto& c = theme_slot(t == theme_of.end() ? unknown : t->second);
        ++c.entries;
        if (e.status == "compliant") ++c.compliant;
        else if (e.status == "in_progress") ++c.in_progress;
        else if (e.status == "not_started") ++c.not_started;
        else if (e.status == "not_applicable") ++c.not_applicable;
        else ++c.other;
    }
    ThemeCounts out;
    for (const auto& t : themes) {
        const auto& c = counts[t];
        out.rows.push_back({t, c});
        auto& all = out.all;
        all.recommendations += c.recommendations;
        all.local += c.local;
        all.without_entry += c.without_entry;
        all.entries += c.entries;
        all.compliant += c.compliant;
        all.in_progress += c.in_progress;
        all.not_started += c.not_started;
        all.not_applicable += c.not_applicable;
        all.other += c.other;
    }
    out.rows.push_back({"All themes", out.all});
    return out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return "n/a";
    const std::int64_t tenths = part * 1000 / whole;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::vector<ReportSection> sections(const RecordList& recs, const Judged& judged, const std::string& source,
                                    std::vector<ReportSection> progress) {
    std::vector<ReportSection> out;
    out.push_back(by_theme(theme_counts(recs, judged), judged.unjudged.size()));
    out.back().title += " (source " + source + ")";
    out.back().sheet = "By theme " + source;
    out.push_back(lapse_list(judged, "overdue", "Entries past their target date and not compliant", "stocktake.target-met", "target date"));
    out.back().sheet = "Overdue " + source;
    out.push_back(lapse_list(judged, "stale", "Entries not updated within stale_after_days", "stocktake.current", "last updated"));
    out.back().sheet = "Stale " + source;
    for (auto& p : progress) {
        if (!p.sheet.empty()) p.sheet = "Progress " + source;
        out.push_back(std::move(p));
    }
    for (auto& t : theme_tables(recs, judged)) out.push_back(std::move(t));
    return out;
}

}  // namespace stocktake
