#include "sgaudit/history/run_codec.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "json_values.hpp"
#include "sgaudit/history/list_codec.hpp"
#include "sgaudit/util/json_text.hpp"

namespace sgaudit::history {
using nlohmann::ordered_json;
using namespace codec;

void make_storable(run::RunResult& run) {
    auto fix = [](std::string& s) { s = storable_text(s); };
    auto fix_keys = [&](auto& m) {
        std::remove_reference_t<decltype(m)> out;
        for (auto& [k, v] : m) out[storable_text(k)] = std::move(v);
        m = std::move(out);
    };
    for (auto& r : run.results) util::make_storable(r);
    for (auto& p : run.plugins) {
        fix(p.error);
        for (auto& sec : p.sections) {
            for (auto* f : {&sec.id, &sec.title, &sec.subject_id, &sec.text, &sec.svg, &sec.svg_alt, &sec.group, &sec.group_key,
                            &sec.subgroup, &sec.sheet})
                fix(*f);
            for (auto& row : sec.cell_fills)
                for (auto& f : row) fix(f);
            for (auto& t : sec.column_types) fix(t);
            for (auto& [label, value] : sec.details) fix(label), fix(value);
            for (auto& h : sec.table_header) fix(h);
            for (auto& row : sec.table_rows)
                for (auto& c : row) fix(c);
        }
        for (auto& e : p.expired_waivers) fix(e.subject);
    }
    for (auto& [k, v] : run.area_names) fix(v);
    for (auto& [k, v] : run.team_names) fix(v);
    fix_keys(run.area_names);
    fix_keys(run.team_names);
    fix_keys(run.by_area);
    fix_keys(run.by_team);
    fix(run.source);
    fix(run.area_filter);
    fix(run.team_filter);
}

namespace {

ordered_json waiver_json(const Waiver& w) {
    return {{"justification", text(w.justification)}, {"approver", text(w.approver)}, {"expires", w.expires.iso()}};
}
Waiver waiver_of(const ordered_json& j) {
    return {j.at("justification").get<std::string>(), j.at("approver").get<std::string>(), date_of(j.at("expires"))};
}

Severity severity_of(const ordered_json& j) {
    auto s = parse_severity(j.get<std::string>());
    if (!s) throw std::runtime_error("unknown severity '" + j.get<std::string>() + "'");
    return *s;
}

ordered_json counts_json(const run::RuleCounts& c) {
    return {{"plugin", text(c.plugin)}, {"rule", text(c.rule)},   {"title", text(c.title)},
            {"severity", to_string(c.severity)}, {"evaluated", c.evaluated}, {"pass", c.pass},
            {"fail", c.fail},     {"not_applicable", c.not_applicable}, {"waived", c.waived}, {"error", c.error}};
}
run::RuleCounts counts_of(const ordered_json& j) {
    run::RuleCounts c;
    c.plugin = j.at("plugin").get<std::string>();
    c.rule = j.at("rule").get<std::string>();
    c.title = j.at("title").get<std::string>();
    c.severity = severity_of(j.at("severity"));
    c.evaluated = j.at("evaluated").get<std::size_t>();
    c.pass = j.at("pass").get<std::size_t>();
    c.fail = j.at("fail").get<std::size_t>();
    c.not_applicable = j.at("not_applicable").get<std::size_t>();
    c.waived = j.at("waived").get<std::size_t>();
    c.error = j.at("error").get<std::size_t>();
    return c;
}

ordered_json counts_map_json(const std::map<std::string, run::RuleCounts>& m) {
    ordered_json a = ordered_json::array();
    for (const auto& [k, c] : m) a.push_back({{"key", text(k)}, {"counts", counts_json(c)}});
    return a;
}
std::map<std::string, run::RuleCounts> counts_map_of(const ordered_json& j) {
    std::map<std::string, run::RuleCounts> m;
    for (const auto& e : j) m[e.at("key").get<std::string>()] = counts_of(e.at("counts"));
    return m;
}

ordered_json names_json(const std::map<std::string, std::string>& m) {
    ordered_json o = ordered_json::object();
    for (const auto& [k, v] : m) o[storable_text(k)] = text(v);
    return o;
}
std::map<std::string, std::string> names_of(const ordered_json& j) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : j.items()) m[k] = v.get<std::string>();
    return m;
}

// The parts of a rule set that reports show and provenance needs; the compiled checks are not
// stored (a stored run is re-rendered, never re-evaluated).
ordered_json ruleset_json(const rules::RuleSet& rs) {
    ordered_json files = ordered_json::array(), params = ordered_json::array(), rule_list = ordered_json::array();
    for (const auto& f : rs.files) files.push_back({{"path", text(f.path)}, {"sha256", f.sha256}});
    for (const auto& [name, p] : rs.parameters)
        params.push_back({{"name", text(name)}, {"value", value_json(p.value)}, {"description", text(p.description)},
                          {"source", text(p.source)}, {"defined_at", pos_json(p.defined_at)}, {"origin", text(p.origin)}});
    for (const auto& r : rs.rules) {
        ordered_json refs = ordered_json::array();
        for (const auto& ref : r.references)
            refs.push_back({{"source", text(ref.source)}, {"section", text(ref.section)}, {"url", text(ref.url)}});
        rule_list.push_back({{"id", text(r.id)}, {"title", text(r.title)}, {"description", text(r.description)},
                             {"subject", text(r.subject)}, {"message", text(r.message)}, {"action", text(r.action)},
                             {"action_over", text(r.action_over)},
                             {"severity", to_string(r.severity)}, {"references", refs}, {"tags", texts(r.tags)},
                             {"enabled", r.enabled}, {"check_kind", text(r.check_kind)},
                             {"defined_at", pos_json(r.defined_at)}, {"origin", text(r.origin)}});
    }
    ordered_json j = {{"id", text(rs.id)}, {"version", text(rs.version)}, {"plugin", text(rs.plugin)},
                      {"description", text(rs.description)}, {"calendar", text(rs.calendar)}, {"purpose", text(rs.purpose)},
                      {"files", files}, {"parameters", params}, {"rules", rule_list}, {"removed", texts(rs.removed)},
                      {"overrides", texts(rs.overrides)}};
    if (!rs.lists.empty()) j["lists"] = lists_json(rs.lists);  // only then: older runs store and hash the same
    return j;
}

rules::RuleSet ruleset_of(const ordered_json& j) {
    rules::RuleSet rs;
    rs.id = j.at("id").get<std::string>();
    rs.version = j.at("version").get<std::string>();
    rs.plugin = j.at("plugin").get<std::string>();
    rs.description = j.at("description").get<std::string>();
    rs.calendar = j.at("calendar").get<std::string>();
    rs.purpose = j.value("purpose", std::string("practice"));  // not stored before purposes were
    for (const auto& f : j.at("files")) rs.files.push_back({f.at("path").get<std::string>(), f.at("sha256").get<std::string>()});
    for (const auto& p : j.at("parameters")) {
        rules::Parameter prm;
        prm.name = p.at("name").get<std::string>();
        prm.value = value_of(p.at("value"));
        prm.description = p.at("description").get<std::string>();
        prm.source = p.at("source").get<std::string>();
        prm.defined_at = pos_of(p.at("defined_at"));
        prm.origin = p.at("origin").get<std::string>();
        rs.parameters[prm.name] = prm;
    }
    for (const auto& r : j.at("rules")) {
        rules::Rule rule;
        rule.id = r.at("id").get<std::string>();
        rule.title = r.at("title").get<std::string>();
        rule.description = r.at("description").get<std::string>();
        rule.subject = r.at("subject").get<std::string>();
        rule.message = r.at("message").get<std::string>();
        rule.action = r.at("action").get<std::string>();
        rule.action_over = r.value("action_over", std::string());  // not stored before lapses were
        rule.severity = severity_of(r.at("severity"));
        for (const auto& ref : r.at("references"))
            rule.references.push_back({ref.at("source").get<std::string>(), ref.at("section").get<std::string>(),
                                       ref.at("url").get<std::string>()});
        rule.tags = texts_of(r.at("tags"));
        rule.enabled = r.at("enabled").get<bool>();
        rule.check_kind = r.at("check_kind").get<std::string>();
        rule.defined_at = pos_of(r.at("defined_at"));
        rule.origin = r.at("origin").get<std::string>();
        rs.rules.push_back(std::move(rule));
    }
    rs.removed = texts_of(j.at("removed"));
    rs.overrides = texts_of(j.at("overrides"));
    if (j.contains("lists")) rs.lists = lists_of(j.at("lists"));  // not stored before rule sets had lists
    return rs;
}

template <class Section>
auto grouping_fields(Section& s) {
    return std::array{std::pair{"group", &s.group}, std::pair{"group_key", &s.group_key}, std::pair{"subgroup", &s.subgroup},
                      std::pair{"sheet", &s.sheet}};
}

// Grouping and details only when a plugin gave them: a run stored before they existed reads the
// same, and they read back as empty.
ordered_json section_json(const ReportSection& s) {
    ordered_json rows = ordered_json::array();
    for (const auto& r : s.table_rows) rows.push_back(texts(r));
    ordered_json j = {{"id", text(s.id)}, {"title", text(s.title)}, {"subject_id", text(s.subject_id)}, {"text", text(s.text)},
                      {"header", texts(s.table_header)}, {"rows", rows}, {"svg", text(s.svg)}, {"svg_alt", text(s.svg_alt)}};
    for (const auto& [key, field] : grouping_fields(s))
        if (!field->empty()) j[key] = text(*field);
    if (!s.details.empty()) {
        ordered_json details = ordered_json::array();
        for (const auto& [label, value] : s.details) details.push_back(texts({label, value}));
        j["details"] = details;
    }
    if (!s.cell_fills.empty()) {
        ordered_json fills = ordered_json::array();
        for (const auto& row : s.cell_fills) fills.push_back(texts(row));
        j["cell_fills"] = fills;
    }
    if (!s.column_types.empty()) j["column_types"] = texts(s.column_types);
    if (s.own_page) j["own_page"] = true;
    return j;
}
void read_grouping(const ordered_json& j, ReportSection& s) {
    for (const auto& [key, field] : grouping_fields(s))
        if (j.contains(key)) *field = j.at(key).get<std::string>();
    if (j.contains("details"))
        for (const auto& d : j.at("details")) s.details.emplace_back(d.at(0).get<std::string>(), d.at(1).get<std::string>());
    if (j.contains("cell_fills"))
        for (const auto& row : j.at("cell_fills")) s.cell_fills.push_back(texts_of(row));
    if (j.contains("column_types")) s.column_types = texts_of(j.at("column_types"));
    if (j.contains("own_page")) s.own_page = j.at("own_page").get<bool>();
}
ReportSection section_of(const ordered_json& j) {
    ReportSection s;
    s.id = j.at("id").get<std::string>();
    s.title = j.at("title").get<std::string>();
    s.subject_id = j.at("subject_id").get<std::string>();
    s.text = j.at("text").get<std::string>();
    s.table_header = texts_of(j.at("header"));
    for (const auto& r : j.at("rows")) s.table_rows.push_back(texts_of(r));
    s.svg = j.at("svg").get<std::string>();
    s.svg_alt = j.at("svg_alt").get<std::string>();
    read_grouping(j, s);
    return s;
}

run::PluginStatus status_of(const std::string& s) {
    if (s == "ok") return run::PluginStatus::ok;
    if (s == "failed") return run::PluginStatus::failed;
    if (s == "skipped") return run::PluginStatus::skipped;
    if (s == "crashed") return run::PluginStatus::crashed;
    if (s == "timed_out") return run::PluginStatus::timed_out;
    throw std::runtime_error("unknown plugin status '" + s + "'");
}

}  // namespace

namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// The plugins as the document lists them, each plugin's sections (a review sheet per plan, so
// the bulk of a large run's document) written one at a time rather than built as one tree.
void append_plugins(std::string& out, const run::RunResult& run, const std::map<std::string, run::StoredResults>* stored) {
    out += '[';
    for (const auto& p : run.plugins) {
        if (&p != &run.plugins.front()) out += ',';
        ordered_json expired = ordered_json::array();
        for (const auto& e : p.expired_waivers)
            expired.push_back({{"rule", text(e.rule)}, {"subject", text(e.subject)}, {"waiver", waiver_json(e.waiver)}});
        ordered_json head = {{"name", text(p.name)}, {"version", text(p.version)}, {"file", text(p.file)},
                             {"status", run::to_string(p.status)}, {"error", text(p.error)},
                             {"results_delivered", p.results_delivered},
                             {"ruleset", p.has_ruleset ? ruleset_json(p.ruleset) : ordered_json(nullptr)},
                             {"calendar_file", text(p.calendar_file)}, {"calendar_sha256", p.calendar_sha256},
                             {"expired_waivers", expired}};
        // Only when it has some, so a run of plugins without them is stored as before.
        if (!p.unplaced_subject_kinds.empty()) head["unplaced_subject_kinds"] = texts(p.unplaced_subject_kinds);
        const run::StoredResults* where = p.stored ? &*p.stored : nullptr;
        if (stored)
            if (auto it = stored->find(p.name); it != stored->end()) where = &it->second;
        if (where) head["stored_results"] = {{"first_seq", where->first_seq}, {"count", where->count}, {"sha256", where->sha256}};
        out += head.dump(-1, ' ', false, kReplace);
        out.pop_back();  // its closing brace: the sections come last
        out += ",\"sections\":[";
        for (const auto& sec : p.sections) {
            if (&sec != &p.sections.front()) out += ',';
            out += section_json(sec).dump(-1, ' ', false, kReplace);
        }
        out += "]}";
    }
    out += ']';
}

}  // namespace

std::string encode_document(const run::RunResult& run, const std::map<std::string, run::StoredResults>* stored) {
    ordered_json summary = ordered_json::array();
    for (const auto& c : run.rule_summary) summary.push_back(counts_json(c));
    // "plugins" holds a placeholder, replaced by the plugins written one by one: the key and a
    // value in quotes cannot occur inside another string of the document, whose quotes are escaped.
    static const std::string placeholder = "\"plugins\":\"sgaudit-plugins\"";
    ordered_json j = {{"format", kDocumentFormat},
                      {"id", text(run.id)},
                      {"started_at", run.started_at},
                      {"finished_at", run.finished_at},
                      {"tool_version", text(run.tool_version)},
                      {"source", text(run.source)},
                      {"operator", text(run.operator_name)},
                      {"host", text(run.host_name)},
                      {"as_of", run.as_of.iso()},
                      {"period", {run.period.start.iso(), run.period.end.iso()}},
                      {"area_filter", text(run.area_filter)},
                      {"team_filter", text(run.team_filter)},
                      {"failures_only", run.failures_only},
                      {"seed", run.seed},
                      {"years", run.years},
                      {"waiver_files", texts(run.waiver_files)},
                      {"plugins", "sgaudit-plugins"},
                      {"rule_summary", summary},
                      {"totals", counts_json(run.totals)},
                      {"by_area", counts_map_json(run.by_area)},
                      {"by_team", counts_map_json(run.by_team)},
                      {"area_names", names_json(run.area_names)},
                      {"team_names", names_json(run.team_names)}};
    std::string rest = j.dump(-1, ' ', false, kReplace);
    std::size_t at = rest.find(placeholder);
    std::string doc = rest.substr(0, at) + "\"plugins\":";
    append_plugins(doc, run, stored);
    doc.append(rest, at + placeholder.size());
    return doc;
}

namespace {

// Parses a stored document, taking each plugin's sections out as they are read (one section's
// tree at a time) into `sections`, one list per plugin in order; their place is left empty.
ordered_json parse_document(std::string_view json, std::vector<std::vector<ReportSection>>& sections, bool keep) {
    std::string key1, key3;  // the latest key of the document, and of the plugin being read
    return ordered_json::parse(json, [&](int depth, ordered_json::parse_event_t event, ordered_json& parsed) {
        using E = ordered_json::parse_event_t;
        if (event == E::key && (depth == 1 || depth == 3)) (depth == 1 ? key1 : key3) = parsed.get<std::string>();
        if (key1 != "plugins") return true;
        if (event == E::object_start && depth == 2) {
            sections.emplace_back();
            key3.clear();
        }
        if (event == E::object_end && depth == 4 && key3 == "sections") {
            if (keep) sections.back().push_back(section_of(parsed));
            return false;
        }
        return true;
    });
}

}  // namespace

Status decode_document(std::string_view json, run::RunResult& out, bool with_sections) {
    try {
        std::vector<std::vector<ReportSection>> sections;
        auto j = parse_document(json, sections, with_sections);
        std::string format = j.at("format").get<std::string>();
        if (format != kDocumentFormat && format != kDocumentFormatV2 && format != kDocumentFormatV1)
            return Status::error("it was stored in format '" + format + "', which this version of sgaudit (reads " +
                                 kDocumentFormat + ") does not know; use a newer sgaudit");
        out.id = j.at("id").get<std::string>();
        out.started_at = j.at("started_at").get<std::string>();
        out.finished_at = j.at("finished_at").get<std::string>();
        out.tool_version = j.at("tool_version").get<std::string>();
        out.source = j.at("source").get<std::string>();
        out.operator_name = j.at("operator").get<std::string>();
        out.host_name = j.at("host").get<std::string>();
        out.as_of = date_of(j.at("as_of"));
        out.period = Period{date_of(j.at("period").at(0)), date_of(j.at("period").at(1))};
        out.area_filter = j.at("area_filter").get<std::string>();
        out.team_filter = j.at("team_filter").get<std::string>();
        out.failures_only = j.at("failures_only").get<bool>();
        out.seed = j.at("seed").get<std::uint64_t>();
        out.years = j.value("years", 0);  // stored since --years; earlier runs used the default
        out.waiver_files = texts_of(j.at("waiver_files"));
        for (const auto& p : j.at("plugins")) {
            run::PluginRun pr;
            pr.name = p.at("name").get<std::string>();
            pr.version = p.at("version").get<std::string>();
            pr.file = p.at("file").get<std::string>();
            pr.status = status_of(p.at("status").get<std::string>());
            pr.error = p.at("error").get<std::string>();
            // Stored since plugins run in workers; earlier runs do not have it.
            pr.results_delivered = p.value("results_delivered", std::size_t{0});
            pr.has_ruleset = !p.at("ruleset").is_null();
            if (pr.has_ruleset) pr.ruleset = ruleset_of(p.at("ruleset"));
            pr.calendar_file = p.at("calendar_file").get<std::string>();
            pr.calendar_sha256 = p.at("calendar_sha256").get<std::string>();
            if (p.contains("unplaced_subject_kinds")) pr.unplaced_subject_kinds = texts_of(p.at("unplaced_subject_kinds"));
            if (p.contains("stored_results")) {
                const auto& s = p.at("stored_results");
                pr.stored = run::StoredResults{s.at("first_seq").get<std::int64_t>(), s.at("count").get<std::int64_t>(),
                                               s.at("sha256").get<std::string>()};
            }
            for (const auto& e : p.at("expired_waivers"))
                pr.expired_waivers.push_back({e.at("rule").get<std::string>(), e.at("subject").get<std::string>(),
                                              waiver_of(e.at("waiver"))});
            if (!p.at("sections").is_array()) throw std::runtime_error("a plugin's sections are not a list");
            if (out.plugins.size() < sections.size()) pr.sections = std::move(sections[out.plugins.size()]);
            out.plugins.push_back(std::move(pr));
        }
        for (const auto& c : j.at("rule_summary")) out.rule_summary.push_back(counts_of(c));
        out.totals = counts_of(j.at("totals"));
        out.by_area = counts_map_of(j.at("by_area"));
        out.by_team = counts_map_of(j.at("by_team"));
        out.area_names = names_of(j.at("area_names"));
        out.team_names = names_of(j.at("team_names"));
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error(std::string("its stored document is damaged: ") + e.what());
    }
}

namespace {

// Reads a document's "area_filter" and "team_filter" and stops there: they come before its
// plugins, which are most of a large run's document.
class ScopeReader final : public nlohmann::json_sax<ordered_json> {
public:
    std::optional<std::string> area, team;
    bool key(string_t& k) override {
        at_ = depth_ == 1 && k == "area_filter" ? &area : depth_ == 1 && k == "team_filter" ? &team : nullptr;
        return true;
    }
    bool string(string_t& v) override {
        if (at_) *at_ = v;
        at_ = nullptr;
        return !(area && team);  // both read: stop
    }
    bool start_object(std::size_t) override { return ++depth_, true; }
    bool end_object() override { return --depth_, true; }
    bool start_array(std::size_t) override { return ++depth_, true; }
    bool end_array() override { return --depth_, true; }
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    int depth_ = 0;
    std::optional<std::string>* at_ = nullptr;
};

}  // namespace

Status decode_scope(std::string_view document, std::string& area, std::string& team) {
    ScopeReader reader;
    ordered_json::sax_parse(document, &reader);
    if (!reader.area || !reader.team) return Status::error("its stored document is damaged: it has no area and team filters");
    area = *reader.area;
    team = *reader.team;
    return Status::ok();
}

const std::vector<std::string>& result_columns() {
    static const std::vector<std::string> cols{"plugin",  "rule",    "severity", "subject_kind", "subject_id",
                                               "person_id", "team",  "area",     "outcome",      "message",
                                               "evidence", "waiver", "worker", "lapse", "due", "measure"};
    return cols;
}

namespace {

// The string held in `out`, emptied but keeping its capacity.
std::string& reuse(std::optional<std::string>& out) {
    if (!out) out.emplace();
    out->clear();
    return *out;
}

void set_evidence(std::optional<std::string>& out, const Evidence& evidence) {
    std::string& s = reuse(out);
    s += '{';
    for (const auto& [k, v] : evidence) {
        if (s.size() > 1) s += ',';
        util::append_json_string(s, k);
        s += ':';
        util::append_json_value(s, v, true);  // value_json(v).dump(), without building it
    }
    s += '}';
}

void set_waiver(std::optional<std::string>& out, const std::optional<Waiver>& waiver) {
    if (!waiver) {
        out.reset();
        return;
    }
    std::string& s = reuse(out);
    s += "{\"justification\":";
    util::append_json_string(s, waiver->justification);
    s += ",\"approver\":";
    util::append_json_string(s, waiver->approver);
    s += ",\"expires\":";
    util::append_json_string(s, waiver->expires.iso());
    s += '}';
}

void set_measure(std::optional<std::string>& out, const std::optional<Measure>& measure) {
    if (!measure) {
        out.reset();
        return;
    }
    std::string& s = reuse(out);
    util::append_measure_json(s, *measure);
}

void set_due(std::optional<std::string>& out, const std::optional<Date>& due) {
    if (due) out = due->iso();
    else out.reset();
}

// storable_text without a copy when there is nothing to mend.
void set_storable(std::optional<std::string>& out, const std::string& s) {
    if (util::is_storable(s)) out = s;
    else out = storable_text(s);
}

}  // namespace

void encode_result(const Result& r, Fields& out, std::size_t at) {
    out.resize(std::max(out.size(), at + result_columns().size()));
    auto f = out.begin() + static_cast<std::ptrdiff_t>(at);
    set_storable(f[0], r.plugin);
    set_storable(f[1], r.rule);
    f[2] = to_string(r.severity);
    f[3] = r.subject.kind;
    f[4] = r.subject.id;
    f[5] = r.subject.person_id;
    f[6] = r.subject.team;
    f[7] = r.subject.area;
    f[8] = to_string(r.outcome);
    f[9] = r.message;
    set_evidence(f[10], r.evidence);
    set_waiver(f[11], r.waiver);
    f[12] = r.subject.worker;
    f[13] = to_string(r.lapse);
    set_due(f[14], r.due);
    set_measure(f[15], r.measure);
}

Fields encode_result(const Result& r) {
    Fields f;
    encode_result(r, f, 0);
    return f;
}

std::optional<Outcome> parse_outcome(const std::string& s) {
    for (Outcome o : {Outcome::pass, Outcome::fail, Outcome::not_applicable, Outcome::waived, Outcome::error})
        if (s == to_string(o)) return o;
    return std::nullopt;
}

namespace {

std::optional<Lapse> parse_lapse(const std::optional<std::string>& text) {
    if (!text) return Lapse::none;
    for (Lapse l : {Lapse::none, Lapse::open, Lapse::over})
        if (*text == to_string(l)) return l;
    return std::nullopt;
}

}  // namespace

Status decode_result(const Fields& f, const std::string& where, Result& out) {
    if (f.size() != result_columns().size()) return Status::error(where + " has the wrong number of columns");
    auto at = [&](std::size_t i) -> std::string { return f[i].value_or(""); };
    try {
        out.plugin = at(0);
        out.rule = at(1);
        out.severity = severity_of(ordered_json(at(2)));
        out.subject = Subject{at(3), at(4), at(5), at(6), at(7), at(12)};
        auto o = parse_outcome(at(8));
        if (!o) return Status::error(where + ": outcome '" + at(8) + "' is not one sgaudit records");
        out.outcome = *o;
        out.message = at(9);
        out.evidence.clear();
        const auto evidence = ordered_json::parse(at(10));  // kept alive: items() only refers to it
        for (const auto& [k, v] : evidence.items()) out.evidence[k] = value_of(v);
        out.waiver.reset();
        if (f[11]) out.waiver = waiver_of(ordered_json::parse(*f[11]));
        // A run stored before results kept them has neither: no lapse, no due date.
        auto lapse = parse_lapse(f[13]);
        if (!lapse) return Status::error(where + ": lapse '" + at(13) + "' is not one sgaudit records");
        out.lapse = *lapse;
        out.measure.reset();
        if (f[15]) out.measure = measure_of(ordered_json::parse(*f[15]));
        out.due.reset();
        if (f[14]) {
            out.due = Date::parse(*f[14]);  // not quoted when damaged: it came from case data
            if (!out.due) return Status::error(where + ": its due date is not a date");
        }
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error(where + " is damaged: " + e.what());
    }
}

}  // namespace sgaudit::history
