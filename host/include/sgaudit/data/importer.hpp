#pragma once
// `sgaudit db init` and `sgaudit db import`: the schema of docs/data.md, and
// a folder of CSV files named after the tables, checked cell by cell and loaded all or nothing.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"

namespace sgaudit::data {

Status init_schema(Database& db);

// A new SQLite file holding the data model's tables, empty, owner-only from the start (an
// existing file is replaced): for the conformance suite and rule-set cases.
std::unique_ptr<Database> create_sqlite_case_file(const std::filesystem::path& file, std::string& error);

struct ImportReport {
    std::vector<std::string> errors;  // "file:line:column: what; what to do", never a cell's value
    std::vector<std::pair<std::string, std::size_t>> loaded;  // table, rows
    // "table.column", identifier values stored without the white space around them (a notice).
    std::vector<std::pair<std::string, std::size_t>> trimmed;
};

// Checks every file first (regular files of at most kCsvMaxFileBytes, named after their table
// in any case; cells as import_cell.hpp checks them); writes nothing unless every cell is good,
// then loads everything in one transaction. A table that already holds rows is refused (a
// second import would double every row) unless `replace`, which empties it in the same
// transaction. When the database refuses a batch, the error names the table, the file and the
// batch's lines, and nothing is imported.
ImportReport import_folder(Database& db, const std::filesystem::path& dir, bool replace = false);

}  // namespace sgaudit::data
