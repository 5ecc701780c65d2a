#include "sgaudit/rules/toml_file.hpp"

#include <fstream>

namespace sgaudit::rules {

std::optional<toml::table> parse_toml_file(const std::filesystem::path& file, Diagnostics& diags) {
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
