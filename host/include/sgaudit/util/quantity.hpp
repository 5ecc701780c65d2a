#pragma once
// Durations and sizes as people write them on a command line or in sgaudit.toml: "90s", "30m",
// "2h"; "512MiB", "4GiB". One number and one unit, nothing else, so a typo is an error rather
// than a limit nobody meant.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sgaudit::util {

// ms, s, m (or min), h, d. A value or an error saying what to write instead.
std::variant<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

// KiB, MiB, GiB, TiB (powers of 1024) or KB, MB, GB, TB (powers of 1000); B for bytes.
std::variant<std::uint64_t, std::string> parse_size(std::string_view text);

// "2s", "1h 30m", "250ms"; "256 MiB", "4 GiB", "1500 KiB": how limits are named in messages.
std::string format_duration(std::chrono::milliseconds d);
std::string format_size(std::uint64_t bytes);

}  // namespace sgaudit::util
