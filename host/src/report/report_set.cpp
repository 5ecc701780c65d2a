#include "sgaudit/report/report_set.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

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

Status write_reports(const run::RunResult& run, const std::vector<std::string>& formats, const Templates& templates,
                     const fs::path& dir, std::vector<fs::path>& written) {
    if (auto st = util::make_private_directories(dir); !st) return st;
    for (const auto& f : formats) {
        fs::path file = report_file(dir, f);
        if (f == "xlsx") {
            if (auto st = write_xlsx(run, file); !st) return st;
            written.push_back(file);
            continue;
        }
        if (f == "html") {
            // Drawn in memory first (it is small): a template that fails part-way leaves any
            // earlier report.html in place rather than replacing it with nothing.
            std::ostringstream html;
            if (auto drawn = write_html(run, templates, html); !drawn) return drawn;
            if (auto st = util::write_private_file(file, html.str()); !st) return st;
            written.push_back(file);
            continue;
        }
        auto st = util::write_private_file(file, [&](std::ostream& os) {
            if (f == "json") write_json(run, os);
            else if (f == "csv") write_csv(run, os);
            else if (f == "junit") write_junit(run, os);
            else write_markdown(run, os);
        });
        if (!st) return st;
        written.push_back(file);
    }
    return Status::ok();
}

}  // namespace sgaudit::report
