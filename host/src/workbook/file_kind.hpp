#pragma once

// What a file is, from its first bytes, so that the wrong file gets a message about what it is
// (an .xls, a password-protected workbook, a CSV file) rather than "not a zip archive".

#include <string_view>

namespace sgaudit::workbook {

enum class FileKind {
    empty,
    zip,        // what an .xlsx (and an .ods) is
    encrypted,  // an OLE compound file holding an encrypted workbook: Excel's "Encrypt with Password"
    ole,        // another OLE compound file: an Excel 97-2003 .xls
    text,       // a CSV, HTML or other text file
    other,
};

FileKind sniff_file_kind(std::string_view bytes);

// Throws ReadFailure saying what the file is and what to do; for every kind but zip.
[[noreturn]] void refuse_file_kind(FileKind kind);

}  // namespace sgaudit::workbook
