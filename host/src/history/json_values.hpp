#pragma once
// How the stored run document writes and reads values, texts, dates and source positions, shared
// by run_codec.cpp and list_codec.cpp so every part of the document spells them one way.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/value.hpp"

namespace sgaudit::history::codec {
using nlohmann::ordered_json;

ordered_json text(const std::string& s);  // as a database keeps it (storable_text)
ordered_json texts(const std::vector<std::string>& v);
std::vector<std::string> texts_of(const ordered_json& j);

// Dates as {"date": "..."} and date lists as {"dates": [...]}, so they read back as dates.
ordered_json value_json(const Value& v);
Value value_of(const ordered_json& j);  // throws on a damaged value
Date date_of(const ordered_json& j);    // throws when not a date
// A measure as util::append_measure_json writes it; throws when damaged.
Measure measure_of(const ordered_json& j);

ordered_json pos_json(const rules::SourcePos& p);
rules::SourcePos pos_of(const ordered_json& j);

}  // namespace sgaudit::history::codec
