#pragma once
// Where case data comes from: `sqlite:PATH` or `postgresql://[user@]host[:port]/dbname[?k=v]`.
// Passwords never travel in the URL (they would land in shell history, process lists and
// reports); libpq takes them from PGPASSWORD or ~/.pgpass instead.
#include <string>
#include <string_view>
#include <variant>

namespace sgaudit::data {

enum class Backend { sqlite, postgresql };

struct SourceSpec {
    Backend backend = Backend::sqlite;
    std::string path;           // sqlite: the file
    std::string connect;        // postgresql: libpq keyword/value string, no password
    std::string schema;         // postgresql: optional search_path
    std::string display;        // safe to log and print: never holds credentials
};

// Parses a --source value. Refuses a URL that carries a password, naming how to pass one.
std::variant<SourceSpec, std::string> parse_source(std::string_view url);

// Where a PostgreSQL password goes (PGPASSWORD or ~/.pgpass, never the command line): for every
// error about one.
const char* password_advice();

}  // namespace sgaudit::data
