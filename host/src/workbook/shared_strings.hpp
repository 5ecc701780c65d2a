#pragma once

// Text as the workbook stores it: the shared-strings table, and the string items (<si>, <is>)
// that hold plain text or rich-text runs.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "xml_part.hpp"

namespace sgaudit::workbook {

// Every <si> of sharedStrings.xml, in order. Throws ReadFailure past `max_count` strings.
std::vector<std::string> read_shared_strings(const XmlPart& part, std::size_t max_count);

// The text of a string item: its <t>, or the <t> of each rich-text run <r> joined; phonetic
// guides (<rPh>) are left out.
std::string string_item_text(pugi::xml_node item);

// Undoes the _xHHHH_ escapes Excel writes for characters XML cannot hold ("_x000D_" is a
// carriage return, "_x005F_" an underscore).
std::string decode_escapes(std::string_view text);

}  // namespace sgaudit::workbook
