#include "cell_value.hpp"

#include <charconv>
#include <cmath>

#include "read_failure.hpp"
#include "sgaudit/workbook/excel_date.hpp"
#include "shared_strings.hpp"

namespace sgaudit::workbook {

namespace {

struct CellSite {
    const CellContext& context;
    const std::string& ref;

    [[noreturn]] void fail_here(const std::string& what) const {
        throw ReadFailure{context.sheet, ref, what + "; the file is damaged: " + std::string(kSaveAgain)};
    }
};

std::optional<double> parse_number(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '+')) text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<CellValue> shared_text(std::string_view index_text, const CellSite& site) {
    const auto& strings = site.context.shared_strings;
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
    if (error != std::errc{} || end != index_text.data() + index_text.size())
        site.fail_here("the cell's shared-text number cannot be read");
    if (index >= strings.size())
        site.fail_here("the cell points to shared text " + std::to_string(index) + ", and the workbook has only " +
                       std::to_string(strings.size()));
    if (strings[index].empty()) return std::nullopt;
    return strings[index];
}

CellValue number_value(std::string_view text, pugi::xml_node c, const CellSite& site, Cell& cell) {
    const auto number = parse_number(text);
    if (!number) site.fail_here("the number in this cell cannot be read");
    cell.date_style = site.context.styles.is_date(attribute(c, "s").as_uint());
    if (cell.date_style)
        if (const auto date = excel_serial_to_date(*number, site.context.date1904)) return *date;
    return *number;
}

CellValue boolean_value(std::string_view text, const CellSite& site) {
    if (text == "1" || text == "true") return true;
    if (text == "0" || text == "false") return false;
    site.fail_here("the true/false value in this cell cannot be read");
}

CellValue iso_date_value(std::string_view text, const CellSite& site, Cell& cell) {
    const auto date = Date::parse(text);
    if (!date) site.fail_here("the date in this cell cannot be read (it must be written as YYYY-MM-DD)");
    cell.date_style = true;
    return *date;
}

std::optional<CellValue> optional_text(std::string text) {
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

std::optional<CellValue> read_cell_value(pugi::xml_node c, const CellContext& context, const std::string& ref,
                                         Cell& cell) {
    const CellSite site{context, ref};
    const pugi::xml_attribute type_attribute = attribute(c, "t");
    const std::string_view type = type_attribute ? type_attribute.value() : "n";
    cell.formula = static_cast<bool>(child(c, "f"));
    if (type == "inlineStr") return optional_text(string_item_text(child(c, "is")));
    const std::string_view text = child(c, "v").text().get();
    if (text.empty()) return std::nullopt;
    if (type == "s") return shared_text(text, site);
    if (type == "str") return optional_text(decode_escapes(text));
    if (type == "n") return number_value(text, c, site, cell);
    if (type == "b") return boolean_value(text, site);
    if (type == "e") return ErrorValue{std::string(text)};
    if (type == "d") return iso_date_value(text, site, cell);
    site.fail_here("the cell's type " + shown_attribute(type) + " is not one a workbook may hold");
}

}  // namespace sgaudit::workbook
