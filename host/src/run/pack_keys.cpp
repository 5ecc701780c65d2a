#include "sgaudit/run/pack_keys.hpp"

#include <cctype>
#include <map>
#include <set>

#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/run/rule_packs.hpp"

namespace sgaudit::run {

namespace {

struct KeyedPack {
    std::string id, key, shown, files;  // key: trimmed and folded to lower case; shown: as written
};

std::optional<KeyedPack> keyed(const rules::RuleSet& rs, const std::string& id, const std::string& key_name) {
    auto v = rs.parameter(key_name);
    const std::string shown(v ? trim(to_text(*v)) : std::string_view{});
    if (shown.empty()) return std::nullopt;
    std::string key = shown;
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string files;
    for (const auto& f : rs.files) files += (files.empty() ? "" : " with overlay ") + f.path;
    return KeyedPack{id, key, shown, files};
}

// The packs in the rule folders, loaded quietly: one that does not load is not this run's.
std::vector<KeyedPack> folder_packs(const plugin::Manifest& m, const RunOptions& opt) {
    std::vector<KeyedPack> out;
    rules::Diagnostics quiet;
    for (const auto& files : pack_runs(m, {}, opt.rule_dirs, quiet)) {
        rules::LoadOptions lo{opt.rule_dirs, {}, {}, &m};
        if (auto rs = rules::load_ruleset(files.pack, lo, quiet))
            if (auto k = keyed(*rs, rs->id, m.pack_key)) out.push_back(std::move(*k));
    }
    return out;
}

}  // namespace

void check_pack_keys(const plugin::Manifest& m, const std::vector<const PlannedPlugin*>& planned, const RunOptions& opt,
                     rules::Diagnostics& diags) {
    if (m.pack_key.empty()) return;
    std::vector<KeyedPack> run, packs;
    std::set<std::string> ids;
    for (const auto* p : planned) {
        // The run's name carries the id of the pack at the root of its chain (stocktake/laming-2009).
        const std::string& name = p->record.name;
        if (p->record.has_ruleset)
            if (auto k = keyed(p->record.ruleset, name.substr(name.find('/') + 1), m.pack_key); k && ids.insert(k->id).second)
                run.push_back(std::move(*k));
    }
    // The folders' other packs first, so that a pack named with --rules is the one said to clash.
    if (!opt.rule_files.empty())
        for (auto& k : folder_packs(m, opt))
            if (ids.insert(k.id).second) packs.push_back(std::move(k));
    for (auto& k : run) packs.push_back(std::move(k));
    std::map<std::string, const KeyedPack*> first;
    for (const auto& p : packs) {
        auto [it, fresh] = first.try_emplace(p.key, &p);
        if (fresh) continue;
        const KeyedPack& a = *it->second;
        diags.error({p.files}, "packs " + a.id + " (" + a.files + ") and " + p.id + " (" + p.files + ") of plugin '" + m.name +
                                   "' have the same " + m.pack_key + " (" + p.shown + "): both would audit the same rows, and " +
                                   "their reports and workbooks would bear the same name. To change a pack, write an overlay " +
                                   "of it (extends = \"" + a.id + "\"); a pack of one's own needs a " + m.pack_key + " of its own.");
    }
}

}  // namespace sgaudit::run
