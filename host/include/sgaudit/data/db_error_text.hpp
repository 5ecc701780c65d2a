#pragma once
// The text of a database error, safe to print and to store. SOCI's what() appends the
// statement with every bound value (dates of birth included), and a PostgreSQL error carries
// DETAIL lines such as "Failing row contains (...)" or "Key (...)=(...) already exists". Only
// the database's own one-line reason is kept; callers add what they were doing (which table,
// which file, which lines), never a value.
#include <exception>
#include <string>

namespace sgaudit::data {

// A statement's error: the first line of the database's reason, and for a data exception not
// the value it quotes.
std::string db_error_text(const std::exception& e);

// The database's own message for a refused statement (e.g. sqlite3_errmsg), as db_error_text
// gives it: its first line, trimmed.
std::string db_reason_text(const std::string& message);

// A connection's error (no statement, no values): every line of the reason, joined, since the
// later lines say why (e.g. "Is the server running locally...").
std::string db_connect_error_text(const std::exception& e);

}  // namespace sgaudit::data
