#pragma once
// The content hash of a stored run (internal to the history). Two layouts, told apart by the
// format of the run's document:
//   sgaudit-run/1: the run row, the document, each result, the number of results;
//   sgaudit-run/2: each result, their number, then the run row and the document's own SHA-256,
//                  so a run is hashed as its results are stored, before its row (counts, finish
//                  time) and document are known, and checked without holding its document;
//   sgaudit-run/3: as /2, each result with its worker, lapse and due date too, and the run row
//                  with its --area and --team.
// A /1 or /2 run has none of these: their columns are NULL and add nothing to its hash, so its
// hash is what it was when stored; a value put there since does.
// Either way every stored field is covered, each length-prefixed so no two lists hash alike.
#include <string>
#include <string_view>

#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::history::detail {

// The format written into sgaudit_history_info: /3 since runs are hashed in the third layout.
// Each layout after the first also starts its hash with the history format it came with.
inline constexpr const char* kHistoryFormatV1 = "sgaudit-history/1";
inline constexpr const char* kHistoryFormatV2 = "sgaudit-history/2";
inline constexpr const char* kHistoryFormat = "sgaudit-history/3";

enum class Layout { v1, v2, v3 };
inline constexpr Layout kLayout = Layout::v3;  // the one runs are stored in
// From the stored document's own first field, written first by encode_document.
Layout layout_of(std::string_view document);

class ContentHash {
public:
    explicit ContentHash(Layout layout);
    ~ContentHash();
    // Before the first result: hashes the run row and document in v1, nothing in v2.
    void before_results(const RunSummary& row, std::string_view document);
    // A result's fields: fields[at...].
    void result(const Fields& fields, std::size_t at = 0);
    // `row` and the document's SHA-256 (hex) are hashed here in v2 (v1 took them before).
    std::string finish(std::size_t results, const RunSummary& row, const std::string& document_sha256);
    // The hash of the results alone and their number (one plugin's: run::StoredResults).
    std::string finish_results(std::size_t results);

private:
    void run_part(const RunSummary& row, std::string_view document);
    void field(const std::optional<std::string>& f);
    void text(std::string_view f);
    void flush();
    Layout layout_;
    util::Sha256 sha_;
    std::string buffer_;  // hashed in large pieces: one call per field would cost more than the hash
};

// The chain link of a run: its content hash after the previous run's chain hash.
std::string chain_link(const std::string& previous, const std::string& content);

}  // namespace sgaudit::history::detail
