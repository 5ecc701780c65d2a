#include "file_kind.hpp"

#include <string>

#include "read_failure.hpp"

namespace sgaudit::workbook {

namespace {

constexpr std::string_view kOleMagic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

// The stream an encrypted OOXML file keeps its package in, as its name is stored: UTF-16LE.
const std::string& encrypted_package_name() {
    static const std::string name = [] {
        std::string utf16;
        for (char c : std::string_view{"EncryptedPackage"}) {
            utf16 += c;
            utf16 += '\0';
        }
        return utf16;
    }();
    return name;
}

// No NUL and no control character but tab and line ends in the first bytes; UTF-8 allowed.
bool looks_like_text(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 4096);
    for (char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
        if (c == 0x7f) return false;
    }
    return true;
}

}  // namespace

FileKind sniff_file_kind(std::string_view bytes) {
    if (bytes.empty()) return FileKind::empty;
    if (bytes.starts_with(std::string_view{"PK\x03\x04", 4}) || bytes.starts_with(std::string_view{"PK\x05\x06", 4}))
        return FileKind::zip;
    if (bytes.starts_with(kOleMagic))
        return bytes.find(encrypted_package_name()) != std::string_view::npos ? FileKind::encrypted : FileKind::ole;
    return looks_like_text(bytes) ? FileKind::text : FileKind::other;
}

void refuse_file_kind(FileKind kind) {
    switch (kind) {
    case FileKind::empty:
        fail("the file is empty (0 bytes), not a workbook; save the workbook again as Excel Workbook (.xlsx)");
    case FileKind::encrypted:
        fail("the workbook is protected with a password to open (encrypted), so it cannot be read; open it, "
             "remove the password and save it again as Excel Workbook (.xlsx)");
    case FileKind::ole:
        fail("this is an Excel 97-2003 workbook (.xls) or another older Office file, not an .xlsx workbook; " +
             std::string(kSaveAgain));
    case FileKind::text:
        fail("this is a text file (such as CSV), not an Excel workbook; " + std::string(kSaveAgain));
    case FileKind::other:
    case FileKind::zip:
        break;
    }
    fail("this is not an Excel workbook (an .xlsx file is a zip archive, and this is not one); " +
         std::string(kSaveAgain));
}

}  // namespace sgaudit::workbook
