#include "sgaudit/history/list_codec.hpp"

#include <stdexcept>

#include "json_values.hpp"

namespace sgaudit::history {
using namespace codec;

namespace {

ordered_json field_json(const rules::ListField& f) {
    return {{"name", text(f.name)}, {"type", rules::to_string(f.spec.type)}, {"optional", f.optional},
            {"declared_at", pos_json(f.spec.declared_at)}};
}

rules::ListField field_of(const ordered_json& j) {
    rules::ListField f;
    f.name = j.at("name").get<std::string>();
    auto type = rules::parse_param_type(j.at("type").get<std::string>());
    if (!type) throw std::runtime_error("list field '" + f.name + "' has no type sgaudit knows");
    f.spec.type = *type;
    f.spec.declared_at = pos_of(j.at("declared_at"));
    f.optional = j.at("optional").get<bool>();
    return f;
}

ordered_json item_json(const Record& r, const rules::ListItemOrigin& o) {
    ordered_json values = ordered_json::object(), set_at = ordered_json::object();
    for (const auto& [name, v] : r.fields()) values[text(name).get<std::string>()] = value_json(v);
    for (const auto& [name, pos] : o.set_at) set_at[text(name).get<std::string>()] = pos_json(pos);
    return {{"values", values}, {"defined_at", pos_json(o.defined_at)}, {"set_at", set_at}};
}

ordered_json list_json(const rules::RuleList& l) {
    ordered_json fields = ordered_json::array(), items = ordered_json::array();
    for (const auto& f : l.fields) fields.push_back(field_json(f));
    for (std::size_t i = 0; i < l.data.records.size(); ++i) items.push_back(item_json(l.data.records[i], l.origins[i]));
    return {{"name", text(l.data.name)}, {"key", text(l.data.key)}, {"description", text(l.description)},
            {"declared_at", pos_json(l.declared_at)}, {"fields", fields}, {"items", items}};
}

rules::RuleList list_of(const ordered_json& j) {
    rules::RuleList l;
    l.data.name = j.at("name").get<std::string>();
    l.data.key = j.at("key").get<std::string>();
    l.description = j.at("description").get<std::string>();
    l.declared_at = pos_of(j.at("declared_at"));
    for (const auto& f : j.at("fields")) l.add_field(field_of(f));
    for (const auto& item : j.at("items")) {
        Record r;
        for (const auto& [name, v] : item.at("values").items()) r.set(name, value_of(v));
        rules::ListItemOrigin o{pos_of(item.at("defined_at")), {}};
        for (const auto& [name, pos] : item.at("set_at").items()) o.set_at[name] = pos_of(pos);
        l.data.records.push_back(std::move(r));
        l.origins.push_back(std::move(o));
    }
    return l;
}

}  // namespace

ordered_json lists_json(const RuleLists& lists) {
    ordered_json out = ordered_json::array();
    for (const auto& [name, l] : lists) out.push_back(list_json(l));
    return out;
}

RuleLists lists_of(const ordered_json& j) {
    RuleLists out;
    for (const auto& l : j) {
        auto list = list_of(l);
        std::string name = list.data.name;
        out.emplace(std::move(name), std::move(list));
    }
    return out;
}

}  // namespace sgaudit::history
