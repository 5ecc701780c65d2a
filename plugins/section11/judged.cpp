#include "judged.hpp"

namespace s11 {

const sgaudit::RuleOutcome* outcome_of(const Outcomes* outcomes, const std::string& rule) {
    if (!outcomes) return nullptr;
    for (const auto& o : *outcomes)
        if (o.rule == rule) return &o;
    return nullptr;
}

const Outcomes* find_outcomes(const std::map<std::string, Outcomes>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? nullptr : &it->second;
}

const Outcomes* find_outcomes(const std::map<RatingKey, Outcomes>& m, const RatingKey& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

}  // namespace s11
