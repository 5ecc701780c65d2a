// The indicators' report sections: the seed's table shape (years across; the council, its
// statistical neighbours and England down), a trend chart per indicator, the same by area, and
// the caseload table by area (the seed's Table 1).
#include "figures.hpp"

namespace indicators {
namespace {

const char* kGroup = "Performance indicators";

std::string fill_of(const std::string& rag) {
    if (rag == "green") return "#C8E6C9";
    if (rag == "amber") return "#FFE0B2";
    if (rag == "red") return "#FFCDD2";
    return "";
}

// The figure a cell shows: its value to one decimal, or why there is none.
std::string cell(const RuleOutcome* o) {
    if (!o) return "";
    if (o->outcome == Outcome::error) return "error";
    if (!o->measure || !o->measure->value) return "no value";
    return one_decimal(o->measure->value);
}

// The RAG, or why there is none.
std::string rag_cell(const RuleOutcome* o) {
    if (!o) return "";
    if (o->outcome == Outcome::error) return "error: " + o->message;
    if (!o->measure) return "no value";
    if (!o->measure->rag.empty()) return o->measure->rag;
    if (o->measure->polarity == "neither") return "not judged: neither higher nor lower is better";
    if (!o->measure->value) return "no value";
    return "not judged: no comparator published for " + o->measure->period;
}

std::string benchmark_cell(const Benchmarks& b, const std::string& rule, const std::string& year, bool england) {
    auto it = b.find({rule, year});
    if (it == b.end()) return "not published";
    if (!it->second.conflict.empty()) return "error";
    auto v = england ? it->second.england : it->second.statistical_neighbours;
    return v ? one_decimal(v) : "not published";
}

// What the reader must know about the years shown: where the case data begins, staff as now.
std::string caveats(const Figures& f) {
    std::string s;
    if (f.first_referral && !f.years.empty() && f.years.front().start < *f.first_referral)
        for (const auto& y : f.years)
            if (y.start < *f.first_referral)
                s += " The case data begins on " + f.first_referral->iso() + ", after " + y.label + " began: its figures cover part of it" +
                     (y.end < *f.first_referral ? " (none of it)." : ".");
    s += " Qualified means a registration number recorded now: SSD keeps no history of registrations, so earlier years use the "
         "workers as they are now.";
    if (!f.has_population) s += " The database has no sga_population table, so the rates per 10,000 children have no value.";
    return s;
}

const RuleOutcome* any_outcome(const Figures& f, const std::string& rule) {
    for (std::size_t y = f.years.size(); y-- > 0;)
        if (const RuleOutcome* o = f.at(rule, kCouncil, y)) return o;
    return nullptr;
}

std::vector<std::string> year_columns(const Figures& f, std::vector<std::string> first) {
    for (const auto& y : f.years) first.push_back(y.label);
    return first;
}

ReportSection overview(const Figures& f, const Benchmarks& b) {
    ReportSection s;
    s.id = "indicators/table";
    s.title = "Indicators against statistical neighbours and England";
    s.group = kGroup;
    s.group_key = "indicators";
    s.text = "Each indicator for the whole council by reporting year, beside the published figures of its statistical neighbours and "
             "England (rules/benchmarks). RAG is for the latest year: green at least as good as the comparator, amber worse by no "
             "more than the rule's tolerance, red worse by more. \"no value\": nothing to count (an empty denominator), or its "
             "denominator is not recorded; \"not published\": no comparator for that year in rules/benchmarks." + caveats(f);
    s.table_header = year_columns(f, {"Indicator", ""});
    s.table_header.push_back("RAG " + (f.years.empty() ? std::string() : f.years.back().label));
    s.column_types = {"", ""};
    for (std::size_t i = 0; i < f.years.size(); ++i) s.column_types.push_back("number");
    s.column_types.push_back("");
    s.sheet = "Indicator table";
    for (const auto& [rule, title] : f.rules) {
        std::vector<std::string> council{title, "Council"}, neighbours{"", "Statistical neighbours"},
            england{"", "England"};
        for (std::size_t y = 0; y < f.years.size(); ++y) {
            council.push_back(cell(f.at(rule, kCouncil, y)));
            neighbours.push_back(benchmark_cell(b, rule, f.years[y].label, false));
            england.push_back(benchmark_cell(b, rule, f.years[y].label, true));
        }
        const RuleOutcome* latest = f.years.empty() ? nullptr : f.at(rule, kCouncil, f.years.size() - 1);
        council.push_back(rag_cell(latest));
        neighbours.push_back("");
        england.push_back("");
        std::vector<std::string> fills(council.size());
        fills.back() = latest && latest->measure ? fill_of(latest->measure->rag) : "";
        s.table_rows.push_back(std::move(council));
        s.cell_fills.push_back(std::move(fills));
        s.table_rows.push_back(std::move(neighbours));
        s.table_rows.push_back(std::move(england));
        s.cell_fills.push_back({});
        s.cell_fills.push_back({});
    }
    return s;
}

ReportSection one_indicator(const Figures& f, const Benchmarks& b, const std::string& rule, const std::string& title) {
    ReportSection s;
    s.id = "indicator/" + rule;
    s.title = title;
    s.group = kGroup;
    s.group_key = "indicators";
    s.table_header = year_columns(f, {""});
    std::vector<std::string> labels;
    std::vector<std::optional<double>> council, neighbours, england;
    std::vector<std::string> crow{"Council"}, nrow{"Statistical neighbours"}, erow{"England"};
    for (std::size_t y = 0; y < f.years.size(); ++y) {
        const std::string& label = f.years[y].label;
        labels.push_back(label);
        const RuleOutcome* o = f.at(rule, kCouncil, y);
        council.push_back(o && o->outcome != Outcome::error && o->measure ? o->measure->value : std::nullopt);
        auto it = b.find({rule, label});
        neighbours.push_back(it == b.end() ? std::nullopt : it->second.statistical_neighbours);
        england.push_back(it == b.end() ? std::nullopt : it->second.england);
        crow.push_back(cell(o));
        nrow.push_back(benchmark_cell(b, rule, label, false));
        erow.push_back(benchmark_cell(b, rule, label, true));
    }
    s.table_rows = {crow, nrow, erow};
    s.column_types.assign(s.table_header.size(), "number");
    s.column_types[0] = "";
    if (!f.years.empty())
        if (const RuleOutcome* o = f.at(rule, kCouncil, f.years.size() - 1)) s.details.emplace_back(f.years.back().label, o->message);
    const RuleOutcome* some = any_outcome(f, rule);
    const std::string unit = some && some->measure ? some->measure->unit : "";
    s.svg = trend_chart(title, labels, {{"Council", council}, {"Statistical neighbours", neighbours}, {"England", england}}, unit);
    s.svg_alt = title + ": the council's figure by year beside its statistical neighbours and England, as in the table";
    return s;
}

ReportSection by_area(const Figures& f) {
    ReportSection s;
    s.id = "indicators/areas";
    s.title = "Indicators by area";
    s.group = kGroup;
    s.group_key = "indicators";
    s.text = "Each area's figures, counted on the same definitions as the council's: a record counts in the area its case sat in "
             "(docs/indicators.md); records in no area count for the council only.";
    s.table_header = year_columns(f, {"Indicator", "Area"});
    s.table_header.push_back("RAG " + (f.years.empty() ? std::string() : f.years.back().label));
    s.column_types = {"", ""};
    for (std::size_t i = 0; i < f.years.size(); ++i) s.column_types.push_back("number");
    s.column_types.push_back("");
    s.sheet = "Indicators by area";
    for (const auto& [rule, title] : f.rules) {
        if (auto none = f.in_no_area.find(rule); none != f.in_no_area.end()) {
            std::vector<std::string> row{title, "In no area (counted for the council only)"};
            bool any = false;
            for (double n : none->second) {
                row.push_back(std::to_string(static_cast<long long>(n)) + " record" + (n == 1 ? "" : "s"));
                any = any || n > 0;
            }
            row.push_back("");
            if (any) {
                s.table_rows.push_back(std::move(row));
                s.cell_fills.push_back({});
            }
        }
        for (const auto& area : f.areas) {
            auto name = f.area_names.find(area);
            std::vector<std::string> row{title, name == f.area_names.end() ? area : name->second + " (" + area + ")"};
            for (std::size_t y = 0; y < f.years.size(); ++y) row.push_back(cell(f.at(rule, area, y)));
            const RuleOutcome* latest = f.years.empty() ? nullptr : f.at(rule, area, f.years.size() - 1);
            row.push_back(rag_cell(latest));
            std::vector<std::string> fills(row.size());
            fills.back() = latest && latest->measure ? fill_of(latest->measure->rag) : "";
            s.table_rows.push_back(std::move(row));
            s.cell_fills.push_back(std::move(fills));
        }
    }
    return s;
}

// The seed's Table 1: open cases, FTE and average caseload by area, on the last day of the latest year.
ReportSection caseload_table(const Figures& f) {
    ReportSection s;
    s.id = "indicators/caseload";
    s.title = "Open cases and caseload by area" + (f.years.empty() ? std::string() : " at " + f.years.back().end.iso());
    s.group = kGroup;
    s.group_key = "indicators";
    s.text = "Open cases: children with an allocated worker on the day. FTE: the full-time equivalence of the qualified social "
             "workers of the area's teams as ssd_professionals holds them now (SSD keeps no history of staff).";
    s.table_header = {"Area", "No of open cases", "FTE", "Average caseload"};
    s.column_types = {"", "number", "number", "number"};
    s.sheet = "Caseload by area";
    if (f.years.empty()) return s;
    const std::size_t y = f.years.size() - 1;
    auto row = [&](const std::string& where, const std::string& label) {
        const RuleOutcome* o = f.at("caseload", where, y);
        if (!o) return;
        if (!o->measure || o->outcome == Outcome::error) {
            s.table_rows.push_back({label, "error", "error", o->message});
            return;
        }
        s.table_rows.push_back({label, std::to_string(static_cast<long long>(o->measure->numerator)),  // open cases: a count
                                one_decimal(o->measure->denominator), o->measure->value ? one_decimal(o->measure->value) : "no value"});
    };
    for (const auto& area : f.areas) {
        auto name = f.area_names.find(area);
        row(area, name == f.area_names.end() ? area : name->second);
    }
    row(kCouncil, "Council total");
    return s;
}

}  // namespace

std::vector<ReportSection> indicator_sections(const Figures& f, const Benchmarks& b) {
    std::vector<ReportSection> out{overview(f, b)};
    for (const auto& [rule, title] : f.rules) out.push_back(one_indicator(f, b, rule, title));
    out.push_back(by_area(f));
    out.push_back(caseload_table(f));
    return out;
}

ReportSection explanation(const std::string& rule, const std::string& title, const std::vector<Counted>& counted,
                          const std::map<std::string, std::string>& area_names) {
    ReportSection s;
    s.id = "explain/" + rule;
    s.title = "The records behind " + title;
    s.group = kGroup;
    s.group_key = "indicators";
    s.text = "Every record counted in the numerator or the denominator of " + rule + ", by year and area, so that any figure can be "
             "checked by hand; records left out, and why. " + std::to_string(counted.size()) + " rows.";
    s.table_header = {"Year", "Area", "Record", "Child", "Counted"};
    s.sheet = "Explain " + rule;
    for (const auto& c : counted) {
        auto name = area_names.find(c.area);
        s.table_rows.push_back({c.year, c.area.empty() ? "(no area)" : name == area_names.end() ? c.area : c.area, c.record, c.person, c.how});
    }
    return s;
}

}  // namespace indicators
