#include "sgaudit/util/storable_text.hpp"

#include <map>

#include "sgaudit/sdk/text.hpp"

namespace sgaudit::util {

namespace {

void fix(std::string& s);

}  // namespace

std::size_t storable_char_length(std::string_view s, std::size_t i) { return utf8_char_length(s, i); }

namespace {

void fix(std::string& s) {
    if (!is_storable(s)) s = storable_text(s);
}

}  // namespace

bool is_storable(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c != 0 && c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = storable_char_length(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string storable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::size_t len = storable_char_length(s, i); len > 0) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

void make_storable(Result& r) {
    for (auto* f : {&r.subject.kind, &r.subject.id, &r.subject.person_id, &r.subject.team, &r.subject.area, &r.subject.worker,
                    &r.message})
        fix(*f);
    bool keys_ok = true;
    for (auto& [k, v] : r.evidence) {
        keys_ok = keys_ok && is_storable(k);
        if (v.is_text() && !is_storable(v.as_text())) v = Value(storable_text(v.as_text()));
    }
    if (!keys_ok) {
        Evidence fixed;
        for (auto& [k, v] : r.evidence) fixed[storable_text(k)] = std::move(v);
        r.evidence = std::move(fixed);
    }
    if (r.waiver) {
        fix(r.waiver->justification);
        fix(r.waiver->approver);
    }
}

}  // namespace sgaudit::util
