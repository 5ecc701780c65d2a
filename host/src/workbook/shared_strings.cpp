#include "shared_strings.hpp"

#include <cstdint>
#include <optional>

#include "read_failure.hpp"

namespace sgaudit::workbook {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The code unit of an escape "_xHHHH_" at `at`, nullopt when there is none there.
std::optional<std::uint32_t> escape_at(std::string_view text, std::size_t at) {
    if (text.size() - at < 7 || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') return std::nullopt;
    std::uint32_t unit = 0;
    for (std::size_t i = at + 2; i < at + 6; ++i) {
        const char c = text[i];
        const int digit = c >= '0' && c <= '9' ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        if (digit < 0) return std::nullopt;
        unit = unit * 16 + static_cast<std::uint32_t>(digit);
    }
    return unit;
}

// A UTF-16 surrogate pair written as two escapes joins into one character; a lone half
// becomes U+FFFD.
std::uint32_t join_surrogates(std::string_view text, std::size_t& at, std::uint32_t unit) {
    if (unit < 0xD800 || unit > 0xDFFF) return unit;
    if (unit <= 0xDBFF && at + 7 < text.size()) {
        const auto low = escape_at(text, at + 7);
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            at += 7;
            return 0x10000 + ((unit - 0xD800) << 10) + (*low - 0xDC00);
        }
    }
    return 0xFFFD;
}

}  // namespace

std::string decode_escapes(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto unit = escape_at(text, i);
        if (!unit) {
            out += text[i];
            continue;
        }
        append_utf8(out, join_surrogates(text, i, *unit));
        i += 6;
    }
    return out;
}

std::string string_item_text(pugi::xml_node item) {
    std::string text;
    for (pugi::xml_node n = item.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_element) continue;
        const std::string_view name = local_name(n.name());
        if (name == "t") text += n.text().get();
        if (name == "r") text += child(n, "t").text().get();
    }
    return decode_escapes(text);
}

std::vector<std::string> read_shared_strings(const XmlPart& part, std::size_t max_count) {
    std::vector<std::string> strings;
    for_each_child(part.root, "si", [&](pugi::xml_node item) {
        if (strings.size() == max_count)
            fail("the workbook holds more than " + std::to_string(max_count) +
                 " different texts, the most a workbook may hold; a workbook people fill in holds far fewer: check "
                 "that this is the right file");
        strings.push_back(string_item_text(item));
    });
    return strings;
}

}  // namespace sgaudit::workbook
