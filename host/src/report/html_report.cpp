#include "sgaudit/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <sstream>

#include <kainjow/mustache.hpp>

#include "html_sections.hpp"
#include "html_work_list.hpp"
#include "sgaudit/report/scope_note.hpp"
#include "sgaudit/report/svg_chart.hpp"

namespace sgaudit::report {
namespace fs = std::filesystem;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

namespace {

std::optional<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::optional<double> pass_rate(const run::RuleCounts& c) { return c.pass_rate(); }

std::string percent(std::optional<double> r) { return r ? percent_text(*r) : "–"; }

data counts(const run::RuleCounts& c) {
    data d;
    d.set("evaluated", std::to_string(c.evaluated));
    d.set("pass", std::to_string(c.pass));
    d.set("fail", std::to_string(c.fail));
    d.set("not_applicable", std::to_string(c.not_applicable));
    d.set("waived", std::to_string(c.waived));
    d.set("error", std::to_string(c.error));
    d.set("pass_rate", percent(pass_rate(c)));
    d.set("has_failures", c.fail > 0);
    return d;
}

// ISO dates in messages and evidence read better in UK form.
std::string display(const Value& v) {
    if (v.is_date()) return uk_date(v.as_date());
    if (v.is_null()) return "not recorded";
    return v.to_string();
}

data list_of(std::vector<data> items) {
    data l{data::type::list};
    for (auto& i : items) l << i;
    return l;
}

// Worst pass rate first, so the areas and teams needing attention lead.
data grouped_rows(const std::map<std::string, run::RuleCounts>& m, const std::map<std::string, std::string>& names,
                  const char* none_label, std::vector<Bar>& bars) {
    std::vector<std::pair<std::string, const run::RuleCounts*>> order;
    for (const auto& [name, c] : m) order.emplace_back(name, &c);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return pass_rate(*a.second).value_or(2) < pass_rate(*b.second).value_or(2); });
    std::vector<data> rows;
    for (const auto& [name, cp] : order) {
        const auto& c = *cp;
        auto named = names.find(name);
        // The code first, so two long names cut short still differ.
        std::string label = name.empty() ? none_label : named == names.end() ? name : name + " " + named->second;
        data row = counts(c);
        row.set("name", label);
        rows.push_back(row);
        bars.push_back({label, pass_rate(c), std::to_string(c.pass) + " of " + std::to_string(c.judged())});
    }
    return list_of(rows);
}

}  // namespace

std::string uk_dates_in(const std::string& text) {
    std::string out;
    std::size_t copied = 0;
    // Each date starts 4 characters before a hyphen: "2009-03-31".
    for (std::size_t hyphen = text.find('-'); hyphen != std::string::npos; hyphen = text.find('-', hyphen + 1)) {
        if (hyphen < 4 || hyphen - 4 < copied || hyphen + 6 > text.size()) continue;
        std::size_t from = hyphen - 4, after = from + 10;
        bool joined = (from > 0 && std::isalnum(static_cast<unsigned char>(text[from - 1]))) ||
                      (after < text.size() && std::isdigit(static_cast<unsigned char>(text[after])));
        auto date = joined ? std::nullopt : Date::parse(std::string_view(text).substr(from, 10));
        if (!date) continue;
        out.append(text, copied, from - copied).append(uk_date(*date));
        copied = after;
    }
    return out.append(text, copied);
}

std::string uk_date(Date d) { return in_words(d); }

Status Templates::load(const std::vector<fs::path>& dirs, Templates& out) {
    for (const auto& d : dirs) {
        fs::path html = d / "report.html.mustache", css = d / "report.css";
        std::error_code ec;
        if (!fs::exists(html, ec)) continue;
        if (!fs::exists(css, ec))
            return Status::error("template folder " + d.string() + " has report.html.mustache but no report.css; add one beside it");
        auto h = read_file(html), c = read_file(css);
        if (!h || h->empty() || !c)
            return Status::error("cannot read the report template in " + d.string() + " (report.html.mustache and report.css): "
                                 "check they exist, are readable and not empty");
        out.html = *h;
        out.css = *c;
        out.html_path = html.string();
        out.css_path = css.string();
        mustache check{out.html};
        if (!check.is_valid())
            return Status::error("the report template " + out.html_path + " is broken: " + check.error_message() +
                                 "; fix it or remove it to use the standard one");
        return Status::ok();
    }
    std::string looked;
    for (const auto& d : dirs) looked += "\n  " + d.string();
    return Status::error("no report template (report.html.mustache) found; looked in:" + looked);
}

namespace {

using RuleMeta = std::map<std::pair<std::string, std::string>, const rules::Rule*>;

// Lists are filled item by item, each item going as soon as it is in (a kainjow list copies what
// it is given): a large run's plugin sections are never held twice over.
data header_of(const run::RunResult& run, const Templates& templates) {
    data v;
    v.set("css", templates.css);
    v.set("run_id", run.id);
    v.set("as_of", uk_date(run.as_of));
    v.set("period", uk_date(run.period.start) + " to " + uk_date(run.period.end));
    if (auto d = Date::parse(run.finished_at))
        v.set("generated_at", uk_date(*d) + " at " + run.finished_at.substr(11, 5) + " UTC");
    else
        v.set("generated_at", run.finished_at);
    v.set("source", run.source);
    v.set("tool_version", run.tool_version);
    v.set("operator", run.operator_name);
    v.set("host", run.host_name);
    // Set only when filtering: in mustache a present string, even empty, opens its section.
    if (!run.area_filter.empty()) v.set("area_filter", run.area_filter);
    if (!run.team_filter.empty()) v.set("team_filter", run.team_filter);
    v.set("failures_only", run.failures_only);
    v.set("totals", counts(run.totals));
    return v;
}

data pair_of(const char* k1, const std::string& v1, const char* k2, const std::string& v2) {
    data d;
    d.set(k1, v1);
    d.set(k2, v2);
    return d;
}

void add_ruleset(data& pd, const run::PluginRun& p) {
    pd.set("ruleset", p.ruleset.id + " " + p.ruleset.version);
    data files{data::type::list}, params{data::type::list}, overrides{data::type::list};
    for (const auto& f : p.ruleset.files) files << pair_of("path", f.path, "sha256", f.sha256);
    if (!p.calendar_file.empty()) files << pair_of("path", p.calendar_file, "sha256", p.calendar_sha256);
    for (const auto& [name, param] : p.ruleset.parameters) {
        data prm = pair_of("name", name, "value", param.value.to_string());
        prm.set("origin", param.defined_at.to_string());
        params << prm;
    }
    for (const auto& o : p.ruleset.overrides) overrides << data("text", o);
    pd.set("files", files);
    pd.set("parameters", params);
    pd.set("overrides", overrides);
    pd.set("has_overrides", !p.ruleset.overrides.empty());
}

// Per plugin: its rules' summary and their pass-rate chart.
struct RuleRows {
    std::map<std::string, data> rows;  // plugin -> list
    std::map<std::string, std::vector<Bar>> bars;
};

RuleRows rule_rows_of(const run::RunResult& run) {
    RuleRows out;
    for (const auto& c : run.rule_summary) {
        data row = counts(c);
        row.set("plugin", c.plugin);
        row.set("rule", c.rule);
        row.set("title", c.title);
        row.set("severity", to_string(c.severity));
        auto [it, fresh] = out.rows.try_emplace(c.plugin, data::type::list);
        it->second << row;
        out.bars[c.plugin].push_back({c.title, pass_rate(c), std::to_string(c.pass) + " of " + std::to_string(c.judged())});
    }
    return out;
}

// `splicer`, when the template allows, draws each plugin's sections one at a time later.
data plugins_of(const run::RunResult& run, detail::SectionSplicer* splicer) {
    RuleRows rules = rule_rows_of(run);
    data list{data::type::list};
    for (std::size_t i = 0; i < run.plugins.size(); ++i) {
        const auto& p = run.plugins[i];
        data pd;
        pd.set("name", p.name);
        pd.set("version", p.version);
        pd.set("file", p.file);
        pd.set("status", run::to_string(p.status));
        pd.set("ok", p.status == run::PluginStatus::ok);
        pd.set("error", p.error);
        if (p.incomplete()) pd.set("note", run::incomplete_note(p));
        if (p.has_ruleset) add_ruleset(pd, p);
        if (splicer && !p.sections.empty()) {
            pd.set("sections", splicer->lambda_for(i));
        } else {
            data sections{data::type::list};
            detail::add_sections(sections, p);
            pd.set("sections", sections);
        }
        pd.set("has_sections", !p.sections.empty());
        auto it = rules.rows.find(p.name);
        pd.set("rule_summary", it != rules.rows.end() ? it->second : data{data::type::list});
        pd.set("has_rules", it != rules.rows.end());
        pd.set("rules_chart", pass_rate_chart("Pass rate by rule: " + p.name, rules.bars[p.name]));
        list << pd;
    }
    return list;
}

data finding_of(const Result& r, const detail::SheetLink& link) {
    data row;
    if (auto href = link(r); !href.empty()) row.set("sheet", href);
    row.set("kind", r.subject.kind);
    row.set("id", r.subject.id);
    row.set("person_id", r.subject.person_id);
    row.set("team", r.subject.team.empty() ? "–" : r.subject.team);
    row.set("area", r.subject.area.empty() ? "–" : r.subject.area);
    row.set("message", uk_dates_in(r.message));
    std::string evidence;
    for (const auto& [k, val] : r.evidence) evidence += (evidence.empty() ? "" : "; ") + k + ": " + display(val);
    row.set("evidence", evidence);
    return row;
}

data references_of(const rules::Rule& rule) {
    data refs{data::type::list};
    for (const auto& ref : rule.references) {
        data rd;
        // Only present values: in mustache an empty string still opens its section.
        rd.set("source", ref.source);
        if (!ref.section.empty()) rd.set("section", ref.section);
        if (!ref.url.empty()) rd.set("url", ref.url);
        refs << rd;
    }
    return refs;
}

data rows_of(const std::vector<const Result*>& results, const detail::SheetLink& link) {
    data rows{data::type::list};
    for (const auto* r : results) rows << finding_of(*r, link);
    return rows;
}

data waived_of(const std::vector<Result>& shown, const detail::SheetLink& link) {
    data waived{data::type::list};
    for (const auto& r : shown) {
        if (r.outcome != Outcome::waived) continue;
        data row = finding_of(r, link);
        row.set("rule", r.rule);
        row.set("justification", r.waiver->justification);
        row.set("approver", r.waiver->approver);
        row.set("expires", uk_date(r.waiver->expires));
        waived << row;
    }
    return waived;
}

// Per rule: what it asks, what to do, and every failing subject with its evidence; and the
// waived results. Each rule's rows are drawn up when its turn comes, from the results grouped.
// A failing rule's findings fall in three lists: still open (act now), over (done late, or the
// case ended without it: learn from it) and could not be judged.
struct RuleFindings {
    std::vector<const Result*> open, over, errors;
};

data rule_detail(const run::RuleCounts& c, const rules::Rule* rule, const RuleFindings& f, const detail::SheetLink& link) {
    data d = counts(c);
    d.set("plugin", c.plugin);
    d.set("rule", c.rule);
    d.set("title", c.title);
    d.set("severity", to_string(c.severity));
    if (rule) {
        d.set("action", rule->action);
        d.set("action_over", rule->action_over.empty() ? rule->action : rule->action_over);
        d.set("references", references_of(*rule));
    }
    d.set("failures", rows_of(f.open, link));
    d.set("has_open", !f.open.empty());
    d.set("over", rows_of(f.over, link));
    d.set("has_over", !f.over.empty());
    d.set("errors", rows_of(f.errors, link));
    d.set("has_errors", !f.errors.empty());
    return d;
}

// Per rule: what it asks, what to do, and every failing subject with its evidence; and the
// waived results. Each rule's rows are drawn up when its turn comes, from the results grouped.
void add_findings(data& v, const run::RunResult& run, const std::vector<Result>& shown, const detail::SheetLink& link) {
    RuleMeta rule_meta;
    for (const auto& p : run.plugins)
        if (p.has_ruleset)
            for (const auto& r : p.ruleset.rules) rule_meta[{p.name, r.id}] = &r;
    std::map<std::pair<std::string, std::string>, RuleFindings> findings;
    for (const auto& r : shown) {
        if (r.outcome != Outcome::fail && r.outcome != Outcome::error) continue;
        RuleFindings& f = findings[{r.plugin, r.rule}];
        (r.outcome == Outcome::error ? f.errors : r.lapse == Lapse::over ? f.over : f.open).push_back(&r);
    }
    data details{data::type::list};
    for (const auto& c : run.rule_summary) {
        auto it = findings.find({c.plugin, c.rule});
        if (it == findings.end()) continue;
        auto meta = rule_meta.find(it->first);
        details << rule_detail(c, meta == rule_meta.end() ? nullptr : meta->second, it->second, link);
    }
    v.set("rule_details", details);
    data waived = waived_of(shown, link);
    v.set("has_waived", !waived.is_empty_list());
    v.set("waived", waived);
}

data expired_of(const run::RunResult& run) {
    data expired{data::type::list};
    for (const auto& p : run.plugins)
        for (const auto& e : p.expired_waivers) {
            data ed = pair_of("rule", e.rule, "subject", e.subject);
            ed.set("approver", e.waiver.approver);
            ed.set("expires", uk_date(e.waiver.expires));
            expired << ed;
        }
    return expired;
}

// Links to the plugins' sections for a subject (a review sheet), where there is one.
detail::SheetLink sheet_links(const run::RunResult& run) {
    auto with_sheet = std::make_shared<std::set<std::pair<std::string, std::string>>>();
    for (const auto& p : run.plugins)
        for (const auto& s : p.sections)
            if (!s.subject_id.empty()) with_sheet->insert({p.name, s.subject_id});
    return [with_sheet](const Result& r) {
        return with_sheet->count({r.plugin, r.subject.id}) ? "#" + section_anchor(r.plugin, r.subject.id) : std::string();
    };
}

}  // namespace

Status write_html(const run::RunResult& run, const std::vector<Result>& shown, const Templates& templates, std::ostream& out) {
    std::optional<detail::SectionSplicer> splicer;
    if (detail::sections_stream(templates.html)) splicer.emplace(run, out);
    data v = header_of(run, templates);
    data notes{data::type::list};
    for (const auto& n : unplaced_notes(run)) notes << data("text", n.text);
    v.set("unplaced_notes", notes);
    if (auto note = unfinished_note(run); !note.empty()) v.set("unfinished_note", note);
    v.set("plugins", plugins_of(run, splicer ? &*splicer : nullptr));
    const detail::SheetLink link = sheet_links(run);
    detail::add_today(v, run, build_work_list(run, shown), link);
    std::vector<Bar> area_bars, team_bars;
    v.set("areas", grouped_rows(run.by_area, run.area_names, "(no area: unallocated or unknown)", area_bars));
    v.set("teams", grouped_rows(run.by_team, run.team_names, "(no team: unallocated or unknown)", team_bars));
    v.set("areas_chart", pass_rate_chart("Pass rate by area", area_bars));
    v.set("teams_chart", pass_rate_chart("Pass rate by team", team_bars));
    add_findings(v, run, shown, link);
    data expired = expired_of(run);
    v.set("has_expired_waivers", !expired.is_empty_list());
    v.set("expired_waivers", expired);

    mustache tmpl{templates.html};
    if (splicer) tmpl.render(v, [&](const std::string& s) { splicer->write(s, v); });
    else tmpl.render(v, [&out](const std::string& s) { out << s; });
    std::string error = !tmpl.error_message().empty() ? tmpl.error_message() : splicer ? splicer->error() : "";
    if (!error.empty()) return Status::error("the report template " + templates.html_path + " failed: " + error);
    return Status::ok();
}

}  // namespace sgaudit::report
