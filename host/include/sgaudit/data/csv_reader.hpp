#pragma once

// Strict RFC 4180 CSV reader for `sgaudit db import`.
//
// The files come from council staff exporting spreadsheets, so the reader
// never guesses: anything ambiguous is an error that says where it is
// (file:line:column, columns counted in Unicode code points) and what to do
// about it.  A table is returned only when the whole file is clean.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sgaudit::data {

// Errors beyond this many are dropped and replaced by one "too many errors"
// entry, so a wrongly-encoded 100 MB file produces a readable report.
inline constexpr std::size_t kCsvMaxErrors = 100;

struct CsvError {
    std::string file;
    std::size_t line = 0;    // 1-based; 0 when the problem is the file as a whole
    std::size_t column = 0;  // 1-based code points; 0 when not tied to a column
    std::string message;

    // "file:line:column: message".  Zero line/column parts are left out
    // ("file: message", "file:line: message") rather than printing a
    // position that does not exist.
    std::string to_string() const;
};

struct CsvRecord {
    std::size_t line = 0;               // physical line where the record starts, 1-based
    std::vector<std::string> fields;
    std::vector<std::size_t> columns;   // 1-based code-point column where each field starts on its line
    std::vector<bool> quoted;
    // Physical line where each field starts.  Differs from `line` after a
    // quoted field containing a line break, and the importer needs it to
    // point at the right place when it rejects a value.
    std::vector<std::size_t> lines;
};

struct CsvTable {
    std::string file;
    std::vector<std::string> header;          // trimmed of surrounding spaces/tabs
    std::vector<std::size_t> header_columns;  // column where each header name starts on line 1
    std::vector<CsvRecord> records;
};

using CsvResult = std::variant<CsvTable, std::vector<CsvError>>;

// The largest CSV file read_csv_file accepts.  The whole file is checked in
// memory before anything is written, and a table of a council's extract is
// far smaller; a file this large is the wrong file, or a table to load into
// PostgreSQL with the database's own tools.
inline constexpr std::uint64_t kCsvMaxFileBytes = std::uint64_t{1} << 30;  // 1 GiB
inline constexpr const char* kCsvMaxFileText = "1 GiB";

// Reads a whole file (csv_file.cpp).  Returns the table, or every error found
// (at most kCsvMaxErrors, followed by a final "too many errors" entry when
// there were more).  Only a regular file is read (a symbolic link to one is
// fine): a folder, a named pipe or a device (a link to /dev/zero) is refused
// before reading, never waited on, as is a file over kCsvMaxFileBytes.  Such
// a file, or one that cannot be opened or read, yields one error with line 0
// naming the path and what to do.
CsvResult read_csv_file(const std::string& path);

// As read_csv_file, for text already in memory; `file_label` is used as
// CsvError::file and CsvTable::file.
CsvResult read_csv_text(std::string_view text, const std::string& file_label);

}  // namespace sgaudit::data
