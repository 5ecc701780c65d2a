#include "sgaudit/util/json_text.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "sgaudit/util/storable_text.hpp"

namespace sgaudit::util {

// nlohmann's own replacement rules for text that is not valid UTF-8 (rare: text is made
// storable before it gets here).
static void append_mended(std::string& out, std::string_view text) {
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_json_string(std::string& out, std::string_view text) {
    static const char* const hex = "0123456789abcdef";
    const std::size_t mark = out.size();
    out += '"';
    std::size_t plain = 0;  // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t len = storable_char_length(text, i);
            if (len == 0) {
                out.resize(mark);
                return append_mended(out, text);
            }
            i += len - 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

void append_json_number(std::string& out, double number) { out += nlohmann::json(number).dump(); }

void append_json_number(std::string& out, std::int64_t number) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
    out.append(buf, end);
}

namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

void append_json_value(std::string& out, const Value& v, bool tagged_dates) {
    std::visit(Overloaded{
                   [&](Null) { out += "null"; },
                   [&](bool b) { out += b ? "true" : "false"; },
                   [&](std::int64_t n) { append_json_number(out, n); },
                   [&](double d) { append_json_number(out, d); },
                   [&](const std::string& t) { append_json_string(out, t); },
                   [&](Date d) {
                       if (tagged_dates) out += "{\"date\":";
                       append_json_string(out, d.iso());
                       if (tagged_dates) out += '}';
                   },
                   [&](const DateList& list) {
                       out += tagged_dates ? "{\"dates\":[" : "[";
                       for (std::size_t i = 0; i < list.size(); ++i) {
                           if (i) out += ',';
                           append_json_string(out, list[i].iso());
                       }
                       out += tagged_dates ? "]}" : "]";
                   },
               },
               v.storage());
}

nlohmann::ordered_json value_json(const Value& v, bool tagged_dates) {
    std::string text;
    append_json_value(text, v, tagged_dates);
    return nlohmann::ordered_json::parse(text);
}

void append_measure_json(std::string& out, const Measure& m) {
    out += "{\"value\":";
    if (m.value) append_json_number(out, *m.value);
    else out += "null";
    out += ",\"numerator\":";
    append_json_number(out, m.numerator);
    out += ",\"denominator\":";
    append_json_number(out, m.denominator);
    const std::pair<const char*, const std::string*> texts[] = {
        {"unit", &m.unit}, {"period", &m.period}, {"polarity", &m.polarity}, {"judged_against", &m.judged_against}, {"rag", &m.rag}};
    for (const auto& [key, text] : texts) {
        out += ",\"";
        out += key;
        out += "\":";
        if (text->empty()) out += "null";
        else append_json_string(out, *text);
    }
    out += ",\"benchmark\":{";
    for (std::size_t i = 0; i < m.benchmarks.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, m.benchmarks[i].first);
        out += ':';
        append_json_number(out, m.benchmarks[i].second);
    }
    out += "}}";
}

Measure measure_of_json(const nlohmann::ordered_json& j) {
    Measure m;
    if (!j.at("value").is_null()) m.value = j.at("value").get<double>();
    m.numerator = j.at("numerator").get<double>();
    m.denominator = j.at("denominator").get<double>();
    auto text_at = [&](const char* key) { return j.at(key).is_null() ? std::string() : j.at(key).get<std::string>(); };
    m.unit = text_at("unit");
    m.period = text_at("period");
    m.polarity = text_at("polarity");
    m.judged_against = text_at("judged_against");
    m.rag = text_at("rag");
    for (const auto& [group, figure] : j.at("benchmark").items()) m.benchmarks.emplace_back(group, figure.get<double>());
    return m;
}

}  // namespace sgaudit::util
