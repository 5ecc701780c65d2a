#include "sgaudit/report/json_report.hpp"

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace sgaudit::report {
using nlohmann::ordered_json;

static ordered_json value_json(const Value& v) {
    switch (v.storage().index()) {
        case 0: return nullptr;
        case 1: return v.as_bool();
        case 2: return v.as_int();
        case 3: return v.as_number();
        case 4: return v.as_text();
        case 5: return v.as_date().iso();
        default: {
            ordered_json a = ordered_json::array();
            for (Date d : v.as_date_list()) a.push_back(d.iso());
            return a;
        }
    }
}

static ordered_json counts_json(const run::RuleCounts& c) {
    return {{"evaluated", c.evaluated}, {"pass", c.pass}, {"fail", c.fail}, {"not_applicable", c.not_applicable},
            {"waived", c.waived}, {"error", c.error}};
}

static ordered_json waiver_json(const Waiver& w) {
    return {{"justification", w.justification}, {"approver", w.approver}, {"expires", w.expires.iso()}};
}

static ordered_json result_json(const Result& r) {
    ordered_json subject = {{"kind", r.subject.kind}, {"id", r.subject.id}};
    subject["person_id"] = r.subject.person_id.empty() ? ordered_json(nullptr) : ordered_json(r.subject.person_id);
    subject["team"] = r.subject.team.empty() ? ordered_json(nullptr) : ordered_json(r.subject.team);
    subject["area"] = r.subject.area.empty() ? ordered_json(nullptr) : ordered_json(r.subject.area);
    ordered_json ev = ordered_json::object();
    for (const auto& [k, v] : r.evidence) ev[k] = value_json(v);
    ordered_json res = {{"plugin", r.plugin}, {"rule", r.rule}, {"severity", to_string(r.severity)}, {"subject", subject},
                        {"outcome", to_string(r.outcome)}, {"message", r.message}, {"evidence", ev}};
    if (r.waiver) res["waiver"] = waiver_json(*r.waiver);
    return res;
}

std::string to_json(const run::RunResult& run) {
    std::ostringstream out;
    write_json(run, out);
    return out.str();
}

void write_json(const run::RunResult& run, std::ostream& out) {
    ordered_json j;
    j["format"] = "sgaudit-report/1";
    j["tool"] = {{"name", "sgaudit"}, {"version", run.tool_version}};
    j["run"] = {{"id", run.id},
                {"started_at", run.started_at},
                {"finished_at", run.finished_at},
                {"as_of", run.as_of.iso()},
                {"period", {{"start", run.period.start.iso()}, {"end", run.period.end.iso()}}},
                {"source", run.source},
                {"operator", run.operator_name},
                {"host", run.host_name},
                {"filters", {{"area", run.area_filter.empty() ? ordered_json(nullptr) : ordered_json(run.area_filter)},
                             {"team", run.team_filter.empty() ? ordered_json(nullptr) : ordered_json(run.team_filter)}}},
                {"results_mode", run.failures_only ? "failures" : "all"},
                {"seed", run.seed},
                {"waiver_files", run.waiver_files}};

    ordered_json plugins = ordered_json::array(), rulesets = ordered_json::array(), sections = ordered_json::array(),
                 expired = ordered_json::array();
    for (const auto& p : run.plugins) {
        plugins.push_back({{"name", p.name}, {"version", p.version}, {"file", p.file}, {"status", run::to_string(p.status)},
                           {"error", p.error.empty() ? ordered_json(nullptr) : ordered_json(p.error)},
                           {"incomplete", p.incomplete()}, {"results_delivered", p.results_delivered}});
        if (p.has_ruleset) {
            ordered_json files = ordered_json::array(), params = ordered_json::object();
            for (const auto& f : p.ruleset.files) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
            if (!p.calendar_file.empty()) files.push_back({{"path", p.calendar_file}, {"sha256", p.calendar_sha256}});
            for (const auto& [name, param] : p.ruleset.parameters) params[name] = value_json(param.value);
            rulesets.push_back({{"id", p.ruleset.id}, {"version", p.ruleset.version}, {"plugin", p.name},
                                {"files", files}, {"parameters", params}, {"overrides", p.ruleset.overrides},
                                {"removed_rules", p.ruleset.removed}});
        }
        for (const auto& s : p.sections) {
            sections.push_back({{"plugin", p.name}, {"id", s.id}, {"title", s.title}, {"subject_id", s.subject_id},
                                {"text", s.text}, {"table", {{"header", s.table_header}, {"rows", s.table_rows}}},
                                {"svg", s.svg}, {"svg_alt", s.svg_alt}});
        }
        for (const auto& e : p.expired_waivers)
            expired.push_back({{"plugin", p.name}, {"rule", e.rule}, {"subject", e.subject}, {"waiver", waiver_json(e.waiver)}});
    }
    j["plugins"] = plugins;
    j["rulesets"] = rulesets;

    ordered_json summary = ordered_json::array();
    for (const auto& c : run.rule_summary) {
        ordered_json row = {{"plugin", c.plugin}, {"rule", c.rule}, {"title", c.title}, {"severity", to_string(c.severity)}};
        row.update(counts_json(c));
        summary.push_back(row);
    }
    j["rule_summary"] = summary;
    ordered_json totals = counts_json(run.totals);
    totals.erase("evaluated");
    j["summary"] = totals;
    auto grouped = [](const std::map<std::string, run::RuleCounts>& m, const char* key) {
        ordered_json a = ordered_json::array();
        for (const auto& [name, c] : m) {
            ordered_json row = {{key, name.empty() ? ordered_json(nullptr) : ordered_json(name)}};
            row.update(counts_json(c));
            a.push_back(row);
        }
        return a;
    };
    j["area_summary"] = grouped(run.by_area, "area");
    j["team_summary"] = grouped(run.by_team, "team");
    j["expired_waivers"] = expired;
    j["sections"] = sections;

    // Everything but the results as one small document, then the results spliced in one by one
    // (a national run has millions of them).
    // Case systems are not always UTF-8: a bad byte becomes U+FFFD rather than losing the report.
    constexpr auto replace = nlohmann::json::error_handler_t::replace;
    std::string head = j.dump(2, ' ', false, replace);
    head.pop_back();  // the closing brace
    while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) head.pop_back();
    out << head << ",\n  \"results\": [";
    // A result from a plugin that stopped part-way says so (it is not in any count above).
    std::set<std::string> incomplete;
    for (const auto& p : run.plugins)
        if (p.incomplete()) incomplete.insert(p.name);
    bool first = true;
    for (const auto& r : run.results) {
        ordered_json res = result_json(r);
        if (incomplete.count(r.plugin)) res["incomplete"] = true;
        out << (first ? "\n    " : ",\n    ") << res.dump(-1, ' ', false, replace);
        first = false;
    }
    out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace sgaudit::report
