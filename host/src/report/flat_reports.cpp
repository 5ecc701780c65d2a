#include "sgaudit/report/flat_reports.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/scope_note.hpp"
#include "sgaudit/report/work_list.hpp"
#include "sgaudit/report/svg_chart.hpp"
#include "sgaudit/util/json_text.hpp"
#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/text.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::report {

std::string csv_cell(const std::string& text) {
    std::string t = text;
    if (!t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' || t[0] == '\t' || t[0] == '\r')) t = "'" + t;
    if (t.find_first_of(",\"\r\n") == std::string::npos) return t;
    std::string q = "\"";
    for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string evidence_text(const Evidence& e) {
    std::string s;
    for (const auto& [k, v] : e) s += (s.empty() ? "" : "; ") + k + "=" + (v.is_null() ? std::string() : v.to_string());
    return s;
}

std::string number_text(double n) {
    std::string s;
    util::append_json_number(s, n);
    return s;
}

std::string benchmark_text(const Measure& m) {
    std::string s;
    for (const auto& [group, figure] : m.benchmarks) s += (s.empty() ? "" : "; ") + group + "=" + number_text(figure);
    return s;
}

namespace {

void append_csv_row(std::string& out, const Result& r) {
    const Measure* m = r.measure ? &*r.measure : nullptr;
    const std::string cells[] = {r.plugin, r.rule, to_string(r.severity), r.subject.kind, r.subject.id, r.subject.person_id,
                                 r.subject.team, r.subject.area, to_string(r.outcome), r.message, evidence_text(r.evidence),
                                 r.waiver ? r.waiver->justification : "", r.waiver ? r.waiver->approver : "",
                                 r.waiver ? r.waiver->expires.iso() : "", r.subject.worker,
                                 r.lapse == Lapse::none ? "" : to_string(r.lapse), r.due ? r.due->iso() : "",
                                 m && m->value ? number_text(*m->value) : "", m ? number_text(m->numerator) : "",
                                 m ? number_text(m->denominator) : "", m ? m->unit : "", m ? m->period : "", m ? m->rag : "",
                                 m ? benchmark_text(*m) : ""};
    bool first = true;
    for (const auto& c : cells) {
        if (!first) out += ',';
        out += csv_cell(c);
        first = false;
    }
    out += "\r\n";
}

class CsvWriter final : public run::RunSink {
public:
    explicit CsvWriter(std::filesystem::path file) : file_(std::move(file)) {}
    Status begin(const run::RunResult&) override {
        if (auto st = out_.open(file_); !st) return st;
        return out_.write("\xEF\xBB\xBF"
                          "plugin,rule,severity,subject_kind,subject_id,person_id,team,area,outcome,message,evidence,"
                          "waiver_justification,waiver_approver,waiver_expires,worker,lapse,due,"
                          "value,numerator,denominator,unit,period,rag,benchmark\r\n");
    }
    void add(const Result& r) override {
        line_.clear();
        append_csv_row(line_, r);
        (void)out_.write(line_);  // an error is kept and returned by commit()
    }
    // Rows are written as results come, before anyone knows an audit will not finish; so each
    // audit that did not run or did not finish ends the file with a row of its own, outcome
    // `error`, saying so (its rows above are partial: the JSON marks them incomplete).
    Status finish(const run::RunResult& run) override {
        for (const auto& p : run.plugins) {
            if (p.status == run::PluginStatus::ok) continue;
            Result r;
            r.plugin = p.name;
            r.severity = Severity::high;
            r.subject.kind = "audit";
            r.subject.id = p.name;
            r.outcome = Outcome::error;
            r.message = std::string("this audit ") + run::to_string(p.status) + ": " + p.error +
                        (p.incomplete() ? " " + run::incomplete_note(p) : std::string());
            line_.clear();
            append_csv_row(line_, r);
            (void)out_.write(line_);
        }
        return out_.commit();
    }
    void abandon() noexcept override { out_.discard(); }

private:
    std::filesystem::path file_;
    util::PrivateFileWriter out_;
    std::string line_;
};

}  // namespace

std::unique_ptr<run::RunSink> csv_writer(const std::filesystem::path& file) { return std::make_unique<CsvWriter>(file); }

void write_junit(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out) {
    // Failing subjects per rule, from the results listed.
    std::map<std::pair<std::string, std::string>, std::string> failures, errors;
    for (const auto& r : shown) {
        if (r.outcome != Outcome::fail && r.outcome != Outcome::error) continue;
        auto& text = (r.outcome == Outcome::fail ? failures : errors)[{r.plugin, r.rule}];
        text += (text.empty() ? "" : "\n") + r.subject.kind + " " + r.subject.id + ": " + r.message;
    }
    auto attr = [](const std::string& s) { return xml_escape(s); };
    std::size_t tests = 0, failed = 0, errored = 0, skipped = 0;
    std::map<std::string, std::vector<const run::RuleCounts*>> by_plugin;
    for (const auto& c : run.rule_summary) {
        by_plugin[c.plugin].push_back(&c);
        ++tests;
        if (c.fail) ++failed;
        else if (c.error) ++errored;
        else if (c.pass + c.waived == 0) ++skipped;
    }
    // An audit that did not run or did not finish is an error of its own, so that CI never
    // shows green for an audit that said nothing.
    for (const auto& p : run.plugins)
        if (p.status != run::PluginStatus::ok) ++tests, ++errored;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sgaudit\" tests=\"" << tests << "\" failures=\"" << failed
        << "\" errors=\"" << errored << "\" skipped=\"" << skipped << "\">\n";
    for (const auto& p : run.plugins) {
        const auto& rules = by_plugin[p.name];
        std::size_t f = 0, e = 0, s = 0;
        for (const auto* c : rules) {
            if (c->fail) ++f;
            else if (c->error) ++e;
            else if (c->pass + c->waived == 0) ++s;
        }
        const bool unfinished = p.status != run::PluginStatus::ok;
        out << "  <testsuite name=\"" << attr(p.name) << "\" tests=\"" << rules.size() + (unfinished ? 1 : 0) << "\" failures=\"" << f
            << "\" errors=\"" << e + (unfinished ? 1 : 0) << "\" skipped=\"" << s << "\">\n";
        if (unfinished) {
            const std::string what = std::string("plugin ") + run::to_string(p.status) + ": " + p.error;
            out << "    <system-err>" << attr(what) << "</system-err>\n";
            out << "    <testcase classname=\"" << attr(p.name) << "\" name=\"" << attr(p.name + " ran to the end") << "\">\n      <error type=\""
                << run::to_string(p.status) << "\" message=\"" << attr(what) << "\">" << attr(run::incomplete_note(p)) << "</error>\n    </testcase>\n";
        }
        for (const auto* c : rules) {
            const std::string& title = c->title;
            out << "    <testcase classname=\"" << attr(p.name) << "\" name=\"" << attr(c->rule + ": " + title) << "\"";
            std::string judged = std::to_string(c->fail) + " of " + std::to_string(c->pass + c->fail) + " judged subjects failed";
            if (c->fail) {
                out << ">\n      <failure type=\"" << to_string(c->severity) << "\" message=\"" << attr(judged) << "\">"
                    << attr(failures[{c->plugin, c->rule}]) << "</failure>\n    </testcase>\n";
            } else if (c->error) {
                out << ">\n      <error message=\"" << attr(std::to_string(c->error) + " subjects could not be judged") << "\">"
                    << attr(errors[{c->plugin, c->rule}]) << "</error>\n    </testcase>\n";
            } else if (c->pass + c->waived == 0) {
                out << ">\n      <skipped message=\"not applicable to any subject\"/>\n    </testcase>\n";
            } else {
                out << "/>\n";
            }
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

namespace {

// Every value from case data, a plugin or a rule set, as Markdown text that stays text in any
// renderer (pandoc, static-site generators, wiki importers): & < > as entities, so no HTML is
// live; the characters that make emphasis, code, links, tables or strike-through escaped with a
// backslash; what would start a heading, list or quote when the value begins a line escaped too;
// a line break (\n, \r) would end the cell or item, so it is a space; other control characters
// and bytes that are not UTF-8 are U+FFFD.
std::string md(const std::string& raw) {
    const std::string s = xml_safe(raw);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\n': case '\r': case '\t': out += ' '; break;
            case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
                out += '\\';
                out += c;
                break;
            case '#': case '+': case '-': case '=':
                if (i == 0) out += '\\';  // a heading, list item or underline when it starts a line
                out += c;
                break;
            case '.': case ')':
                // "1. " or "1)" ending the value, at its start, would begin a numbered list.
                if (i > 0 && i < 10 && s.find_first_not_of("0123456789") == i && (i + 1 == s.size() || s[i + 1] == ' ')) out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    // A bare address would still become a link where Markdown links them by themselves (GitHub,
    // wikis): a zero-width space after "://" and "www" keeps it text.
    for (const char* link : {"://", "www."})
        for (std::size_t at = out.find(link); at != std::string::npos; at = out.find(link, at + 4))
            out.insert(at + (link[0] == ':' ? 1 : 3), "\u200B");
    return out;
}

using RuleKey = std::pair<std::string, std::string>;  // plugin, rule id

// What people read about each rule of the run: its title and the actions of its rule set.
struct RuleWords {
    std::map<RuleKey, const rules::Rule*> rules;
    std::map<RuleKey, std::string> titles;

    explicit RuleWords(const run::RunResult& run) {
        for (const auto& p : run.plugins)
            if (p.has_ruleset)
                for (const auto& r : p.ruleset.rules) rules[{p.name, r.id}] = &r;
        for (const auto& c : run.rule_summary) titles[{c.plugin, c.rule}] = c.title;
    }
    // "First review within 3 months (t.first-review)"; the id alone when the title is unknown.
    std::string title(const std::string& plugin, const std::string& rule) const {
        auto t = titles.find({plugin, rule});
        if (t == titles.end() || t->second.empty()) {
            auto r = rules.find({plugin, rule});
            if (r == rules.end() || r->second->title.empty()) return rule;
            return r->second->title + " (" + rule + ")";
        }
        return t->second + " (" + rule + ")";
    }
};

std::string subject_text(const Subject& s) {
    std::string text = s.kind + " " + s.id;
    if (!s.person_id.empty() && s.person_id != s.id) text += " (child " + s.person_id + ")";
    return text;
}

void markdown_header(const run::RunResult& run, std::ostream& out) {
    out << "# Safeguarding audit as of " << uk_date(run.as_of) << "\n\nPeriod: " << uk_date(run.period.start) << " to "
        << uk_date(run.period.end) << ". Data: " << md(run.source) << ".";
    if (!run.area_filter.empty()) out << " Only area " << md(run.area_filter) << ".";
    if (!run.team_filter.empty()) out << " Only team " << md(run.team_filter) << ".";
    for (const auto& n : unplaced_notes(run)) out << "\n\n**" << md(n.text) << "**";
    if (auto note = unfinished_note(run); !note.empty()) out << "\n\n**" << md(note) << "**";
    out << "\n\n| Plugin | Status |\n|---|---|\n";
    for (const auto& p : run.plugins)
        out << "| " << md(p.name) << " | " << run::to_string(p.status) << (p.error.empty() ? "" : ": " + md(p.error))
            << (p.incomplete() ? " " + md(run::incomplete_note(p)) : "") << " |\n";
}

void markdown_rule_table(const run::RunResult& run, std::ostream& out) {
    out << "\n## Rules\n\n| Rule | Title | Severity | Pass | Fail | Not applicable | Waived | Error | Pass rate |\n"
           "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& c : run.rule_summary) {
        // A waived subject did not meet the standard: it counts against the rate, as a failure does.
        std::string rate = c.pass_rate() ? percent_text(*c.pass_rate()) : "–";
        out << "| " << md(c.rule) << " | " << md(c.title) << " | " << to_string(c.severity) << " | " << c.pass << " | " << c.fail << " | "
            << c.not_applicable << " | " << c.waived << " | " << c.error << " | " << rate << " |\n";
    }
}

void markdown_items(const std::vector<const Result*>& results, std::ostream& out) {
    out << "\n";
    for (const auto* r : results) out << "- " << md(subject_text(r->subject)) << ": " << md(uk_dates_in(r->message)) << "\n";
}

// One rule's failures, under what to do about them: a lapse that is over (done late) under the
// rule's action_over when it has one, everything else under its action; then what could not be judged.
void markdown_rule_findings(const run::RuleCounts& c, const rules::Rule* rule, const std::vector<const Result*>& failed,
                            const std::vector<const Result*>& errors, std::ostream& out) {
    out << "\n### " << md(c.title) << " (" << md(c.rule) << ")\n\nSeverity " << to_string(c.severity) << ", audit " << md(c.plugin)
        << ": " << c.fail << " of " << c.pass + c.fail + c.waived << " judged subjects failed"
        << (c.waived ? " and " + std::to_string(c.waived) + " failed under a waiver (see Waived findings)" : "") << ".\n";
    const bool split = rule && !rule->action_over.empty();
    std::vector<const Result*> now, over;
    for (const auto* r : failed) (split && r->lapse == Lapse::over ? over : now).push_back(r);
    if (!now.empty()) {
        if (rule && !rule->action.empty()) out << "\nWhat to do: " << md(rule->action) << "\n";
        markdown_items(now, out);
    }
    if (!over.empty()) {
        out << "\nLapses that are over (done late, or the case ended without it). What to do: " << md(rule->action_over) << "\n";
        markdown_items(over, out);
    }
    if (!errors.empty()) {
        out << "\nCould not be judged:\n";
        markdown_items(errors, out);
    }
}

// Each rule with failures or results that could not be judged, in the rule summary's order.
void markdown_findings(const run::RunResult& run, const std::vector<Result>& shown, const RuleWords& words, std::ostream& out) {
    std::map<RuleKey, std::vector<const Result*>> failures, errors;
    for (const auto& r : shown)
        if (r.outcome == Outcome::fail || r.outcome == Outcome::error)
            (r.outcome == Outcome::fail ? failures : errors)[{r.plugin, r.rule}].push_back(&r);
    out << "\n## Failures\n";
    bool any = false;
    for (const auto& c : run.rule_summary) {
        RuleKey key{c.plugin, c.rule};
        if (!failures.count(key) && !errors.count(key)) continue;
        any = true;
        auto rule = words.rules.find(key);
        markdown_rule_findings(c, rule == words.rules.end() ? nullptr : rule->second, failures[key], errors[key], out);
    }
    if (!any) out << (unfinished_note(run).empty() ? "\nNone.\n" : "\nNone in the audits that ran to the end (see the note at the top).\n");
}

// Waived results stay findings: the waiver explains them, it does not make them true.
void markdown_waived(const std::vector<Result>& shown, const RuleWords& words, std::ostream& out) {
    out << "\n## Waived findings\n\nA waiver explains a finding; it does not make it true. Each subject below still fails its "
           "rule, and is counted as waived, not as a pass.\n";
    bool any = false;
    for (const auto& r : shown) {
        if (r.outcome != Outcome::waived || !r.waiver) continue;
        if (!any) out << "\n| Rule | Subject | Finding | Justification | Approved by | Expires |\n|---|---|---|---|---|---|\n";
        any = true;
        out << "| " << md(words.title(r.plugin, r.rule)) << " | " << md(subject_text(r.subject)) << " | " << md(uk_dates_in(r.message))
            << " | " << md(r.waiver->justification) << " | " << md(r.waiver->approver) << " | " << uk_date(r.waiver->expires) << " |\n";
    }
    if (!any) out << "\nNone.\n";
}

void markdown_expired(const run::RunResult& run, const RuleWords& words, std::ostream& out) {
    out << "\n## Expired waivers\n\nThese waivers had expired by the audit date, so the findings they covered count as failures "
           "(listed above).\n";
    bool any = false;
    for (const auto& p : run.plugins)
        for (const auto& e : p.expired_waivers) {
            if (!any) out << "\n| Rule | Subject | Justification | Approved by | Expired |\n|---|---|---|---|---|\n";
            any = true;
            auto rule = words.rules.find({p.name, e.rule});
            std::string subject = (rule == words.rules.end() ? "" : rule->second->subject + " ") + e.subject;
            out << "| " << md(words.title(p.name, e.rule)) << " | " << md(subject) << " | " << md(e.waiver.justification) << " | "
                << md(e.waiver.approver) << " | " << uk_date(e.waiver.expires) << " |\n";
        }
    if (!any) out << "\nNone.\n";
}

}  // namespace

// The work list first, as in the HTML report: by team, then worker, each child's findings with
// what is due, since when and what to do.
void markdown_work_list(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out) {
    const WorkList list = build_work_list(run, shown);
    out << "\n## What needs doing today\n";
    if (auto note = unplaced_note(list); !note.empty()) out << "\n" << md(note) << "\n";
    if (list.open.empty()) {
        out << (unfinished_note(run).empty() ? "\nNo child has an open finding.\n"
                                             : "\nNo child has an open finding in the audits that ran to the end (see the note at the top).\n");
        return;
    }
    std::string team, worker;
    bool first = true;
    for (const auto& w : list.open) {
        const Subject& s = w.result.subject;
        if (first || s.team != team) {
            out << "\n### " << md(team_label(run, s.team)) << "\n";
            worker = "\x01";  // a new team starts a new worker heading
        }
        if (s.worker != worker) out << "\n" << md(worker_label(s.worker)) << ":\n\n";
        team = s.team;
        worker = s.worker;
        first = false;
        out << "- **" << md(w.child()) << "** (" << md(s.kind + " " + s.id) << ", " << to_string(w.result.severity) << "): " << md(w.title);
        if (w.result.due) out << ", overdue since " << uk_date(w.result.due->plus_days(1)) << " (" << *w.days_overdue << " days)";
        out << ". " << md(w.action);
        if (w.result.waiver) out << " Waived until " << uk_date(w.result.waiver->expires) << ": " << md(w.result.waiver->justification) << ".";
        out << "\n";
    }
}

// What plugins add beyond results (tables by theme, lists, summaries), as tables; the pages about
// one subject each (review sheets) stay in the HTML report, which the section says.
void markdown_section(const ReportSection& s, std::ostream& out) {
    out << "\n### " << md(s.title) << "\n\n";
    if (!s.text.empty()) out << md(s.text) << "\n\n";
    for (const auto& [label, value] : s.details) out << "- **" << md(label) << "**: " << md(value) << "\n";
    if (!s.details.empty()) out << "\n";
    if (!s.table_header.empty()) {
        out << "|";
        for (const auto& h : s.table_header) out << " " << md(h) << " |";
        out << "\n|";
        for (std::size_t i = 0; i < s.table_header.size(); ++i) out << "---|";
        out << "\n";
        for (const auto& row : s.table_rows) {
            out << "|";
            for (std::size_t i = 0; i < s.table_header.size(); ++i) out << " " << (i < row.size() ? md(row[i]) : "") << " |";
            out << "\n";
        }
    }
    if (!s.svg.empty()) out << "\n(Chart in the HTML report: " << md(s.svg_alt) << ")\n";
}

void markdown_sections(const run::RunResult& run, std::ostream& out) {
    for (const auto& p : run.plugins) {
        std::size_t per_subject = 0;
        bool heading = false;
        for (const auto& s : p.sections) {
            if (!s.subject_id.empty()) {
                ++per_subject;
                continue;
            }
            if (!heading) out << "\n## " << md(p.name) << "\n";
            heading = true;
            markdown_section(s, out);
        }
        if (per_subject)
            out << "\n" << (heading ? "" : "## " + md(p.name) + "\n\n") << per_subject
                << " page(s) about one subject each (e.g. review sheets) are in the HTML report.\n";
    }
}

void write_markdown(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out) {
    RuleWords words(run);
    markdown_header(run, out);
    markdown_work_list(run, shown, out);
    markdown_rule_table(run, out);
    markdown_findings(run, shown, words, out);
    markdown_waived(shown, words, out);
    markdown_expired(run, words, out);
    markdown_sections(run, out);
}

}  // namespace sgaudit::report
