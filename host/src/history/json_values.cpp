#include "json_values.hpp"

#include <stdexcept>

#include "sgaudit/util/json_text.hpp"
#include "sgaudit/util/storable_text.hpp"

namespace sgaudit::history::codec {

ordered_json text(const std::string& s) { return util::storable_text(s); }

// Text made storable first, as every text of the stored document is.
ordered_json value_json(const Value& v) {
    if (v.is_text()) return text(v.as_text());
    return util::value_json(v, true);
}

Date date_of(const ordered_json& j) {
    auto d = Date::parse(j.get<std::string>());
    if (!d) throw std::runtime_error("'" + j.get<std::string>() + "' is not a date");
    return *d;
}

Value value_of(const ordered_json& j) {
    if (j.is_null()) return Null{};
    if (j.is_boolean()) return j.get<bool>();
    if (j.is_number_integer()) return j.get<std::int64_t>();
    if (j.is_number()) return j.get<double>();
    if (j.is_string()) return j.get<std::string>();
    if (j.contains("date")) return date_of(j.at("date"));
    DateList l;
    for (const auto& d : j.at("dates")) l.push_back(date_of(d));
    return l;
}

Measure measure_of(const ordered_json& j) { return util::measure_of_json(j); }

ordered_json texts(const std::vector<std::string>& v) {
    ordered_json a = ordered_json::array();
    for (const auto& s : v) a.push_back(text(s));
    return a;
}

std::vector<std::string> texts_of(const ordered_json& j) { return j.get<std::vector<std::string>>(); }

ordered_json pos_json(const rules::SourcePos& p) { return {{"file", text(p.file)}, {"line", p.line}, {"column", p.column}}; }
rules::SourcePos pos_of(const ordered_json& j) {
    return {j.at("file").get<std::string>(), j.at("line").get<int>(), j.at("column").get<int>()};
}

}  // namespace sgaudit::history::codec
