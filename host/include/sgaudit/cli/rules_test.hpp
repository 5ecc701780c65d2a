#pragma once
// `sgaudit rules test DIR`: fixture cases kept next to a rule set, run like a test runner
// (docs/rules.md, "Testing a rule set"). Each `*.toml` in DIR with a [case] table is one case: a
// few rows per table, the audit date, and the outcome expected per rule and subject. Each case
// runs the plugin, by an `sgaudit run` process of its own, on an SQLite file holding just those
// rows; the runner says "N passed, N failed" and lists the rules no case expected anything of.
#include <filesystem>
#include <string>
#include <vector>

namespace sgaudit::cli {

// 0 every expectation met; 1 one was not (each said); 2 a case file with problems (at
// file:line:column) or nothing to run.
int test_rules(const std::filesystem::path& dir, const std::vector<std::string>& global_args);

}  // namespace sgaudit::cli
