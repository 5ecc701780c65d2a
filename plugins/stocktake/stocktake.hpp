#pragma once
// The stocktake audit's shared pieces: the entries of sga_stocktake_entries for one source, the
// outcomes the rules handed back for each subject, and the report's sections. Nothing here
// decides what is a lapse; the rule set does (rules/stocktake/*.toml, docs/stocktake.md).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace stocktake {

// One row of sga_stocktake_entries of the audited source. Text columns are trimmed; empty is
// not recorded. Dates are read as the data model says; one that cannot be read keeps its error.
struct Entry {
    std::string id, rec_ref, status, owner, local_action, evidence;
    sgaudit::Read<sgaudit::Date> target, updated;
    std::string conflict;          // why the rows cannot be one judged entry (entries.cpp)
    std::set<std::string> refs;    // the rec_ref of each of its rows
};

using Outcomes = std::vector<sgaudit::RuleOutcome>;

// Cell fills of the RAG tables; the word is always in the cell too.
inline constexpr const char* kGreen = "#C6EFCE";
inline constexpr const char* kAmber = "#FFEB9C";
inline constexpr const char* kRed = "#FFC7CE";

// "66.7%": one decimal, rounded down, so a share under a mark never reads as at it; "n/a" of none.
std::string percent(std::int64_t part, std::int64_t whole);

struct Judged {
    std::vector<Entry> entries;                      // in entry_id order, the judged ones: every total counts these
    std::vector<Entry> unjudged;                     // rows that cannot be one entry: every result an error, counted nowhere
    std::map<std::string, Outcomes> entry;           // by entry_id
    std::map<std::string, Outcomes> recommendation;  // by ref
};

// Recommendations and entries by theme, in the order the pack first uses each theme, then a row
// for entries naming a number the pack lacks (when any), then "All themes" (sections.cpp).
struct ThemeCounts {
    struct Counts {
        std::int64_t recommendations = 0, local = 0, without_entry = 0, entries = 0, compliant = 0, in_progress = 0, not_started = 0,
                     not_applicable = 0, other = 0;
    };
    std::vector<std::pair<std::string, Counts>> rows;  // the last is "All themes"
    Counts all;
};
ThemeCounts theme_counts(const sgaudit::RecordList& recs, const Judged& judged);
// The outcome the rules handed back for one subject and rule, or null.
const sgaudit::RuleOutcome* outcome_of(const std::map<std::string, Outcomes>& m, const std::string& id, const std::string& rule);

// The rows of sga_stocktake_entries of `source` (entries.cpp): judged entries and unjudged ones.
sgaudit::Status load_entries(sgaudit::Context& ctx, const std::string& source, Judged& out);
// How many unjudged entries `rule` gave an error, for the lists that must say what they leave out.
std::size_t unjudged_errors(const Judged& judged, const char* rule);

// The pack's `source` parameter (sga_stocktake_entries.source of its entries), trimmed; an error
// when the rule set does not set it.
sgaudit::Status pack_source(sgaudit::Context& ctx, std::string& out);

// The check kind `open_by_target` (target_kind.cpp).
class OpenByTarget final : public sgaudit::CheckKind {
public:
    sgaudit::CheckOutcome evaluate(const sgaudit::CheckInput& in) const override;
};
sgaudit::CheckDecl open_by_target_declaration();

// What earlier stocktakes of the same pack on the same source said, from the run history
// (progress.cpp): the statuses at each earlier audit date, and each entry's at the last one.
struct StatusCounts {
    sgaudit::Date as_of;
    std::int64_t compliant = 0, in_progress = 0, not_started = 0, not_applicable = 0, other = 0;
    void add(const std::string& status);
};

struct Earlier {
    bool available = false;
    std::string note;                 // why progress cannot be shown, when it cannot
    std::vector<StatusCounts> series;  // one per earlier audit date, oldest first
    std::string last_run;              // the last of them: its run id and date
    std::optional<sgaudit::Date> last_as_of;
    std::map<std::string, std::string> last_status;            // entry_id -> status ("" when blank)
    std::map<std::string, sgaudit::Outcome> last_target_met;  // entry_id -> stocktake.target-met's outcome
    std::vector<sgaudit::Date> later;  // audit dates of stocktakes after this run's: a point-in-time re-run
};

// The rules whose earlier results progress reads, and how many earlier audit dates it shows.
sgaudit::PluginDescription::HistoryNeed history_need();
Earlier read_earlier(const sgaudit::EarlierRuns& runs);
// What the console must say of the earlier stocktakes: that this is a point-in-time re-run, when
// later ones exist. (A history that could not be read the host itself warns of.)
std::vector<std::string> earlier_warnings(const Earlier& earlier, sgaudit::Date as_of);
// What changed since the last stocktake, entry by entry (progress.cpp), counted; the last
// stocktake must be known (Earlier::last_as_of).
struct ProgressCounts {
    std::size_t moved = 0, no_longer_compliant = 0, past_target = 0, fresh = 0, gone = 0, changed = 0, unchanged = 0;
};
ProgressCounts progress_counts(const Earlier& earlier, const Judged& judged);
// previous_status and previous_as_of: null when there is no earlier stocktake or the entry is new.
void set_previous_facts(const Earlier& earlier, const Entry& e, sgaudit::Facts& f);
// "Progress since the last stocktake" and "Progress across stocktakes" (with its chart).
std::vector<sgaudit::ReportSection> progress_sections(const Earlier& earlier, const Judged& judged, sgaudit::Date as_of);
// The table and chart of statuses at each audit date, oldest first (progress_chart.cpp).
sgaudit::ReportSection across_stocktakes(const std::vector<StatusCounts>& series);
std::string progress_chart(const std::vector<StatusCounts>& series);  // the chart alone: one <svg>

// The one-page cabinet summary (cabinet.cpp).
struct CabinetFacts {
    const sgaudit::RecordList& recs;
    const Judged& judged;
    const Earlier& earlier;
    std::string source, title, stale_after;  // stale_after: "90 days"
    sgaudit::Date as_of;
};
sgaudit::ReportSection cabinet_summary(const CabinetFacts& in);

// The sections: the RAG table by theme, the overdue list and the stale list (sections.cpp).
// `progress` (progress_sections) goes after the lists.
std::vector<sgaudit::ReportSection> sections(const sgaudit::RecordList& recs, const Judged& judged, const std::string& source,
                                             std::vector<sgaudit::ReportSection> progress);

}  // namespace stocktake
