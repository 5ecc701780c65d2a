#pragma once
// One cell of a filled-in form read as its column says (internal to form_check.cpp).
#include <optional>
#include <string>

#include "sgaudit/sdk/form.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

namespace sgaudit::workbook {

struct FormCellRead {
    std::optional<std::string> text;  // what the database is given; nullopt for a blank cell
    std::string error;                // what is wrong and what to do; never the cell's content
};

// `cell` may be null (never written). Blank and white-space-only cells read as blank.
FormCellRead read_form_cell(const Cell* cell, const FormColumn& column);

// Whether a cell holds anything but white space.
bool cell_filled(const Cell* cell);

// The cell's content as the identifier sgaudit wrote there (text, or a whole number's digits).
std::string cell_identifier(const Cell* cell);

// A value the table holds now read as if it were the column's cell: what collecting the cell
// unchanged would give (dates as dates, text trimmed, a choice as its code), so that a stored
// row and a collected one compare by value. A stored date may carry a time part, as a cell's
// cannot. An unreadable value comes back with an error.
FormCellRead read_stored_value(const Value& stored, const FormColumn& column);

// A Value as the text a locked cell shows and the database is given.
std::string value_text(const Value& v, const FormColumn& column);

}  // namespace sgaudit::workbook
