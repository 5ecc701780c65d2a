#pragma once
// With --pseudonymise, what `run` says on the terminal names no child either: every log line
// (the host's and each plugin's, relayed from its worker) passes through Pseudonyms::text
// before it is printed, as the reports do.
#include "sgaudit/report/pseudonyms.hpp"

namespace sgaudit::cli {

// Routes the default logger's lines through `p` until the process ends (`p` must outlive it).
void pseudonymise_log(const report::Pseudonyms& p);

}  // namespace sgaudit::cli
