#include "sgaudit/util/quantity.hpp"

#include <charconv>
#include <limits>
#include <utility>
#include <vector>

namespace sgaudit::util {
namespace {

using Units = std::vector<std::pair<std::string_view, std::uint64_t>>;

// "90s" as 90 and the factor of "s", or an error naming what to write (`what`, `examples`).
std::variant<std::pair<std::uint64_t, std::uint64_t>, std::string> read_quantity(std::string_view text, const Units& units,
                                                                                 const char* what, const char* examples) {
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
    if (ec == std::errc() && end != text.data())
        for (const auto& [name, factor] : units)
            if (unit == name) return std::pair{n, factor};
    return "'" + std::string(text) + "' is not a " + what + "; write a whole number and a unit, e.g. " + examples;
}

}  // namespace

std::variant<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
    static const Units units{{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"min", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
    auto read = read_quantity(text, units, "duration", "90s, 30m or 2h");
    if (auto* err = std::get_if<std::string>(&read)) return *err;
    auto [n, factor] = std::get<0>(read);
    if (n == 0) return "'" + std::string(text) + "' is no time at all; give a duration above zero, e.g. 90s";
    // Longer than a year is not a limit anyone means; it also keeps the arithmetic far from overflow.
    if (n > 366ull * 86'400'000 / factor) return "'" + std::string(text) + "' is longer than a year; give a shorter limit";
    return std::chrono::milliseconds(static_cast<std::int64_t>(n * factor));
}

std::variant<std::uint64_t, std::string> parse_size(std::string_view text) {
    static const Units units{{"B", 1},        {"KiB", 1ull << 10}, {"MiB", 1ull << 20},    {"GiB", 1ull << 30},
                             {"TiB", 1ull << 40}, {"KB", 1000},  {"MB", 1'000'000}, {"GB", 1'000'000'000}, {"TB", 1'000'000'000'000}};
    auto read = read_quantity(text, units, "size", "512MiB or 4GiB");
    if (auto* err = std::get_if<std::string>(&read)) return *err;
    auto [n, factor] = std::get<0>(read);
    if (n > std::numeric_limits<std::uint64_t>::max() / factor) return "'" + std::string(text) + "' is too large";
    return n * factor;
}

std::string format_duration(std::chrono::milliseconds d) {
    auto ms = static_cast<std::uint64_t>(d.count());
    if (ms % 1000 != 0) return std::to_string(ms) + "ms";
    std::uint64_t s = ms / 1000;
    std::string out;
    for (auto [unit, size] : {std::pair<const char*, std::uint64_t>{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}) {
        if (s < size) continue;
        out += (out.empty() ? "" : " ") + std::to_string(s / size) + unit;
        s %= size;
    }
    return out.empty() ? "0s" : out;
}

std::string format_size(std::uint64_t bytes) {
    for (auto [unit, size] : {std::pair<const char*, std::uint64_t>{" TiB", 1ull << 40}, {" GiB", 1ull << 30},
                              {" MiB", 1ull << 20}, {" KiB", 1ull << 10}})
        if (bytes >= size && bytes % size == 0) return std::to_string(bytes / size) + unit;
    return std::to_string(bytes) + " bytes";
}

}  // namespace sgaudit::util
