#pragma once
// `sgaudit new-plugin NAME [--dir DIR]`: a buildable audit plugin outside this repository, from
// the template in the report templates' folder (new-plugin/): one rule, its rule set, a fixture
// worked by hand and a test (docs/plugins.md, "Starting a plugin").
#include <filesystem>
#include <string>
#include <vector>

namespace sgaudit::cli {

// 0 written; 2 a name that cannot be a plugin's, a folder that exists, or no template found.
int new_plugin(const std::string& name, const std::filesystem::path& dir, const std::vector<std::filesystem::path>& template_dirs);

}  // namespace sgaudit::cli
