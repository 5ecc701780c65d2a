// The lists a plugin declares it reads (PluginDescription::lists), checked against the rule set
// before the plugin runs: a missing list, a missing field, a field of another type, or one the
// rule set makes optional where the plugin needs it on every item.
#include "list_parts.hpp"
#include "sgaudit/rules/ruleset_lists.hpp"

namespace sgaudit::rules {
namespace {

// "code (text), title (text), order (whole)"
std::string described_fields(const ListDecl& decl) {
    std::string out;
    for (const auto& f : decl.fields) out += (out.empty() ? "" : ", ") + f.name + " (" + f.type + ")";
    return out;
}

void check_field(const RuleList& list, const ListFieldDecl& need, const std::string& plugin, Diagnostics& diags) {
    const std::string reads = "plugin '" + plugin + "' reads " + list_parts::what(list.data.name, need.name);
    const ListField* f = list.field(need.name);
    if (!parse_param_type(need.type))
        diags.error(list.declared_at, reads + " as '" + need.type + "', which is not a type (" + [] {
            std::string s;
            for (const auto& t : param_type_names()) s += (s.empty() ? "" : ", ") + t;
            return s;
        }() + "): the plugin must be corrected");
    else if (!f)
        diags.error(list.declared_at, reads + " (" + need.type + "), which the list does not declare" +
                                          did_you_mean(need.name, list_parts::field_names(list)));
    else if (need.type != to_string(f->spec.type))
        diags.error(f->spec.declared_at, reads + " as " + need.type + ", but the rule set declares it " + to_string(f->spec.type));
    else if (f->optional && !need.optional)
        diags.error(f->spec.declared_at, reads + " on every item, but the rule set declares it optional");
}

}  // namespace

void check_required_lists(const MergedLists& lists, const plugin::Manifest& plugin, const std::string& ruleset_id,
                          const std::string& file, Diagnostics& diags) {
    for (const auto& need : plugin.lists) {
        auto it = lists.find(need.name);
        if (it != lists.end() && it->second.refused) continue;  // its own errors say why
        if (it == lists.end()) {
            diags.error({file, 1, 1}, "plugin '" + plugin.name + "' reads " + list_parts::what(need.name) + ", which rule set '" +
                                          ruleset_id + "' does not have: declare [lists." + need.name + "] with a key and the fields " +
                                          described_fields(need));
            continue;
        }
        for (const auto& f : need.fields) check_field(it->second.list, f, plugin.name, diags);
    }
}

}  // namespace sgaudit::rules
