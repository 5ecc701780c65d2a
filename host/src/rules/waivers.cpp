#include "sgaudit/rules/waivers.hpp"

#include <algorithm>

#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/rules/toml_file.hpp"

namespace sgaudit::rules {

static SourcePos pos_of(const toml::node& n, const std::string& file) {
    return {file, static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
}

std::optional<Waivers> Waivers::load(const std::filesystem::path& file, Diagnostics& diags) {
    auto parsed = parse_toml_file(file, diags);
    if (!parsed) return std::nullopt;
    toml::table& t = *parsed;
    Waivers w;
    w.files_.push_back(file.string());
    const std::string f = file.string();
    for (auto&& [k, v] : t)
        if (k.str() != "waiver")
            diags.error(pos_of(v, f), "unknown key '" + std::string(k.str()) + "': a waiver file holds [[waiver]] tables" +
                                          did_you_mean(k.str(), {"waiver"}));
    const toml::array* arr = t["waiver"].as_array();
    if (!arr) return diags.has_errors() ? std::nullopt : std::optional<Waivers>(w);
    static const std::vector<std::string> keys{"plugin", "rule", "subject", "justification", "approver", "expires"};
    for (const auto& n : *arr) {
        const toml::table* wt = n.as_table();
        if (!wt) {
            diags.error(pos_of(n, f), "each waiver is a [[waiver]] table");
            continue;
        }
        for (auto&& [k, v] : *wt)
            if (std::find(keys.begin(), keys.end(), std::string(k.str())) == keys.end())
                diags.error(pos_of(v, f), "unknown key '" + std::string(k.str()) + "' in waiver" + did_you_mean(k.str(), keys));
        WaiverEntry e;
        e.pos = pos_of(n, f);
        auto text = [&](const char* key, std::string& out, bool required) {
            const toml::node* v = wt->get(key);
            if (!v) {
                if (required) diags.error(e.pos, std::string("waiver needs ") + key + " = \"...\"");
                return;
            }
            if (!v->is_string() || v->value<std::string>()->empty()) diags.error(pos_of(*v, f), std::string(key) + " must be non-empty text");
            else out = *v->value<std::string>();
        };
        text("plugin", e.plugin, false);
        text("rule", e.rule, true);
        text("subject", e.subject, true);
        text("justification", e.waiver.justification, true);
        text("approver", e.waiver.approver, true);
        const toml::node* ex = wt->get("expires");
        if (!ex) {
            diags.error(e.pos, "waiver needs expires = YYYY-MM-DD (a waiver without an end date is never reviewed)");
        } else if (!ex->is_date()) {
            diags.error(pos_of(*ex, f), "expires must be a date written YYYY-MM-DD without quotes");
        } else {
            auto d = ex->as_date()->get();
            e.waiver.expires = *Date::from_ymd(d.year, d.month, d.day);
        }
        w.entries_.push_back(std::move(e));
    }
    if (diags.has_errors()) return std::nullopt;
    return w;
}

void Waivers::validate(const std::vector<const RuleSet*>& rulesets, Diagnostics& diags) const {
    for (const auto& e : entries_) {
        bool found = false;
        std::vector<std::string> all;
        for (const auto* rs : rulesets) {
            if (!e.plugin.empty() && rs->plugin != e.plugin && pack_run_name(rs->plugin, rs->id) != e.plugin) continue;
            for (const auto& r : rs->rules) {
                all.push_back(r.id);
                if (r.id == e.rule) found = true;
            }
        }
        if (!found)
            diags.error(e.pos, "waiver names rule '" + e.rule + "', which no rule set in this run has" + did_you_mean(e.rule, all) +
                                   "; correct the rule id or remove the waiver");
    }
}

const WaiverEntry* Waivers::find(const std::string& plugin, const std::string& rule, const std::string& subject) const {
    for (const auto& e : entries_)
        if (e.rule == rule && e.subject == subject &&
            (e.plugin.empty() || e.plugin == plugin || e.plugin == plugin_of_run(plugin)))
            return &e;
    return nullptr;
}

void Waivers::merge(const Waivers& other) {
    entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
    files_.insert(files_.end(), other.files_.begin(), other.files_.end());
}

}  // namespace sgaudit::rules
