#include "test_zip.hpp"

#include <doctest/doctest.h>
#include <zip.h>

#include <sstream>
#include <vector>

namespace sample {

namespace {

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string read_back(zip_source_t* source) {
    std::string bytes;
    REQUIRE(zip_source_open(source) == 0);
    char chunk[65536];
    zip_int64_t n;
    while ((n = zip_source_read(source, chunk, sizeof chunk)) > 0) bytes.append(chunk, static_cast<std::size_t>(n));
    zip_source_close(source);
    return bytes;
}

}  // namespace

std::string zip_bytes(const Parts& parts, const std::string& encrypted) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    REQUIRE(buffer != nullptr);
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    REQUIRE(archive != nullptr);
    for (const auto& [name, content] : parts) {
        zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8);
        REQUIRE(index >= 0);
        if (name == encrypted)
            REQUIRE(zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, "secret") == 0);
    }
    REQUIRE(zip_close(archive) == 0);
    std::string bytes = read_back(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return bytes;
}

std::string worksheet_xml(const std::string& rows) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"") + kMain + "\"><sheetData>" +
           rows + "</sheetData></worksheet>";
}

Parts one_sheet_parts(const std::string& rows) {
    const std::string rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    return {
        {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
        {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        "<Relationship Id=\"rId1\" Type=\"" + rel_type + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRelNs +
                                "\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                       "<Relationship Id=\"rId1\" Type=\"" + rel_type + "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", worksheet_xml(rows)},
    };
}

std::string styles_xml(const std::string& format_ids_csv, const std::vector<std::string>& custom_codes) {
    std::string xml = std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMain + "\"><numFmts>";
    for (std::size_t i = 0; i < custom_codes.size(); ++i)
        xml += "<numFmt numFmtId=\"" + std::to_string(164 + i) + "\" formatCode=\"" + custom_codes[i] + "\"/>";
    xml += "</numFmts><cellXfs>";
    std::istringstream ids(format_ids_csv);
    for (std::string id; std::getline(ids, id, ',');) xml += "<xf numFmtId=\"" + id + "\"/>";
    return xml + "</cellXfs></styleSheet>";
}

}  // namespace sample
