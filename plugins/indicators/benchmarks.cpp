#include <algorithm>
#include <cctype>
#include <cstdio>

#include "figures.hpp"

namespace indicators {

namespace {

// "2008/09": a reporting year, its two halves consecutive; or "YYYY-MM-DD to YYYY-MM-DD".
bool year_label(const std::string& y) {
    if (y.size() == 7 && y[4] == '/') {
        int a = 0, b = 0;
        if (std::sscanf(y.c_str(), "%4d/%2d", &a, &b) == 2 && std::isdigit(static_cast<unsigned char>(y[5])) && (a + 1) % 100 == b) return true;
    }
    auto to = y.find(" to ");
    return to == 10 && Date::parse(y.substr(0, 10)) && Date::parse(y.substr(14)) && y.size() == 24;
}

}  // namespace

Status read_benchmarks(const RecordList* list, const std::vector<std::string>& rules, Benchmarks& out) {
    if (!list) return Status::ok();
    std::map<std::pair<std::string, std::string>, std::string> first_id;
    for (const Record& r : list->records) {
        const std::string id = to_text(r["id"]), indicator = to_text(r["indicator"]), year = to_text(r["year"]);
        if (std::find(rules.begin(), rules.end(), indicator) == rules.end()) {
            std::string known;
            for (const auto& k : rules) known += (known.empty() ? "" : ", ") + k;
            return Status::error("[lists.benchmarks] item '" + id + "' names indicator '" + indicator +
                                 "', which is not a rule of the rule set; write one of " + known);
        }
        if (!year_label(year))
            return Status::error("[lists.benchmarks] item '" + id + "' has year '" + year +
                                 "'; write a reporting year as 2008/09 (its two halves consecutive)");
        auto number = [&](const char* field) -> std::optional<double> {
            const Value& v = r[field];
            return v.is_number() ? std::optional<double>(v.as_number()) : std::nullopt;
        };
        auto [it, fresh] = first_id.try_emplace({indicator, year}, id);
        if (!fresh) {
            out[{indicator, year}].conflict = "[lists.benchmarks] has two items for " + indicator + " " + year + " ('" + it->second +
                                              "' and '" + id + "'): which comparator to use cannot be told; keep one";
            continue;
        }
        out[{indicator, year}] = {number("statistical_neighbours"), number("england"), {}};
    }
    return Status::ok();
}

std::string fact_key(const std::string& rule) {
    std::string k = rule;
    for (char& c : k)
        if (c == '-') c = '_';
    return k;
}

std::string rule_id(const std::string& key) {
    std::string r = key;
    std::replace(r.begin(), r.end(), '_', '-');
    return r;
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
