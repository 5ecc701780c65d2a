#include "form_cells.hpp"

#include "sgaudit/workbook/form_layout.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "sgaudit/sdk/read.hpp"

namespace sgaudit::workbook {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string number_text(double d) {
    if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    return Value(d).to_string();
}

std::optional<double> text_number(std::string_view t) {
    std::string s(trim(t));
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

std::string choices_text(const FormColumn& col) {
    std::string s;
    for (std::size_t i = 0; i < col.choices.size(); ++i)
        s += (i ? ", " : "") + (col.choices[i].label.empty() ? col.choices[i].code : col.choices[i].label);
    return s;
}

FormCellRead fail(std::string why) { return {std::nullopt, std::move(why)}; }

// Beyond this a number is no count or figure anyone means (and a double no longer holds every
// whole number exactly); the workbook's own validation stops at the same bound.
constexpr double kLargest = kLargestFormNumber;

FormCellRead read_number(const CellValue& v, const FormColumn& col) {
    std::optional<double> d;
    if (const auto* n = std::get_if<double>(&v)) d = *n;
    if (const auto* t = std::get_if<std::string>(&v)) d = text_number(*t);
    const bool whole = col.type == FieldType::whole;
    const std::string kind = whole ? "a whole number" : "a number";
    if (!d || (whole && std::floor(*d) != *d)) return fail("is not " + kind + ": write " + kind);
    if (std::fabs(*d) > kLargest) return fail("is too large: write " + kind + " the size you mean");
    if ((col.min && *d < *col.min) || (col.max && *d > *col.max)) {
        std::string range = col.min && col.max ? "from " + number_text(*col.min) + " to " + number_text(*col.max)
                            : col.min          ? "at least " + number_text(*col.min)
                                               : "at most " + number_text(*col.max);
        return fail("is out of range: write " + kind + " " + range);
    }
    return {number_text(*d), {}};
}

FormCellRead read_date_cell(const CellValue& v) {
    if (const auto* d = std::get_if<Date>(&v)) return {d->iso(), {}};
    if (const auto* t = std::get_if<std::string>(&v)) {
        auto s = trim(*t);
        if (s.size() == 10)
            if (auto d = Date::parse(s)) return {d->iso(), {}};
        return fail("is text, not a date: type the date so the spreadsheet takes it as one (e.g. 31/03/2010), or write 2010-03-31");
    }
    if (std::holds_alternative<double>(v))
        return fail("is a number, not a date: type a date (e.g. 31/03/2010) and keep the cell's date format");
    return fail("is not a date: type a date, e.g. 31/03/2010");
}

FormCellRead read_flag_cell(const CellValue& v) {
    if (const auto* b = std::get_if<bool>(&v)) return {*b ? "Y" : "N", {}};
    if (const auto* n = std::get_if<double>(&v); n && (*n == 0 || *n == 1)) return {*n == 1 ? "Y" : "N", {}};
    if (const auto* t = std::get_if<std::string>(&v))
        if (auto f = parse_flag(*t)) return {*f ? "Y" : "N", {}};
    return fail("is not Yes or No: choose Yes or No from the drop-down");
}

FormCellRead read_choice(const CellValue& v, const FormColumn& col) {
    std::string typed;
    if (const auto* t = std::get_if<std::string>(&v)) typed = lower(trim(*t));
    if (const auto* n = std::get_if<double>(&v)) typed = number_text(*n);
    for (const auto& ch : col.choices)
        if (!typed.empty() && (typed == lower(ch.code) || typed == lower(ch.label))) return {ch.code, {}};
    return fail("is not one of the choices: choose one of " + choices_text(col) + " from the drop-down");
}

// Characters nobody types: control characters other than tab and line breaks.
bool has_control_character(std::string_view t) {
    for (unsigned char c : t)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    return false;
}

FormCellRead read_text(const CellValue& v) {
    if (const auto* t = std::get_if<std::string>(&v)) {
        if (t->size() > kMaxCellCharacters)
            return fail("is longer than a spreadsheet cell holds (32,767 characters): shorten it, or say where the rest is");
        if (has_control_character(*t)) return fail("holds an invisible control character: type the text again");
        return {std::string(trim(*t)), {}};
    }
    if (const auto* n = std::get_if<double>(&v)) return {number_text(*n), {}};
    if (const auto* b = std::get_if<bool>(&v)) return {*b ? "TRUE" : "FALSE", {}};
    if (const auto* d = std::get_if<Date>(&v)) return {d->iso(), {}};
    return fail("cannot be read as text: write text");
}

}  // namespace

bool cell_filled(const Cell* cell) {
    if (!cell) return false;
    if (const auto* t = std::get_if<std::string>(&cell->value)) return !trim(*t).empty();
    return true;
}

std::string cell_identifier(const Cell* cell) {
    if (!cell_filled(cell)) return {};
    auto r = read_text(cell->value);
    return r.text.value_or("");
}

std::string value_text(const Value& v, const FormColumn& column) {
    if (v.is_null()) return {};
    if (v.is_bool()) return v.as_bool() ? "Y" : "N";
    if (v.is_double()) return number_text(v.as_number());
    (void)column;
    return std::string(trim(v.to_string()));
}

FormCellRead read_stored_value(const Value& stored, const FormColumn& column) {
    Cell cell;
    if (stored.is_null()) return {};
    if (column.type == FieldType::date && to_date(stored)) cell.value = *to_date(stored);
    else if (stored.is_date()) cell.value = stored.as_date();
    else if (stored.is_bool()) cell.value = stored.as_bool();
    else if (stored.is_number()) cell.value = stored.as_number();
    else cell.value = stored.to_string();
    return read_form_cell(&cell, column);
}

FormCellRead read_form_cell(const Cell* cell, const FormColumn& column) {
    if (!cell_filled(cell)) return {};
    if (const auto* e = std::get_if<ErrorValue>(&cell->value))
        return fail("holds the spreadsheet error " + e->code + ": replace it with " +
                    std::string(column.type == FieldType::date ? "a date" : "a value"));
    switch (column.type) {
        case FieldType::whole:
        case FieldType::number: return read_number(cell->value, column);
        case FieldType::date: return read_date_cell(cell->value);
        case FieldType::flag: return read_flag_cell(cell->value);
        case FieldType::choice: return read_choice(cell->value, column);
        default: return read_text(cell->value);
    }
}

}  // namespace sgaudit::workbook
