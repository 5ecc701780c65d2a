#pragma once
// The plugins' sections of the HTML report (a review sheet per plan: most of a large report),
// drawn one at a time where the template places them, instead of held as one data tree
// (internal to the HTML report).
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report::detail {

// The HTML id of the section a plugin gave for `subject_id` (its review sheet, say): letters,
// digits and '-' kept, every other byte written as _XX, so any id is safe in an HTML id and a
// URL fragment, and two ids never share an anchor.
std::string section_anchor(const std::string& plugin, const std::string& subject_id);

// One section as the template reads it.
kainjow::mustache::data section_data(const ReportSection& s);

// True when the template's sections can be drawn one at a time exactly as a list would draw them:
// every {{#sections}} and {{/sections}} stands on a line of its own, with the usual delimiters.
bool sections_stream(const std::string& html_template);

// Each plugin's `sections` is a mustache lambda that leaves a marker (with a nonce no data can
// guess) and keeps the section template; the page is then written through write(), which draws
// the plugin's sections at the marker, each in the context the list would have given it.
class SectionSplicer {
public:
    SectionSplicer(const run::RunResult& run, std::ostream& out);
    kainjow::mustache::data lambda_for(std::size_t plugin);
    // The render handler; `root` is the page's data.
    void write(const std::string& chunk, const kainjow::mustache::data& root);
    const std::string& error() const { return error_; }

private:
    void draw(std::size_t marker, const kainjow::mustache::data& root);
    const run::RunResult& run_;
    std::ostream& out_;
    std::string nonce_, error_;
    std::vector<std::pair<std::size_t, std::string>> markers_;  // plugin, section template
    bool swallow_newline_ = false;
};

}  // namespace sgaudit::report::detail
