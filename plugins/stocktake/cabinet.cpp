// The cabinet summary: one page a Head of Safeguarding can put in front of cabinet or the board,
// printed on its own ("Print only" its group) and never split. Where the stocktake stands (the
// headline figures), what needs doing (recommendations without an entry, entries past their
// target, entries gone stale, each with its owner), what changed since the last stocktake, and
// the themes in RAG colours with the progress chart. It shows what the rules handed back and
// never judges again.
#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

// At most this many items, and about this many characters, are named in a line of the summary;
// the rest are counted, and the full lists are in the report's sections (the page must stay one
// page whatever the owners are called).
constexpr std::size_t kNamed = 6;
constexpr std::size_t kNamedCharacters = 240;

std::string plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    std::size_t named = 0;
    for (; named < items.size() && named < kNamed; ++named) {
        if (named > 0 && out.size() + items[named].size() > kNamedCharacters) break;
        out += (named ? "; " : "") + items[named];
    }
    if (items.size() > named) out += "; and " + std::to_string(items.size() - named) + " more (listed in the report)";
    return out;
}

// Entries failing `rule`, as "L05 (rec 39, LSCB Business Manager)".
std::vector<std::string> failing(const Judged& judged, const char* rule, std::size_t& errors) {
    std::vector<std::string> out;
    errors += unjudged_errors(judged, rule);
    for (const Entry& e : judged.entries) {
        const RuleOutcome* o = outcome_of(judged.entry, e.id, rule);
        if (o && o->outcome == Outcome::error) ++errors;
        if (o && o->outcome == Outcome::fail)
            out.push_back(e.id + " (recommendation " + e.rec_ref + ", " + (e.owner.empty() ? "no owner" : e.owner) + ")");
    }
    return out;
}

std::vector<std::string> without_entry(const RecordList& recs, const Judged& judged) {
    std::vector<std::string> out;
    for (const Record& r : recs.records) {
        const std::string ref(trim(to_text(r["ref"])));
        const RuleOutcome* o = outcome_of(judged.recommendation, ref, "stocktake.entry-exists");
        if (o && o->outcome == Outcome::fail) out.push_back(ref);
    }
    return out;
}

std::string since_last(const Earlier& earlier, const Judged& judged) {
    if (!earlier.available) return "cannot be shown (" + earlier.note + ")";
    if (!earlier.last_as_of) return "this is the first stocktake in the run history";
    const ProgressCounts c = progress_counts(earlier, judged);
    return "since " + in_words(*earlier.last_as_of) + ": " + std::to_string(c.moved) + " moved to compliant, " +
           std::to_string(c.no_longer_compliant) + " no longer compliant, " + std::to_string(c.past_target) +
           " now past the target date, " + std::to_string(c.fresh) + " new, " + std::to_string(c.gone) +
           " no longer in the register";
}

void theme_table(ReportSection& s, const ThemeCounts& themes) {
    s.table_header = {"theme", "falling locally", "without entry", "compliant", "in progress", "not started or other", "share compliant"};
    s.column_types = {"", "number", "number", "number", "number", "number", ""};
    for (const auto& [name, c] : themes.rows) {
        s.table_rows.push_back({name, std::to_string(c.local), std::to_string(c.without_entry), std::to_string(c.compliant),
                                std::to_string(c.in_progress), std::to_string(c.not_started + c.other),
                                percent(c.compliant, c.entries - c.not_applicable)});
        s.cell_fills.push_back({"", "", c.without_entry ? kRed : "", c.compliant ? kGreen : "", c.in_progress ? kAmber : "",
                                c.not_started + c.other ? kRed : "", ""});
    }
}

}  // namespace

ReportSection cabinet_summary(const CabinetFacts& in) {
    const ThemeCounts themes = theme_counts(in.recs, in.judged);
    const auto& all = themes.all;
    std::size_t errors = 0;
    const auto overdue = failing(in.judged, "stocktake.target-met", errors);
    const auto stale = failing(in.judged, "stocktake.current", errors);
    // Entries naming a recommendation the pack lacks, or a status that cannot be judged, are
    // counted where they cannot be judged: they are in the totals above, never silently.
    failing(in.judged, "stocktake.known-recommendation", errors);
    const auto missing = without_entry(in.recs, in.judged);

    ReportSection s;
    s.id = "cabinet";
    s.title = "Cabinet summary: stocktake as of " + in_words(in.as_of);
    s.group = "Cabinet summary (" + in.source + ")";
    s.group_key = "cabinet";
    s.own_page = true;
    s.details = {{"Against", in.title},
                 {"Recommendations", std::to_string(all.recommendations) + ", of which " + std::to_string(all.local) +
                                         " fall to the council or its partners"},
                 {"Entries", std::to_string(all.entries) + ": " + std::to_string(all.compliant) + " compliant, " +
                                 std::to_string(all.in_progress) + " in progress, " + std::to_string(all.not_started) +
                                 " not started, " + std::to_string(all.not_applicable) + " not applicable, " +
                                 std::to_string(all.other) + " with another status"},
                 {"Share compliant", percent(all.compliant, all.entries - all.not_applicable) + " of the entries that apply"},
                 {"Progress", since_last(in.earlier, in.judged)}};
    if (!missing.empty()) s.details.push_back({"Without an entry", plural(missing.size(), "recommendation", "recommendations") + ": " + joined(missing)});
    s.details.push_back({"Past target, not compliant", overdue.empty() ? "none" : plural(overdue.size(), "entry", "entries") + ": " + joined(overdue)});
    s.details.push_back({"Not updated within " + in.stale_after, stale.empty() ? "none" : plural(stale.size(), "entry", "entries") + ": " + joined(stale)});
    if (errors) s.details.push_back({"Could not be judged", plural(errors, "finding", "findings") + ": see the errors in the report"});
    s.text = "Green: compliant; amber: in progress; red: not started, another status, or recommendations without an entry. Share "
             "compliant: compliant entries of those that apply (all but not applicable), rounded down.";
    theme_table(s, themes);
    if (in.earlier.available && !in.earlier.series.empty()) {
        std::vector<StatusCounts> series(in.earlier.series.end() - static_cast<std::ptrdiff_t>(std::min<std::size_t>(in.earlier.series.size(), 5)),
                                         in.earlier.series.end());
        StatusCounts now;
        now.as_of = in.as_of;
        for (const Entry& e : in.judged.entries) now.add(e.status);
        series.push_back(now);
        s.svg = progress_chart(series);
        s.svg_alt = "Entries by status at the last stocktakes and now, as 100% bars; the report's Progress across stocktakes gives the numbers.";
    }
    return s;
}

}  // namespace stocktake
