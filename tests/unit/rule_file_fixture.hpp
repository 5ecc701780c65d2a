#pragma once
// What the rule-file unit tests share: a private folder per test program, rule files written into
// it, one line of a file's text replaced, and a load whose single error is read back as printed.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "sgaudit/rules/ruleset_loader.hpp"

namespace rule_files {

namespace fs = std::filesystem;

// A fresh folder for `name`, made once per test process.
inline fs::path fresh_folder(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("sgaudit-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

// Writes `text` to dir/name and returns the path.
inline std::string write(const fs::path& dir, const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    std::ofstream(p) << text;
    return p.string();
}

// `text` with line `n` (from 1) replaced by `line` (which may hold several lines, or none).
inline std::string with_line(const std::string& text, int n, const std::string& line) {
    std::istringstream in(text);
    std::string out, l;
    for (int i = 1; std::getline(in, l); ++i) out += (i == n ? line : l) + "\n";
    return out;
}

struct Loaded {
    std::optional<sgaudit::rules::RuleSet> rs;
    sgaudit::rules::Diagnostics diags;

    // The one diagnostic there must be, as printed: "file:line:column: error: message".
    std::string only_error() const {
        REQUIRE_MESSAGE(diags.items().size() == 1, diags.to_string());
        CHECK_FALSE(rs.has_value());
        return diags.items()[0].to_string();
    }
};

inline Loaded load(const std::string& file, const sgaudit::rules::LoadOptions& options) {
    Loaded l;
    l.rs = sgaudit::rules::load_ruleset(file, options, l.diags);
    return l;
}

}  // namespace rule_files
