#pragma once
// Reads a TOML file for any of sgaudit's own files (rule sets, waivers, calendars, settings,
// the demo profile), turning a syntax error into a Diagnostic at file:line:column.
#include <filesystem>
#include <optional>

#include <toml++/toml.h>

#include "sgaudit/rules/diagnostics.hpp"

namespace sgaudit::rules {

std::optional<toml::table> parse_toml_file(const std::filesystem::path& file, Diagnostics& diags);

}  // namespace sgaudit::rules
