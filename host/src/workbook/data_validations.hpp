#pragma once

// A worksheet's data validations (drop-down lists and other rules on what may be typed), so a
// check can confirm that a drop-down survived the program that filled the workbook in.

#include <vector>

#include "sgaudit/workbook/xlsx_reader.hpp"
#include "xml_part.hpp"

namespace sgaudit::workbook {

// Both <dataValidations> and Excel 2010's <x14:dataValidations> in the sheet's <extLst>, which
// Excel uses for a list kept on another sheet.
std::vector<DataValidation> read_data_validations(pugi::xml_node worksheet);

// The items of a list typed into the validation itself: "\"Yes,No\"" -> {"Yes", "No"};
// nothing for a range or a name.
std::vector<std::string> inline_list_items(std::string_view formula);

}  // namespace sgaudit::workbook
