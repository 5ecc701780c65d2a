#pragma once

// The package's map of itself: relationships (which part is the workbook, which part holds each
// sheet, the shared strings and the styles) and the workbook part (sheets in order, defined
// names, the date system). Parts are found this way, never by assumed names.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sgaudit/workbook/xlsx_reader.hpp"
#include "xml_part.hpp"
#include "zip_archive.hpp"

namespace sgaudit::workbook {

struct Relationship {
    std::string id;
    std::string type;    // the last segment of the type URI: "worksheet", "sharedStrings", ...
    std::string target;  // the part it points to, as a name in the zip ("xl/worksheets/sheet1.xml")
};

// The relationships of `source_part` ("" for the package's own, _rels/.rels); none when the
// package has no relationships part for it.
std::vector<Relationship> read_relationships(const ZipArchive& zip, ByteBudget& budget, std::string_view source_part);

// The first relationship of this type, nullptr when none.
const Relationship* find_by_type(const std::vector<Relationship>& rels, std::string_view type);

// Relationships by id (the first of an id wins), for a workbook that may list many sheets.
using RelationshipsById = std::unordered_map<std::string_view, const Relationship*>;
RelationshipsById index_by_id(const std::vector<Relationship>& rels);

// A relationship's target as a part name: relative to the source part's folder, or from the
// package root when it starts with '/'.
std::string resolve_target(std::string_view source_part, std::string_view target);

struct SheetEntry {
    std::string name;
    SheetState state = SheetState::visible;
    std::string relationship_id;
};

struct WorkbookPart {
    bool date1904 = false;
    std::vector<SheetEntry> sheets;
    std::vector<DefinedName> names;
};

// Reads workbook.xml's <workbookPr>, <sheets> and <definedNames>. Throws ReadFailure for a
// sheet without a name or relationship.
WorkbookPart read_workbook_part(const XmlPart& part);

}  // namespace sgaudit::workbook
