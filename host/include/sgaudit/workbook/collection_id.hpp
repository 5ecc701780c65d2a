#pragma once
// The key of a collection's row in sga_collections (docs/workbooks.md).
#include <cstddef>
#include <string>

namespace sgaudit::workbook {

// "C<collected_at>-<index>-<SHA-256 prefix>-<16 random hex digits>": sortable by time and
// readable, and unique although the very same file is collected twice within one second
// (collected_at is to the second; the random part, from std::random_device, tells them apart).
std::string new_collection_id(const std::string& collected_at, std::size_t index, const std::string& sha256);

}  // namespace sgaudit::workbook
