#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "sgaudit/report/region_report.hpp"

namespace sgaudit::report {
namespace {

std::string one_decimal(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string number_cell(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, v == static_cast<double>(static_cast<long long>(v)) ? "%.0f" : "%.1f", v);
    return buf;
}

std::string value_cell(const Result& r) {
    if (r.outcome == Outcome::error) return "error";
    if (!r.measure || !r.measure->value) return "no value";
    return one_decimal(*r.measure->value);
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
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"region-bars\" width=\"600\" height=\"" + one_decimal(height) +
                      "\" viewBox=\"0 0 600 " + one_decimal(height) + "\" role=\"img\" font-family=\"sans-serif\"><title>" +
                      xml_escape(title) + "</title>";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double y = 10 + row * static_cast<double>(i);
        const bool region = i + 1 == rows.size();
        svg += "<text x=\"0\" y=\"" + one_decimal(y + 13) + "\" font-size=\"12\">" + xml_escape(rows[i].first) + "</text>";
        if (!rows[i].second) {
            svg += "<text x=\"" + one_decimal(left) + "\" y=\"" + one_decimal(y + 13) + "\" font-size=\"11\">no value</text>";
            continue;
        }
        const double w = width * *rows[i].second / top;
        svg += "<rect x=\"" + one_decimal(left) + "\" y=\"" + one_decimal(y) + "\" width=\"" + one_decimal(w) + "\" height=\"16\" fill=\"" +
               (region ? "#555555" : "#1F4E79") + "\"" + (region ? " fill-opacity=\"0.6\"" : "") + "/>";
        svg += "<text x=\"" + one_decimal(left + w + 6) + "\" y=\"" + one_decimal(y + 13) + "\" font-size=\"11\">" +
               one_decimal(*rows[i].second) + "</text>";
    }
    return svg + "</svg>";
}

}  // namespace

void add_region_sections(run::RunResult& run, const run::Region& region, const std::vector<std::pair<std::string, std::string>>& failed) {
    std::map<std::string, std::string> names;
    for (const auto& c : region.councils) names[c.id] = c.name;
    for (auto& p : run.plugins) {
        // rule -> period -> council id (or "") -> result
        std::map<std::string, std::map<std::string, std::map<std::string, const Result*>>> by;
        std::set<std::string> periods;
        for (const auto& r : run.results) {
            if (r.plugin != p.name) continue;
            const std::string who = r.subject.kind == "region" ? "" : council_of(r.subject);
            by[r.rule][period_of(r.subject)][who] = &r;
            periods.insert(period_of(r.subject));
        }
        if (by.empty()) continue;
        const std::string latest = *periods.rbegin();
        ReportSection table;
        table.id = "region/table";
        table.title = region.name + ": the councils side by side, " + latest;
        table.group = "Regional view";
        table.group_key = "region";
        table.text = "Each council's whole-council figure from its own run on the same definitions and rule set, ranked (1 is best; "
                     "not ranked where neither higher nor lower is better), and the region's: every council's numerator over every "
                     "council's denominator. Only these figures leave a council; no child's identifier is in this report.";
        table.table_header = {"Indicator", "Council", "Value", "Numerator", "Denominator", "Rank"};
        table.column_types = {"", "", "number", "number", "number", ""};
        table.sheet = "Region";
        for (const auto& rule : p.ruleset.rules) {
            auto it = by.find(rule.id);
            if (it == by.end()) continue;
            ReportSection s;
            s.id = "region/" + rule.id;
            s.title = rule.title;
            s.group = "Regional view";
            s.group_key = "region";
            s.table_header = {"Council"};
            for (const auto& period : periods) s.table_header.push_back(period);
            s.table_header.push_back("Rank " + latest);
            s.column_types.assign(s.table_header.size(), "number");
            s.column_types.front() = "";
            s.column_types.back() = "";
            std::vector<std::pair<std::string, std::optional<double>>> chart;
            std::vector<std::string> ids;
            for (const auto& c : region.councils) ids.push_back(c.id);
            ids.push_back("");
            const std::string covered = " (region, " + std::to_string(region.councils.size() - failed.size()) + " of " +
                                        std::to_string(region.councils.size()) + " councils)";
            for (const auto& id : ids) {
                const std::string label = id.empty() ? region.name + covered : names[id];
                std::vector<std::string> row{label};
                for (const auto& period : periods) {
                    auto at = it->second[period].find(id);
                    row.push_back(at == it->second[period].end() ? "not measured" : value_cell(*at->second));
                }
                auto last = it->second[latest].find(id);
                const Result* lr = last == it->second[latest].end() ? nullptr : last->second;
                row.push_back(lr ? rank_in(lr->message) : "");
                s.table_rows.push_back(row);
                chart.emplace_back(label, lr && lr->measure && lr->outcome != Outcome::error ? lr->measure->value : std::nullopt);
                if (lr && lr->measure)
                    table.table_rows.push_back({rule.title, label, value_cell(*lr), number_cell(lr->measure->numerator),
                                                number_cell(lr->measure->denominator), rank_in(lr->message)});
                else if (lr)
                    table.table_rows.push_back({rule.title, label, value_cell(*lr), "", "", ""});
            }
            s.svg = bars(rule.title + ", " + latest, chart);
            s.svg_alt = rule.title + " for each council and the region in " + latest + ", as in the table";
            p.sections.push_back(std::move(s));
        }
        p.sections.insert(p.sections.begin(), std::move(table));
        if (!failed.empty()) {
            ReportSection f;
            f.id = "region/not-measured";
            f.title = "Councils not measured";
            f.group = "Regional view";
            f.group_key = "region";
            f.text = "These councils' runs did not complete, so they are in no figure above and the regional figures leave them out.";
            f.table_header = {"Council", "Why"};
            for (const auto& [id, why] : failed) f.table_rows.push_back({names[id] + " (" + id + ")", why});
            p.sections.insert(p.sections.begin() + 1, std::move(f));
        }
    }
}

}  // namespace sgaudit::report
