#include "sgaudit/cli/cli_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <utility>

#include "sgaudit/sdk/text.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;

bool failed(const Status& st) {
    if (st) return false;
    std::cerr << "error: " << st.message() << "\n";
    return true;
}

ReportPlace report_place(const std::string& out_arg, const config::Config& cfg) {
    if (!out_arg.empty()) return {out_arg, "--out"};
    if (!cfg.out.empty()) return {cfg.out, "out in " + cfg.file};
    return {"sgaudit-out", "the default report folder"};
}

fs::path report_dir(const std::string& out_arg, const config::Config& cfg, const std::string& run_id) {
    if (!out_arg.empty()) return out_arg;
    return report_place(out_arg, cfg).folder / run_id;
}

namespace {

// Whether this user may create files in the existing folder `dir` (and pass through it).
bool can_create_in(const fs::path& dir, std::string& why) {
    if (::access(dir.c_str(), W_OK | X_OK) == 0) return true;
    why = std::strerror(errno);
    return false;
}

// `folder` does not exist: the nearest parent that does must be a folder this user can create
// folders in.
Status check_creatable(const fs::path& folder, const std::string& what) {
    for (fs::path p = folder.parent_path();; p = p.parent_path()) {
        fs::path at = p.empty() ? fs::path(".") : p;
        std::error_code ec;
        auto st = fs::status(at, ec);
        if (fs::exists(st)) {
            std::string why;
            if (!fs::is_directory(st))
                return Status::error(what + " cannot be created: " + at.string() + " is a file, not a folder. Give a folder "
                                     "whose parent folders exist or can be created");
            if (!can_create_in(at, why))
                return Status::error(what + " cannot be created: folders cannot be created in " + at.string() + " (" + why +
                                     "). Give a folder you can write in, e.g. one in your home folder");
            return Status::ok();
        }
        if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
            return Status::error(what + " cannot be checked: " + at.string() + ": " + ec.message());
        if (p.empty() || p == p.parent_path()) return Status::error(what + " cannot be created: no parent folder exists");
    }
}

}  // namespace

Status check_report_folder(const fs::path& folder, const std::string& named_by) {
    const std::string what = named_by + " " + folder.string();
    std::error_code ec;
    auto st = fs::status(folder, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        return Status::error(what + " cannot be checked: " + ec.message());
    if (!fs::exists(st)) {
        if (fs::is_symlink(fs::symlink_status(folder, ec)))
            return Status::error(what + " is a symbolic link to nothing; give the folder itself, or remove the link");
        if (auto creatable = check_creatable(folder, what); !creatable) return creatable;
        return util::check_private_ancestors(folder, what);
    }
    if (!fs::is_directory(st))
        return Status::error(what + " is a file, not a folder: reports are written into a folder. Give a new or existing "
                             "folder instead (sgaudit writes report.html, report.json and the other formats inside it)");
    std::string why;
    if (!can_create_in(folder, why))
        return Status::error("reports cannot be written in " + what + " (" + why + "). Give a folder you can write in, or "
                             "ask whoever owns it for write access");
    return util::check_private_folder(folder, what);
}

bool reports_can_go_to(const ReportPlace& place, const std::string& nothing_done) {
    Status st = check_report_folder(place.folder, place.named_by);
    if (st) return true;
    std::cerr << "error: " << st.message() << ". " << nothing_done << "\n";
    return false;
}

bool finish_and_list_reports(report::ReportSet& reports, const run::RunResult& run) {
    auto st = reports.finish(run);
    for (const auto& f : reports.written()) std::cout << "Report written to " << f.string() << "\n";
    for (const auto& f : reports.removed())
        std::cout << "Removed " << f.filename().string() << " from an earlier run in " << f.parent_path().string()
                  << " (this run did not write that format)\n";
    for (const auto& f : reports.stale())
        std::cout << "Removed " << f.filename().string() << " from " << f.parent_path().string()
                  << ": left half-written by an earlier run that was stopped\n";
    for (const auto& [f, why] : reports.not_removed())
        std::cerr << "warning: " << f.string() << " is from an earlier run and could not be removed (" << why
                  << "); it does not match the reports above: delete it by hand\n";
    return !failed(st);
}

namespace {

// A cell as the terminal shows it, and how many columns it takes: control characters (a line
// break would break the table; an escape sequence would be obeyed) and bytes that are not
// UTF-8 become U+FFFD; a character counts as one column, whatever its bytes.
std::pair<std::string, std::size_t> terminal_cell(std::string_view s) {
    std::string out;
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size(); ++width) {
        const std::size_t n = utf8_char_length(s, i);
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const bool control = n == 1 && (c < 0x20 || c == 0x7f);
        const bool c1 = n == 2 && c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0;  // U+0080..U+009F
        if (n == 0 || control || c1) {
            out += "\xEF\xBF\xBD";
            i += n == 0 ? 1 : n;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return {out, width};
}

}  // namespace

void print_columns(std::ostream& out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    using Row = std::vector<std::pair<std::string, std::size_t>>;
    auto shown = [](const std::vector<std::string>& row) {
        Row r;
        for (const auto& cell : row) r.push_back(terminal_cell(cell));
        return r;
    };
    std::vector<Row> table{shown(header)};
    for (const auto& r : rows) table.push_back(shown(r));
    std::vector<std::size_t> width(header.size());
    for (const auto& r : table)
        for (std::size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], r[c].second);
    for (const auto& r : table) {
        std::string line;
        for (std::size_t c = 0; c < width.size(); ++c) {
            const std::size_t used = c < r.size() ? r[c].second : 0;
            if (c < r.size()) line += r[c].first;
            if (c + 1 < width.size()) line.append(width[c] + 2 - used, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

}  // namespace sgaudit::cli
