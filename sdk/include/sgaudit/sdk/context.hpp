#pragma once
// The services the host gives a running plugin. Everything is plain sgaudit data and every
// call is noexcept: failures come back as Status values, so nothing throws across the
// boundary in either direction.
#include <cstdint>
#include <functional>
#include <map>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sgaudit/sdk/calendar.hpp"
#include "sgaudit/sdk/text.hpp"  // xml_escape, for the SVG a plugin draws
#include "sgaudit/sdk/facts.hpp"
#include "sgaudit/sdk/record_list.hpp"
#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/status.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

struct Period {
    Date start, end;
};

// The area/team filter of this run (`--area`, `--team`); empty means all. Subjects of the kinds
// a plugin lists in PluginDescription::unplaced_subject_kinds are never filtered out.
struct Scope {
    std::string area, team;
    bool includes(const Subject& s) const {
        return (area.empty() || s.area == area) && (team.empty() || s.team == team);
    }
};

enum class LogLevel { debug, info, warn, error };

// One rule's result for a subject, handed back to the plugin that asked (for review sheets).
struct RuleOutcome {
    std::string rule, title;
    Severity severity = Severity::medium;
    Outcome outcome = Outcome::not_applicable;
    std::string message;
    Evidence evidence;
    Lapse lapse = Lapse::none;
    std::optional<Date> due;  // see Result::due
    std::optional<Measure> measure;  // see Result::measure
};

// One row of a query: values in select-list order. Text stays text (SQLite dates are text;
// Facts::set_date parses them); PostgreSQL DATE columns arrive as Date.
using Row = std::vector<Value>;
// Return an error Status to stop the query; it comes back from Context::query. It may throw:
// Context::query catches it on the plugin's side of the boundary.
using RowCallback = std::function<Status(const Row&)>;
// What the host actually calls: the same signature, but guaranteed not to throw (see query).
using RowHandler = std::function<Status(const Row&)>;

// Something a plugin contributes to the report, drawn by the host's templates. Text is
// plain (the host escapes it); svg is one self-contained <svg> element with no scripts or
// external references, always paired with a table so the picture is accessible.
struct ReportSection {
    std::string id;          // stable within the plugin, e.g. "timeline/P0042"
    std::string title;
    std::string subject_id;  // the subject it belongs to, or empty for the whole audit
    std::string text;
    std::vector<std::string> table_header;
    std::vector<std::vector<std::string>> table_rows;
    std::string svg;
    std::string svg_alt;
    // Grouping, for headings the host draws (and a per-group print selection): the plugin puts
    // a group's sections together in the order it wants them. `group` is the heading (empty: not
    // in a group), `group_key` a stable key for it (e.g. a team id), `subgroup` a heading within
    // the group (e.g. the allocated worker). A section with a subject_id prints on a page of its own.
    std::string group, group_key, subgroup;
    // Label and value pairs drawn above the table, e.g. "Next visit due" and "14 April 2009".
    std::vector<std::pair<std::string, std::string>> details;
    // Optional background colours of the table's cells, row by row as table_rows: "#RRGGBB", or
    // empty for none (a row or a list of fills may be shorter than the table). A colour never
    // carries meaning alone: write what it stands for in the cell. The host leaves out (and logs)
    // a section's fills when one is not of that form.
    std::vector<std::vector<std::string>> cell_fills;
    // Optional, one per column of the table: "" (text), "date" (cells written YYYY-MM-DD, shown
    // as dates and written as real dates in XLSX; a cell that is not such a date stays text) or
    // "number" (written as numbers in XLSX). Any other word is left out by the host, and logged.
    std::vector<std::string> column_types;
    // Non-empty: the XLSX report also writes the table on a sheet of its own, with this name
    // (shortened and made unique as Excel needs), its colours and its typed cells.
    std::string sheet;
    // True: printed on a page of its own and never split, as a subject's section is (a one-page
    // summary for a board or cabinet). Put it in a group of its own to give it a "Print only" link.
    bool own_page = false;
};

// Earlier runs of this plugin from the run history, as its PluginDescription::history asks: to
// show progress since the last stocktake, or to leave out children audited lately. Read by the
// host before the plugin starts, each run's content checked against its recorded hash first.
struct EarlierResult {
    std::string rule;
    Subject subject;
    Outcome outcome = Outcome::not_applicable;
    std::string message;
    Evidence evidence;
    std::optional<Measure> measure;
};

struct EarlierRun {
    std::string run_id;
    Date as_of;              // its audit date: always before this run's
    std::string started_at;  // when it ran (UTC, ISO 8601)
    std::string area, team;  // its --area and --team; empty: all
    std::vector<EarlierResult> results;  // of the rules asked for, in the order stored
};

struct EarlierRuns {
    // False when this run has no history to read (--no-history, or the history could not be
    // read: `note` says which); the plugin should then say that progress cannot be shown.
    bool available = false;
    std::string note;
    // Oldest first: for each audit date before this run's, the last complete run stored for it
    // of the same plugin run (the same name, e.g. stocktake/laming-2009) on the same source; at
    // most the number asked for, the latest ones.
    std::vector<EarlierRun> runs;
    // The audit dates after this run's of complete runs of the same plugin run on the same
    // source, oldest first, each once: not empty when this run re-runs an earlier audit date (a
    // point-in-time re-run), which `runs` then compares only with the runs before it.
    std::vector<Date> later;
};

class Context {
public:
    virtual ~Context() = default;

    virtual Date as_of() const noexcept = 0;
    virtual Period period() const noexcept = 0;
    virtual const Scope& scope() const noexcept = 0;
    virtual const WorkingCalendar& calendar() const noexcept = 0;
    // Seed for Sampler, recorded with the run so a sample can be drawn again.
    virtual std::uint64_t seed() const noexcept = 0;
    // How many reporting years, ending with period(), a plugin that measures over years should
    // compute (`sgaudit run --years N`); 0 when the run did not say (the plugin's own default).
    virtual int years() const noexcept = 0;
    // The rule `sgaudit run --explain RULE` asks about, or empty: a plugin that can, adds a
    // section with id "explain/RULE" listing the records that make up that rule's figures.
    virtual std::string explain() const noexcept = 0;

    // A parameter of the plugin's effective rule set (after packs, overlays and --set).
    virtual std::optional<Value> parameter(std::string_view name) const noexcept = 0;
    // A list of the plugin's effective rule set (docs/rules.md, "Lists"), its records in order,
    // or null when the rule set has none of that name. It lives as long as the run: keep the
    // pointer for the whole of run(). Declare the lists you need in PluginDescription::lists and
    // the host refuses a rule set without them before the plugin runs.
    virtual const RecordList* list(std::string_view name) const noexcept = 0;
    // Earlier runs from the history (see EarlierRuns): empty unless the plugin's description asks
    // for them (PluginDescription::history).
    virtual const EarlierRuns& earlier_runs() const noexcept = 0;

    // Read-only, streaming access to case data. Placeholders are written :name and bound in
    // order from `params`; values are never spliced into the SQL text. Keep to SQL that
    // SQLite and PostgreSQL both accept. Inline, so it is compiled into the plugin and an
    // exception from `on_row` is caught there, before it could unwind through the host.
    Status query(std::string_view sql, const std::vector<Value>& params, const RowCallback& on_row) noexcept {
        try {
            RowHandler guarded = [&on_row](const Row& row) -> Status {
                try {
                    return on_row(row);
                } catch (const std::exception& e) {
                    return Status::error(std::string("the plugin's row handler threw: ") + e.what());
                } catch (...) {
                    return Status::error("the plugin's row handler threw an unknown exception");
                }
            };
            return run_query(sql, params, guarded);
        } catch (...) {
            return Status::error("out of memory preparing a query");
        }
    }

    // Evaluates every enabled rule for subjects of this kind and records the results
    // (with waivers applied). Subjects outside scope() are ignored, but for those of a kind the
    // plugin declares unplaced (PluginDescription::unplaced_subject_kinds), which are all judged. With `outcomes`, the
    // results for this subject are also handed back, e.g. to draw a review sheet.
    Status evaluate(const Subject& subject, const Facts& facts) noexcept { return evaluate_subject(subject, facts, nullptr); }
    Status evaluate(const Subject& subject, const Facts& facts, std::vector<RuleOutcome>& outcomes) noexcept {
        return evaluate_subject(subject, facts, &outcomes);
    }

    virtual void add_section(ReportSection section) noexcept = 0;
    virtual void log(LogLevel level, std::string_view message) noexcept = 0;

    // Reports progress; returns false when the run has been cancelled and the plugin should
    // stop and return promptly.
    virtual bool progress(std::uint64_t done, std::uint64_t total) noexcept = 0;
    virtual bool cancelled() const noexcept = 0;

protected:
    virtual Status evaluate_subject(const Subject& subject, const Facts& facts, std::vector<RuleOutcome>* outcomes) noexcept = 0;
    virtual Status run_query(std::string_view sql, const std::vector<Value>& params, const RowHandler& on_row) noexcept = 0;
};

// A check kind a plugin adds. `params` are the rule's check parameters with parameter
// references already resolved to values.
struct CheckInput {
    const Facts& facts;
    const std::map<std::string, Value>& params;
    const WorkingCalendar& calendar;
    Date as_of;
};

struct CheckOutcome {
    Outcome outcome = Outcome::not_applicable;
    std::string detail;  // short text for the message, e.g. "4 days late"
    Evidence evidence;
    Lapse lapse = Lapse::none;  // a timeliness kind says whether a failure is open now or over
    std::optional<Date> due;    // and the last day it could have been done on time, when known
    std::optional<Measure> measure;  // a measuring kind's figure (the built-in `measure`)

    static CheckOutcome with(Outcome o, std::string detail, Evidence evidence = {}) {
        CheckOutcome c;
        c.outcome = o;
        c.detail = std::move(detail);
        c.evidence = std::move(evidence);
        return c;
    }
};

// May throw: the SDK's plugin adapter catches it inside the plugin and reports `error`.
class CheckKind {
public:
    virtual ~CheckKind() = default;
    virtual CheckOutcome evaluate(const CheckInput& input) const = 0;
};

}  // namespace sgaudit
