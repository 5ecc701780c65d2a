#pragma once
// Where the report people read is drawn: one self-contained HTML file (inline CSS and SVG, no
// network), printable on A4, from templates a council can restyle without recompiling.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::report {

// Finds report.html.mustache and report.css in the template folders (first match wins).
struct Templates {
    std::string html, css, html_path, css_path;
    static Status load(const std::vector<std::filesystem::path>& dirs, Templates& out);
};

// "31 March 2009".
std::string uk_date(Date d);
// Every ISO date in `text` (messages carry them; the JSON keeps them) as "31 March 2009".
std::string uk_dates_in(const std::string& text);

// `shown`: the results to draw the failures, errors and waivers from (KeptResults keeps them).
Status write_html(const run::RunResult& run, const std::vector<Result>& shown, const Templates& templates, std::ostream& out);

}  // namespace sgaudit::report
