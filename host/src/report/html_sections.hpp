#pragma once
// The plugins' sections of the HTML report (a review sheet per plan: most of a large report),
// drawn one at a time where the template places them, instead of held as one data tree
// (internal to the HTML report).
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "sgaudit/run/run_result.hpp"

namespace sgaudit::report {

// The HTML id of the section `plugin` gives about `subject_id`: the same wherever it is worked out
// (the work list and the findings link to it). Letters, digits and '-' stay as they are and every
// other byte becomes _XX, so it is safe as an HTML id and as a URL fragment whatever the
// identifier holds, and two subjects never share one.
std::string section_anchor(const std::string& plugin, const std::string& subject_id);

}  // namespace sgaudit::report

namespace sgaudit::report::detail {

// The id of a group of a plugin's sections, which its "print only this group" link targets.
std::string group_anchor(const std::string& plugin, const std::string& group_key);

// One section as the template reads it, without its place among the others.
kainjow::mustache::data section_data(const ReportSection& s);

// A plugin's sections in order, each as the template reads it with its place: its anchor (the
// first section about a subject), and where its group and subgroup start and end.
class SectionSequence {
public:
    explicit SectionSequence(const run::PluginRun& plugin) : plugin_(plugin) {}
    // Call in order, i = 0, 1, ...
    kainjow::mustache::data at(std::size_t i);

private:
    void place_in_group(kainjow::mustache::data& d, std::size_t i);
    const run::PluginRun& plugin_;
    std::set<std::string> subjects_, groups_;  // anchors already given
};

// Every section of `plugin`, placed, appended to `list`.
void add_sections(kainjow::mustache::data& list, const run::PluginRun& plugin);

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
