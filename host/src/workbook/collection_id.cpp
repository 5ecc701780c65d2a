#include "sgaudit/workbook/collection_id.hpp"

#include <cstdio>
#include <random>

namespace sgaudit::workbook {

std::string new_collection_id(const std::string& collected_at, std::size_t index, const std::string& sha256) {
    std::random_device rd;
    char random[17];
    std::snprintf(random, sizeof random, "%08x%08x", static_cast<unsigned>(rd()), static_cast<unsigned>(rd()));
    return "C" + collected_at + "-" + std::to_string(index + 1) + "-" + sha256.substr(0, 12) + "-" + random;
}

}  // namespace sgaudit::workbook
