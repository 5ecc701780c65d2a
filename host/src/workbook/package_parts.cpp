#include "package_parts.hpp"

#include <charconv>

#include "read_failure.hpp"

namespace sgaudit::workbook {

namespace {

std::string folder_of(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string{} : std::string(part.substr(0, slash + 1));
}

// "xl/worksheets/../sharedStrings.xml" -> "xl/sharedStrings.xml".
std::string normalise(std::string_view path) {
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    std::string joined;
    for (std::string_view s : segments) joined += (joined.empty() ? "" : "/") + std::string(s);
    return joined;
}

std::string relationships_part(std::string_view source_part) {
    const std::string folder = folder_of(source_part);
    return folder + "_rels/" + std::string(source_part.substr(folder.size())) + ".rels";
}

std::string_view last_segment(std::string_view uri) {
    const std::size_t slash = uri.rfind('/');
    return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

SheetState sheet_state(pugi::xml_attribute state) {
    const std::string_view v = state.value();
    if (v == "hidden") return SheetState::hidden;
    if (v == "veryHidden") return SheetState::very_hidden;
    return SheetState::visible;
}

std::vector<SheetEntry> read_sheet_entries(pugi::xml_node workbook) {
    std::vector<SheetEntry> sheets;
    for_each_child(child(workbook, "sheets"), "sheet", [&](pugi::xml_node sheet) {
        SheetEntry entry{attribute(sheet, "name").value(), sheet_state(attribute(sheet, "state")),
                         attribute(sheet, "id").value()};
        if (entry.name.empty())
            fail("the workbook lists a sheet without a name (sheet " + std::to_string(sheets.size() + 1) +
                 "); the file is damaged: " + std::string(kSaveAgain));
        if (entry.relationship_id.empty())
            throw ReadFailure{entry.name, {},
                              "the workbook does not say which part holds this sheet; the file is damaged: " +
                                  std::string(kSaveAgain)};
        sheets.push_back(std::move(entry));
    });
    return sheets;
}

// A name local to a sheet that is not there is left out: no formula could use it.
std::vector<DefinedName> read_defined_names(pugi::xml_node workbook, std::size_t sheet_count) {
    std::vector<DefinedName> names;
    for_each_child(child(workbook, "definedNames"), "definedName", [&](pugi::xml_node node) {
        DefinedName name{attribute(node, "name").value(), node.text().get(), std::nullopt,
                         xml_true(attribute(node, "hidden"))};
        if (name.formula.starts_with('=')) name.formula.erase(0, 1);
        if (const pugi::xml_attribute local = attribute(node, "localSheetId")) {
            const std::string_view v = local.value();
            std::size_t index = 0;
            const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), index);
            if (error != std::errc{} || end != v.data() + v.size() || index >= sheet_count) return;
            name.sheet = index;
        }
        names.push_back(std::move(name));
    });
    return names;
}

}  // namespace

std::vector<Relationship> read_relationships(const ZipArchive& zip, ByteBudget& budget, std::string_view source_part) {
    const std::string rels_name = relationships_part(source_part);
    std::optional<std::string> bytes = zip.read(rels_name, budget);
    if (!bytes) return {};
    const auto part = parse_xml_part(rels_name, std::move(*bytes), "Relationships");
    std::vector<Relationship> rels;
    for_each_child(part->root, "Relationship", [&](pugi::xml_node r) {
        if (std::string_view{attribute(r, "TargetMode").value()} == "External") return;
        rels.push_back({attribute(r, "Id").value(), std::string(last_segment(attribute(r, "Type").value())),
                        resolve_target(source_part, attribute(r, "Target").value())});
    });
    return rels;
}

const Relationship* find_by_type(const std::vector<Relationship>& rels, std::string_view type) {
    for (const Relationship& r : rels)
        if (r.type == type) return &r;
    return nullptr;
}

RelationshipsById index_by_id(const std::vector<Relationship>& rels) {
    RelationshipsById index;
    for (const Relationship& r : rels) index.emplace(r.id, &r);
    return index;
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
    if (target.starts_with('/')) return normalise(target);
    return normalise(folder_of(source_part) + std::string(target));
}

WorkbookPart read_workbook_part(const XmlPart& part) {
    WorkbookPart workbook;
    workbook.date1904 = xml_true(attribute(child(part.root, "workbookPr"), "date1904"));
    workbook.sheets = read_sheet_entries(part.root);
    workbook.names = read_defined_names(part.root, workbook.sheets.size());
    return workbook;
}

}  // namespace sgaudit::workbook
