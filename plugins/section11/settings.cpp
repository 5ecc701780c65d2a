#include "settings.hpp"

#include <algorithm>

namespace s11 {
using namespace sgaudit;

namespace {

std::string text_of(const Record& r, const char* field) { return r[field].is_text() ? r[field].as_text() : std::string(); }

std::string codes(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& c : v) out += (out.empty() ? "" : ", ") + c;
    return out;
}

}  // namespace

// The lists are declared in the plugin's description, so the host has checked every field's type.
Status read_lists(const Context& ctx, Settings& s) {
    s.as_of = ctx.as_of();
    const RecordList* standards = ctx.list("standards");
    const RecordList* scale = ctx.list("scale");
    const RecordList* rounds = ctx.list("rounds");
    const RecordList* sectors = ctx.list("sectors");
    if (!standards || !scale || !rounds || !sectors)
        return Status::error("the rule set needs the lists standards, scale, rounds and sectors (rules/section11.toml has them)");
    for (const auto& r : standards->records) s.standards.push_back({text_of(r, "code"), text_of(r, "title"), text_of(r, "measure")});
    for (const auto& r : scale->records)
        s.scale.push_back({text_of(r, "code"), text_of(r, "label"), text_of(r, "rag"), r["rank"].as_int(), r["needs_evidence"].as_bool(),
                           r["needs_action"].as_bool()});
    for (const auto& r : rounds->records) s.rounds.push_back({text_of(r, "period"), r["due"].as_date()});
    for (const auto& r : sectors->records) s.sectors[text_of(r, "code")] = {text_of(r, "label"), r["in_scope"].as_bool()};
    if (s.standards.empty() || s.scale.empty() || s.rounds.empty())
        return Status::error("the rule set's lists standards, scale and rounds must each have at least one item");
    return Status::ok();
}

Status choose_round(const Context& ctx, Settings& s) {
    auto p = ctx.parameter("round");
    if (!p || !p->is_text()) return Status::error("the rule set needs a text parameter 'round'");
    const std::string wanted(trim(p->as_text()));
    std::vector<std::string> periods;
    for (const auto& r : s.rounds) periods.push_back(r.period);
    if (!wanted.empty()) {
        auto it = std::find(periods.begin(), periods.end(), wanted);
        if (it == periods.end())
            return Status::error("parameter round = '" + wanted + "' is not a round of the rule set's rounds list (" + codes(periods) +
                                 "): give one of those, or add the round to [lists.rounds]");
        s.round = static_cast<std::size_t>(it - periods.begin());
        return Status::ok();
    }
    std::optional<std::size_t> latest;
    for (std::size_t i = 0; i < s.rounds.size(); ++i)
        if (s.rounds[i].due <= s.as_of && (!latest || s.rounds[i].due >= s.rounds[*latest].due)) latest = i;
    if (!latest)
        return Status::error("no round of the rule set's rounds list (" + codes(periods) + ") is due on or before the audit date " +
                             s.as_of.iso() + ", so there is no round to audit: set the parameter round, or audit a later date");
    s.round = *latest;
    return Status::ok();
}

const Round* Settings::round_of(const std::string& period) const {
    for (const auto& r : rounds)
        if (r.period == period) return &r;
    return nullptr;
}

const Round* Settings::round_after(const std::string& period) const {
    for (std::size_t i = 0; i + 1 < rounds.size(); ++i)
        if (rounds[i].period == period) return &rounds[i + 1];
    return nullptr;
}

const Standard* Settings::standard(const std::string& code) const {
    for (const auto& st : standards)
        if (st.code == code) return &st;
    return nullptr;
}

const ScaleItem* Settings::scale_item(const std::string& code) const {
    for (const auto& i : scale)
        if (i.code == code) return &i;
    return nullptr;
}

std::int64_t Settings::top_rank() const {
    std::int64_t top = scale.front().rank;
    for (const auto& i : scale) top = std::max(top, i.rank);
    return top;
}

std::string Settings::standard_codes() const {
    std::vector<std::string> v;
    for (const auto& st : standards) v.push_back(st.code);
    return codes(v);
}

std::string Settings::scale_codes() const {
    std::vector<std::string> v;
    for (const auto& i : scale) v.push_back(i.code);
    return codes(v);
}

std::string Settings::sector_codes() const {
    std::vector<std::string> v;
    for (const auto& [code, sector] : sectors) v.push_back(code);
    return codes(v);
}

bool Settings::every_sector_in_scope() const {
    return std::all_of(sectors.begin(), sectors.end(), [](const auto& s) { return s.second.in_scope; });
}

}  // namespace s11
