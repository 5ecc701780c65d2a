#include "html_sections.hpp"

#include <cctype>

#include "sgaudit/report/svg_chart.hpp"

namespace sgaudit::report::detail {
using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string section_anchor(const std::string& plugin, const std::string& subject_id) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "sheet";
    for (const std::string* part : {&plugin, &subject_id}) {
        out += '-';
        for (unsigned char c : *part) {
            if (std::isalnum(c) || c == '-') out += static_cast<char>(c);
            else out += std::string("_") + hex[c >> 4] + hex[c & 15];
        }
    }
    return out;
}

data section_data(const ReportSection& s) {
    data sd;
    sd.set("title", s.title);
    if (!s.text.empty()) sd.set("text", s.text);
    // A plugin's picture goes in as it is, so it must be inert: anything else is left out.
    if (!s.svg.empty()) {
        if (auto why = svg_problem(s.svg); why.empty()) sd.set("svg", s.svg);
        else sd.set("svg_withheld", "The picture was left out because " + why + ".");
    }
    sd.set("svg_alt", s.svg_alt);
    sd.set("has_table", !s.table_header.empty());
    data header{data::type::list}, rows{data::type::list};
    for (const auto& h : s.table_header) header << data("cell", h);
    for (const auto& r : s.table_rows) {
        data cells{data::type::list};
        for (const auto& c : r) cells << data("cell", c);
        rows << data("cells", cells);
    }
    sd.set("header", header);
    sd.set("rows", rows);
    return sd;
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
    for (const auto& s : run_.plugins.at(plugin).sections) {
        data holder;
        holder.set(one, data{kainjow::mustache::list{section_data(s)}});
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
