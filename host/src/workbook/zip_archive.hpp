#pragma once

// The zip container of a workbook, read from memory with libzip, every part read against limits
// on its unpacked size so that a zip bomb is refused while it is being unpacked.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct zip;

namespace sgaudit::workbook {

// Unpacked bytes allowed: per part, and for all the parts read from one file.
struct ByteBudget {
    std::uint64_t part_limit = 0;
    std::uint64_t total_limit = 0;
    std::uint64_t used = 0;
};

class ZipArchive {
public:
    // Throws ReadFailure when libzip cannot open the bytes as a zip archive. `bytes` must outlive this.
    explicit ZipArchive(std::string_view bytes);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // Part names compare case-insensitively, as OOXML's do.
    bool has(std::string_view name) const;

    // The unpacked part, nullopt when there is none of that name. Throws ReadFailure when it is
    // over the budget, encrypted, compressed in a way libzip cannot unpack, or damaged.
    std::optional<std::string> read(std::string_view name, ByteBudget& budget) const;

private:
    // Entry index by lower-case name, built once: libzip's own case-insensitive lookup scans
    // every entry, and a hostile file could ask for many parts among many entries.
    std::optional<std::uint64_t> locate(std::string_view name) const;

    struct zip* zip_ = nullptr;
    std::unordered_map<std::string, std::uint64_t> entries_;
};

}  // namespace sgaudit::workbook
