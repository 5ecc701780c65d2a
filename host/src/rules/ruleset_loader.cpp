#include "sgaudit/rules/ruleset_loader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <deque>
#include <set>

#include "sgaudit/rules/ruleset_lists.hpp"
#include "sgaudit/rules/ruleset_parameters.hpp"
#include "sgaudit/rules/toml_file.hpp"

#include "sgaudit/rules/check_kinds.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::rules {
namespace fs = std::filesystem;

const Rule* RuleSet::find_rule(const std::string& rule_id) const {
    for (const auto& r : rules)
        if (r.id == rule_id) return &r;
    return nullptr;
}

std::optional<Value> RuleSet::parameter(const std::string& name) const {
    auto it = parameters.find(name);
    if (it == parameters.end()) return std::nullopt;
    return it->second.value;
}

const RecordList* RuleSet::list(std::string_view name) const noexcept {
    auto it = lists.find(name);
    return it == lists.end() ? nullptr : &it->second.data;
}

namespace {

std::optional<toml::table> parse_toml(const fs::path& file, Diagnostics& diags) { return parse_toml_file(file, diags); }

struct Pack {
    fs::path path;
    toml::table table;
};

// Resolves `extends`: a path ending in .toml is relative to the extending file; otherwise an
// id, looked up beside the extending file first, then in the rule directories.
std::optional<fs::path> resolve_extends(const std::string& ext, const fs::path& from, const std::vector<fs::path>& dirs) {
    if (ext.size() > 5 && ext.substr(ext.size() - 5) == ".toml") {
        fs::path p = fs::path(ext).is_absolute() ? fs::path(ext) : from.parent_path() / ext;
        if (fs::exists(p)) return p;
        return std::nullopt;
    }
    std::vector<fs::path> search{from.parent_path()};
    search.insert(search.end(), dirs.begin(), dirs.end());
    return find_ruleset_file(ext, search);
}

const std::vector<std::string> kTopKeys{"ruleset", "parameters", "lists", "rules"};
const std::vector<std::string> kHeaderKeys{"id", "version", "plugin", "description", "extends", "remove", "calendar", "purpose"};
const std::vector<std::string> kRuleKeys{"id", "title", "description", "severity", "subject", "references", "tags",
                                         "when", "check", "message", "action", "action_over", "enabled"};
const std::vector<std::string> kReferenceKeys{"source", "section", "url"};

bool load_chain(const fs::path& file, const std::vector<fs::path>& dirs, std::vector<Pack>& chain,
                std::vector<fs::path>& visiting, Diagnostics& diags) {
    fs::path canon = fs::weakly_canonical(file);
    if (std::find(visiting.begin(), visiting.end(), canon) != visiting.end()) {
        std::string cycle;
        for (const auto& v : visiting) cycle += v.filename().string() + " -> ";
        diags.error({file.string()}, "packs extend each other in a circle: " + cycle + file.filename().string());
        return false;
    }
    auto t = parse_toml(file, diags);
    if (!t) return false;
    check_keys(*t, kTopKeys, "the file (expected [ruleset], [parameters], [lists.NAME], [[rules]])", file.string(), diags);
    const toml::table* header = (*t)["ruleset"].as_table();
    if (!header) {
        diags.error({file.string(), 1, 1}, "missing [ruleset] table: every rule file starts with [ruleset] id = \"...\"");
        return false;
    }
    check_keys(*header, kHeaderKeys, "[ruleset]", file.string(), diags);
    if (const auto* ext = header->get("extends")) {
        auto name = ext->value<std::string>();
        if (!name) {
            diags.error(pos_of(*ext, file.string()), "extends must be text (a pack id or a .toml path), found " +
                                                         std::string(toml_type_name(*ext)));
            return false;
        }
        auto parent = resolve_extends(*name, file, dirs);
        if (!parent) {
            diags.error(pos_of(*ext, file.string()), "extends '" + *name + "', which was not found beside this file or in the rule folders");
            return false;
        }
        visiting.push_back(canon);
        bool ok = load_chain(*parent, dirs, chain, visiting, diags);
        visiting.pop_back();
        if (!ok) return false;
    }
    chain.push_back({file, std::move(*t)});
    return true;
}

// Merged values point into the parsed files, which stay alive for the whole load: toml++
// does not copy source positions with a node, and every message needs them.
struct MergedRule {
    std::string id;
    std::map<std::string, const toml::node*> fields;
    std::string origin;
    SourcePos pos;
};

struct Merged {
    std::string id, version, plugin, description, calendar = "england-and-wales", purpose = "practice";
    MergedParams params;
    MergedLists lists;
    // Files that lists take items from (items_from), kept alive as the packs are.
    std::deque<Pack> items_files;
    std::vector<MergedRule> rules;
    std::vector<std::string> removed;
};

std::vector<std::string> keys_of(const MergedParams& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
}

std::vector<std::string> rule_ids(const std::vector<MergedRule>& rules) {
    std::vector<std::string> out;
    for (const auto& r : rules) out.push_back(r.id);
    return out;
}

// Applies one pack (or overlay) on top of what is merged so far.
void merge_pack(const Pack& pack, bool is_base, Merged& m, Diagnostics& diags) {
    const std::string file = pack.path.string();
    const toml::table& header = *pack.table["ruleset"].as_table();
    auto text_field = [&](const char* key, std::string& out, bool required) {
        const toml::node* n = header.get(key);
        if (!n) {
            if (required) diags.error({file, 1, 1}, std::string("[ruleset] needs ") + key);
            return;
        }
        if (auto s = n->value<std::string>(); s && n->is_string()) out = *s;
        else diags.error(pos_of(*n, file), std::string("[ruleset] ") + key + " must be text, found " + toml_type_name(*n));
    };
    text_field("id", m.id, true);
    text_field("version", m.version, is_base);
    text_field("plugin", m.plugin, is_base);
    text_field("description", m.description, false);
    text_field("calendar", m.calendar, false);
    text_field("purpose", m.purpose, false);
    if (const toml::node* n = header.get("purpose"); n && m.purpose != "practice" && m.purpose != "data_quality")
        diags.error(pos_of(*n, file), "[ruleset] purpose must be \"practice\" (what was done for children) or \"data_quality\" "
                                      "(whether the records can be relied on)");

    if (const toml::node* params = pack.table.get("parameters")) merge_parameters(*params, file, is_base, m.params, diags);
    if (const toml::node* lists = pack.table.get("lists")) {
        auto read_items_file = [&](const toml::node& path, std::string& items_file) -> const toml::table* {
            const std::string name = *path.value<std::string>();
            fs::path p = fs::path(name).is_absolute() ? fs::path(name) : pack.path.parent_path() / name;
            items_file = p.string();
            for (const auto& f : m.items_files)
                if (f.path == p) return &f.table;
            auto t = parse_toml(p, diags);  // its own problems at its own file:line:column
            if (!t) {
                diags.error(pos_of(path, file), "items_from names '" + name + "', which could not be read (see above); the path is "
                                                    "relative to this file");
                return nullptr;
            }
            m.items_files.push_back({p, std::move(*t)});
            return &m.items_files.back().table;
        };
        merge_lists(*lists, file, m.lists, diags, read_items_file);
    }

    if (const toml::node* removed = header.get("remove")) {
        const toml::array* arr = removed->as_array();
        if (!arr) diags.error(pos_of(*removed, file), "remove must be a list of rule ids, e.g. remove = [\"dq.x\"]");
        for (std::size_t i = 0; arr && i < arr->size(); ++i) {
            auto id = arr->get(i)->value<std::string>();
            if (!id) {
                diags.error(pos_of(*arr->get(i), file), "remove lists rule ids as text");
                continue;
            }
            auto it = std::find_if(m.rules.begin(), m.rules.end(), [&](const MergedRule& r) { return r.id == *id; });
            if (it == m.rules.end()) {
                diags.error(pos_of(*arr->get(i), file), "remove names rule '" + *id + "', which the packs it extends do not have" +
                                                            did_you_mean(*id, rule_ids(m.rules)));
                continue;
            }
            m.rules.erase(it);
            m.removed.push_back(*id);
        }
    }

    if (const toml::node* rules_node = pack.table.get("rules")) {
        const toml::array* rules = rules_node->as_array();
        if (!rules || !rules->is_array_of_tables()) {
            diags.error(pos_of(*rules_node, file), "rules must be written as [[rules]] tables");
            return;
        }
        std::map<std::string, SourcePos> seen_here;
        for (const auto& node : *rules) {
            const toml::table& t = *node.as_table();
            const toml::node* id_node = t.get("id");
            auto id = id_node ? id_node->value<std::string>() : std::nullopt;
            if (!id || id->empty()) {
                diags.error(pos_of(node, file), "a [[rules]] entry has no id = \"...\"");
                continue;
            }
            if (auto dup = seen_here.find(*id); dup != seen_here.end()) {
                diags.error(pos_of(*id_node, file), "duplicate rule id '" + *id + "' (first defined at " + dup->second.to_string() + ")");
                continue;
            }
            seen_here[*id] = pos_of(*id_node, file);
            check_keys(t, kRuleKeys, "rule '" + *id + "'", file, diags);
            auto it = std::find_if(m.rules.begin(), m.rules.end(), [&](const MergedRule& r) { return r.id == *id; });
            if (it == m.rules.end()) {
                m.rules.push_back({*id, {}, file, pos_of(*id_node, file)});
                it = std::prev(m.rules.end());
            } else {
                it->origin = file;
            }
            // A derived pack's keys replace the base's; the rest stays.
            for (auto&& [k, v] : t) it->fields[std::string(k.str())] = &v;
        }
    }
}

// ---- validation of the merged rule set -------------------------------------------------

struct Validator {
    const Merged& m;
    const LoadOptions& opts;
    Diagnostics& diags;
    std::map<std::string, Parameter> params;

    std::vector<std::string> fact_names(const std::string& subject) const {
        std::vector<std::string> out;
        if (!opts.plugin) return out;
        for (const auto& f : opts.plugin->facts)
            if (f.subject_kind == subject) out.push_back(f.name);
        return out;
    }

    // A check kind shows its arguments' values, and dates worked out from them, in the evidence
    // every report carries; a sensitive fact (a date of birth) may only be read inside an
    // expression, whose results never show it, or tested for presence with not_null.
    void refuse_sensitive(const FactDecl& f, const std::string& kind, SourcePos pos) {
        if (!f.sensitive || kind == "not_null") return;
        diags.error(pos, "fact '" + f.name + "' is sensitive (never shown in a report), but check kind '" + kind +
                             "' shows its value, or dates worked out from it, in the evidence; read it only inside an "
                             "expression (check = { kind = \"expression\", expr = \"...\" })");
    }

    void check_fact(const std::string& fact, const std::string& subject, ArgRole role, SourcePos pos, const std::string& kind) {
        if (!opts.plugin) return;
        const FactDecl* f = opts.plugin->find_fact(subject, fact);
        if (!f) {
            diags.error(pos, "unknown fact '" + fact + "' for subject '" + subject + "' of plugin '" + opts.plugin->name + "'" +
                                 did_you_mean(fact, fact_names(subject)));
            return;
        }
        refuse_sensitive(*f, kind, pos);
        bool ok = role == ArgRole::fact_any || (role == ArgRole::fact_date && f->type == "date") ||
                  (role == ArgRole::fact_dates && (f->type == "date" || f->type == "dates")) ||
                  (role == ArgRole::fact_number && f->type == "number");
        if (!ok)
            diags.error(pos, "fact '" + fact + "' is " + f->type + ", but this argument needs " +
                                 (role == ArgRole::fact_date ? "a date" : role == ArgRole::fact_number ? "a number" : "dates"));
    }

    std::shared_ptr<const Expression> parse_expr(const toml::node& n, const std::string& what, const std::string& subject) {
        auto text = n.value<std::string>();
        SourcePos pos = pos_of(n);
        if (!text || !n.is_string()) {
            diags.error(pos, what + " must be an expression in quotes, found " + toml_type_name(n));
            return nullptr;
        }
        auto parsed = Expression::parse(*text);
        if (auto* err = std::get_if<ExprError>(&parsed)) {
            // The expression starts one column after the opening quote of a one-line string.
            SourcePos at = pos;
            at.column += static_cast<int>(err->column);
            diags.error(at, what + ": " + err->message);
            return nullptr;
        }
        auto expr = std::make_shared<const Expression>(std::move(std::get<Expression>(parsed)));
        for (const auto& p : expr->parameters())
            if (!m.params.count(p))  // a refused parameter's own error is enough
                diags.error(pos, what + " refers to unknown parameter '$" + p + "'" + did_you_mean(p, keys_of(m.params)));
        if (opts.plugin) {
            for (const auto& f : expr->identifiers())
                if (!opts.plugin->find_fact(subject, f))
                    diags.error(pos, what + " refers to unknown fact '" + f + "' for subject '" + subject + "'" +
                                         did_you_mean(f, fact_names(subject)));
        }
        return expr;
    }

    static const toml::node* get(const MergedRule& mr, const char* key) {
        auto it = mr.fields.find(key);
        return it == mr.fields.end() ? nullptr : it->second;
    }

    std::string text(const MergedRule& mr, const char* key, bool required) {
        const toml::node* n = get(mr, key);
        if (!n) {
            if (required) diags.error(mr.pos, "rule '" + mr.id + "' has no " + key + " (required)");
            return {};
        }
        if (!n->is_string()) {
            diags.error(pos_of(*n), std::string(key) + " must be text, found " + toml_type_name(*n));
            return {};
        }
        return n->value<std::string>().value_or("");
    }

    // Placeholders can only be checked when the plugin (its facts and check kinds) is known.
    void check_placeholders(const Rule& r, const SourcePos& pos, const CheckKindSpec* spec,
                            const plugin::CheckKindInfo* plugin_kind) {
        if (!opts.plugin) return;
        std::set<std::string> known{"subject_id", "person_id", "team", "area", "detail", "rule", "as_of"};
        for (const auto& [k, v] : m.params) known.insert(k);  // refused ones too: their error is enough
        if (spec) known.insert(spec->evidence.begin(), spec->evidence.end());
        if (plugin_kind) known.insert(plugin_kind->evidence.begin(), plugin_kind->evidence.end());
        for (const auto& f : fact_names(r.subject)) known.insert(f);
        std::size_t i = 0;
        while ((i = r.message.find('{', i)) != std::string::npos) {
            auto close = r.message.find('}', i);
            if (close == std::string::npos) {
                diags.error(pos, "message has '{' without a closing '}'");
                return;
            }
            std::string name = r.message.substr(i + 1, close - i - 1);
            const FactDecl* f = opts.plugin->find_fact(r.subject, name);
            if (f && f->sensitive)
                diags.error(pos, "message placeholder {" + name + "} is a sensitive fact and may not be shown in a report");
            else if (!known.count(name))
                diags.error(pos, "message placeholder {" + name + "} is not a fact, parameter or evidence of this rule" +
                                     did_you_mean(name, std::vector<std::string>(known.begin(), known.end())));
            i = close + 1;
        }
    }

    // A title, description or action may name parameters ({visit_interval_working_days}), so it
    // says what the rule applies after overlays and --set. They are the same for every subject:
    // facts and evidence belong in `message`.
    std::string with_parameters(const MergedRule& mr, const char* field, std::string text) {
        const toml::node* n = get(mr, field);
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            auto close = text[i] == '{' ? text.find('}', i) : std::string::npos;
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            std::string name = text.substr(i + 1, close - i - 1);
            if (auto p = params.find(name); p != params.end()) out += p->second.value.to_string();
            else if (n) diags.error(pos_of(*n), std::string(field) + " placeholder {" + name + "} is not a parameter of this rule set" +
                                                    did_you_mean(name, keys_of(m.params)) + " (only `message` may name facts or evidence)");
            i = close;
        }
        return out;
    }

    std::optional<Rule> rule(const MergedRule& mr) {
        std::size_t before = diags.items().size();
        Rule r;
        r.id = mr.id;
        r.origin = mr.origin;
        r.defined_at = mr.pos;
        r.title = with_parameters(mr, "title", text(mr, "title", true));
        r.description = with_parameters(mr, "description", text(mr, "description", false));
        r.subject = text(mr, "subject", true);
        r.message = text(mr, "message", true);
        r.action = with_parameters(mr, "action", text(mr, "action", true));
        r.action_over = with_parameters(mr, "action_over", text(mr, "action_over", false));
        std::string sev = text(mr, "severity", true);
        if (!sev.empty()) {
            if (auto s = parse_severity(sev)) r.severity = *s;
            else diags.error(pos_of(*get(mr, "severity")), "severity '" + sev + "' is not one of critical, high, medium, low, info" +
                                                             did_you_mean(sev, {"critical", "high", "medium", "low", "info"}));
        }
        if (const auto* en = get(mr, "enabled")) {
            if (en->is_boolean()) r.enabled = en->as_boolean()->get();
            else diags.error(pos_of(*en), "enabled must be true or false, found " + std::string(toml_type_name(*en)));
        }
        if (opts.plugin && !r.subject.empty()) {
            auto kinds = opts.plugin->subject_kinds();
            if (std::find(kinds.begin(), kinds.end(), r.subject) == kinds.end())
                diags.error(pos_of(*get(mr, "subject")), "plugin '" + opts.plugin->name + "' has no subject kind '" + r.subject + "'" +
                                                           did_you_mean(r.subject, kinds));
        }
        if (const auto* tags = get(mr, "tags")) {
            const auto* arr = tags->as_array();
            for (std::size_t i = 0; arr && i < arr->size(); ++i) {
                if (auto s = arr->get(i)->value<std::string>()) r.tags.push_back(*s);
                else diags.error(pos_of(*arr->get(i)), "tags are text");
            }
            if (!arr) diags.error(pos_of(*tags), "tags must be a list of text, e.g. tags = [\"timeliness\"]");
        }
        if (const auto* refs = get(mr, "references")) {
            const auto* arr = refs->as_array();
            if (!arr || !arr->is_array_of_tables()) {
                diags.error(pos_of(*refs), "references must be a list of { source = \"...\", section = \"...\", url = \"...\" }");
            } else {
                for (const auto& rn : *arr) {
                    const auto& rt = *rn.as_table();
                    check_keys(rt, kReferenceKeys, "a reference", mr.origin, diags);
                    Reference ref;
                    if (auto s = rt.get_as<std::string>("source")) ref.source = s->get();
                    else diags.error(pos_of(rn), "a reference needs source = \"...\"");
                    if (auto s = rt.get_as<std::string>("section")) ref.section = s->get();
                    if (auto s = rt.get_as<std::string>("url")) ref.url = s->get();
                    r.references.push_back(ref);
                }
            }
        }
        if (const auto* w = get(mr, "when")) r.when = parse_expr(*w, "when", r.subject);

        const CheckKindSpec* spec = nullptr;
        const plugin::CheckKindInfo* pk = nullptr;
        const toml::node* check_node = get(mr, "check");
        if (!check_node) {
            diags.error(mr.pos, "rule '" + mr.id + "' has no check (required)");
        } else if (const auto* ct = check_node->as_table()) {
            const toml::node* kind_node = ct->get("kind");
            auto kind = kind_node ? kind_node->value<std::string>() : std::nullopt;
            if (!kind) {
                diags.error(pos_of(*check_node), "check needs kind = \"...\" (one of the check kinds in docs/rules.md)");
            } else {
                r.check_kind = *kind;
                spec = find_builtin_check_kind(*kind);
                if (!spec && opts.plugin)
                    for (const auto& c : opts.plugin->check_kinds)
                        if (c.name == *kind) pk = &c;
                if (!spec && !pk) {
                    std::vector<std::string> all;
                    for (const auto& k : builtin_check_kinds()) all.push_back(k.name);
                    if (opts.plugin)
                        for (const auto& c : opts.plugin->check_kinds) all.push_back(c.name);
                    diags.error(pos_of(*kind_node), "unknown check kind '" + *kind + "'" + did_you_mean(*kind, all) +
                                                            (opts.plugin ? "" : " (plugin not loaded, so only built-in kinds are known)"));
                } else {
                    check_args(r, *ct, spec, pk);
                }
            }
        } else {
            diags.error(pos_of(*check_node), "check must be a table, e.g. check = { kind = \"expression\", expr = \"...\" }");
        }
        if (!r.message.empty()) check_placeholders(r, pos_of(*get(mr, "message")), spec, pk);
        if (diags.items().size() != before && diags.has_errors()) {
            for (std::size_t i = before; i < diags.items().size(); ++i)
                if (diags.items()[i].level == Diagnostic::Level::error) return std::nullopt;
        }
        return r;
    }

    // Day and month counts are whole numbers in a sane range, so a typo cannot make the engine
    // count working days for ever.
    void check_count(const std::string& key, const Value& v, const SourcePos& pos, const std::string& via) {
        ParameterSpec count;
        count.type = ParamType::whole;
        count.min = 0;
        count.max = key.find("month") != std::string::npos ? 1200 : 3660;
        auto checked = conform(count, v);
        if (const auto* msg = std::get_if<std::string>(&checked)) diags.error(pos, "check " + key + via + " " + *msg);
    }

    // A tolerance: any finite number not below 0.
    void check_amount(const std::string& key, const Value& v, const SourcePos& pos, const std::string& via) {
        if (!v.is_number() || v.as_number() < 0)
            diags.error(pos, "check " + key + via + " must be a number not below 0, found " + v.type_name() +
                                 (v.is_number() ? " " + v.to_string() : ""));
    }

    void check_args(Rule& r, const toml::table& ct, const CheckKindSpec* spec, const plugin::CheckKindInfo* pk) {
        // A plugin's own kind is checked as the built-in ones are, by the types it declares.
        CheckKindSpec plugin_spec;
        if (!spec && pk) {
            std::string unknown;
            plugin_spec = spec_of_plugin_kind(pk->name, pk->required, pk->optional, pk->arg_types, unknown);
            if (!unknown.empty())
                diags.error(pos_of(ct), "plugin '" + opts.plugin->name + "' declares check kind '" + pk->name + "' argument " + unknown +
                                            ", which is not a type (date, dates, number, fact, count or amount)");
            spec = &plugin_spec;
            pk = nullptr;
        }
        std::vector<std::string> allowed{"kind"};
        if (spec) for (const auto& a : spec->args) allowed.push_back(a.name);
        if (pk) {
            allowed.insert(allowed.end(), pk->required.begin(), pk->required.end());
            allowed.insert(allowed.end(), pk->optional.begin(), pk->optional.end());
        }
        check_keys(ct, allowed, "check kind '" + r.check_kind + "'", r.origin, diags);
        std::vector<std::string> required = pk ? pk->required : std::vector<std::string>{};
        if (spec) for (const auto& a : spec->args) if (a.required) required.push_back(a.name);
        for (const auto& req : required)
            if (!ct.get(req)) diags.error(pos_of(ct), "check kind '" + r.check_kind + "' needs " + req + " = ...");
        for (auto&& [k, v] : ct) {
            std::string key(k.str());
            if (key == "kind" || std::find(allowed.begin(), allowed.end(), key) == allowed.end()) continue;
            const ArgSpec* as = spec ? spec->find(key) : nullptr;
            if (as && as->role == ArgRole::untyped) as = nullptr;  // not declared: taken as written
            CheckArg arg;
            arg.pos = pos_of(v);
            auto sv = v.value<std::string>();
            bool is_text = v.is_string();
            if (as && as->role == ArgRole::expression) {
                r.check_expr = parse_expr(v, "check expr", r.subject);
                continue;
            }
            if (is_text && sv && !sv->empty() && (*sv)[0] == '$') {
                if (as && as->role != ArgRole::number && as->role != ArgRole::amount) {
                    diags.error(arg.pos, "check " + key + " must be written out, not taken from a parameter");
                    continue;
                }
                arg.parameter = sv->substr(1);
                auto p = params.find(arg.parameter);
                if (p == params.end()) {
                    if (m.params.count(arg.parameter)) continue;  // refused, and reported where it was declared
                    diags.error(arg.pos, "check " + key + " refers to unknown parameter '$" + arg.parameter + "'" +
                                             did_you_mean(arg.parameter, keys_of(m.params)));
                    continue;
                }
                if (as && as->role == ArgRole::number) check_count(key, p->second.value, arg.pos, " (parameter '" + arg.parameter + "')");
                if (as && as->role == ArgRole::amount) check_amount(key, p->second.value, arg.pos, " (parameter '" + arg.parameter + "')");
                r.check_args[key] = arg;
                continue;
            }
            auto val = to_value(v);
            if (!val) {
                diags.error(arg.pos, "check " + key + " must be a number, text or date, found " + toml_type_name(v));
                continue;
            }
            if (val->is_double() && !std::isfinite(val->as_number())) {  // nan or inf: never handed to a check
                diags.error(arg.pos, "check " + key + " must be a finite number, found " + describe_number(val->as_number()));
                continue;
            }
            // A plugin's own check kind may show any argument: a sensitive fact may not be one.
            if (!as && is_text && opts.plugin)
                if (const FactDecl* f = opts.plugin->find_fact(r.subject, *sv)) refuse_sensitive(*f, r.check_kind, arg.pos);
            if (as) {
                switch (as->role) {
                    case ArgRole::number:
                        if (!val->is_number()) diags.error(arg.pos, "check " + key + " must be a number or \"$parameter\", found " + toml_type_name(v));
                        else check_count(key, *val, arg.pos, "");
                        break;
                    case ArgRole::amount:
                        check_amount(key, *val, arg.pos, "");
                        break;
                    case ArgRole::choice:
                        if (!is_text || std::find(as->choices.begin(), as->choices.end(), *sv) == as->choices.end())
                            diags.error(arg.pos, "check " + key + " must be one of " + [&] {
                                std::string s;
                                for (const auto& c : as->choices) s += (s.empty() ? "" : ", ") + c;
                                return s;
                            }());
                        break;
                    default:
                        if (!is_text) diags.error(arg.pos, "check " + key + " must name a fact, in quotes");
                        else check_fact(*sv, r.subject, as->role, arg.pos, r.check_kind);
                }
            }
            arg.literal = *val;
            r.check_args[key] = arg;
        }
    }
};

}  // namespace

std::optional<fs::path> find_ruleset_file(const std::string& id, const std::vector<fs::path>& dirs) {
    std::error_code ec;
    for (const auto& d : dirs)
        if (fs::path p = d / (id + ".toml"); fs::is_regular_file(p, ec)) return p;
    // Then one folder down, where a plugin keeps its packs (rules/stocktake/laming-2009.toml), so
    // an overlay kept anywhere can say `extends = "laming-2009"`; folders in name order.
    for (const auto& d : dirs) {
        std::vector<fs::path> subs;
        for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_directory(ec)) subs.push_back(it->path());
        std::sort(subs.begin(), subs.end());
        for (const auto& sub : subs)
            if (fs::path p = sub / (id + ".toml"); fs::is_regular_file(p, ec)) return p;
    }
    return std::nullopt;
}

std::string root_pack_id(const fs::path& file, const std::vector<fs::path>& dirs) {
    Diagnostics quiet;  // the full load reports whatever is wrong with the chain
    auto h = read_header(file, dirs, quiet);
    if (!h) return file.stem().string();
    fs::path at = file;
    for (int depth = 0; !h->extends.empty() && depth < 16; ++depth) {
        auto parent = resolve_extends(h->extends, at, dirs);
        auto ph = parent ? read_header(*parent, dirs, quiet) : std::nullopt;
        if (!ph) break;
        h = ph;
        at = *parent;
    }
    return h->id;
}

std::optional<RuleSetHeader> read_header(const fs::path& file, const std::vector<fs::path>& dirs, Diagnostics& diags) {
    auto t = parse_toml(file, diags);
    if (!t) return std::nullopt;
    RuleSetHeader h;
    h.id = (*t)["ruleset"]["id"].value_or(std::string());
    h.plugin = (*t)["ruleset"]["plugin"].value_or(std::string());
    h.extends = (*t)["ruleset"]["extends"].value_or(std::string());
    if (h.id.empty()) {
        diags.error({file.string(), 1, 1}, "missing [ruleset] id = \"...\"");
        return std::nullopt;
    }
    // Follow `extends` for the plugin, a bounded number of steps (a cycle is reported by the full load).
    fs::path at = file;
    std::string ext = h.extends;
    for (int depth = 0; h.plugin.empty() && !ext.empty() && depth < 16; ++depth) {
        auto parent = resolve_extends(ext, at, dirs);
        if (!parent) break;
        Diagnostics quiet;
        auto pt = parse_toml(*parent, quiet);
        if (!pt) break;
        h.plugin = (*pt)["ruleset"]["plugin"].value_or(std::string());
        ext = (*pt)["ruleset"]["extends"].value_or(std::string());
        at = *parent;
    }
    return h;
}

std::optional<RuleSet> load_ruleset(const fs::path& file, const LoadOptions& opts, Diagnostics& diags) {
    std::vector<Pack> chain;
    chain.reserve(16 + opts.overlays.size());
    std::vector<fs::path> visiting;
    if (!load_chain(file, opts.rule_dirs, chain, visiting, diags)) return std::nullopt;
    Merged m;
    for (std::size_t i = 0; i < chain.size(); ++i) merge_pack(chain[i], i == 0, m, diags);
    for (const auto& overlay : opts.overlays) {
        auto t = parse_toml(overlay, diags);
        if (!t) continue;
        check_keys(*t, kTopKeys, "the file", overlay.string(), diags);
        if (!(*t)["ruleset"].as_table()) {
            diags.error({overlay.string(), 1, 1}, "missing [ruleset] table in overlay");
            continue;
        }
        chain.push_back({overlay, std::move(*t)});
        merge_pack(chain.back(), false, m, diags);
    }
    if (m.plugin.empty()) diags.error({file.string(), 1, 1}, "[ruleset] needs plugin = \"...\" (the plugin this rule set is for)");

    RuleSet rs;
    rs.id = m.id;
    rs.version = m.version;
    rs.plugin = m.plugin;
    rs.description = m.description;
    rs.calendar = m.calendar;
    rs.purpose = m.purpose;
    rs.removed = m.removed;
    for (const auto& p : chain) {
        RuleFile rf{p.path.string(), {}};
        util::sha256_file(p.path, rf.sha256);
        rs.files.push_back(rf);
    }
    for (const auto& p : m.items_files) {  // what lists took items from: recorded like the packs
        RuleFile rf{p.path.string(), {}};
        util::sha256_file(p.path, rf.sha256);
        rs.files.push_back(rf);
    }

    for (const auto& set : opts.sets)
        if (auto recorded = apply_set(set, m.id, m.plugin, m.params, diags)) rs.overrides.push_back(*recorded);

    Validator v{m, opts, diags, {}};
    for (const auto& [name, p] : m.params)
        if (!p.refused) v.params[name] = Parameter{name, p.value, p.description, p.source, p.pos, p.origin, p.spec};
    rs.parameters = v.params;
    for (const auto& mr : m.rules)
        if (auto r = v.rule(mr)) rs.rules.push_back(std::move(*r));
    if (opts.plugin) check_required_lists(m.lists, *opts.plugin, m.id, file.string(), diags);
    rs.lists = finished_lists(std::move(m.lists));
    if (diags.has_errors()) return std::nullopt;
    return rs;
}

std::optional<WorkingCalendar> load_calendar(const std::string& id, const std::vector<fs::path>& dirs, Diagnostics& diags,
                                             std::string* path_out) {
    std::vector<fs::path> search;
    for (const auto& d : dirs) search.push_back(d / "calendars");
    auto file = find_ruleset_file(id, search);
    if (!file) {
        diags.error({"calendars/" + id + ".toml"}, "calendar '" + id + "' not found in the rule folders' calendars/ subfolders");
        return std::nullopt;
    }
    if (path_out) *path_out = file->string();
    auto t = parse_toml(*file, diags);
    if (!t) return std::nullopt;
    int first = (*t)["calendar"]["first_year"].value_or(0);
    int last = (*t)["calendar"]["last_year"].value_or(0);
    if (first < 1900 || last > 2200 || last < first) {
        diags.error({file->string(), 1, 1}, "[calendar] needs first_year and last_year (the years the holiday list covers)");
        return std::nullopt;
    }
    std::vector<Date> holidays;
    if (const auto* arr = (*t)["holiday"].as_array()) {
        for (const auto& h : *arr) {
            const auto* ht = h.as_table();
            const toml::node* d = ht ? ht->get("date") : nullptr;
            if (!d || !d->is_date()) {
                diags.error(pos_of(h, file->string()), "each [[holiday]] needs date = YYYY-MM-DD (a TOML date, no quotes)");
                continue;
            }
            auto td = d->as_date()->get();
            holidays.push_back(*Date::from_ymd(td.year, td.month, td.day));
        }
    }
    if (diags.has_errors()) return std::nullopt;
    return WorkingCalendar(id, std::move(holidays), *Date::from_ymd(first, 1, 1), *Date::from_ymd(last, 12, 31));
}

}  // namespace sgaudit::rules
