#include "sgaudit/run/run_plan.hpp"

#include "sgaudit/run/pack_keys.hpp"
#include "sgaudit/run/rule_packs.hpp"

#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/util/private_file.hpp"

#include <spdlog/spdlog.h>

namespace sgaudit::run {
namespace fs = std::filesystem;

std::optional<RuleFiles> ruleset_files_for(const plugin::Manifest& plugin, const std::vector<fs::path>& rule_files,
                                           const std::vector<fs::path>& rule_dirs, rules::Diagnostics& diags) {
    std::vector<fs::path> mine;
    for (const auto& f : rule_files) {
        auto h = rules::read_header(f, rule_dirs, diags);
        if (h && h->plugin == plugin.name) mine.push_back(f);
    }
    if (!mine.empty()) return RuleFiles{mine.front(), {mine.begin() + 1, mine.end()}};
    for (const auto& id : plugin.rulesets)
        if (auto f = rules::find_ruleset_file(id, rule_dirs)) return RuleFiles{*f, {}};
    return std::nullopt;
}

std::optional<std::vector<const plugin::LoadedPlugin*>> select_plugins(const plugin::Discovery& discovery,
                                                                       const std::vector<std::string>& names, std::string& error) {
    std::vector<const plugin::LoadedPlugin*> selected;
    if (names.empty())
        for (const auto& p : discovery.plugins) selected.push_back(&p);
    for (const auto& name : names) {
        const auto* p = discovery.find(name);
        if (!p) {
            std::string known;
            for (const auto& q : discovery.plugins) known += (known.empty() ? "" : ", ") + q.manifest().name;
            error = "no plugin named '" + name + "' was found (found: " + (known.empty() ? "none" : known) +
                    "); `sgaudit plugins` lists what was found where";
            return std::nullopt;
        }
        selected.push_back(p);
    }
    if (selected.empty()) {
        error = "no audit plugins were found; `sgaudit plugins` shows where sgaudit looked";
        return std::nullopt;
    }
    return selected;
}

namespace {

// Every --rules file must belong to one of the selected plugins; every --set must be RULESET.PARAMETER=VALUE.
void check_rule_arguments(const std::vector<const plugin::LoadedPlugin*>& selected, const RunOptions& opt,
                          rules::Diagnostics& diags) {
    for (const auto& f : opt.rule_files) {
        auto h = rules::read_header(f, opt.rule_dirs, diags);
        if (!h) continue;
        bool used = false;
        for (const auto* p : selected) used = used || h->plugin == p->manifest().name;
        if (!used) diags.error({f.string(), 1, 1}, "rule set '" + h->id + "' is for plugin '" + h->plugin +
                                                       "', which is not part of this run");
    }
    for (const auto& set : opt.sets) {
        auto dot = set.find('.'), eq = set.find('=');
        if (dot == std::string::npos || eq == std::string::npos || dot > eq)
            diags.error({"--set"}, "--set " + set + ": write --set RULESET.PARAMETER=VALUE, e.g. --set data-quality.allocated_role=\"Allocated Case Worker\"");
    }
}

// The plugin's rule set (and its calendar, once per calendar name). A plugin whose rule sets are
// packs runs once per pack, each run named <plugin>/<rule set id> (see pack_runs).
// What the run reports about the plugin before its rule set is known.
PlannedPlugin planned(const plugin::LoadedPlugin& library) {
    PlannedPlugin p{&library, {}, {}};
    const auto& m = library.manifest();
    p.record.name = m.name;
    p.record.version = m.version;
    p.record.file = library.file().string();
    p.record.unplaced_subject_kinds = m.unplaced_subject_kinds;
    return p;
}

PlannedPlugin plan_plugin(const plugin::LoadedPlugin& library, const RuleFiles& files, bool pack_based, const RunOptions& opt,
                          RunPlan& plan, rules::Diagnostics& diags) {
    PlannedPlugin p = planned(library);
    PluginRun& pr = p.record;
    const auto& m = library.manifest();
    rules::LoadOptions lo{opt.rule_dirs, files.overlays, opt.sets, &m};
    auto rs = rules::load_ruleset(files.pack, lo, diags);
    if (!rs) return p;
    pr.ruleset = std::move(*rs);
    pr.has_ruleset = true;
    // Named by the pack at the root of its chain (laming-2009 under a council's overlay too), so a
    // stocktake keeps one name across runs, and its history, whatever overlays a run adds.
    if (pack_based) pr.name = rules::pack_run_name(m.name, rules::root_pack_id(files.pack, opt.rule_dirs));
    if (!plan.calendars.count(pr.ruleset.calendar)) {
        std::string cal_path;
        if (auto cal = rules::load_calendar(pr.ruleset.calendar, opt.rule_dirs, diags, &cal_path))
            plan.calendars.emplace(pr.ruleset.calendar, std::move(*cal));
        pr.calendar_file = cal_path;
    }
    return p;
}

// A plugin that cannot run for want of a rule set, failed with the reason.
PlannedPlugin without_ruleset(const plugin::LoadedPlugin& library) {
    PlannedPlugin p = planned(library);
    const auto& m = library.manifest();
    p.record.status = PluginStatus::failed;
    p.record.error = m.rulesets.empty()
                         ? "plugin '" + m.name + "' has no default rule set and no pack of its own was found in the rule folders "
                           "(RULES/*.toml or RULES/" + m.name + "/*.toml): name one of its packs with --rules"
                         : "no rule set found for plugin '" + m.name + "' (looked for " + m.rulesets.front() + ".toml in the rule folders)";
    return p;
}

// Sets naming a rule set in the run but no parameter were reported by the loader; a set
// naming no rule set at all must not vanish silently.
void check_sets_matched(const RunPlan& plan, const RunOptions& opt, rules::Diagnostics& diags) {
    for (const auto& set : opt.sets) {
        std::string prefix = set.substr(0, set.find('.'));
        bool matched = false;
        for (const auto& p : plan.plugins)
            matched = matched || p.record.ruleset.id == prefix || p.record.name == prefix || p.library->manifest().name == prefix;
        if (!matched && set.find('.') != std::string::npos)
            diags.error({"--set"}, "--set " + set + ": no rule set '" + prefix + "' in this run");
    }
}

void load_waivers(RunPlan& plan, const RunOptions& opt, rules::Diagnostics& diags) {
    for (const auto& wf : opt.waiver_files)
        if (auto w = rules::Waivers::load(wf, diags)) plan.waivers.merge(*w);
    std::vector<const rules::RuleSet*> loaded;
    for (const auto& p : plan.plugins)
        if (p.record.has_ruleset) loaded.push_back(&p.record.ruleset);
    plan.waivers.validate(loaded, diags);
}

}  // namespace

RunPlan plan_run(const std::vector<const plugin::LoadedPlugin*>& selected, const RunOptions& opt, rules::Diagnostics& diags) {
    RunPlan plan;
    check_rule_arguments(selected, opt, diags);
    for (const auto* p : selected) {
        const auto& m = p->manifest();
        if (!m.rulesets.empty()) {
            auto files = ruleset_files_for(m, opt.rule_files, opt.rule_dirs, diags);
            plan.plugins.push_back(files ? plan_plugin(*p, *files, false, opt, plan, diags) : without_ruleset(*p));
            continue;
        }
        // Its rule sets are packs (the stocktake's, one per inquiry): one run for each.
        auto packs = pack_runs(m, opt.rule_files, opt.rule_dirs, diags);
        if (packs.empty() && opt.plugins.empty()) {
            spdlog::info("plugin {} left out: no pack of its own was found in the rule folders", m.name);
            continue;
        }
        if (packs.empty()) plan.plugins.push_back(without_ruleset(*p));
        for (const auto& files : packs) plan.plugins.push_back(plan_plugin(*p, files, true, opt, plan, diags));
        std::vector<const PlannedPlugin*> mine;
        for (std::size_t i = plan.plugins.size() - packs.size(); i < plan.plugins.size(); ++i) mine.push_back(&plan.plugins[i]);
        check_pack_keys(m, mine, opt, diags);
    }
    check_sets_matched(plan, opt, diags);
    load_waivers(plan, opt, diags);
    if (diags.has_errors()) return plan;
    for (auto& p : plan.plugins)
        if (!p.record.calendar_file.empty()) util::sha256_file(p.record.calendar_file, p.record.calendar_sha256);
    return plan;
}

}  // namespace sgaudit::run
