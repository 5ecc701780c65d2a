#include "sgaudit/cli/list_printout.hpp"

namespace sgaudit::cli {
namespace {

// "code text, title text, order whole number from 1 to 20, note text (optional)"
std::string fields_text(const rules::RuleList& l) {
    std::string out;
    for (const auto& f : l.fields)
        out += (out.empty() ? "" : ", ") + f.name + " " + f.spec.describe() + (f.optional ? " (optional)" : "");
    return out;
}

// "title = Senior management commitment; order = 1": every field but the key that has a value.
std::string values_text(const rules::RuleList& l, const Record& r) {
    std::string out;
    for (const auto& [name, v] : r.fields())
        if (name != l.data.key && !v.is_null()) out += (out.empty() ? "" : "; ") + name + " = " + v.to_string();
    return out;
}

// "from base.toml:12:3; title from local.toml:8:3": where the item was added, and each value
// written in another file since.
std::string origin_text(const rules::ListItemOrigin& o) {
    std::string out = "from " + o.defined_at.to_string();
    for (const auto& [name, pos] : o.set_at)
        if (pos.file != o.defined_at.file) out += "; " + name + " from " + pos.to_string();
    return out;
}

}  // namespace

void print_lists(std::ostream& out, const rules::RuleSet& rs) {
    if (rs.lists.empty()) return;
    out << "\nLists:\n";
    for (const auto& [name, l] : rs.lists) {
        out << "  " << name << " (key " << l.data.key << "; " << l.data.records.size()
            << (l.data.records.size() == 1 ? " item" : " items") << "), declared at " << l.declared_at.to_string() << "\n";
        if (!l.description.empty()) out << "      " << l.description << "\n";
        out << "      fields: " << fields_text(l) << "\n";
        for (std::size_t i = 0; i < l.data.records.size(); ++i) {
            const Record& r = l.data.records[i];
            out << "    " << r[l.data.key].to_string() << ": " << values_text(l, r) << "\n"
                << "        " << origin_text(l.origins[i]) << "\n";
        }
    }
}

}  // namespace sgaudit::cli
