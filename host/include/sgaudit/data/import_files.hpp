#pragma once
// Which file of an import folder holds which table: `ssd_person.csv` holds ssd_person. Names are
// matched without regard to case (a Windows export may be `SSD_Person.CSV`), so two files that
// name the same table are an error naming both, never one silently chosen.
#include <filesystem>
#include <string>
#include <vector>

#include "sgaudit/data/schema.hpp"

namespace sgaudit::data {

struct TableFile {
    const TableDef* table = nullptr;
    std::filesystem::path path;
};

// The CSV files of `dir` (in name order) with their tables; every problem (not a folder, no CSV
// files, a file named after no table, two files for one table) is added to `errors`.
std::vector<TableFile> find_table_files(const std::filesystem::path& dir, std::vector<std::string>& errors);

}  // namespace sgaudit::data
