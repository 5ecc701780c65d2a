#include "sgaudit/report/flat_reports.hpp"

#include <map>
#include <vector>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/svg_chart.hpp"
#include "sgaudit/sdk/context.hpp"
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

namespace {

void append_csv_row(std::string& out, const Result& r) {
    const std::string cells[] = {r.plugin, r.rule, to_string(r.severity), r.subject.kind, r.subject.id, r.subject.person_id,
                                 r.subject.team, r.subject.area, to_string(r.outcome), r.message, evidence_text(r.evidence),
                                 r.waiver ? r.waiver->justification : "", r.waiver ? r.waiver->approver : "",
                                 r.waiver ? r.waiver->expires.iso() : "", r.subject.worker,
                                 r.lapse == Lapse::none ? "" : to_string(r.lapse), r.due ? r.due->iso() : ""};
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
                          "waiver_justification,waiver_approver,waiver_expires,worker,lapse,due\r\n");
    }
    void add(const Result& r) override {
        line_.clear();
        append_csv_row(line_, r);
        (void)out_.write(line_);  // an error is kept and returned by commit()
    }
    Status finish(const run::RunResult&) override { return out_.commit(); }
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
        out << "  <testsuite name=\"" << attr(p.name) << "\" tests=\"" << rules.size() << "\" failures=\"" << f << "\" errors=\"" << e
            << "\" skipped=\"" << s << "\">\n";
        if (p.status != run::PluginStatus::ok)
            out << "    <system-err>" << attr(std::string("plugin ") + run::to_string(p.status) + ": " + p.error) << "</system-err>\n";
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

static std::string md(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

void write_markdown(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out) {
    out << "# Safeguarding audit as of " << uk_date(run.as_of) << "\n\nPeriod: " << uk_date(run.period.start) << " to "
        << uk_date(run.period.end) << ". Data: " << md(run.source) << ".\n\n| Plugin | Status |\n|---|---|\n";
    for (const auto& p : run.plugins)
        out << "| " << md(p.name) << " | " << run::to_string(p.status) << (p.error.empty() ? "" : ": " + md(p.error))
            << (p.incomplete() ? " " + md(run::incomplete_note(p)) : "") << " |\n";
    out << "\n## Rules\n\n| Rule | Title | Severity | Pass | Fail | Not applicable | Waived | Error | Pass rate |\n"
           "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& c : run.rule_summary) {
        std::string rate = c.pass + c.fail ? percent_text(static_cast<double>(c.pass) / static_cast<double>(c.pass + c.fail)) : "–";
        out << "| " << md(c.rule) << " | " << md(c.title) << " | " << to_string(c.severity) << " | " << c.pass << " | " << c.fail << " | "
            << c.not_applicable << " | " << c.waived << " | " << c.error << " | " << rate << " |\n";
    }
    out << "\n## Failures\n";
    bool any = false;
    for (const auto& c : run.rule_summary) {
        if (c.fail == 0) continue;
        any = true;
        out << "\n### " << md(c.rule) << ": " << md(c.title) << "\n\n";
        for (const auto& r : shown)
            if (r.plugin == c.plugin && r.rule == c.rule && r.outcome == Outcome::fail)
                out << "- " << md(r.subject.kind + " " + r.subject.id) << ": " << md(r.message) << "\n";
    }
    if (!any) out << "\nNone.\n";
}

}  // namespace sgaudit::report
