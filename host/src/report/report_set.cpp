#include "sgaudit/report/report_set.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "sgaudit/report/flat_reports.hpp"
#include "sgaudit/report/json_report.hpp"
#include "sgaudit/report/xlsx_report.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::report {
namespace fs = std::filesystem;

const std::vector<std::string>& known_formats() {
    static const std::vector<std::string> formats{"html", "json", "csv", "xlsx", "md", "junit"};
    return formats;
}

std::vector<std::string> parse_formats(const std::string& list) {
    std::vector<std::string> out;
    std::string item;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i == list.size() || list[i] == ',') {
            if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
            item.clear();
        } else if (!std::isspace(static_cast<unsigned char>(list[i]))) {
            item += static_cast<char>(std::tolower(static_cast<unsigned char>(list[i])));
        }
    }
    return out;
}

Status prepare_formats(const std::vector<std::string>& formats, const std::vector<fs::path>& template_dirs, Templates& templates) {
    for (const auto& f : formats) {
        const auto& known = known_formats();
        if (std::find(known.begin(), known.end(), f) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            return Status::error("unknown format '" + f + "'; this version writes: " + list);
        }
        if (f == "html")
            if (auto st = Templates::load(template_dirs, templates); !st) return st;
    }
    return Status::ok();
}

fs::path report_file(const fs::path& dir, const std::string& format) {
    return dir / (format == "junit" ? "report.junit.xml" : "report." + format);
}

ReportSet::ReportSet(std::vector<std::string> formats, const Templates& templates,
                     std::function<fs::path(const std::string&)> folder)
    : formats_(std::move(formats)), templates_(templates), folder_(std::move(folder)) {}

ReportSet::~ReportSet() { abandon(); }

Status ReportSet::begin(const run::RunResult& run) {
    dir_ = folder_(run.id);
    if (auto st = util::make_report_folder(dir_); !st) return st;
    stale_ = util::remove_stale_temporaries(dir_);
    for (const auto& f : formats_) {
        fs::path file = report_file(dir_, f);
        std::unique_ptr<run::RunSink> w = f == "json" ? json_writer(file) : f == "csv" ? csv_writer(file)
                                        : f == "xlsx" ? xlsx_writer(file) : nullptr;
        if (!w) {
            keep_ = true;
            continue;
        }
        if (auto st = w->begin(run); !st) return st;
        streamed_.emplace_back(f, std::move(w));
    }
    return Status::ok();
}

void ReportSet::plugin_started(const std::string& plugin, const rules::RuleSet& rules) {
    for (auto& [f, w] : streamed_) w->plugin_started(plugin, rules);
}

void ReportSet::add(const Result& result) {
    if (pseudonyms_) return take(Result(result));
    for (auto& [f, w] : streamed_) w->add(result);
    if (keep_) kept_.add(result);
}

void ReportSet::take(Result&& result) {
    if (pseudonyms_) pseudonyms_->apply(result);
    for (auto& [f, w] : streamed_) w->add(result);
    if (keep_) kept_.take(std::move(result));
}

void ReportSet::plugin_ended(const std::string& plugin, bool complete) {
    for (auto& [f, w] : streamed_) w->plugin_ended(plugin, complete);
}

// HTML, Markdown and JUnit: small, drawn whole from the run's counts and the kept results.
Status ReportSet::draw(const run::RunResult& run, const std::string& f) {
    fs::path file = report_file(dir_, f);
    if (f == "html") {
        // Drawn straight into its temporary file: a template that fails part-way leaves that
        // thrown away and any earlier report.html in place.
        Status drawn = Status::ok();
        auto written = util::write_private_file(file, [&](std::ostream& os) {
            drawn = write_html(run, kept_.results(), templates_, os);
            if (!drawn) throw std::runtime_error("the template failed");
        });
        return drawn ? written : drawn;
    }
    return util::write_private_file(file, [&](std::ostream& os) {
        if (f == "junit") write_junit(run, kept_.results(), os);
        else write_markdown(run, kept_.results(), os);
    });
}

Status ReportSet::finish(const run::RunResult& run) {
    if (!pseudonyms_) return finish_formats(run);
    run::RunResult shown = run;
    pseudonyms_->apply(shown);
    return finish_formats(shown);
}

Status ReportSet::finish_formats(const run::RunResult& run) {
    for (const auto& f : formats_) {
        auto it = std::find_if(streamed_.begin(), streamed_.end(), [&](const auto& w) { return w.first == f; });
        Status st = it != streamed_.end() ? it->second->finish(run) : draw(run, f);
        if (it != streamed_.end()) streamed_.erase(it);
        if (!st) {
            abandon();
            return st;
        }
        written_.push_back(report_file(dir_, f));
    }
    kept_.clear();
    remove_earlier_reports();
    return Status::ok();
}

// Only the names sgaudit writes, only regular files (a link or folder of that name is not one
// sgaudit wrote), and only formats this run did not just write.
void ReportSet::remove_earlier_reports() {
    for (const auto& f : known_formats()) {
        if (std::find(formats_.begin(), formats_.end(), f) != formats_.end()) continue;
        fs::path file = report_file(dir_, f);
        std::error_code ec;
        if (!fs::is_regular_file(fs::symlink_status(file, ec))) continue;
        if (fs::remove(file, ec)) removed_.push_back(file);
        else if (ec) not_removed_.emplace_back(file, ec.message());
    }
}

void ReportSet::abandon() noexcept {
    for (auto& [f, w] : streamed_) w->abandon();
    streamed_.clear();
    kept_.clear();
}

Status write_reports(const run::RunResult& run, const std::vector<std::string>& formats, const Templates& templates,
                     const fs::path& dir, std::vector<fs::path>& written) {
    ReportSet set(formats, templates, [&](const std::string&) { return dir; });
    Status st = set.begin(run);
    if (st) {
        for (const auto& r : run.results) set.add(r);
        st = set.finish(run);
    }
    written = set.written();
    return st;
}

}  // namespace sgaudit::report
