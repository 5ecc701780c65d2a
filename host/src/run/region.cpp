#include "sgaudit/run/region.hpp"

#include <set>

#include "sgaudit/data/source.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"
#include "sgaudit/rules/toml_file.hpp"

namespace sgaudit::run {
namespace fs = std::filesystem;
using rules::pos_of;

namespace {

bool plain_id(const std::string& id) {
    if (id.empty() || id.size() > 40) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

// A text field of a table, reported when missing or not text.
std::optional<std::string> text(const toml::table& t, const char* key, const std::string& file, const std::string& where,
                                rules::Diagnostics& diags) {
    const toml::node* n = t.get(key);
    if (!n) {
        diags.error(pos_of(t, file), where + " needs " + key + " = \"...\"");
        return std::nullopt;
    }
    if (!n->is_string() || n->value<std::string>()->empty()) {
        diags.error(pos_of(*n, file), where + " " + key + " must be text, not empty");
        return std::nullopt;
    }
    return *n->value<std::string>();
}

std::optional<Council> council_of(const toml::table& t, const fs::path& file, std::set<std::string>& ids, rules::Diagnostics& diags) {
    const std::string f = file.string();
    rules::check_keys(t, {"id", "name", "source"}, "[[council]]", f, diags);
    auto id = text(t, "id", f, "[[council]]", diags);
    auto name = text(t, "name", f, "[[council]]", diags);
    auto source = text(t, "source", f, "[[council]]", diags);
    if (!id || !name || !source) return std::nullopt;
    if (!plain_id(*id)) {
        diags.error(pos_of(*t.get("id"), f), "council id '" + *id + "' must be letters, digits, - and _ (at most 40)");
        return std::nullopt;
    }
    if (!ids.insert(*id).second) {
        diags.error(pos_of(*t.get("id"), f), "council id '" + *id + "' is given twice; each council needs its own");
        return std::nullopt;
    }
    auto parsed = data::parse_source(*source);
    if (const auto* err = std::get_if<std::string>(&parsed)) {
        std::string why = *err;  // said of --source; here the source is in this file
        for (auto [from, to] : {std::pair<std::string, std::string>{"the --source URL", "the source"},
                                {"never on the command line", "never in a region file"}})
            if (auto at = why.find(from); at != std::string::npos) why.replace(at, from.size(), to);
        diags.error(pos_of(*t.get("source"), f), "council '" + *id + "' source: " + why);
        return std::nullopt;
    }
    auto spec = std::get<data::SourceSpec>(parsed);
    Council c{*id, *name, *source, spec.display};
    if (spec.backend == data::Backend::sqlite && fs::path(spec.path).is_relative()) {
        const fs::path abs = fs::absolute(file.parent_path() / spec.path).lexically_normal();
        c.source = "sqlite:" + abs.string();
        c.display = c.source;
    }
    return c;
}

}  // namespace

std::optional<Region> load_region(const fs::path& file, rules::Diagnostics& diags) {
    auto t = rules::parse_toml_file(file, diags);
    if (!t) return std::nullopt;
    const std::string f = file.string();
    rules::check_keys(*t, {"region", "council"}, "the region file (expected [region] and [[council]] tables)", f, diags);
    Region r;
    r.file = f;
    if (const toml::table* head = (*t)["region"].as_table()) {
        rules::check_keys(*head, {"name", "description"}, "[region]", f, diags);
        if (auto name = text(*head, "name", f, "[region]", diags)) r.name = *name;
    } else {
        diags.error({f, 1, 1}, "the region file needs [region] with name = \"...\"");
    }
    const toml::array* councils = (*t)["council"].as_array();
    if (!councils || councils->empty()) diags.error({f, 1, 1}, "the region file names no councils: add [[council]] tables with id, name and source");
    std::set<std::string> ids;
    for (std::size_t i = 0; councils && i < councils->size(); ++i) {
        const toml::table* ct = councils->get(i)->as_table();
        if (!ct) {
            diags.error(pos_of(*councils->get(i), f), "each council must be a [[council]] table");
            continue;
        }
        if (auto c = council_of(*ct, file, ids, diags)) r.councils.push_back(std::move(*c));
    }
    if (diags.has_errors()) return std::nullopt;
    return r;
}

}  // namespace sgaudit::run
