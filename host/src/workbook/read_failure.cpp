#include "read_failure.hpp"

namespace sgaudit::workbook {

std::string size_text(std::uint64_t bytes) {
    constexpr std::uint64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
    if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
    return std::to_string(bytes) + " bytes";
}

namespace {

std::string printable(std::string_view text, std::size_t most_shown) {
    std::string shown;
    for (std::size_t i = 0; i < text.size() && i < most_shown; ++i)
        shown += text[i] >= 0x20 && text[i] < 0x7f && text[i] != '"' ? text[i] : '?';
    if (text.size() > most_shown) shown += "...";
    return shown;
}

}  // namespace

std::string shown_attribute(std::string_view text) { return "\"" + printable(text, 16) + "\""; }

std::string shown_part(std::string_view name) { return printable(name, 100); }

}  // namespace sgaudit::workbook
