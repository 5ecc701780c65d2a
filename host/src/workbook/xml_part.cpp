#include "xml_part.hpp"

#include <cstring>

#include "read_failure.hpp"

namespace sgaudit::workbook {

namespace {

// Whitespace-only text is kept where it is an element's only child (<t> </t> is a cell holding
// a space); the indentation between elements is dropped.
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata_single;

}  // namespace

std::unique_ptr<XmlPart> parse_xml_part(std::string name, std::string bytes, std::string_view root_name,
                                        const std::string& sheet) {
    auto part = std::make_unique<XmlPart>();
    part->name = std::move(name);
    part->bytes = std::move(bytes);
    const pugi::xml_parse_result parsed =
        part->document.load_buffer_inplace(part->bytes.data(), part->bytes.size(), kParseOptions);
    if (!parsed)
        throw ReadFailure{sheet, {},
                          "the part " + shown_part(part->name) + " is not well-formed XML (" + parsed.description() +
                              ", at byte " + std::to_string(parsed.offset) + "); the file is damaged: " +
                              std::string(kSaveAgain)};
    part->root = part->document.document_element();
    if (local_name(part->root.name()) != root_name)
        throw ReadFailure{sheet, {},
                          "the part " + shown_part(part->name) + " is not what the workbook says it is (its root element is " +
                              shown_attribute(part->root.name()) + ", not \"" + std::string(root_name) +
                              "\"); the file is damaged: " + std::string(kSaveAgain)};
    return part;
}

std::string_view local_name(const char* qualified) {
    std::string_view name{qualified};
    const std::size_t colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n.name()) == name) return n;
    return {};
}

pugi::xml_attribute attribute(pugi::xml_node node, std::string_view name) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view qualified{a.name()};
        if (qualified == "xmlns" || qualified.starts_with("xmlns:")) continue;  // declarations, not attributes
        if (local_name(a.name()) == name) return a;
    }
    return {};
}

bool xml_true(pugi::xml_attribute a) {
    const char* v = a.value();
    return std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0;
}

}  // namespace sgaudit::workbook
