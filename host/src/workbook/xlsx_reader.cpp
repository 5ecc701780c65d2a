#include "sgaudit/workbook/xlsx_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <system_error>

#include "file_kind.hpp"
#include "read_failure.hpp"
#include "sgaudit/workbook/cell_ref.hpp"
#include "workbook_package.hpp"
#include "zip_archive.hpp"

namespace sgaudit::workbook {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

[[noreturn]] void over_file_limit(std::uint64_t limit) {
    fail("the file is larger than " + size_text(limit) +
         ", the most a workbook may be; a workbook people fill in is far smaller: check that this is the right file");
}

// The whole file, refused before reading when it is no regular file or too large.
std::string read_whole_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        fail("there is no such file; check the file's name and folder");
    if (ec) fail("the file cannot be read (" + ec.message() + ")");
    if (!std::filesystem::is_regular_file(status))
        fail("this is not a file but a folder, device or pipe; give the path of the .xlsx workbook");
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) over_file_limit(max_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(std::string("the file cannot be opened (") + std::strerror(errno) + ")");
    std::string bytes(static_cast<std::size_t>(std::min<std::uint64_t>(size, max_bytes) + 1), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) fail(std::string("the file cannot be read (") + std::strerror(errno) + ")");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes) over_file_limit(max_bytes);  // it grew while being read
    return bytes;
}

}  // namespace

std::string Cell::ref() const { return cell_ref(row, column); }

const Cell* Sheet::find(std::uint32_t row, std::uint32_t column) const {
    const auto at = std::lower_bound(cells.begin(), cells.end(), CellPosition{row, column},
                                     [](const Cell& c, const CellPosition& p) {
                                         return c.row != p.row ? c.row < p.row : c.column < p.column;
                                     });
    return at != cells.end() && at->row == row && at->column == column ? &*at : nullptr;
}

const Cell* Sheet::find(std::string_view ref) const {
    const auto position = parse_cell_ref(ref);
    return position ? find(position->row, position->column) : nullptr;
}

const Sheet* Workbook::sheet(std::string_view name) const {
    for (const Sheet& s : sheets)
        if (same_name(s.name, name)) return &s;
    return nullptr;
}

std::string XlsxError::to_string() const {
    std::string where = file;
    if (!sheet.empty()) where += ":" + sheet;
    if (!sheet.empty() && !cell.empty()) where += "!" + cell;
    return where + ": " + message;
}

XlsxResult read_xlsx_bytes(std::string_view bytes, const std::string& file_label, const XlsxLimits& limits) {
    try {
        if (bytes.size() > limits.max_file_bytes) over_file_limit(limits.max_file_bytes);
        const FileKind kind = sniff_file_kind(bytes);
        if (kind != FileKind::zip) refuse_file_kind(kind);
        const ZipArchive zip{bytes};
        return read_workbook_package(zip, limits, file_label);
    } catch (const ReadFailure& failure) {
        return XlsxError{file_label, failure.sheet, failure.cell, failure.message};
    } catch (const std::bad_alloc&) {
        return XlsxError{file_label, {}, {}, "the workbook is too large to read in this computer's memory; check that this is the right file"};
    }
}

XlsxResult read_xlsx_file(const std::filesystem::path& path, const XlsxLimits& limits) {
    const std::string label = path.string();
    std::string bytes;
    try {
        bytes = read_whole_file(path, limits.max_file_bytes);
    } catch (const ReadFailure& failure) {
        return XlsxError{label, {}, {}, failure.message};
    }
    return read_xlsx_bytes(bytes, label, limits);
}

}  // namespace sgaudit::workbook
