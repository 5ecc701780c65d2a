#include "sgaudit/run/rule_packs.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sgaudit/rules/ruleset_loader.hpp"

namespace sgaudit::run {
namespace fs = std::filesystem;

namespace {

std::vector<RuleFiles> from_rule_files(const plugin::Manifest& plugin, const std::vector<fs::path>& rule_files,
                                       const std::vector<fs::path>& rule_dirs, rules::Diagnostics& diags) {
    std::vector<RuleFiles> packs;
    std::map<std::string, std::size_t> pack_of_id;  // every id given so far, to the pack it is in
    for (const auto& f : rule_files) {
        auto h = rules::read_header(f, rule_dirs, diags);
        if (!h || h->plugin != plugin.name) continue;
        if (auto it = pack_of_id.find(h->extends); !h->extends.empty() && it != pack_of_id.end()) {
            packs[it->second].overlays.push_back(f);
            pack_of_id[h->id] = it->second;
            continue;
        }
        pack_of_id[h->id] = packs.size();
        packs.push_back(RuleFiles{f, {}});
    }
    return packs;
}

// The .toml files directly in `dir`, by name, so that the packs run in the same order everywhere.
std::vector<fs::path> toml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<RuleFiles> found_in_folders(const plugin::Manifest& plugin, const std::vector<fs::path>& rule_dirs) {
    std::map<std::string, fs::path> by_id;
    for (const auto& dir : rule_dirs)
        for (const auto& folder : {dir, dir / plugin.name})
            for (const auto& f : toml_files(folder)) {
                // Other plugins' rule sets, calendars and broken files are not this plugin's packs;
                // a broken pack is reported when it is named with --rules or checked.
                rules::Diagnostics quiet;
                auto h = rules::read_header(f, rule_dirs, quiet);
                if (h && h->plugin == plugin.name && h->extends.empty()) by_id.try_emplace(h->id, f);
            }
    std::vector<RuleFiles> packs;
    for (const auto& [id, f] : by_id) packs.push_back(RuleFiles{f, {}});
    return packs;
}

}  // namespace

std::vector<RuleFiles> pack_runs(const plugin::Manifest& plugin, const std::vector<fs::path>& rule_files,
                                 const std::vector<fs::path>& rule_dirs, rules::Diagnostics& diags) {
    auto given = from_rule_files(plugin, rule_files, rule_dirs, diags);
    return given.empty() ? found_in_folders(plugin, rule_dirs) : given;
}

}  // namespace sgaudit::run
