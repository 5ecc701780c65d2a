#include "html_sections.hpp"

#include <cctype>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/section_cells.hpp"
#include "sgaudit/report/svg_chart.hpp"

namespace sgaudit::report {
namespace {

// Letters, digits and '-' as they are, every other byte as _XX: '.' never occurs in a part, so
// parts joined by '.' can be told apart again.
std::string id_part(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-') {
            out += static_cast<char>(c);
        } else {
            out += '_';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

// The prefix keeps it apart from the group ids and the report's own, and starts it with a letter.
std::string section_anchor(const std::string& plugin, const std::string& subject_id) {
    return "subject." + id_part(plugin) + "." + id_part(subject_id);
}

}  // namespace sgaudit::report

namespace sgaudit::report::detail {
using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string group_anchor(const std::string& plugin, const std::string& group_key) {
    return "group." + id_part(plugin) + "." + id_part(group_key);
}

namespace {

// A cell as it is shown: a date column's dates in words, and its fill when the plugin gave one
// (only "#RRGGBB" reaches here: see section_cells.hpp).
data cell_data(const ReportSection& s, std::size_t row, std::size_t col) {
    const std::string& text = s.table_rows[row][col];
    auto date = date_cell(s, col, text);
    data cell("cell", date ? uk_date(*date) : text);
    if (auto fill = fill_at(s, row, col); !fill.empty()) cell.set("fill", fill);
    return cell;
}

}  // namespace

data section_data(const ReportSection& s) {
    data sd;
    sd.set("title", s.title);
    if (!s.text.empty()) sd.set("text", s.text);
    data details{data::type::list};
    for (const auto& [label, value] : s.details) {
        data d;
        d.set("label", label);
        d.set("value", value);
        details << d;
    }
    sd.set("details", details);
    sd.set("has_details", !s.details.empty());
    // A plugin's picture goes in as it is, so it must be inert: anything else is left out.
    if (!s.svg.empty()) {
        if (auto why = svg_problem(s.svg); why.empty()) sd.set("svg", s.svg);
        else sd.set("svg_withheld", "The picture was left out because " + why + ".");
    }
    sd.set("svg_alt", s.svg_alt);
    sd.set("has_table", !s.table_header.empty());
    data header{data::type::list}, rows{data::type::list};
    for (const auto& h : s.table_header) header << data("cell", h);
    for (std::size_t i = 0; i < s.table_rows.size(); ++i) {
        data cells{data::type::list};
        for (std::size_t k = 0; k < s.table_rows[i].size(); ++k) cells << cell_data(s, i, k);
        rows << data("cells", cells);
    }
    sd.set("header", header);
    sd.set("rows", rows);
    return sd;
}

namespace {

bool same_group(const ReportSection& a, const ReportSection& b) { return a.group == b.group && a.group_key == b.group_key; }

}  // namespace

data SectionSequence::at(std::size_t i) {
    const ReportSection& s = plugin_.sections.at(i);
    data d = section_data(s);
    // A subject's section prints on a page of its own, and so does one the plugin asks to (a
    // one-page summary); the first about a subject is its anchor.
    d.set("subject", !s.subject_id.empty() || s.own_page);
    if (!s.subject_id.empty() && subjects_.insert(s.subject_id).second) d.set("anchor", section_anchor(plugin_.name, s.subject_id));
    if (!s.group.empty()) place_in_group(d, i);
    return d;
}

// A group opens where the previous section was in another (or none), and closes where the next
// is; a subgroup heading comes where the subgroup changes. Sections in a group that do not begin
// it or a subgroup carry both names, so every printed page says whose it is.
void SectionSequence::place_in_group(data& d, std::size_t i) {
    const auto& all = plugin_.sections;
    const ReportSection& s = all[i];
    const bool starts = i == 0 || !same_group(all[i - 1], s);
    const bool ends = i + 1 == all.size() || !same_group(s, all[i + 1]);
    const bool sub_starts = !s.subgroup.empty() && (starts || all[i - 1].subgroup != s.subgroup);
    d.set("group", s.group);
    if (!s.subgroup.empty()) d.set("subgroup", s.subgroup);
    d.set("group_start", starts);
    d.set("group_end", ends);
    d.set("subgroup_start", sub_starts);
    d.set("kicker", !starts && !sub_starts);
    // A group given again further on is drawn again, without the id its first part holds.
    const std::string anchor = group_anchor(plugin_.name, s.group_key);
    d.set("group_anchor", anchor);
    if (starts && groups_.insert(anchor).second) {
        d.set("group_id", anchor);
        d.set("print_all_anchor", "all." + anchor);  // a target that is no group: everything prints
    }
}

void add_sections(data& list, const run::PluginRun& plugin) {
    SectionSequence seq(plugin);
    for (std::size_t i = 0; i < plugin.sections.size(); ++i) list << seq.at(i);
}

namespace {

bool blank(const std::string& s, std::size_t from, std::size_t to) {
    return s.find_first_not_of(" \t", from) >= to;
}

// Every occurrence of `tag` is alone on its line.
bool alone_on_lines(const std::string& t, const std::string& tag) {
    for (std::size_t at = t.find(tag); at != std::string::npos; at = t.find(tag, at + tag.size())) {
        std::size_t start = t.rfind('\n', at);
        start = start == std::string::npos ? 0 : start + 1;
        std::size_t end = t.find('\n', at);
        if (end == std::string::npos) end = t.size();
        if (!blank(t, start, at) || !blank(t, at + tag.size(), end)) return false;
    }
    return true;
}

}  // namespace

bool sections_stream(const std::string& t) {
    // Not as a variable either (a lambda there is an error where a list draws nothing).
    for (const char* other : {"{{=", "{{sections}}", "{{{sections}}}", "{{&sections}}"})
        if (t.find(other) != std::string::npos) return false;
    return alone_on_lines(t, "{{#sections}}") && alone_on_lines(t, "{{/sections}}");
}

SectionSplicer::SectionSplicer(const run::RunResult& run, std::ostream& out) : run_(run), out_(out) {
    std::random_device rd;
    nonce_ = "\x02sgaudit-sections-" + std::to_string(rd()) + "-" + std::to_string(rd()) + ":";
}

data SectionSplicer::lambda_for(std::size_t plugin) {
    return data{kainjow::mustache::lambda2{[this, plugin](const std::string& text, const kainjow::mustache::renderer&) {
        markers_.emplace_back(plugin, text);
        return nonce_ + std::to_string(markers_.size() - 1) + "\x03";
    }}};
}

// A line comes as its text, then its line break. A marker's line holds nothing else (the
// template was checked), and as a list's tag line it is not written, nor is its break.
void SectionSplicer::write(const std::string& chunk, const data& root) {
    if (swallow_newline_) {
        swallow_newline_ = false;
        if (chunk == "\n") return;
    }
    std::size_t at = chunk.find(nonce_);
    if (at == std::string::npos) {
        out_ << chunk;
        return;
    }
    std::size_t end = chunk.find('\x03', at);
    std::size_t marker = std::stoul(chunk.substr(at + nonce_.size(), end - at - nonce_.size()));
    if (!blank(chunk, 0, at) || !blank(chunk, end + 1, chunk.size())) error_ = "a plugin's sections are not on a line of their own";
    draw(marker, root);
    swallow_newline_ = true;
}

// Each section drawn by itself as a one-item list in place of the plugin's sections, with the
// page and the plugin around it as the list would have them.
void SectionSplicer::draw(std::size_t marker, const data& root) {
    const auto& [plugin, text] = markers_.at(marker);
    static const std::string one = "sgaudit_one_section";
    mustache tmpl{"{{#" + one + "}}" + text + "{{/" + one + "}}"};
    if (!tmpl.is_valid()) {
        error_ = tmpl.error_message();
        return;
    }
    const data& plugin_data = root.get("plugins")->list_value().at(plugin);
    const run::PluginRun& p = run_.plugins.at(plugin);
    SectionSequence seq(p);
    for (std::size_t i = 0; i < p.sections.size(); ++i) {
        data holder;
        holder.set(one, data{kainjow::mustache::list{seq.at(i)}});
        kainjow::mustache::context<std::string> ctx(&root);
        ctx.push(&plugin_data);
        ctx.push(&holder);
        tmpl.render(ctx, out_);
        if (!tmpl.error_message().empty()) {
            error_ = tmpl.error_message();
            return;
        }
    }
}

}  // namespace sgaudit::report::detail
