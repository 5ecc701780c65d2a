#include "words.hpp"

namespace s11 {
using namespace sgaudit;

std::string agency_name(const S11Data& d, const std::string& org_id) {
    auto it = d.organisations.find(org_id);
    if (it == d.organisations.end() || it->second.name.empty()) return org_id;
    return it->second.name + " (" + org_id + ")";
}

std::string date_cell(const Read<Date>& d) {
    if (!d.ok()) return "could not be read";
    return d.value ? d.value->iso() : std::string();
}

std::string outcome_word(const RuleOutcome* o) {
    if (!o) return "–";
    switch (o->outcome) {
        case Outcome::pass: return "Met";
        case Outcome::fail: return "Not met";
        case Outcome::waived: return "Not met (waived)";
        case Outcome::error: return "Could not be judged";
        default: return o->message.rfind("not yet due", 0) == 0 ? "Not yet due" : "Not applicable";
    }
}

std::string shortened(const std::string& s, std::size_t max) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // inside a character
        if (++chars == max) {
            std::size_t rest = i + 1;
            while (rest < s.size() && (static_cast<unsigned char>(s[rest]) & 0xC0) == 0x80) ++rest;
            return rest < s.size() ? s.substr(0, i) + "…" : s;
        }
    }
    return s;
}

std::string rag_fill(const std::string& rag) {
    if (rag == "green") return "#A8DAB5";
    if (rag == "amber") return "#FFD580";
    if (rag == "red") return "#F4A3A3";
    return "#FFFFFF";
}

std::string rating_label(const Settings& s, const std::string& code) {
    if (code.empty()) return "Not rated";
    const ScaleItem* item = s.scale_item(code);
    return item ? item->label : "Not on the scale";
}

}  // namespace s11
