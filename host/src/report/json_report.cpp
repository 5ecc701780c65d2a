#include "sgaudit/report/json_report.hpp"

#include "sgaudit/history/list_codec.hpp"

#include <nlohmann/json.hpp>

#include "sgaudit/report/scope_note.hpp"
#include "sgaudit/util/json_text.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::report {
namespace fs = std::filesystem;
using nlohmann::ordered_json;
using util::append_json_string;

namespace {

void append_field(std::string& out, const char* key, std::string_view text) {
    out += '"';
    out += key;
    out += "\":";
    append_json_string(out, text);
}

// A text that is null when empty.
void append_optional(std::string& out, const char* key, const std::string& text) {
    out += ",\"";
    out += key;
    out += "\":";
    if (text.empty()) out += "null";
    else append_json_string(out, text);
}

ordered_json counts_json(const run::RuleCounts& c) {
    return {{"evaluated", c.evaluated}, {"pass", c.pass}, {"fail", c.fail}, {"not_applicable", c.not_applicable},
            {"waived", c.waived}, {"error", c.error}};
}

ordered_json waiver_json(const Waiver& w) {
    return {{"justification", w.justification}, {"approver", w.approver}, {"expires", w.expires.iso()}};
}

// Plugins whose subjects --area and --team do not filter (scope_note.hpp): what the filter did.
ordered_json unplaced_json(const run::RunResult& run) {
    ordered_json out = ordered_json::array();
    for (const auto& n : unplaced_notes(run)) {
        ordered_json judged = ordered_json::object();
        for (const auto& [kind, count] : n.kinds) judged[kind] = count ? ordered_json(*count) : ordered_json(nullptr);
        out.push_back({{"plugin", n.plugin}, {"subjects_judged", judged}, {"note", n.text}});
    }
    return out;
}

ordered_json run_json(const run::RunResult& run) {
    ordered_json filters = {{"area", run.area_filter.empty() ? ordered_json(nullptr) : ordered_json(run.area_filter)},
                            {"team", run.team_filter.empty() ? ordered_json(nullptr) : ordered_json(run.team_filter)}};
    if (auto unplaced = unplaced_json(run); !unplaced.empty()) filters["not_applied_to"] = unplaced;
    return {{"id", run.id},
            {"started_at", run.started_at},
            {"finished_at", run.finished_at},
            {"as_of", run.as_of.iso()},
            {"period", {{"start", run.period.start.iso()}, {"end", run.period.end.iso()}}},
            {"source", run.source},
            {"operator", run.operator_name},
            {"host", run.host_name},
            {"filters", filters},
            {"results_mode", run.failures_only ? "failures" : "all"},
            {"seed", run.seed},
            {"waiver_files", run.waiver_files}};
}

ordered_json ruleset_json(const run::PluginRun& p) {
    ordered_json files = ordered_json::array(), params = ordered_json::object();
    for (const auto& f : p.ruleset.files) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
    if (!p.calendar_file.empty()) files.push_back({{"path", p.calendar_file}, {"sha256", p.calendar_sha256}});
    for (const auto& [name, param] : p.ruleset.parameters) params[name] = util::value_json(param.value, false);
    ordered_json j = {{"id", p.ruleset.id}, {"version", p.ruleset.version}, {"plugin", p.name}, {"purpose", p.ruleset.purpose},
                      {"files", files}, {"parameters", params}, {"overrides", p.ruleset.overrides},
                      {"removed_rules", p.ruleset.removed}};
    // Structured content (Section 11 standards, a rating scale...), only where the rule set has some.
    if (!p.ruleset.lists.empty()) j["lists"] = history::lists_json(p.ruleset.lists);
    return j;
}

struct PluginParts {
    ordered_json plugins = ordered_json::array(), rulesets = ordered_json::array(), expired = ordered_json::array();
};

PluginParts plugin_parts(const run::RunResult& run) {
    PluginParts out;
    for (const auto& p : run.plugins) {
        out.plugins.push_back({{"name", p.name}, {"version", p.version}, {"file", p.file}, {"status", run::to_string(p.status)},
                               {"error", p.error.empty() ? ordered_json(nullptr) : ordered_json(p.error)},
                               // A plugin that stopped part-way: its results are listed but in no count.
                               {"incomplete", p.incomplete()}});
        if (p.incomplete()) out.plugins.back()["results_delivered"] = p.results_delivered;
        if (!p.unplaced_subject_kinds.empty()) out.plugins.back()["unplaced_subject_kinds"] = p.unplaced_subject_kinds;
        if (p.has_ruleset) out.rulesets.push_back(ruleset_json(p));
        for (const auto& e : p.expired_waivers)
            out.expired.push_back({{"plugin", p.name}, {"rule", e.rule}, {"subject", e.subject}, {"waiver", waiver_json(e.waiver)}});
    }
    return out;
}

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// A section's cell fills, column types, sheet, group, subgroup and details, when the plugin gave them (so a report of a run
// stored before they existed is written as it was).
void add_grouping(ordered_json& j, const ReportSection& s) {
    if (!s.cell_fills.empty()) j["table"]["cell_fills"] = s.cell_fills;
    if (!s.column_types.empty()) j["table"]["column_types"] = s.column_types;
    if (!s.sheet.empty()) j["sheet"] = s.sheet;
    if (!s.group.empty()) j["group"] = s.group;
    if (!s.group_key.empty()) j["group_key"] = s.group_key;
    if (!s.subgroup.empty()) j["subgroup"] = s.subgroup;
    if (s.own_page) j["own_page"] = true;
    if (s.details.empty()) return;
    ordered_json details = ordered_json::array();
    for (const auto& [label, value] : s.details) details.push_back({{"label", label}, {"value", value}});
    j["details"] = details;
}

// The "sections" member, as dump(2) writes it inside the report, written one section at a time:
// the plugins' sections (a review sheet per plan) are most of the header of a large run.
void write_sections(util::PrivateFileWriter& out, const run::RunResult& run) {
    (void)out.write(",\n  \"sections\": [");
    bool first = true;
    std::string text;
    for (const auto& p : run.plugins)
        for (const auto& s : p.sections) {
            ordered_json j = {{"plugin", p.name}, {"id", s.id}, {"title", s.title}, {"subject_id", s.subject_id},
                              {"text", s.text}, {"table", {{"header", s.table_header}, {"rows", s.table_rows}}},
                              {"svg", s.svg}, {"svg_alt", s.svg_alt}};
            add_grouping(j, s);
            (void)out.write(first ? "\n    " : ",\n    ");
            first = false;
            // Two levels in: every line after the first indented by four more spaces (a JSON
            // string never holds a raw line break).
            text = j.dump(2, ' ', false, kReplace);
            for (std::size_t at = 0, nl; at < text.size(); at = nl + 1) {
                nl = text.find('\n', at);
                if (nl == std::string::npos) nl = text.size();
                (void)out.write(std::string_view(text).substr(at, nl - at));
                if (nl < text.size()) (void)out.write("\n    ");
            }
        }
    (void)out.write(first ? "]" : "\n  ]");  // an error is kept and returned by commit()
}

ordered_json grouped(const std::map<std::string, run::RuleCounts>& m, const char* key) {
    ordered_json a = ordered_json::array();
    for (const auto& [name, c] : m) {
        ordered_json row = {{key, name.empty() ? ordered_json(nullptr) : ordered_json(name)}};
        row.update(counts_json(c));
        a.push_back(row);
    }
    return a;
}

// Everything but the results: one small document, then the sections one by one, written up to
// where "results" begins.
void write_head(util::PrivateFileWriter& out, const run::RunResult& run) {
    ordered_json j;
    j["format"] = "sgaudit-report/1";
    j["tool"] = {{"name", "sgaudit"}, {"version", run.tool_version}};
    j["run"] = run_json(run);
    PluginParts parts = plugin_parts(run);
    j["plugins"] = std::move(parts.plugins);
    j["rulesets"] = std::move(parts.rulesets);
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
    j["area_summary"] = grouped(run.by_area, "area");
    j["team_summary"] = grouped(run.by_team, "team");
    j["expired_waivers"] = std::move(parts.expired);
    // Case systems are not always UTF-8: a bad byte becomes U+FFFD rather than losing the report.
    std::string head = j.dump(2, ' ', false, kReplace);
    head.pop_back();  // the closing brace
    while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) head.pop_back();
    (void)out.write(head);
    write_sections(out, run);
    (void)out.write(",\n  \"results\": [");  // an error is kept and returned by commit()
}

class JsonWriter final : public run::RunSink {
public:
    explicit JsonWriter(fs::path file) : file_(std::move(file)) {}

    Status begin(const run::RunResult&) override { return results_.open(file_.parent_path()); }

    void add(const Result& r) override {
        line_.assign(listed_ ? ",\n    " : "\n    ");
        append_result_json(line_, r);
        ++listed_;
        (void)results_.write(line_);  // an error is kept and returned by finish()
    }

    Status finish(const run::RunResult& run) override {
        util::PrivateFileWriter out;
        Status st = results_.flush();
        if (st) st = out.open(file_);
        if (st) write_head(out, run);
        if (st) st = out.append_from(results_.fd());
        if (st) st = out.write(listed_ ? "\n  ]\n}\n" : "]\n}\n");
        if (st) st = out.commit();
        results_.close();
        return st;
    }

    void abandon() noexcept override { results_.close(); }

private:
    fs::path file_;
    util::ScratchFile results_;
    std::string line_;
    std::size_t listed_ = 0;
};

}  // namespace

void append_result_json(std::string& out, const Result& r) {
    out += '{';
    append_field(out, "plugin", r.plugin);
    out += ',';
    append_field(out, "rule", r.rule);
    out += ',';
    append_field(out, "severity", to_string(r.severity));
    out += ",\"subject\":{";
    append_field(out, "kind", r.subject.kind);
    out += ',';
    append_field(out, "id", r.subject.id);
    append_optional(out, "person_id", r.subject.person_id);
    append_optional(out, "team", r.subject.team);
    append_optional(out, "area", r.subject.area);
    append_optional(out, "worker", r.subject.worker);
    out += "},";
    append_field(out, "outcome", to_string(r.outcome));
    if (r.lapse != Lapse::none) {
        out += ',';
        append_field(out, "lapse", to_string(r.lapse));
    }
    if (r.due) {
        out += ',';
        append_field(out, "due", r.due->iso());
    }
    out += ',';
    append_field(out, "message", r.message);
    out += ",\"evidence\":{";
    bool first = true;
    for (const auto& [k, v] : r.evidence) {
        if (!first) out += ',';
        append_json_string(out, k);
        out += ':';
        util::append_json_value(out, v, false);  // value_json(v).dump(), without building it
        first = false;
    }
    out += '}';
    if (r.waiver) {
        out += ",\"waiver\":{";
        append_field(out, "justification", r.waiver->justification);
        out += ',';
        append_field(out, "approver", r.waiver->approver);
        out += ',';
        append_field(out, "expires", r.waiver->expires.iso());
        out += '}';
    }
    if (r.measure) {
        // The indicator's figure: value, numerator, denominator and benchmark at the top level, as
        // the report contract says, and the whole measure beside them.
        const Measure& m = *r.measure;
        out += ",\"value\":";
        if (m.value) util::append_json_number(out, *m.value);
        else out += "null";
        out += ",\"numerator\":";
        util::append_json_number(out, m.numerator);
        out += ",\"denominator\":";
        util::append_json_number(out, m.denominator);
        out += ",\"measure\":";
        util::append_measure_json(out, m);
    }
    out += '}';
}

std::unique_ptr<run::RunSink> json_writer(const fs::path& file) { return std::make_unique<JsonWriter>(file); }

}  // namespace sgaudit::report
