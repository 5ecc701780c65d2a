#pragma once
// Every file sgaudit writes holds data about children at risk, so it is created readable by
// its owner only from the moment it exists (never chmod-ed afterwards), and written through a
// temporary file renamed into place, so a reader never sees half a report.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "sgaudit/sdk/status.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::util {

// Creates `dir` and any missing parents with mode 0700.
Status make_private_directories(const std::filesystem::path& dir);

// Creates an empty file with mode 0600 unless one is already there. Safe when several
// processes race to create the same file: none replaces another's.
Status create_private_file_if_missing(const std::filesystem::path& path);

// Writes `content` to `path` atomically with mode 0600.
Status write_private_file(const std::filesystem::path& path, std::string_view content);

// The same, streaming: `write` fills the file (large reports never sit whole in memory).
Status write_private_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace sgaudit::util
