// The workbook reader again, past the zip container: mutating a zip's compressed bytes almost
// never gives a workbook whose XML differs, so fuzz_xlsx rarely reaches the sheet, shared
// string, style and relationship parsing. Here the input is the workbook's parts as text,
//   @@ xl/workbook.xml\n<workbook ...>...\n@@ xl/worksheets/sheet1.xml\n<worksheet ...>...
// (each part from its "@@ NAME" line to the next), zipped in memory uncompressed and read as
// any workbook is: cells or an error naming the part, never a crash or a hang. Seeds:
// corpus/xlsx-parts, the repository's own workbooks taken apart.
#include <zip.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_input.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

namespace {

// "@@ NAME\nCONTENT" parts; text before the first "@@ " line is ignored.
std::vector<std::pair<std::string, std::string_view>> parts_of(std::string_view in) {
    std::vector<std::pair<std::string, std::string_view>> parts;
    std::size_t at = in.rfind("@@ ", 0) == 0 ? 0 : in.find("\n@@ ");
    if (at != std::string_view::npos && in[at] == '\n') ++at;
    while (at != std::string_view::npos && at < in.size()) {
        const std::size_t name_end = in.find('\n', at);
        if (name_end == std::string_view::npos) break;
        std::size_t next = in.find("\n@@ ", name_end);
        const std::size_t end = next == std::string_view::npos ? in.size() : next;
        parts.emplace_back(std::string(in.substr(at + 3, name_end - at - 3)), in.substr(name_end + 1, end - name_end - 1));
        at = next == std::string_view::npos ? next : next + 1;
    }
    return parts;
}

// The parts as a zip file (stored, not deflated); empty when libzip refuses (a bad name, say).
std::string zipped(const std::vector<std::pair<std::string, std::string_view>>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) return {};
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    std::string out;
    if (archive) {
        bool ok = true;
        for (const auto& [name, content] : parts) {
            zip_source_t* s = zip_source_buffer(archive, content.data(), content.size(), 0);
            const zip_int64_t index = s ? zip_file_add(archive, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) : -1;
            if (index < 0) {
                if (s) zip_source_free(s);
                ok = false;
                break;
            }
            zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        }
        if (!ok || zip_close(archive) != 0) zip_discard(archive);
        else if (zip_source_open(buffer) == 0) {
            char chunk[65536];
            zip_int64_t n;
            while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) out.append(chunk, static_cast<std::size_t>(n));
            zip_source_close(buffer);
        }
    }
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = parts_of(fuzz::text(data, size));
    if (parts.empty()) return 0;
    const std::string bytes = zipped(parts);
    if (!bytes.empty()) (void)sgaudit::workbook::read_xlsx_bytes(bytes, "fuzz.xlsx");
    return 0;
}
