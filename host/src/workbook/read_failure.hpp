#pragma once

// How the reader's pieces give up: they throw ReadFailure, which read_xlsx_bytes turns into an
// XlsxError naming the file. Messages say what is wrong and what to do, never what a cell holds.

#include <cstdint>
#include <string>
#include <string_view>

namespace sgaudit::workbook {

struct ReadFailure {
    std::string sheet;  // "" when not in one sheet
    std::string cell;   // "" when not tied to one cell
    std::string message;
};

// What to do about a damaged or wrong file, ending most messages.
inline constexpr std::string_view kSaveAgain =
    "open it in Excel or LibreOffice Calc and save it again as Excel Workbook (.xlsx)";

[[noreturn]] inline void fail(std::string message) { throw ReadFailure{{}, {}, std::move(message)}; }

// "64 MiB", "3 KiB", "100 bytes": sizes in limit messages.
std::string size_text(std::uint64_t bytes);

// An attribute written by the file's program (a cell reference, a type), shown in a message as
// at most 16 printable ASCII characters, in double quotes. Attributes are not cell contents, but
// a hostile file could put anything there.
std::string shown_attribute(std::string_view text);

// A part's name as the file gives it (a relationship's target), shown in a message: printable
// ASCII only, at most 100 characters, without quotes.
std::string shown_part(std::string_view name);

}  // namespace sgaudit::workbook
