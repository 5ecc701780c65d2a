#pragma once

// The zip container of a workbook, read from memory with libzip, every part read against limits
// on its unpacked size so that a zip bomb is refused while it is being unpacked.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
    struct zip* zip_ = nullptr;
};

}  // namespace sgaudit::workbook
