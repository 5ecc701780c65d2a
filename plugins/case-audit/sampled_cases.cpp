#include "sampled_cases.hpp"

#include <algorithm>
#include <tuple>

namespace ca {
using namespace sgaudit;

const char* outcome_words(Outcome o) {
    switch (o) {
        case Outcome::pass: return "Met";
        case Outcome::fail: return "Not met";
        case Outcome::waived: return "Not met (waived)";
        case Outcome::error: return "Could not be judged";
        default: return "Not applicable";
    }
}

std::string item_name(const std::string& rule) {
    static const std::map<std::string, std::string> names = {
        {"ca.allocated-qualified", "Allocated to a qualified social worker"},
        {"ca.initial-assessment", "Initial assessment on time"},
        {"ca.core-assessment", "Core assessment on time"},
        {"ca.single-assessment", "Single assessment on time"},
        {"ca.seen-cp", "Child seen (child protection)"},
        {"ca.seen-looked-after", "Child seen (looked after)"},
        {"ca.seen-cin", "Child seen (child in need)"},
        {"ca.seen-alone", "Child seen alone"},
        {"ca.chronology", "Chronology up to date"},
        {"ca.genogram", "Genogram on file"},
        {"ca.oversight", "Management oversight or supervision"},
        {"ca.cp-reviews", "Child protection reviews on time"},
        {"ca.lac-first-review", "First looked-after review on time"},
        {"ca.lac-later-reviews", "Later looked-after reviews on time"},
        {"ca.child-views", "Child's views recorded"},
        {"ca.recording", "Recording up to date"},
    };
    auto it = names.find(rule);
    return it == names.end() ? rule : it->second;
}

namespace {

// Which "child seen" item applied says the case type the run found (each applies to one type only).
std::string type_from(const std::vector<RuleOutcome>& items) {
    for (const auto& [rule, type] : {std::pair{"ca.seen-cp", "child protection"}, std::pair{"ca.seen-looked-after", "looked after"},
                                     std::pair{"ca.seen-cin", "child in need"}})
        for (const auto& o : items)
            if (o.rule == rule && o.outcome != Outcome::not_applicable) return type;
    return {};
}

}  // namespace

std::vector<SampledCase> sampled_cases(const EarlierRun& run) {
    std::map<std::string, SampledCase> by_id;
    for (const EarlierResult& r : run.results) {
        if (r.subject.kind != "case") continue;
        auto& c = by_id[r.subject.id];
        if (c.id.empty()) c = SampledCase{r.subject.id, r.subject.area, r.subject.team, r.subject.worker, "", {}, {}};
        RuleOutcome o;
        o.rule = r.rule;
        o.title = item_name(r.rule);
        o.outcome = r.outcome;
        o.message = r.message;
        c.items.push_back(std::move(o));
    }
    std::vector<SampledCase> out;
    for (auto& [id, c] : by_id) {
        c.type = type_from(c.items);
        c.score = score_of(c.items);
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const SampledCase& a, const SampledCase& b) {
        return std::tie(a.area, a.team, a.id) < std::tie(b.area, b.team, b.id);
    });
    return out;
}

}  // namespace ca
