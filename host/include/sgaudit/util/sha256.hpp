#pragma once
// SHA-256, for the provenance of rule files and the tamper evidence of the run history.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sgaudit/sdk/status.hpp"

namespace sgaudit::util {

// Incremental: feed any number of pieces, then take the hex digest once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    std::string hex();  // finishes the digest; the hasher is spent afterwards

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view bytes);

// Hex SHA-256 of a file's bytes, or an error naming the file.
Status sha256_file(const std::filesystem::path& path, std::string& hex_out);

}  // namespace sgaudit::util
