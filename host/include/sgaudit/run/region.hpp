#pragma once
// A region file (`sgaudit run PLUGIN --sources region.toml`): the councils to measure side by
// side, each its own source (docs/indicators.md, "The regional view").
//
//   [region]
//   name = "Eastern region"
//
//   [[council]]
//   id = "cambs"                       # letters, digits, - and _; unique in the file
//   name = "Cambridgeshire"
//   source = "sqlite:cambs.db"         # relative to this file; or postgresql://HOST/DB?schema=S
//
// Problems are reported at file:line:column; a source with a password is refused as --source is.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"

namespace sgaudit::run {

struct Council {
    std::string id, name;
    std::string source;  // as passed to `run --source`: an SQLite path made absolute
    std::string display;  // safe to print: never holds credentials
};

struct Region {
    std::string name, file;
    std::vector<Council> councils;
};

std::optional<Region> load_region(const std::filesystem::path& file, rules::Diagnostics& diags);

}  // namespace sgaudit::run
