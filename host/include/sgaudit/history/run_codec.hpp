#pragma once
// The stored form of a run: one JSON document for everything but the results, and one row of
// text fields per result. Both directions live here, so a stored run loads back into exactly
// the RunResult it came from and every report format re-renders it unchanged.
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/status.hpp"
#include "sgaudit/util/storable_text.hpp"

namespace sgaudit::history {

// Stored document format; a newer one is refused with a message rather than misread.
// sgaudit-run/1 documents (stored before results were streamed) and sgaudit-run/2 (before results
// kept their worker, lapse and due date) are read too; the three differ only in how the run's
// content hash is laid out and which result columns it covers (see src/history/content_hash.hpp).
inline constexpr const char* kDocumentFormat = "sgaudit-run/3";
inline constexpr const char* kDocumentFormatV2 = "sgaudit-run/2";
inline constexpr const char* kDocumentFormatV1 = "sgaudit-run/1";

// `stored`: where each plugin run's results lie, by name (the recorder's), written with it.
std::string encode_document(const run::RunResult& run, const std::map<std::string, run::StoredResults>* stored = nullptr);
// Fills everything but `results` (and, without `with_sections`, the plugins' sections).
Status decode_document(std::string_view json, run::RunResult& out, bool with_sections = true);

// Only the run's --area and --team (empty: none), read without the rest of the document.
Status decode_scope(std::string_view json, std::string& area, std::string& team);

using Fields = std::vector<std::optional<std::string>>;

// The result columns, in the order of encode_result's fields.
const std::vector<std::string>& result_columns();
// Runs stored before sgaudit-run/3 have only the first kResultColumnsV2 of them: no worker,
// lapse or due date (read as none and empty).
inline constexpr std::size_t kResultColumnsV2 = 12;
// Runs stored before results kept a measure have the first kResultColumnsV3 (no measure).
inline constexpr std::size_t kResultColumnsV3 = 15;
// Where the waiver is among them.
inline constexpr std::size_t kWaiverColumn = 11;
// `r` is storable (util::make_storable): its texts are stored as they are.
Fields encode_result(const Result& r);
// The same into out[at...], reusing the strings already there (no allocation once they are large enough).
void encode_result(const Result& r, Fields& out, std::size_t at);
// `where` names the stored row for the error message.
Status decode_result(const Fields& fields, const std::string& where, Result& out);
std::optional<Outcome> parse_outcome(const std::string& text);

// Makes every text that came from case data or a plugin storable (see storable_text), in place.
// Done once, before a run is stored or drawn, so the reports and the history say the same.
void make_storable(run::RunResult& run);

// Text as a database will keep it (see util/storable_text.hpp).
using util::storable_text;

}  // namespace sgaudit::history
