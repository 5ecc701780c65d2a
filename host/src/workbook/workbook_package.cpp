#include "workbook_package.hpp"

#include <memory>

#include "cell_styles.hpp"
#include "data_validations.hpp"
#include "package_parts.hpp"
#include "read_failure.hpp"
#include "shared_strings.hpp"
#include "sheet_cells.hpp"

namespace sgaudit::workbook {

namespace {

// What every part of one workbook is read with.
struct Reading {
    const ZipArchive& zip;
    const XlsxLimits& limits;
    ByteBudget budget;
};

// The part parsed as XML; nullptr when the package has no such part.
std::unique_ptr<XmlPart> read_xml(Reading& reading, const std::string& name, std::string_view root,
                                  const std::string& sheet = {}) {
    std::optional<std::string> bytes = reading.zip.read(name, reading.budget);
    if (!bytes) return nullptr;
    return parse_xml_part(name, std::move(*bytes), root, sheet);
}

// An .ods is a zip too; its first part, "mimetype", says what it is.
void refuse_opendocument(Reading& reading) {
    if (!reading.zip.has("mimetype")) return;
    const std::string mimetype = reading.zip.read("mimetype", reading.budget).value_or("");
    if (mimetype.find("opendocument.spreadsheet") != std::string::npos)
        fail("this is an OpenDocument spreadsheet (.ods) named as an .xlsx file; " + std::string(kSaveAgain));
    if (mimetype.find("opendocument") != std::string::npos)
        fail("this is an OpenDocument file, not an Excel workbook; " + std::string(kSaveAgain));
}

// The workbook part is the package's "officeDocument"; xl/workbook.xml where it says none.
std::string workbook_part_name(Reading& reading) {
    const auto rels = read_relationships(reading.zip, reading.budget, "");
    const Relationship* main = find_by_type(rels, "officeDocument");
    const std::string name = main != nullptr ? main->target : "xl/workbook.xml";
    if (!reading.zip.has(name))
        fail("this is not an Excel workbook: it has no part " + shown_part(name) + "; " + std::string(kSaveAgain));
    if (name.ends_with(".bin"))
        fail("this is an Excel Binary Workbook (.xlsb), not an .xlsx workbook; " + std::string(kSaveAgain));
    return name;
}

SheetKind sheet_kind(std::string_view relationship_type) {
    if (relationship_type == "worksheet") return SheetKind::worksheet;
    if (relationship_type == "chartsheet") return SheetKind::chartsheet;
    return SheetKind::other;
}

struct WorkbookTexts {
    std::vector<std::string> shared_strings;
    CellStyles styles;
};

WorkbookTexts read_texts_and_styles(Reading& reading, const std::vector<Relationship>& rels) {
    WorkbookTexts texts;
    if (const Relationship* sst = find_by_type(rels, "sharedStrings"))
        if (const auto part = read_xml(reading, sst->target, "sst"))
            texts.shared_strings = read_shared_strings(*part, reading.limits.max_shared_strings);
    if (const Relationship* styles = find_by_type(rels, "styles"))
        if (const auto part = read_xml(reading, styles->target, "styleSheet")) texts.styles = CellStyles{*part};
    return texts;
}

void read_worksheet(Reading& reading, const WorkbookTexts& texts, bool date1904, std::size_t& cells_read, Sheet& sheet) {
    const auto part = read_xml(reading, sheet.part, "worksheet", sheet.name);
    if (!part)
        throw ReadFailure{sheet.name, {},
                          "the sheet's part " + shown_part(sheet.part) + " is missing from the file; the file is damaged: " +
                              std::string(kSaveAgain)};
    const CellContext context{sheet.name, texts.shared_strings, texts.styles, date1904,
                              reading.limits.max_cells, cells_read};
    sheet.cells = read_sheet_cells(*part, context);
    sheet.validations = read_data_validations(part->root);
}

Sheet sheet_from(const SheetEntry& entry, const RelationshipsById& rels) {
    const auto found = rels.find(entry.relationship_id);
    const Relationship* rel = found == rels.end() ? nullptr : found->second;
    if (rel == nullptr)
        throw ReadFailure{entry.name, {},
                          "the workbook does not say which part holds this sheet (its relationship " +
                              shown_attribute(entry.relationship_id) + " is missing); the file is damaged: " +
                              std::string(kSaveAgain)};
    return Sheet{entry.name, entry.state, sheet_kind(rel->type), rel->target, {}, {}};
}

}  // namespace

Workbook read_workbook_package(const ZipArchive& zip, const XlsxLimits& limits, std::string file) {
    Reading reading{zip, limits, ByteBudget{limits.max_part_bytes, limits.max_total_bytes, 0}};
    refuse_opendocument(reading);
    const std::string name = workbook_part_name(reading);
    const WorkbookPart parts = read_workbook_part(*read_xml(reading, name, "workbook"));
    const auto rels = read_relationships(zip, reading.budget, name);
    const WorkbookTexts texts = read_texts_and_styles(reading, rels);
    Workbook workbook{std::move(file), parts.date1904, {}, parts.names};
    const RelationshipsById by_id = index_by_id(rels);
    std::size_t cells_read = 0;
    for (const SheetEntry& entry : parts.sheets) {
        Sheet sheet = sheet_from(entry, by_id);
        if (sheet.kind == SheetKind::worksheet) read_worksheet(reading, texts, parts.date1904, cells_read, sheet);
        workbook.sheets.push_back(std::move(sheet));
    }
    return workbook;
}

}  // namespace sgaudit::workbook
