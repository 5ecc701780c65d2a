#include "sgaudit/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include <kainjow/mustache.hpp>

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

// Messages carry ISO dates (the JSON keeps them); people read "31 March 2009".
std::string uk_dates_in(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (i + 10 <= text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && text[i + 4] == '-' && text[i + 7] == '-' &&
            (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
            if (auto d = Date::parse(text.substr(i, 10)); d && (i + 10 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 10])))) {
                out += uk_date(*d);
                i += 10;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

std::optional<double> pass_rate(const run::RuleCounts& c) {
    if (c.pass + c.fail == 0) return std::nullopt;
    return static_cast<double>(c.pass) / static_cast<double>(c.pass + c.fail);
}

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
        bars.push_back({label, pass_rate(c), std::to_string(c.pass) + " of " + std::to_string(c.pass + c.fail)});
    }
    return list_of(rows);
}

}  // namespace

std::string uk_date(Date d) {
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    return std::to_string(d.day()) + " " + months[d.month() - 1] + " " + std::to_string(d.year());
}

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

Status write_html(const run::RunResult& run, const std::vector<Result>& shown, const Templates& templates, std::ostream& out) {
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

    // Rule metadata by plugin and id, from the rule sets the run used.
    std::map<std::pair<std::string, std::string>, const rules::Rule*> rule_meta;
    std::vector<data> plugins;
    for (const auto& p : run.plugins) {
        data pd;
        pd.set("name", p.name);
        pd.set("version", p.version);
        pd.set("file", p.file);
        pd.set("status", run::to_string(p.status));
        pd.set("ok", p.status == run::PluginStatus::ok);
        pd.set("error", p.error);
        if (p.has_ruleset) {
            for (const auto& r : p.ruleset.rules) rule_meta[{p.name, r.id}] = &r;
            pd.set("ruleset", p.ruleset.id + " " + p.ruleset.version);
            std::vector<data> files, params, overrides;
            for (const auto& f : p.ruleset.files) {
                data fd;
                fd.set("path", f.path);
                fd.set("sha256", f.sha256);
                files.push_back(fd);
            }
            if (!p.calendar_file.empty()) {
                data fd;
                fd.set("path", p.calendar_file);
                fd.set("sha256", p.calendar_sha256);
                files.push_back(fd);
            }
            for (const auto& [name, param] : p.ruleset.parameters) {
                data prm;
                prm.set("name", name);
                prm.set("value", param.value.to_string());
                prm.set("origin", param.defined_at.to_string());
                params.push_back(prm);
            }
            for (const auto& o : p.ruleset.overrides) {
                data od;
                od.set("text", o);
                overrides.push_back(od);
            }
            pd.set("files", list_of(files));
            pd.set("parameters", list_of(params));
            pd.set("overrides", list_of(overrides));
            pd.set("has_overrides", !overrides.empty());
        }
        std::vector<data> sections;
        for (const auto& s : p.sections) {
            data sd;
            sd.set("title", s.title);
            if (!s.text.empty()) sd.set("text", s.text);
            // A plugin's picture goes in as it is, so it must be inert: anything else is left out.
            if (!s.svg.empty()) {
                if (auto why = svg_problem(s.svg); why.empty()) sd.set("svg", s.svg);
                else sd.set("svg_withheld", "The picture was left out because " + why + ".");
            }
            sd.set("svg_alt", s.svg_alt);
            sd.set("has_table", !s.table_header.empty());
            std::vector<data> header, rows;
            for (const auto& h : s.table_header) {
                data hd;
                hd.set("cell", h);
                header.push_back(hd);
            }
            for (const auto& r : s.table_rows) {
                std::vector<data> cells;
                for (const auto& c : r) {
                    data cd;
                    cd.set("cell", c);
                    cells.push_back(cd);
                }
                data rd;
                rd.set("cells", list_of(cells));
                rows.push_back(rd);
            }
            sd.set("header", list_of(header));
            sd.set("rows", list_of(rows));
            sections.push_back(sd);
        }
        pd.set("sections", list_of(sections));
        pd.set("has_sections", !sections.empty());
        plugins.push_back(pd);
    }

    // Rule summary, the chart of pass rates, and the worst rules.
    // Per plugin: its rules' summary and their pass-rate chart.
    std::map<std::string, std::vector<data>> summary;
    std::map<std::string, std::vector<Bar>> rule_bars;
    std::vector<const run::RuleCounts*> worst;
    for (const auto& c : run.rule_summary) {
        data row = counts(c);
        row.set("plugin", c.plugin);
        row.set("rule", c.rule);
        row.set("title", c.title);
        row.set("severity", to_string(c.severity));
        summary[c.plugin].push_back(row);
        rule_bars[c.plugin].push_back({c.title, pass_rate(c), std::to_string(c.pass) + " of " + std::to_string(c.pass + c.fail)});
        if (c.fail > 0) worst.push_back(&c);
    }
    for (std::size_t i = 0; i < run.plugins.size(); ++i) {
        const auto& name = run.plugins[i].name;
        plugins[i].set("rule_summary", list_of(summary[name]));
        plugins[i].set("has_rules", !summary[name].empty());
        plugins[i].set("rules_chart", pass_rate_chart("Pass rate by rule: " + name, rule_bars[name]));
    }
    v.set("plugins", list_of(plugins));
    std::stable_sort(worst.begin(), worst.end(), [](const auto* a, const auto* b) {
        if (a->severity != b->severity) return a->severity > b->severity;
        return pass_rate(*a).value_or(1) < pass_rate(*b).value_or(1);
    });
    if (worst.size() > 5) worst.resize(5);
    std::vector<data> worst_rows;
    for (const auto* c : worst) {
        data row = counts(*c);
        row.set("rule", c->rule);
        row.set("title", c->title);
        row.set("severity", to_string(c->severity));
        worst_rows.push_back(row);
    }
    v.set("worst_rules", list_of(worst_rows));
    v.set("has_worst_rules", !worst_rows.empty());
    std::vector<Bar> area_bars, team_bars;
    v.set("areas", grouped_rows(run.by_area, run.area_names, "(no area: unallocated or unknown)", area_bars));
    v.set("teams", grouped_rows(run.by_team, run.team_names, "(no team: unallocated or unknown)", team_bars));
    v.set("areas_chart", pass_rate_chart("Pass rate by area", area_bars));
    v.set("teams_chart", pass_rate_chart("Pass rate by team", team_bars));

    // Per rule: what it asks, what to do, and every failing subject with its evidence.
    std::map<std::pair<std::string, std::string>, std::vector<data>> failures, errors;
    std::vector<data> waived;
    for (const auto& r : shown) {
        if (r.outcome != Outcome::fail && r.outcome != Outcome::error && r.outcome != Outcome::waived) continue;
        data row;
        row.set("kind", r.subject.kind);
        row.set("id", r.subject.id);
        row.set("person_id", r.subject.person_id);
        row.set("team", r.subject.team.empty() ? "–" : r.subject.team);
        row.set("area", r.subject.area.empty() ? "–" : r.subject.area);
        row.set("message", uk_dates_in(r.message));
        std::string evidence;
        for (const auto& [k, val] : r.evidence) evidence += (evidence.empty() ? "" : "; ") + k + ": " + display(val);
        row.set("evidence", evidence);
        if (r.outcome == Outcome::waived) {
            row.set("rule", r.rule);
            row.set("justification", r.waiver->justification);
            row.set("approver", r.waiver->approver);
            row.set("expires", uk_date(r.waiver->expires));
            waived.push_back(row);
        } else {
            (r.outcome == Outcome::fail ? failures : errors)[{r.plugin, r.rule}].push_back(row);
        }
    }
    std::vector<data> details;
    for (const auto& c : run.rule_summary) {
        auto key = std::make_pair(c.plugin, c.rule);
        if (!failures.count(key) && !errors.count(key)) continue;
        data d = counts(c);
        d.set("plugin", c.plugin);
        d.set("rule", c.rule);
        d.set("title", c.title);
        d.set("severity", to_string(c.severity));
        if (auto it = rule_meta.find(key); it != rule_meta.end()) {
            d.set("action", it->second->action);
            std::vector<data> refs;
            for (const auto& ref : it->second->references) {
                data rd;
                // Only present values: in mustache an empty string still opens its section.
                rd.set("source", ref.source);
                if (!ref.section.empty()) rd.set("section", ref.section);
                if (!ref.url.empty()) rd.set("url", ref.url);
                refs.push_back(rd);
            }
            d.set("references", list_of(refs));
        }
        d.set("failures", list_of(failures[key]));
        d.set("errors", list_of(errors[key]));
        d.set("has_errors", !errors[key].empty());
        details.push_back(d);
    }
    v.set("rule_details", list_of(details));
    v.set("waived", list_of(waived));
    v.set("has_waived", !waived.empty());
    std::vector<data> expired;
    for (const auto& p : run.plugins)
        for (const auto& e : p.expired_waivers) {
            data ed;
            ed.set("rule", e.rule);
            ed.set("subject", e.subject);
            ed.set("approver", e.waiver.approver);
            ed.set("expires", uk_date(e.waiver.expires));
            expired.push_back(ed);
        }
    v.set("expired_waivers", list_of(expired));
    v.set("has_expired_waivers", !expired.empty());

    mustache tmpl{templates.html};
    tmpl.render(v, [&out](const std::string& s) { out << s; });
    if (!tmpl.error_message().empty())
        return Status::error("the report template " + templates.html_path + " failed: " + tmpl.error_message());
    return Status::ok();
}

}  // namespace sgaudit::report
