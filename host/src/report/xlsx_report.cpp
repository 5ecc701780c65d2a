#include "sgaudit/report/xlsx_report.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <ctime>
#include <cstring>
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <xlsxwriter.h>

#include "sgaudit/report/flat_reports.hpp"
#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/kept_results.hpp"
#include "sgaudit/report/scope_note.hpp"
#include "sgaudit/util/private_file.hpp"
#include "xlsx_sections.hpp"
#include "xlsx_work_list.hpp"

namespace sgaudit::report {
namespace fs = std::filesystem;
using namespace xlsx;

namespace {

void summary_sheet(lxw_worksheet* ws, const run::RunResult& run, const Styles& st) {
    header_row(ws, {"Audit", "Rule", "Rule id", "Severity", "Pass", "Fail", "Not applicable", "Waived", "Error", "Pass rate"}, st);
    lxw_row_t r = 1;
    for (const auto& c : run.rule_summary) {
        text(ws, r, 0, c.plugin);
        text(ws, r, 1, c.title);
        text(ws, r, 2, c.rule);
        text(ws, r, 3, to_string(c.severity));
        const std::size_t n[] = {c.pass, c.fail, c.not_applicable, c.waived, c.error};
        for (lxw_col_t k = 0; k < 5; ++k) worksheet_write_number(ws, r, 4 + k, static_cast<double>(n[k]), nullptr);
        if (auto rate = c.pass_rate()) worksheet_write_number(ws, r, 9, *rate, st.percent);
        ++r;
    }
    worksheet_autofilter(ws, 0, 0, r - 1, 9);
    worksheet_set_column(ws, 0, 0, 16, nullptr);
    worksheet_set_column(ws, 1, 1, 60, nullptr);
    worksheet_set_column(ws, 2, 2, 30, nullptr);
    worksheet_set_column(ws, 3, 9, 12, nullptr);
}

// Counts by area or by team, lowest pass rate first, as the HTML report orders them: the
// places to look at come first.
void grouped_sheet(lxw_worksheet* ws, const char* label, const std::map<std::string, run::RuleCounts>& counts,
                   const std::map<std::string, std::string>& names, const Styles& st) {
    header_row(ws, {label, "Name", "Pass", "Fail", "Not applicable", "Waived", "Error", "Pass rate"}, st);
    std::vector<std::pair<std::string, const run::RuleCounts*>> rows;
    for (const auto& [key, c] : counts) rows.emplace_back(key, &c);
    auto rate = [](const run::RuleCounts* c) {
        return c->pass_rate().value_or(2.0);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) { return rate(x.second) < rate(y.second); });
    lxw_row_t r = 1;
    for (const auto& [key, c] : rows) {
        text(ws, r, 0, key.empty() ? std::string("(none recorded)") : key);
        if (auto it = names.find(key); it != names.end()) text(ws, r, 1, it->second);
        const std::size_t n[] = {c->pass, c->fail, c->not_applicable, c->waived, c->error};
        for (lxw_col_t k = 0; k < 5; ++k) worksheet_write_number(ws, r, 2 + k, static_cast<double>(n[k]), nullptr);
        if (c->judged()) worksheet_write_number(ws, r, 7, rate(c), st.percent);
        ++r;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 7);
    worksheet_set_column(ws, 0, 0, 16, nullptr);
    worksheet_set_column(ws, 1, 1, 36, nullptr);
    worksheet_set_column(ws, 2, 7, 12, nullptr);
}

void run_sheet(lxw_worksheet* ws, const run::RunResult& run, const Styles& st, const std::string& work_list_note) {
    header_row(ws, {"Item", "Value"}, st);
    lxw_row_t r = 1;
    auto row = [&](const std::string& k, const std::string& v) {
        text(ws, r, 0, k);
        text(ws, r, 1, v, st.wrap);
        ++r;
    };
    row("Run", run.id);
    row("Audit date", run.as_of.iso());
    row("Period", run.period.start.iso() + " to " + run.period.end.iso());
    row("Data", run.source);
    if (!run.area_filter.empty()) row("Area", run.area_filter);
    if (!run.team_filter.empty()) row("Team", run.team_filter);
    for (const auto& n : unplaced_notes(run)) row("Filter not applied", n.text);
    if (auto note = unfinished_note(run); !note.empty()) row("Not the whole picture", note);
    if (!work_list_note.empty()) row("Not on the work list", work_list_note);
    row("Results listed", run.failures_only ? "failures only (passes counted, not listed)" : "all");
    row("Started", run.started_at);
    row("Finished", run.finished_at);
    row("Operator", run.operator_name);
    row("Host", run.host_name);
    row("sgaudit version", run.tool_version);
    for (const auto& p : run.plugins) {
        row("Plugin " + p.name, p.version + ", " + run::to_string(p.status) + (p.error.empty() ? "" : ": " + p.error) +
                                    (p.incomplete() ? " " + run::incomplete_note(p) : ""));
        for (const auto& f : p.ruleset.files) row("Rule file", f.path + " (sha256 " + f.sha256 + ")");
        for (const auto& o : p.ruleset.overrides) row("Override", o);
    }
    for (const auto& w : run.waiver_files) row("Waiver file", w);
    worksheet_set_column(ws, 0, 0, 22, nullptr);
    worksheet_set_column(ws, 1, 1, 100, nullptr);
}

const char* outcome_words(Outcome o) {
    switch (o) {
        case Outcome::fail: return "Failed";
        case Outcome::waived: return "Waived";
        case Outcome::error: return "Could not be judged";
        case Outcome::pass: return "Met";
        default: return "Not applicable";
    }
}

// One plugin's findings (failed, could not be judged, waived: what people look at; the JSON and
// CSV keep every result), written row by row as they arrive; past Excel's row limit they
// continue on another sheet.
class PluginSheets {
public:
    PluginSheets(lxw_workbook* wb, std::string plugin, const Styles& st, std::set<std::string>& used,
                 const std::map<std::string, std::string>& team_names)
        : wb_(wb), plugin_(std::move(plugin)), st_(st), used_(used), team_names_(team_names) {
        new_sheet();
    }
    const std::string& plugin() const { return plugin_; }
    void rules(const rules::RuleSet& rs) {
        for (const auto& r : rs.rules) rules_[r.id] = &r;
    }

    void add(const Result& res) {
        if (!KeptResults::kept(res.outcome)) return;
        if (r_ == kMaxRows) new_sheet();
        auto rule = rules_.find(res.rule);
        const rules::Rule* meta = rule == rules_.end() ? nullptr : rule->second;
        text(ws_, r_, 0, meta ? meta->title : res.rule, st_.wrap);
        text(ws_, r_, 1, res.rule);
        text(ws_, r_, 2, to_string(res.severity));
        text(ws_, r_, 3, res.subject.kind + " " + res.subject.id);
        text(ws_, r_, 4, res.subject.person_id);
        text(ws_, r_, 5, res.subject.team);
        if (auto it = team_names_.find(res.subject.team); it != team_names_.end()) text(ws_, r_, 6, it->second);
        text(ws_, r_, 7, res.subject.area);
        text(ws_, r_, 8, res.subject.worker);
        text(ws_, r_, 9, outcome_words(res.outcome), st_.outcome.at(res.outcome));
        text(ws_, r_, 10, res.lapse == Lapse::open ? "Open" : res.lapse == Lapse::over ? "Over" : "");
        if (res.due) date(ws_, r_, 11, *res.due, st_);
        text(ws_, r_, 12, uk_dates_in(res.message), st_.wrap);
        text(ws_, r_, 13, evidence_text(res.evidence));
        if (meta) text(ws_, r_, 14, res.lapse == Lapse::over && !meta->action_over.empty() ? meta->action_over : meta->action, st_.wrap);
        if (res.waiver) {
            text(ws_, r_, 15, res.waiver->justification);
            text(ws_, r_, 16, res.waiver->approver);
            date(ws_, r_, 17, res.waiver->expires, st_);
        }
        if (const auto& m = res.measure) {  // an indicator's figure: numbers a spreadsheet can work with
            if (m->value) worksheet_write_number(ws_, r_, 18, *m->value, nullptr);
            worksheet_write_number(ws_, r_, 19, m->numerator, nullptr);
            worksheet_write_number(ws_, r_, 20, m->denominator, nullptr);
            text(ws_, r_, 21, m->period);
            text(ws_, r_, 22, m->rag);
        }
        ++r_;
    }

    void close() { worksheet_autofilter(ws_, 0, 0, r_ > 1 ? r_ - 1 : 1, static_cast<lxw_col_t>(columns().size() - 1)); }

private:
    static const std::vector<std::string>& columns() {
        static const std::vector<std::string> cols{"Rule", "Rule id", "Severity", "Subject", "Child", "Team", "Team name", "Area", "Worker",
                                                   "Outcome", "Lapse", "Due by", "Finding", "Evidence", "What to do",
                                                   "Waiver justification", "Waiver approver", "Waiver expires",
                                                   "Value", "Numerator", "Denominator", "Period", "RAG"};
        return cols;
    }
    void new_sheet() {
        if (ws_) worksheet_autofilter(ws_, 0, 0, r_ - 1, static_cast<lxw_col_t>(columns().size() - 1));
        ws_ = workbook_add_worksheet(wb_, sheet_name(plugin_, used_).c_str());
        header_row(ws_, columns(), st_, {40, 24, 9, 16, 10, 10, 24, 8, 10, 14, 7, 12, 50, 40, 45, 30, 16, 12});
        r_ = 1;
    }

    lxw_workbook* wb_;
    std::string plugin_;
    const Styles& st_;
    std::set<std::string>& used_;
    const std::map<std::string, std::string>& team_names_;
    std::map<std::string, const rules::Rule*> rules_;
    lxw_worksheet* ws_ = nullptr;
    lxw_row_t r_ = 0;
};

time_t run_time(const std::string& iso) {
    std::tm tm{};
    if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
    return timegm(&tm);
}


// The workbook is opened when the run begins, its sheets in the order people read them: the
// summary, by area, by team and about the run (filled at the end, when their counts are known),
// then one sheet per plugin, each written row by row as its results arrive (rows stream to disk:
// libxlsxwriter's constant-memory mode keeps one row per sheet in memory).
class XlsxWriter final : public run::RunSink {
public:
    explicit XlsxWriter(fs::path file) : file_(std::move(file)) {}
    ~XlsxWriter() override { abandon(); }

    Status begin(const run::RunResult& run) override {
        // libxlsxwriter creates its files by name: in a fresh private folder nobody can plant a
        // file or link under that name first.
        if (auto st = private_dir_.create(file_.parent_path()); !st) return st;
        tmp_ = private_dir_.path() / file_.filename();
        tmpdir_ = private_dir_.path().string();
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.tmpdir = tmpdir_.data();
        // libxlsxwriter creates the file itself, so the mask makes it owner-only from the start.
        mode_t old_mask = ::umask(077);
        wb_ = workbook_new_opt(tmp_.c_str(), &options);
        ::umask(old_mask);
        if (!wb_) return Status::error("cannot create " + file_.string() + ": " + std::strerror(errno));
        st_ = make_styles(wb_);
        // Styles are numbered as first used. The front sheets, filled last, used them first when
        // the workbook was written whole; numbering them now keeps the file as it was.
        for (lxw_format* f : {st_.header, st_.percent, st_.wrap}) lxw_format_get_xf_index(f);
        team_names_ = run.team_names;
        for (const char* name : {"Work list", "Learning", "Prompts", "Summary", "By area", "By team", "About this run"})
            front_.push_back(workbook_add_worksheet(wb_, sheet_name(name, used_).c_str()));
        for (const auto& p : run.plugins) plugins_.push_back(p.name);
        // A stored run re-rendered brings its rule sets now (a new run's come as each plugin starts).
        for (const auto& p : run.plugins)
            if (p.has_ruleset) plugin_started(p.name, p.ruleset);
        return Status::ok();
    }

    void plugin_started(const std::string& plugin, const rules::RuleSet& rules) override {
        if (!rules.data_quality()) practice_.insert(plugin);
        rulesets_.push_back(std::make_unique<rules::RuleSet>(rules));  // the rule titles outlive the plugin's run
        if (auto* p = sheets_for(plugin)) p->rules(*rulesets_.back());
    }

    void add(const Result& r) override {
        if (auto* p = sheets_for(r.plugin)) p->add(r);
        // The work list's findings: failed or waived, of the practice audits (known at the end).
        if ((r.outcome == Outcome::fail || r.outcome == Outcome::waived) && practice_.count(r.plugin)) work_.push_back(r);
    }

    Status finish(const run::RunResult& run) override {
        if (!wb_) return Status::error("cannot write " + file_.string() + ": it was not begun");
        sheets_for("");  // every plugin has its sheet, even one that listed nothing
        for (auto& p : sheets_) p.close();
        // The workbook's own dates are the run's, so writing a stored run again gives the same file.
        lxw_doc_properties props{};
        std::string title = "Safeguarding audit as of " + run.as_of.iso();
        props.title = title.data();
        props.created = run_time(run.finished_at);
        workbook_set_properties(wb_, &props);
        WorkList list = build_work_list(run, work_);
        work_.clear();
        work_list_note_ = unplaced_note(list);
        findings_sheet(front_[0], run, list.open, st_);
        // The first sheet says it too when an audit did not finish, below the list (an empty
        // list must not read as "nothing to do").
        if (auto note = unfinished_note(run); !note.empty() && list.open.size() + 3 < kMaxRows)
            text(front_[0], static_cast<lxw_row_t>(list.open.size() + 2), 0, note, st_.header);
        findings_sheet(front_[1], run, list.learning, st_);
        findings_sheet(front_[2], run, list.prompts, st_);
        summary_sheet(front_[3], run, st_);
        grouped_sheet(front_[4], "Area", run.by_area, run.area_names, st_);
        grouped_sheet(front_[5], "Team", run.by_team, run.team_names, st_);
        run_sheet(front_[6], run, st_, work_list_note_);
        section_sheets(wb_, run, st_, used_);  // tables a plugin asked to have on a sheet of their own
        return close(true);
    }

    void abandon() noexcept override { (void)close(false); }

private:
    // The sheets of `plugin`, creating those of every plugin before it first (so the sheets keep
    // the plugins' order); "" creates every sheet still missing. Null for a plugin not in the run.
    PluginSheets* sheets_for(const std::string& plugin) {
        if (!sheets_.empty() && sheets_.back().plugin() == plugin) return &sheets_.back();
        for (auto& p : sheets_)
            if (p.plugin() == plugin) return &p;  // results of two plugins interleaved: each keeps its sheet
        while (sheets_.size() < plugins_.size()) {
            sheets_.emplace_back(wb_, plugins_[sheets_.size()], st_, used_, team_names_);
            if (sheets_.back().plugin() == plugin) return &sheets_.back();
        }
        return nullptr;
    }

    Status close(bool keep) {
        if (!wb_) return Status::ok();
        mode_t old_mask = ::umask(077);
        lxw_error err = workbook_close(wb_);
        ::umask(old_mask);
        wb_ = nullptr;
        sheets_.clear();
        std::error_code ec;
        if (keep && err == LXW_NO_ERROR) fs::rename(tmp_, file_, ec);
        private_dir_.remove();
        if (!keep) return Status::ok();
        if (err != LXW_NO_ERROR) return Status::error("cannot write " + file_.string() + ": " + lxw_strerror(err));
        if (ec) return Status::error("cannot write " + file_.string() + ": " + ec.message());
        return Status::ok();
    }

    fs::path file_, tmp_;
    util::PrivateTempDir private_dir_;
    std::string tmpdir_;
    lxw_workbook* wb_ = nullptr;
    Styles st_{};
    std::set<std::string> used_;
    std::vector<lxw_worksheet*> front_;
    std::vector<std::string> plugins_;
    std::deque<PluginSheets> sheets_;
    std::map<std::string, std::string> team_names_;
    std::vector<std::unique_ptr<rules::RuleSet>> rulesets_;
    std::set<std::string> practice_;
    std::vector<Result> work_;
    std::string work_list_note_;
};

}  // namespace

std::unique_ptr<run::RunSink> xlsx_writer(const fs::path& file) { return std::make_unique<XlsxWriter>(file); }

}  // namespace sgaudit::report
