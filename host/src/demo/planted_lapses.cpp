#include "sgaudit/demo/planted_lapses.hpp"

#include <algorithm>
#include <tuple>

#include "sgaudit/rules/toml_file.hpp"

namespace sgaudit::demo {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kCatcherKeys{"plugin", "rule", "judges", "awaits", "outcome"};

rules::SourcePos pos_of(const std::string& file, const toml::node& n) {
    return {file, static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
}

// One [lapse.KIND] table; its problems go to `diags`.
Catcher read_catcher(const std::string& file, const std::string& kind, const toml::node& node, rules::Diagnostics& diags) {
    Catcher c;
    const std::string where = "[lapse." + kind + "]";
    const toml::table* t = node.as_table();
    if (!t) {
        diags.error(pos_of(file, node), where + " must be a table with plugin and rule, or awaits");
        return c;
    }
    std::string* fields[] = {&c.plugin, &c.rule, &c.judges, &c.awaits, &c.outcome};
    for (auto&& [k, v] : *t) {
        std::string key(k.str());
        auto known = std::find(kCatcherKeys.begin(), kCatcherKeys.end(), key);
        if (known == kCatcherKeys.end()) {
            diags.error(pos_of(file, v), "unknown key '" + key + "' in " + where + rules::did_you_mean(key, kCatcherKeys));
            continue;
        }
        auto text = v.value<std::string>();
        if (!v.is_string() || !text || text->empty()) diags.error(pos_of(file, v), where + " " + key + " must be text in quotes, not empty");
        else *fields[known - kCatcherKeys.begin()] = *text;
    }
    const bool rule = !c.plugin.empty() || !c.rule.empty(), awaits = !c.awaits.empty();
    if (rule && (c.plugin.empty() || c.rule.empty()))
        diags.error(pos_of(file, node), where + " needs both plugin and rule: the rule of that plugin expected to catch it");
    else if (rule && awaits)
        diags.error(pos_of(file, node), where + " has both a rule and awaits: give plugin and rule when an audit built catches it, "
                                        "awaits when none does yet");
    else if (!rule && !awaits)
        diags.error(pos_of(file, node), where + " needs plugin and rule (the rule expected to catch it) or awaits (the audit, not "
                                        "built yet, that will)");
    else if (!c.judges.empty() && !rule)
        diags.error(pos_of(file, node), where + " has judges without a plugin and rule: judges says which planted subjects that audit judges");
    else if (!c.outcome.empty() && !rule)
        diags.error(pos_of(file, node), where + " has outcome without a plugin and rule: outcome says how that rule catches it");
    if (const toml::node* o = t->get("outcome"); o && !c.outcome.empty() && c.outcome != "fail" && c.outcome != "error")
        diags.error(pos_of(file, *o), where + " outcome must be \"fail\" (a failure, the default) or \"error\" (a data error the rule "
                                      "reports as error), found \"" + c.outcome + "\"");
    if (c.outcome == "fail") c.outcome.clear();
    return c;
}

}  // namespace

std::optional<Catchers> load_catchers(const fs::path& path, rules::Diagnostics& diags) {
    auto parsed = rules::parse_toml_file(path, diags);
    if (!parsed) return std::nullopt;
    const std::string file = path.string();
    rules::Diagnostics found;
    for (auto&& [k, v] : *parsed)
        if (k.str() != "lapse") found.error(pos_of(file, v), "unknown key '" + std::string(k.str()) + "': the lapse map holds [lapse.KIND] tables only");
    Catchers out;
    const toml::table* lapses = (*parsed)["lapse"].as_table();
    if (!lapses || lapses->empty()) found.error({file, 1, 1}, "the lapse map has no [lapse.KIND] tables");
    else
        for (auto&& [k, v] : *lapses) out[std::string(k.str())] = read_catcher(file, std::string(k.str()), v, found);
    diags.append(found);
    if (found.has_errors()) return std::nullopt;
    return out;
}

Status expect_catchers(Manifest& manifest, const Catchers& catchers, const std::string& file) {
    std::string missing;
    for (const auto& [kind, ids] : manifest.lapses) {
        auto it = catchers.find(kind);
        if (it != catchers.end()) manifest.expected[kind] = it->second;
        else missing += (missing.empty() ? "" : ", ") + kind;
    }
    if (missing.empty()) return Status::ok();
    return Status::error("the demo planted lapses that " + file + " does not map to an audit: " + missing + ". Add a [lapse.KIND] table "
                         "for each, with the plugin and rule expected to catch it, or awaits naming the audit not built yet");
}

PlantedCheck::PlantedCheck(const Manifest& manifest) : manifest_(manifest) {
    for (const auto& [kind, ids] : manifest.lapses) {
        tally_[kind].planted = ids.size();
        auto c = manifest.expected.find(kind);
        if (c == manifest.expected.end() || !c->second.built()) continue;
        auto& subjects = watch_[c->second.plugin][c->second.rule];
        for (const auto& id : ids) subjects[id].push_back(kind);
    }
}

void PlantedCheck::plugin_started(const std::string& plugin, const rules::RuleSet& rules) {
    auto& enabled = enabled_[plugin];
    for (const auto& r : rules.rules)
        if (r.enabled) enabled.insert(r.id);
}

void PlantedCheck::add(const Result& r) {
    auto p = watch_.find(r.plugin);
    if (p == watch_.end()) return;
    auto rule = p->second.find(r.rule);
    if (rule == p->second.end()) return;
    auto subject = rule->second.find(r.subject.id);
    if (subject == rule->second.end()) return;
    for (const auto& kind : subject->second) {
        auto& t = tally_[kind];
        t.judged.insert(r.subject.id);
        // A planted data error is caught by an error; any other lapse by a failure (waived or not).
        if (manifest_.expected.at(kind).by_error() ? r.outcome == Outcome::error
                                                   : r.outcome == Outcome::fail || r.outcome == Outcome::waived)
            t.caught.insert(r.subject.id);
        else if (r.outcome == Outcome::error)
            t.errors.insert(r.subject.id);
    }
}

void PlantedCheck::plugin_ended(const std::string& plugin, bool complete) { complete_[plugin] = complete; }

std::string PlantedCheck::not_run_reason(const Catcher& c) const {
    auto e = enabled_.find(c.plugin);
    if (e == enabled_.end()) return c.plugin + " did not run (not found, or skipped)";
    if (!e->second.count(c.rule)) return c.rule + " is not among " + c.plugin + "'s enabled rules";
    auto k = complete_.find(c.plugin);
    if (k == complete_.end() || !k->second) return c.plugin + " did not complete";
    return {};
}

const PlantedCheck::Tally& PlantedCheck::tally(const std::string& kind) const {
    static const Tally none;
    auto it = tally_.find(kind);
    return it == tally_.end() ? none : it->second;
}

namespace {

// The rule column is as wide as its longest entry (a stocktake pack's run names are long), so
// the counts stay in their columns.
std::string table_row(const std::string& kind, const std::string& rule, std::size_t rule_width, const std::string& planted,
                      const std::string& judged, const std::string& caught) {
    auto left = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
    auto right = [](const std::string& s, std::size_t w) { return std::string(w > s.size() ? w - s.size() : 0, ' ') + s; };
    return "    " + left(kind, 36) + " " + left(rule, rule_width) + " " + right(planted, 7) + " " + right(judged, 7) + " " +
           right(caught, 7) + "\n";
}

}  // namespace

// The kinds whose rule ran, by plugin and rule, under a header row, with the totals over them;
// empty when none ran.
std::string PlantedCheck::ran_rows(std::size_t& planted, std::size_t& judged, std::size_t& caught) const {
    std::vector<std::tuple<std::string, std::string, std::string>> order;  // plugin, rule, kind
    for (const auto& [kind, c] : manifest_.expected)
        if (c.built() && not_run_reason(c).empty()) order.emplace_back(c.plugin, c.rule, kind);
    std::sort(order.begin(), order.end());
    std::vector<std::string> rules;
    std::size_t width = 52;
    for (const auto& [plugin, rule, kind] : order) {
        rules.push_back(plugin + " / " + rule + (manifest_.expected.at(kind).by_error() ? " (as error)" : ""));
        width = std::max(width, rules.back().size());
    }
    std::string rows;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::string& kind = std::get<2>(order[i]);
        const Tally& t = tally(kind);
        planted += t.planted;
        judged += t.judged.size();
        caught += t.caught.size();
        rows += table_row(kind, rules[i], width, std::to_string(t.planted), std::to_string(t.judged.size()), std::to_string(t.caught.size()));
    }
    return rows.empty() ? rows : table_row("lapse", "expected to catch it", width, "planted", "judged", "caught") + rows;
}

// The kinds of built audits that did not run (`built`), or of audits not built yet.
std::string PlantedCheck::waiting(bool built, std::size_t& planted) const {
    std::string out;
    for (const auto& [kind, c] : manifest_.expected) {
        std::string why = c.built() ? not_run_reason(c) : c.awaits;
        if (c.built() != built || why.empty()) continue;
        planted += tally(kind).planted;
        out += "\n    " + kind + " " + std::to_string(tally(kind).planted) + (built ? ": " : ", for ") + why;
    }
    return out;
}

// Planted lapses an audit judged but did not catch: the manifest and the audits disagree.
std::string PlantedCheck::missed() const {
    std::string out;
    for (const auto& [kind, c] : manifest_.expected) {
        if (!c.built() || !not_run_reason(c).empty()) continue;
        const Tally& t = tally(kind);
        std::size_t passed = t.judged.size() - t.caught.size() - t.errors.size();
        if (passed)
            out += "  warning: " + std::to_string(passed) + " " + kind + " lapse(s) judged by " + c.rule + " were not caught (it " +
                   (c.by_error() ? "did not report them as data errors" : "passed them or found them not applicable") +
                   "): the manifest and the audit disagree\n";
        if (!t.errors.empty())
            out += "  note: " + std::to_string(t.errors.size()) + " " + kind + " lapse(s) could not be judged by " + c.rule + "\n";
    }
    return out;
}

std::string PlantedCheck::summary() const {
    std::size_t planted = 0, judged = 0, caught = 0, not_run = 0, not_built = 0;
    std::string rows = ran_rows(planted, judged, caught);
    std::string out = "Planted lapses (manifest.json lists each one, with the rule expected to catch it):\n";
    if (rows.empty()) {
        out += "  none for the audits that ran\n";
    } else {
        out += "  " + std::to_string(planted) + " for the audits that ran, " + std::to_string(judged) + " of them on subjects those audits "
               "judge: " + std::to_string(caught) + " caught.\n" + rows;
        std::set<std::pair<std::string, std::string>> scopes;
        for (const auto& [kind, c] : manifest_.expected)
            if (c.built() && !c.judges.empty() && not_run_reason(c).empty()) scopes.emplace(c.plugin, c.judges);
        for (const auto& [plugin, judges] : scopes)
            out += "  " + plugin + " judges only " + judges + "; lapses planted on other subjects are outside that audit.\n";
    }
    std::string a = waiting(true, not_run), b = waiting(false, not_built);
    if (!a.empty()) out += "  " + std::to_string(not_run) + " wait for audits that did not run:" + a + "\n";
    if (!b.empty()) out += "  " + std::to_string(not_built) + " wait for audits not built yet:" + b + "\n";
    return out + missed();
}

}  // namespace sgaudit::demo
