#include "cell_styles.hpp"

#include <map>
#include <string>

#include "sgaudit/workbook/excel_date.hpp"

namespace sgaudit::workbook {

namespace {

// Custom number formats by id, each marked date or not. A custom format may reuse a built-in
// id, and then it is the one shown.
std::map<unsigned, bool> custom_date_formats(pugi::xml_node style_sheet) {
    std::map<unsigned, bool> formats;
    for_each_child(child(style_sheet, "numFmts"), "numFmt", [&](pugi::xml_node f) {
        formats[attribute(f, "numFmtId").as_uint()] = is_date_format_code(attribute(f, "formatCode").value());
    });
    return formats;
}

}  // namespace

CellStyles::CellStyles(const XmlPart& styles) {
    const std::map<unsigned, bool> custom = custom_date_formats(styles.root);
    for_each_child(child(styles.root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
        const unsigned id = attribute(xf, "numFmtId").as_uint();
        const auto found = custom.find(id);
        date_styles_.push_back(found != custom.end() ? found->second : is_builtin_date_format(id));
    });
}

}  // namespace sgaudit::workbook
