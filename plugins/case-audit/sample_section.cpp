#include "sections.hpp"

namespace ca {
using namespace sgaudit;

namespace {

std::size_t sum(const std::array<std::size_t, kTypes>& a) { return a[0] + a[1] + a[2]; }

std::string exclusion_words(int n, const char* unit, std::size_t removed) {
    if (n <= 0) return "off";
    return std::to_string(n) + " " + unit + ": " + std::to_string(removed) + " case" + (removed == 1 ? "" : "s") + " left out";
}

}  // namespace

ReportSection sample_section(const SampleStory& st) {
    const SampleSettings& s = st.settings;
    ReportSection sec;
    sec.id = "how-the-sample-was-drawn";
    sec.title = "How the sample was drawn";
    sec.text = "Open cases on the audit date (a child protection plan, a looked-after episode or a referral open that day), "
               "each typed by the most serious that applies (child protection, then looked after, then child in need) and "
               "placed in the " + st.group_word + " of its allocated worker, else of its open referral. From each " + st.group_word +
               " up to " + std::to_string(s.size) + " cases are drawn, in proportion to the types it holds and at least one of each "
               "(largest remainder), each type's cases sorted by person id and drawn with the run's seed: the same seed, data and "
               "rule set draw the same cases again. Where one has fewer candidates, all of them are taken.";
    std::size_t open = 0, opened = 0, audited = 0, drawn = 0;
    for (const auto& g : st.sample.groups) open += sum(g.open), opened += sum(g.opened_recently), audited += sum(g.audited_recently),
                                           drawn += sum(g.drawn);
    sec.details.push_back({"Seed", std::to_string(s.seed)});
    sec.details.push_back({"Grouped by", st.group_word});
    sec.details.push_back({"Cases per " + st.group_word, std::to_string(s.size)});
    sec.details.push_back({"Open cases", std::to_string(open)});
    sec.details.push_back({"Cases opened in the last days left out", exclusion_words(s.exclude_opened_within_days, "days", opened)});
    std::string hist = exclusion_words(s.exclude_audited_within_months, "months", audited);
    if (st.history.asked) hist += st.history.available ? "; " + st.history.note : "";
    if (st.history.asked && !st.history.available)
        hist = "asked for (" + std::to_string(s.exclude_audited_within_months) + " months) but NOT applied: " + st.history.note +
               ". The sample was drawn as if no case had been audited before.";
    sec.details.push_back({"Cases audited in the last months left out", hist});
    sec.details.push_back({"Cases drawn", std::to_string(drawn)});
    if (!st.undecided.empty()) {
        std::string ids;
        for (const auto& u : st.undecided) ids += (ids.empty() ? "" : ", ") + u.person;
        sec.details.push_back({"Cases whose records cannot be read (judged apart, every item 'could not be judged')",
                               std::to_string(st.undecided.size()) + ": " + ids});
    }
    if (!st.not_in_person.empty()) {
        std::string ids;
        for (const auto& id : st.not_in_person) ids += (ids.empty() ? "" : ", ") + id;
        sec.details.push_back({"Open records naming a child not in ssd_person (left out of the sample; the data-quality audit reports the link)",
                               std::to_string(st.not_in_person.size()) + ": " + ids});
    }
    sec.table_header = {st.group_word == "team" ? "Team" : "Area", "Case type", "Open", "Opened recently (left out)",
                        "Audited recently (left out)", "Candidates", "Drawn", "Note"};
    sec.column_types = {"", "", "number", "number", "number", "number", "number", ""};
    for (const auto& g : st.sample.groups) {
        const bool all = sum(g.candidates) <= s.size;
        for (std::size_t t = 0; t < kTypes; ++t)
            sec.table_rows.push_back({g.key, type_name(static_cast<CaseType>(t)), std::to_string(g.open[t]),
                                      std::to_string(g.opened_recently[t]), std::to_string(g.audited_recently[t]),
                                      std::to_string(g.candidates[t]), std::to_string(g.drawn[t]),
                                      all ? "fewer than " + std::to_string(s.size) + " candidates: all taken" : ""});
    }
    sec.sheet = "Case audit sample";
    return sec;
}

}  // namespace ca
