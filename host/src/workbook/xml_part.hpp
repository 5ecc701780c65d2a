#pragma once

// One XML part of the package, parsed with pugixml, and lookups by local name: programs may
// write the spreadsheet namespace with a prefix (<x:worksheet>), so prefixes are ignored.

#include <memory>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace sgaudit::workbook {

struct XmlPart {
    std::string name;   // e.g. "xl/worksheets/sheet1.xml"
    std::string bytes;  // parsed in place: the document points into it
    pugi::xml_document document;
    pugi::xml_node root;  // the root element
};

// Parses `bytes` as the part `name`, whose root element must be `root_name` (a local name).
// Throws ReadFailure (carrying `sheet`, "" for none) when it is not well-formed XML or has
// another root element. DOCTYPEs and their entities are never expanded.
std::unique_ptr<XmlPart> parse_xml_part(std::string name, std::string bytes, std::string_view root_name,
                                        const std::string& sheet = {});

std::string_view local_name(const char* qualified);  // "x:sheetData" -> "sheetData"

// The first child element, or attribute, with this local name; an empty handle when none.
pugi::xml_node child(pugi::xml_node parent, std::string_view name);
pugi::xml_attribute attribute(pugi::xml_node node, std::string_view name);

// Calls f(node) for each child element with this local name, in document order.
template <typename F>
void for_each_child(pugi::xml_node parent, std::string_view name, F&& f) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n.name()) == name) f(n);
}

// xsd:boolean: "1" or "true".
bool xml_true(pugi::xml_attribute a);

}  // namespace sgaudit::workbook
