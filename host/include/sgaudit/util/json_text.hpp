#pragma once
// JSON text written straight into a string, byte for byte as nlohmann::json's dump() writes it
// (compact, UTF-8 kept, invalid bytes replaced), for the places that write one small object per
// result: building a JSON document per result would cost more than the audit.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::util {

// "text", escaped.
void append_json_string(std::string& out, std::string_view text);
// A number as nlohmann::json writes it (shortest form that reads back the same; null when not finite).
void append_json_number(std::string& out, double number);
void append_json_number(std::string& out, std::int64_t number);

// A value: null, true/false, a number, a text, or a date (list) as ISO text (array) - or, with
// `tagged_dates`, as {"date": ...} and {"dates": [...]}, as the history keeps them, so that they
// read back as dates rather than text.
// The one way sgaudit writes a Value as JSON: every other writer (the report, the run history,
// lists) goes through it.
void append_json_value(std::string& out, const Value& v, bool tagged_dates);
// The same as a JSON tree, for documents built with nlohmann::json.
nlohmann::ordered_json value_json(const Value& v, bool tagged_dates);

// An indicator's measure, as the JSON report and the run history both keep it:
// {"value": 61.9 or null, "numerator", "denominator", "unit", "period", "polarity",
//  "judged_against", "rag" (texts, null when empty), "benchmark": {"statistical_neighbours": 62.8, ...}}.
void append_measure_json(std::string& out, const Measure& m);
// A measure as append_measure_json writes it; throws (nlohmann::json's exceptions) when damaged.
Measure measure_of_json(const nlohmann::ordered_json& j);

}  // namespace sgaudit::util
