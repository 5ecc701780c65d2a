#pragma once
// Views of the same results for other tools: CSV for spreadsheets (one row per result) and
// JUnit XML for teams running rule packs in CI (each rule a test case).
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "sgaudit/run/result_stream.hpp"

namespace sgaudit::report {

// One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ (which a
// spreadsheet would run as a formula) is neutralised with an apostrophe.
std::string csv_cell(const std::string& text);

// Evidence as one line of text, "key=value; key=value", for spreadsheets.
std::string evidence_text(const Evidence& evidence);
// A number as the JSON report writes it (shortest form that reads back the same).
std::string number_text(double n);
// An indicator's comparators as one line, "statistical_neighbours=64.3; england=70.7".
std::string benchmark_text(const Measure& m);

// UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it correctly. Each result is
// written as it arrives, into the report's temporary file, moved into place at the end.
std::unique_ptr<run::RunSink> csv_writer(const std::filesystem::path& file);

// `shown`: the results to draw the failures and errors from (KeptResults keeps them).
void write_junit(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out);


// Markdown for people, a view of the same run as the HTML report: plugins, the rule table, each
// failing subject by rule under the rule's title and what to do, the waived findings with their
// justification, approver and expiry, and the waivers that had expired. Dates as "31 March 2009".
void write_markdown(const run::RunResult& run, const std::vector<Result>& shown, std::ostream& out);

}  // namespace sgaudit::report
