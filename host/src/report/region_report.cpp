#include "sgaudit/report/region_report.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "sgaudit/run/runner.hpp"
#include "sgaudit/run/summary_counts.hpp"
#include "sgaudit/util/figure_text.hpp"
#include "sgaudit/util/json_text.hpp"
#include "sgaudit/util/utc_time.hpp"

namespace sgaudit::report {
namespace {
using nlohmann::ordered_json;

// One council's whole-council figure for one rule and period.
struct Figure {
    Outcome outcome = Outcome::not_applicable;
    std::optional<Measure> measure;
};

struct Key {
    std::string plugin, rule, period;
    bool operator<(const Key& o) const { return std::tie(plugin, rule, period) < std::tie(o.plugin, o.rule, o.period); }
};

using Figures = std::map<Key, std::map<std::size_t, Figure>>;  // by council index

std::optional<Outcome> outcome_of(const std::string& s) {
    for (Outcome o : {Outcome::pass, Outcome::fail, Outcome::not_applicable, Outcome::waived, Outcome::error})
        if (s == to_string(o)) return o;
    return std::nullopt;
}

using Measuring = std::set<std::pair<std::string, std::string>>;  // (plugin, rule) of the rules that measure

// Reads a council's report: its whole-council figures, or why they cannot be used. A figure with
// no measure (no value, its denominator not recorded; or an error) is kept as such.
std::string read_council(const run::CouncilRun& r, std::size_t index, const std::set<std::string>& plugins, const Measuring& measuring,
                         Figures& out) {
    if (!r.error.empty()) return r.error;
    try {
        std::ifstream in(r.report);
        if (!in) return "its report could not be read";
        const auto j = ordered_json::parse(in);
        for (const auto& p : j.at("plugins"))
            if (plugins.count(p.at("name").get<std::string>()) && p.at("status") != "ok")
                return "its " + p.at("name").get<std::string>() + " audit did not complete (" + p.at("status").get<std::string>() + ")";
        for (const auto& res : j.at("results")) {
            const std::string plugin = res.at("plugin").get<std::string>(), rule = res.at("rule").get<std::string>();
            if (!measuring.count({plugin, rule}) || !res.at("subject").at("area").is_null()) continue;
            Figure f;
            f.outcome = outcome_of(res.at("outcome").get<std::string>()).value_or(Outcome::error);
            std::string period;
            if (res.contains("measure")) {
                f.measure = util::measure_of_json(res.at("measure"));
                period = f.measure->period;
            } else {  // the period is the subject's id after the place: "ALL 2008/09"
                const std::string id = res.at("subject").at("id").get<std::string>();
                if (id.find(' ') == std::string::npos) continue;
                period = id.substr(id.find(' ') + 1);
            }
            out[{plugin, rule, period}][index] = f;
        }
        return {};
    } catch (const std::exception& e) {
        return std::string("its report is not as sgaudit writes it: ") + e.what();
    }
}

// Competition ranks (1, 2, 2, 4) by polarity; none for a figure without a value, or when neither
// direction is better.
std::map<std::size_t, int> ranks_of(const std::map<std::size_t, Figure>& figures) {
    std::vector<std::pair<double, std::size_t>> v;
    std::string polarity;
    for (const auto& [i, f] : figures)
        if (f.outcome != Outcome::error && f.measure && f.measure->value) {
            v.emplace_back(*f.measure->value, i);
            polarity = f.measure->polarity;
        }
    std::map<std::size_t, int> out;
    if (polarity != "higher_is_better" && polarity != "lower_is_better") return out;
    const bool higher = polarity == "higher_is_better";
    std::sort(v.begin(), v.end(), [&](const auto& a, const auto& b) { return higher ? a.first > b.first : a.first < b.first; });
    for (std::size_t k = 0; k < v.size(); ++k)
        out[v[k].second] = k > 0 && v[k].first == v[k - 1].first ? out[v[k - 1].second] : static_cast<int>(k + 1);
    return out;
}

// The region's figure: every measured council's numerator over every one's denominator; none
// (with why) when a council's figure is an error or has no measure.
std::optional<Measure> regional(const std::map<std::size_t, Figure>& figures, std::size_t measured, const std::vector<run::CouncilRun>& runs,
                                std::string& why) {
    Measure m;
    for (const auto& [i, f] : figures) {
        if (f.outcome == Outcome::error || !f.measure) {
            why = runs[i].council->name + (f.outcome == Outcome::error ? "'s figure is an error" : " has no value (its denominator is not recorded)");
            return std::nullopt;
        }
        m.numerator += f.measure->numerator;
        m.denominator += f.measure->denominator;
        m.unit = f.measure->unit;
        m.period = f.measure->period;
        m.polarity = f.measure->polarity;
    }
    if (figures.size() < measured) {
        why = "not every council has a figure for the year";
        return std::nullopt;
    }
    if (m.denominator > 0) m.value = m.numerator / m.denominator * unit_multiplier(m.unit);
    return m;
}

// "61.9%", "317.0 per 10,000", "21.3"; or why there is no figure.
std::string cell_of(const Figure* f) {
    if (!f) return "";
    if (f->outcome == Outcome::error) return "error";
    if (!f->measure || !f->measure->value) return "no value";
    const std::string& unit = f->measure->unit;
    return util::figure_text(*f->measure->value, unit);
}

}  // namespace

namespace {

// One indicator and year: a result per council that has a figure, ranked, and the region's.
void results_for(const Key& key, const std::map<std::size_t, Figure>& by_council, const RegionInput& in, std::size_t measured,
                 std::vector<Result>& out) {
    const rules::Rule* rule = nullptr;
    for (const auto& p : in.plugins)
        if (p.name == key.plugin) rule = p.ruleset.find_rule(key.rule);
    auto result = [&](Subject s) {
        Result r;
        r.plugin = key.plugin;
        r.rule = key.rule;
        r.severity = rule ? rule->severity : Severity::medium;
        r.subject = std::move(s);
        return r;
    };
    const auto ranks = ranks_of(by_council);
    for (const auto& [i, f] : by_council) {
        const run::Council& c = *in.runs[i].council;
        Result r = result({"council", c.id + " " + key.period, "", "", "", ""});
        r.outcome = f.outcome;
        r.measure = f.measure;
        auto rank = ranks.find(i);
        r.message = c.name + ": " + cell_of(&f) +
                    (f.measure && f.measure->value ? " (" + util::count_text(f.measure->numerator) + " / " + util::count_text(f.measure->denominator) + ")" : "") +
                    (rank != ranks.end() ? "; rank " + std::to_string(rank->second) + " of " + std::to_string(ranks.size()) : "") +
                    (f.measure && !f.measure->rag.empty() ? "; " + f.measure->rag + " against its comparator" : "") +
                    (f.outcome == Outcome::error ? " (a value in its case data cannot be read: see its own report)" : "");
        out.push_back(std::move(r));
    }
    std::string why;
    auto m = regional(by_council, measured, in.runs, why);
    Result r = result({"region", "region " + key.period, "", "", "", ""});
    r.outcome = Outcome::not_applicable;
    r.measure = m;
    const Figure figure{Outcome::not_applicable, m};
    r.message = m ? in.region.name + ": " + cell_of(&figure) + " (" + util::count_text(m->numerator) + " / " + util::count_text(m->denominator) + ", " +
                        std::to_string(measured) + " of " + std::to_string(in.runs.size()) + " councils)"
                  : in.region.name + ": no regional figure: " + why;
    out.push_back(std::move(r));
}

}  // namespace

run::RunResult region_run(RegionInput in, std::vector<std::pair<std::string, std::string>>& failed) {
    run::RunResult run;
    run.id = run::new_run_id();
    run.started_at = util::now_iso();
    run.tool_version = SGAUDIT_VERSION;
    run.source = "region:" + in.region.file;
    run.as_of = in.as_of;
    run.period = in.period;
    std::set<std::string> plugin_names;
    Measuring measuring;
    for (const auto& p : in.plugins) {
        plugin_names.insert(p.name);
        for (const auto& r : p.ruleset.rules)
            if (run::measuring_rule(r)) measuring.insert({p.name, r.id});
    }
    Figures figures;
    std::size_t measured = 0;
    for (std::size_t i = 0; i < in.runs.size(); ++i) {
        std::string why = read_council(in.runs[i], i, plugin_names, measuring, figures);
        if (why.empty()) ++measured;
        else failed.emplace_back(in.runs[i].council->id, why);
    }
    std::map<std::string, std::vector<Result>> results;  // by plugin
    for (const auto& [key, by_council] : figures) results_for(key, by_council, in, measured, results[key.plugin]);
    run::SummaryCounts counts;
    for (auto& p : in.plugins) {
        counts.plugin_started(p.name, p.ruleset);
        for (auto& r : results[p.name]) {
            counts.add(r);
            run.results.push_back(std::move(r));
        }
        counts.plugin_ended(p.name, true);
    }
    run.plugins = std::move(in.plugins);
    counts.fill(run);
    add_region_sections(run, in.region, failed);
    run.finished_at = util::now_iso();
    return run;
}

}  // namespace sgaudit::report
