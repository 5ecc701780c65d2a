#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "sgaudit/report/region_report.hpp"
#include "sgaudit/util/figure_text.hpp"

namespace sgaudit::report {
namespace {

std::string value_cell(const Result& r) {
    if (r.outcome == Outcome::error) return "error";
    if (!r.measure || !r.measure->value) return "no value";
    return util::one_decimal(*r.measure->value);
}

// "rank 2 of 3" from the message the regional run wrote, or "".
std::string rank_in(const std::string& message) {
    auto at = message.find("; rank ");
    if (at == std::string::npos) return {};
    auto end = message.find(';', at + 2);
    return message.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
}

std::string period_of(const Subject& s) { return s.id.substr(s.id.find(' ') + 1); }
std::string council_of(const Subject& s) { return s.id.substr(0, s.id.find(' ')); }

// Horizontal bars, one per council and the region, for one indicator's latest year. The numbers
// are in the table beside it; the region's bar is hatched and named.
std::string bars(const std::string& title, const std::vector<std::pair<std::string, std::optional<double>>>& rows) {
    double top = 0;
    for (const auto& [name, v] : rows)
        if (v) top = std::max(top, *v);
    if (top <= 0) top = 1;
    const double left = 200, width = 320, row = 22;
    const double height = 24 + row * static_cast<double>(rows.size());
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"region-bars\" width=\"600\" height=\"" + util::one_decimal(height) +
                      "\" viewBox=\"0 0 600 " + util::one_decimal(height) + "\" role=\"img\" font-family=\"sans-serif\"><title>" +
                      xml_escape(title) + "</title>";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double y = 10 + row * static_cast<double>(i);
        const bool region = i + 1 == rows.size();
        svg += "<text x=\"0\" y=\"" + util::one_decimal(y + 13) + "\" font-size=\"12\">" + xml_escape(rows[i].first) + "</text>";
        if (!rows[i].second) {
            svg += "<text x=\"" + util::one_decimal(left) + "\" y=\"" + util::one_decimal(y + 13) + "\" font-size=\"11\">no value</text>";
            continue;
        }
        const double w = width * *rows[i].second / top;
        svg += "<rect x=\"" + util::one_decimal(left) + "\" y=\"" + util::one_decimal(y) + "\" width=\"" + util::one_decimal(w) + "\" height=\"16\" fill=\"" +
               (region ? "#555555" : "#1F4E79") + "\"" + (region ? " fill-opacity=\"0.6\"" : "") + "/>";
        svg += "<text x=\"" + util::one_decimal(left + w + 6) + "\" y=\"" + util::one_decimal(y + 13) + "\" font-size=\"11\">" +
               util::one_decimal(*rows[i].second) + "</text>";
    }
    return svg + "</svg>";
}

}  // namespace

namespace {

using ByPeriod = std::map<std::string, std::map<std::string, const Result*>>;  // period -> council id ("" the region) -> result

ReportSection region_section(const std::string& id, const std::string& title) {
    ReportSection s;
    s.id = id;
    s.title = title;
    s.group = "Regional view";
    s.group_key = "region";
    return s;
}

ReportSection side_by_side(const run::Region& region, const std::string& latest) {
    ReportSection table = region_section("region/table", region.name + ": the councils side by side, " + latest);
    table.text = "Each council's whole-council figure from its own run on the same definitions and rule set, ranked (1 is best; "
                 "not ranked where neither higher nor lower is better), and the region's: every council's numerator over every "
                 "council's denominator. Only these figures leave a council; no child's identifier is in this report.";
    table.table_header = {"Indicator", "Council", "Value", "Numerator", "Denominator", "Rank"};
    table.column_types = {"", "", "number", "number", "number", ""};
    table.sheet = "Region";
    return table;
}

// One indicator: every year by council and the region, and a bar chart of the latest year; its
// latest year's rows are added to the side-by-side table too.
ReportSection indicator_section(const rules::Rule& rule, ByPeriod& by, const std::set<std::string>& periods, const run::Region& region,
                                std::size_t measured, ReportSection& table) {
    const std::string& latest = *periods.rbegin();
    ReportSection s = region_section("region/" + rule.id, rule.title);
    s.table_header = {"Council"};
    for (const auto& period : periods) s.table_header.push_back(period);
    s.table_header.push_back("Rank " + latest);
    s.column_types.assign(s.table_header.size(), "number");
    s.column_types.front() = "";
    s.column_types.back() = "";
    std::vector<std::pair<std::string, std::string>> places;  // id and label
    for (const auto& c : region.councils) places.emplace_back(c.id, c.name);
    places.emplace_back("", region.name + " (region, " + std::to_string(measured) + " of " + std::to_string(region.councils.size()) +
                                " councils)");
    std::vector<std::pair<std::string, std::optional<double>>> chart;
    for (const auto& [id, label] : places) {
        std::vector<std::string> row{label};
        for (const auto& period : periods) {
            auto at = by[period].find(id);
            row.push_back(at == by[period].end() ? "not measured" : value_cell(*at->second));
        }
        auto last = by[latest].find(id);
        const Result* lr = last == by[latest].end() ? nullptr : last->second;
        row.push_back(lr ? rank_in(lr->message) : "");
        s.table_rows.push_back(std::move(row));
        chart.emplace_back(label, lr && lr->measure && lr->outcome != Outcome::error ? lr->measure->value : std::nullopt);
        if (!lr) continue;
        const bool m = lr->measure.has_value();
        table.table_rows.push_back({rule.title, label, value_cell(*lr), m ? util::count_text(lr->measure->numerator) : "",
                                    m ? util::count_text(lr->measure->denominator) : "", m ? rank_in(lr->message) : ""});
    }
    s.svg = bars(rule.title + ", " + latest, chart);
    s.svg_alt = rule.title + " for each council and the region in " + latest + ", as in the table";
    return s;
}

ReportSection not_measured(const run::Region& region, const std::vector<std::pair<std::string, std::string>>& failed) {
    ReportSection f = region_section(kNotMeasuredSection, "Councils not measured");
    f.text = "These councils' runs did not complete, so they are in no figure above and the regional figures leave them out.";
    f.table_header = {"Council", "Why"};
    for (const auto& [id, why] : failed)
        for (const auto& c : region.councils)
            if (c.id == id) f.table_rows.push_back({c.name + " (" + id + ")", why});
    return f;
}

}  // namespace

void add_region_sections(run::RunResult& run, const run::Region& region, const std::vector<std::pair<std::string, std::string>>& failed) {
    for (auto& p : run.plugins) {
        std::map<std::string, ByPeriod> by;  // by rule
        std::set<std::string> periods;
        for (const auto& r : run.results) {
            if (r.plugin != p.name) continue;
            by[r.rule][period_of(r.subject)][r.subject.kind == "region" ? "" : council_of(r.subject)] = &r;
            periods.insert(period_of(r.subject));
        }
        if (by.empty()) continue;
        ReportSection table = side_by_side(region, *periods.rbegin());
        for (const auto& rule : p.ruleset.rules)
            if (auto it = by.find(rule.id); it != by.end())
                p.sections.push_back(indicator_section(rule, it->second, periods, region, region.councils.size() - failed.size(), table));
        p.sections.insert(p.sections.begin(), std::move(table));
        if (!failed.empty()) p.sections.insert(p.sections.begin() + 1, not_measured(region, failed));
    }
}

}  // namespace sgaudit::report
