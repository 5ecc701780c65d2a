#pragma once
// Text that leaves sgaudit in a structured format, written once for the host and for plugins:
// valid UTF-8, and what XML 1.0 allows (JUnit, SVG, the XLSX parts). Case systems are not always
// UTF-8, and ids or messages can hold control characters (\x01, \x0b) that make an XML consumer
// reject the whole file.
#include <cstddef>
#include <string>
#include <string_view>

namespace sgaudit {

// The length of the valid UTF-8 character (not NUL) at s[i], or 0 when there is none (a stray
// byte, a cut sequence, an overlong form or a surrogate).
inline std::size_t utf8_char_length(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size() && c != 0;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    return ok ? len : 0;
}

// True when `s` is printable ASCII, tab, line feed or carriage return only: xml_safe would
// return it unchanged (the common case, checked without a copy).
inline bool plain_ascii(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u < 0x20 && c != '\t' && c != '\n' && c != '\r')) return false;
    }
    return true;
}

// `s` with every byte that is not valid UTF-8, and every character XML 1.0 forbids (controls
// other than tab, line feed and carriage return; U+FFFE and U+FFFF), replaced by U+FFFD, so the
// reader sees that something was there.
inline std::string xml_safe(std::string_view s) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_char_length(s, i);
        const auto c = static_cast<unsigned char>(s[i]);
        const bool control = len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
        const bool nonchar = len == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF && static_cast<unsigned char>(s[i + 2]) >= 0xBE;
        if (len == 0 || control || nonchar) {
            out += kReplacement;
            i += len ? len : 1;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

// Escapes text for XML content and attributes (every value from case data in an SVG a plugin
// draws must pass through it): & < > " ' as entities, after xml_safe. The host leaves out any
// picture with scripts, event handlers or external links.
inline std::string xml_escape(std::string_view raw) {
    const std::string s = xml_safe(raw);
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace sgaudit
