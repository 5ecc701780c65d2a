#include "sgaudit/rules/toml_file.hpp"

#include <fstream>

namespace sgaudit::rules {

std::optional<toml::table> parse_toml_file(const std::filesystem::path& file, Diagnostics& diags) {
    // A folder reads as an empty file, and a pipe or device would be waited on for ever.
    std::error_code ec;
    auto status = std::filesystem::status(file, ec);
    if (!ec && std::filesystem::is_directory(status)) {
        diags.error({file.string()}, "this is a folder; give the .toml file itself");
        return std::nullopt;
    }
    if (!ec && !std::filesystem::is_regular_file(status)) {
        diags.error({file.string()}, "this is not a regular file; give the .toml file itself");
        return std::nullopt;
    }
    std::ifstream probe(file);
    if (!probe) {
        diags.error({file.string()}, "cannot read this file: check the path and that you may read it");
        return std::nullopt;
    }
    try {
        return toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        diags.error({file.string(), static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                    "TOML syntax: " + std::string(e.description()));
        return std::nullopt;
    }
}

}  // namespace sgaudit::rules
