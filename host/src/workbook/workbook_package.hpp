#pragma once

// A workbook's parts put together: the workbook part found through the package's
// relationships, then its shared strings, styles and sheets.

#include <string>

#include "sgaudit/workbook/xlsx_reader.hpp"
#include "zip_archive.hpp"

namespace sgaudit::workbook {

// Throws ReadFailure for what cannot be read, and for an OpenDocument file or an Excel binary
// workbook (.xlsb) in a zip.
Workbook read_workbook_package(const ZipArchive& zip, const XlsxLimits& limits, std::string file);

}  // namespace sgaudit::workbook
