#pragma once
// Writes the chosen formats of one run into a folder: used by `run` for a new run as its results
// arrive and by `report` for a stored one as it is read back, so both give the same files.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sgaudit/report/html_report.hpp"
#include "sgaudit/report/kept_results.hpp"
#include "sgaudit/report/pseudonyms.hpp"
#include "sgaudit/run/result_stream.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::report {

// The formats this version writes, in the order they are listed to users.
const std::vector<std::string>& known_formats();

// "HTML, xlsx" -> {"html", "xlsx"}: commas separate, case and spaces do not matter.
std::vector<std::string> parse_formats(const std::string& list);

// Checks the names, and loads the HTML templates when html is among them, so a bad format or
// template is found before an audit runs rather than after.
Status prepare_formats(const std::vector<std::string>& formats, const std::vector<std::filesystem::path>& template_dirs,
                       Templates& templates);

// The file a format is written to inside the report folder.
std::filesystem::path report_file(const std::filesystem::path& dir, const std::string& format);

// Every chosen format of one run, written as its results arrive. JSON, CSV and XLSX write each
// result at once (to private temporary files); HTML, Markdown and JUnit show the counts and the
// kept failures, errors and waivers (KeptResults), drawn at the end. Nothing is in place until
// finish(); a run abandoned leaves no report. Once every chosen format is in place, finish()
// removes from the folder the reports of the other formats (report.json when only html was
// asked for): an earlier run's, which would otherwise sit beside these looking current. It
// removes only those file names, and only regular files; nothing else in the folder is touched.
class ReportSet final : public run::RunSink {
public:
    // `folder` gives the report folder from the run's id, which is known when the run begins; it
    // is created owner-only then.
    ReportSet(std::vector<std::string> formats, const Templates& templates,
              std::function<std::filesystem::path(const std::string& run_id)> folder);
    ~ReportSet() override;

    Status begin(const run::RunResult& run) override;
    void plugin_started(const std::string& plugin, const rules::RuleSet& rules) override;
    void add(const Result& result) override;
    void take(Result&& result) override;
    void plugin_ended(const std::string& plugin, bool complete) override;
    // Writes the formats in the order given and stops at the first that fails.
    Status finish(const run::RunResult& run) override;
    void abandon() noexcept override;

    // Every report of this set pseudonymised (--pseudonymise): each result as it arrives, the
    // run's sections at the end. `p` must outlive the set.
    void pseudonymise(Pseudonyms* p) { pseudonyms_ = p; }

    const std::vector<std::filesystem::path>& written() const { return written_; }
    // Earlier runs' reports finish() removed, and those it could not remove (with the reason).
    const std::vector<std::filesystem::path>& removed() const { return removed_; }
    const std::vector<std::pair<std::filesystem::path, std::string>>& not_removed() const { return not_removed_; }
    // What runs that were stopped had left half-written in the folder, removed by begin().
    const std::vector<std::filesystem::path>& stale() const { return stale_; }

private:
    Status draw(const run::RunResult& run, const std::string& format);
    Status finish_formats(const run::RunResult& run);
    Pseudonyms* pseudonyms_ = nullptr;
    void remove_earlier_reports();
    std::vector<std::string> formats_;
    const Templates& templates_;
    std::function<std::filesystem::path(const std::string&)> folder_;
    std::filesystem::path dir_;
    std::vector<std::pair<std::string, std::unique_ptr<run::RunSink>>> streamed_;  // json, csv, xlsx
    bool keep_ = false;  // html, md or junit asked for
    KeptResults kept_;
    std::vector<std::filesystem::path> written_, removed_, stale_;
    std::vector<std::pair<std::filesystem::path, std::string>> not_removed_;
};

// The whole of a run held in memory (run.results), written as ReportSet writes a streamed one.
Status write_reports(const run::RunResult& run, const std::vector<std::string>& formats, const Templates& templates,
                     const std::filesystem::path& dir, std::vector<std::filesystem::path>& written);

}  // namespace sgaudit::report
