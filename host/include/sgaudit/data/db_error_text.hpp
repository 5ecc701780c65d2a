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

// "query failed on WHERE: REASON", and what to do when the source went away mid-run: a file
// locked by another program writing to it, or a connection the server ended or lost.
std::string query_failed_text(const std::string& where, const std::string& reason);

// What to do about a file another program holds locked ("" when the reason is not that).
std::string locked_advice(const std::string& reason);

}  // namespace sgaudit::data
