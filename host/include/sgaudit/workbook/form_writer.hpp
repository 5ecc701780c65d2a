#pragma once
// Writes a plugin's Form (sdk/form.hpp) as an XLSX workbook people fill in with Excel or
// LibreOffice (docs/workbooks.md): an Instructions sheet first, then the form's sheets with the
// cells sgaudit wrote locked (the sheets are protected without a password: it stops slips, it is
// not security), drop-down lists for coded cells, real date cells, a prompt on each cell to fill
// in, and a hidden marker sheet saying which plugin, form, version and round or run it is for.
// The file is owner-only from the moment it exists and appears whole or not at all.
#include <filesystem>
#include <string>

#include "sgaudit/sdk/form.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::workbook {

// Who and what wrote a workbook, recorded in its marker and properties.
struct FormStamp {
    std::string plugin, plugin_version;
    std::string ruleset;     // "section11 0.1.0": the effective rule set's id and version
    std::string written_at;  // UTC, ISO 8601
};

// The form must be sound (form_problem() empty). An error names the file.
Status write_form_workbook(const Form& form, const FormStamp& stamp, const std::filesystem::path& file);

}  // namespace sgaudit::workbook
