#pragma once
// Reading a stored run's results back, one at a time (internal to the history).
#include <cstdint>
#include <functional>
#include <string>

#include "sgaudit/data/database.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/run_codec.hpp"

namespace sgaudit::history::detail {

// The run's stored document, seen where the database holds it (it may be tens of megabytes).
Status read_document(data::Database& db, const std::string& run_id, const std::function<Status(std::string_view)>& on_document);

// Recomputes a run's content hash from what is stored (`result_list`: result_columns() as
// select_list gives them),
// reading its results in order through a cursor; `on_result`, when given, sees each result's
// fields on the way. `hex` is empty when a result is missing from the middle (its content then no
// longer matches). The run's document is read when the hash takes it (before the results or after
// them), not held while they stream.
Status hash_results(data::Database& db, const std::string& result_list, const RunSummary& run, std::string& hex,
                    const std::function<Status(const Fields&, std::int64_t seq)>& on_result = {});

}  // namespace sgaudit::history::detail
