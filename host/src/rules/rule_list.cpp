#include "sgaudit/rules/rule_list.hpp"

namespace sgaudit::rules {

const ListField* RuleList::field(std::string_view name) const {
    for (const auto& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

void RuleList::add_field(ListField f) {
    data.fields.push_back({f.name, to_string(f.spec.type), f.optional});
    fields.push_back(std::move(f));
}

std::size_t RuleList::find(const Value& key) const {
    for (std::size_t i = 0; i < data.records.size(); ++i)
        if (data.records[i][data.key] == key) return i;
    return std::string::npos;
}

void RuleList::erase(std::size_t index) {
    data.records.erase(data.records.begin() + static_cast<std::ptrdiff_t>(index));
    origins.erase(origins.begin() + static_cast<std::ptrdiff_t>(index));
}

}  // namespace sgaudit::rules
