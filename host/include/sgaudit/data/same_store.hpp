#pragma once
// Whether two data locations are one store, so that the run history is never written into the
// case data it audits: the same SQLite file however it is named (relative or absolute, ./ or ..,
// a symbolic or hard link), or the same database and schema of the same PostgreSQL server
// (asked of the server, so different spellings of the host or port compare equal; the same
// database with a different schema is a different store).
#include <string>
#include <variant>

#include "sgaudit/data/source.hpp"

namespace sgaudit::data {

// The answer, or why it cannot be told (a PostgreSQL server that cannot be reached).
std::variant<bool, std::string> same_store(const SourceSpec& a, const SourceSpec& b);

}  // namespace sgaudit::data
