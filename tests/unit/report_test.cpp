// Small pieces of report drawing: percentages, label shortening, and the check that keeps a
// plugin's picture inert.
#include <doctest/doctest.h>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/section_cells.hpp"
#include "sgaudit/report/svg_chart.hpp"

using namespace sgaudit::report;

TEST_CASE("report: a pass rate below 100% never reads as 100%") {
    CHECK(percent_text(1.0) == "100%");
    CHECK(percent_text(7999.0 / 8000.0) == "99%");
    CHECK(percent_text(2.0 / 3.0) == "66%");
    CHECK(percent_text(0.0) == "0%");
}

TEST_CASE("report: labels are shortened by characters, not bytes") {
    CHECK(shorten("Huntingdonshire", 42) == "Huntingdonshire");
    // 5 characters allowed: 4 kept and an ellipsis; "é" is two bytes but one character.
    CHECK(shorten("éééééé", 5) == "éééé…");
}

TEST_CASE("report: UK dates") {
    CHECK(uk_date(*sgaudit::Date::from_ymd(2009, 3, 31)) == "31 March 2009");
    CHECK(uk_date(*sgaudit::Date::from_ymd(2008, 2, 29)) == "29 February 2008");
}

TEST_CASE("report: plugin pictures with active or external content are refused") {
    CHECK(svg_problem("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>").empty());
    CHECK(svg_problem("<svg><a href=\"#gap-1\"><text>gap</text></a></svg>").empty());
    CHECK(svg_problem("<div></div>") == "it is not a single <svg> element");
    CHECK(svg_problem("<svg><script>alert(1)</script></svg>") == "it contains <script");
    CHECK(svg_problem("<svg><rect onclick=\"x()\"/></svg>") == "it has an event handler attribute");
    CHECK(svg_problem("<svg><a href=\"https://example.org\">x</a></svg>") == "it refers to something outside the report");
    CHECK(svg_problem("<svg><rect style=\"fill:url(http://x/y)\"/></svg>") == "it refers to something outside the report");
    CHECK(svg_problem("<svg><foreignObject></foreignObject></svg>") == "it contains <foreignobject");
}

TEST_CASE("report: a section's cell colours are #RRGGBB or left out, and its column types are known words") {
    sgaudit::ReportSection s;
    s.id = "heat-map";
    s.table_rows = {{"a", "2009-03-31"}, {"b", "31/03/2009"}};
    s.cell_fills = {{"#A8DAB5", ""}, {"#ffd580"}};
    s.column_types = {"", "date"};
    CHECK(accept_cell_styles(s).empty());
    CHECK(fill_at(s, 0, 0) == "#A8DAB5");
    CHECK(fill_at(s, 1, 0) == "#ffd580");
    CHECK(fill_at(s, 1, 1).empty());  // a row of fills may be shorter than the table's
    CHECK(fill_at(s, 5, 0).empty());
    CHECK(date_cell(s, 1, "2009-03-31") == sgaudit::Date::from_ymd(2009, 3, 31));
    CHECK_FALSE(date_cell(s, 1, "31/03/2009"));  // stays text
    CHECK_FALSE(date_cell(s, 0, "2009-03-31"));  // not a date column
    // Anything that is not exactly a colour could carry markup or CSS into the report: all left out.
    for (const char* bad : {"red", "#FFF", "#GGGGGG", "#A8DAB5;background:url(x)", "#A8DAB5\"", " #A8DAB5"}) {
        sgaudit::ReportSection t = s;
        t.cell_fills[1] = {bad};
        INFO(bad);
        CHECK(accept_cell_styles(t) == "section 'heat-map': its cell colours (each must be #RRGGBB or empty) were left out");
        CHECK(t.cell_fills.empty());
        CHECK(t.column_types.size() == 2);
    }
    sgaudit::ReportSection u = s;
    u.column_types = {"currency"};
    CHECK(accept_cell_styles(u) == "section 'heat-map': its column types (each must be \"\", \"date\" or \"number\") were left out");
    CHECK(u.column_types.empty());
    CHECK(u.cell_fills.size() == 2);
}
