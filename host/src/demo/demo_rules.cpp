#include "sgaudit/demo/demo_rules.hpp"

#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/run/rule_packs.hpp"

namespace sgaudit::demo {
namespace fs = std::filesystem;

namespace {

// The overlays in the demo's folder, by plugin, in name order (council.toml and lapses.toml are
// no rule sets and are passed over).
std::map<std::string, std::vector<fs::path>> overlays_by_plugin(const fs::path& demo_dir, const std::vector<fs::path>& rule_dirs) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(demo_dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    std::map<std::string, std::vector<fs::path>> out;
    for (const auto& f : files) {
        rules::Diagnostics quiet;
        auto h = rules::read_header(f, rule_dirs, quiet);
        if (h && !h->extends.empty()) out[h->plugin].push_back(f);
    }
    return out;
}

// Each pack of the plugin, followed by the overlays whose chain ends in it; the overlays left
// over (their pack not found) are warned of.
void packs_with_overlays(const plugin::Manifest& m, const std::vector<fs::path>& overlays, const std::vector<fs::path>& rule_dirs,
                         std::vector<fs::path>& out) {
    rules::Diagnostics quiet;
    std::vector<bool> placed(overlays.size(), false);
    for (const auto& pack : run::pack_runs(m, {}, rule_dirs, quiet)) {
        out.push_back(pack.pack);
        const std::string id = rules::root_pack_id(pack.pack, rule_dirs);
        for (std::size_t i = 0; i < overlays.size(); ++i)
            if (!placed[i] && rules::root_pack_id(overlays[i], rule_dirs) == id) {
                out.push_back(overlays[i]);
                placed[i] = true;
            }
    }
    for (std::size_t i = 0; i < overlays.size(); ++i)
        if (!placed[i]) spdlog::warn("the demo's {} is left out: no pack of plugin {} that it extends was found", overlays[i].string(), m.name);
}

}  // namespace

std::vector<fs::path> demo_rule_files(const fs::path& demo_dir, const plugin::Discovery& discovery, const std::vector<fs::path>& rule_dirs) {
    std::vector<fs::path> out;
    for (const auto& [name, overlays] : overlays_by_plugin(demo_dir, rule_dirs)) {
        const plugin::LoadedPlugin* p = discovery.find(name);
        if (!p) {
            for (const auto& f : overlays) spdlog::warn("the demo's {} is left out: plugin '{}' was not found", f.string(), name);
            continue;
        }
        if (p->manifest().rulesets.empty()) packs_with_overlays(p->manifest(), overlays, rule_dirs, out);
        else out.insert(out.end(), overlays.begin(), overlays.end());
    }
    return out;
}

}  // namespace sgaudit::demo
