// Small pieces of report drawing: percentages, label shortening, and the check that keeps a
// plugin's picture inert.
#include <doctest/doctest.h>

#include "sgaudit/report/html_report.hpp"
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
