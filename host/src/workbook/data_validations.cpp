#include "data_validations.hpp"

namespace sgaudit::workbook {

namespace {

// A formula is the element's text (<formula1>) or, in the x14 form, its <xm:f>'s.
std::string formula_text(pugi::xml_node formula) {
    const pugi::xml_node f = child(formula, "f");
    std::string text = f ? f.text().get() : formula.text().get();
    if (text.starts_with('=')) text.erase(0, 1);
    return text;
}

DataValidation validation_from(pugi::xml_node node) {
    DataValidation v;
    v.type = attribute(node, "type").value();
    v.allow_blank = xml_true(attribute(node, "allowBlank"));
    const pugi::xml_attribute sqref = attribute(node, "sqref");
    v.sqref = sqref ? sqref.value() : child(node, "sqref").text().get();  // x14 writes <xm:sqref>
    v.formula1 = formula_text(child(node, "formula1"));
    v.formula2 = formula_text(child(node, "formula2"));
    if (v.type == "list") v.list_items = inline_list_items(v.formula1);
    return v;
}

void read_from(pugi::xml_node validations, std::vector<DataValidation>& out) {
    for_each_child(validations, "dataValidation", [&](pugi::xml_node node) { out.push_back(validation_from(node)); });
}

}  // namespace

std::vector<std::string> inline_list_items(std::string_view formula) {
    if (formula.size() < 2 || formula.front() != '"' || formula.back() != '"') return {};
    const std::string_view inside = formula.substr(1, formula.size() - 2);
    std::vector<std::string> items(1);
    for (std::size_t i = 0; i < inside.size(); ++i) {
        if (inside[i] == ',') {
            items.emplace_back();
            continue;
        }
        items.back() += inside[i];
        if (inside[i] == '"' && i + 1 < inside.size() && inside[i + 1] == '"') ++i;  // "" stands for one "
    }
    return items;
}

std::vector<DataValidation> read_data_validations(pugi::xml_node worksheet) {
    std::vector<DataValidation> out;
    read_from(child(worksheet, "dataValidations"), out);
    for_each_child(child(worksheet, "extLst"), "ext", [&](pugi::xml_node ext) {
        read_from(child(ext, "dataValidations"), out);
    });
    return out;
}

}  // namespace sgaudit::workbook
