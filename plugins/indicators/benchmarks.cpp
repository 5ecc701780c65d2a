#include "figures.hpp"

namespace indicators {

Benchmarks read_benchmarks(const RecordList* list) {
    Benchmarks out;
    if (!list) return out;
    for (const Record& r : list->records) {
        auto number = [&](const char* field) -> std::optional<double> {
            const Value& v = r[field];
            return v.is_number() ? std::optional<double>(v.as_number()) : std::nullopt;
        };
        out[{to_text(r["indicator"]), to_text(r["year"])}] = {number("statistical_neighbours"), number("england")};
    }
    return out;
}

std::string fact_key(const std::string& rule) {
    std::string k = rule;
    for (char& c : k)
        if (c == '-') c = '_';
    return k;
}

const RuleOutcome* Figures::at(const std::string& rule, const std::string& where, std::size_t year) const {
    auto r = outcomes.find(rule);
    if (r == outcomes.end()) return nullptr;
    auto it = r->second.find({where, year});
    return it == r->second.end() ? nullptr : &it->second;
}

std::string one_decimal(std::optional<double> v) {
    if (!v) return {};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", *v);
    return buf;
}

}  // namespace indicators
