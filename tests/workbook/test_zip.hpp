#pragma once
// Zip archives and small hand-written workbooks for the XLSX reader's tests, zipped with libzip.
#include <map>
#include <string>
#include <vector>

namespace sample {

using Parts = std::map<std::string, std::string>;  // part name -> content

// The zip archive holding these parts, each deflated, as bytes; the part named `encrypted`, if
// any, encrypted with AES and a password, as a zip tool's "protect with a password" does.
std::string zip_bytes(const Parts& parts, const std::string& encrypted = {});

// A workbook of one sheet, "Data" (xl/worksheets/sheet1.xml), whose <sheetData> holds `rows`;
// no shared strings and no styles. Tests change or add parts before zipping it.
Parts one_sheet_parts(const std::string& rows);

// A worksheet part holding `rows` in its <sheetData>.
std::string worksheet_xml(const std::string& rows);

// A styles part whose cell formats (s="0", s="1", ...) use these number format ids, with
// custom formats 164, 165, ... holding `custom_codes` in turn (written into XML as they are).
std::string styles_xml(const std::string& format_ids_csv, const std::vector<std::string>& custom_codes = {});

}  // namespace sample
