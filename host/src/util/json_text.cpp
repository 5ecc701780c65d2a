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

void append_json_value(std::string& out, const Value& v, bool tagged_dates) {
    switch (v.storage().index()) {
        case 0: out += "null"; break;
        case 1: out += v.as_bool() ? "true" : "false"; break;
        case 2: append_json_number(out, v.as_int()); break;
        case 3: append_json_number(out, v.as_number()); break;
        case 4: append_json_string(out, v.as_text()); break;
        case 5:
            if (tagged_dates) out += "{\"date\":";
            append_json_string(out, v.as_date().iso());
            if (tagged_dates) out += '}';
            break;
        default: {
            out += tagged_dates ? "{\"dates\":[" : "[";
            bool first = true;
            for (Date d : v.as_date_list()) {
                if (!first) out += ',';
                append_json_string(out, d.iso());
                first = false;
            }
            out += tagged_dates ? "]}" : "]";
        }
    }
}

}  // namespace sgaudit::util
