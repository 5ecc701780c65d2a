#include "zip_archive.hpp"

#include <zip.h>

#include <memory>

#include "read_failure.hpp"

namespace sgaudit::workbook {

namespace {

std::string libzip_says(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

[[noreturn]] void part_failure(std::string_view name, int code) {
    const std::string part = shown_part(name);
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
        fail("the part " + part + " is encrypted, so the workbook cannot be read; remove the password and " +
             "save it again as Excel Workbook (.xlsx)");
    if (code == ZIP_ER_COMPNOTSUPP)
        fail("the part " + part + " is compressed in a way this program cannot unpack; " + std::string(kSaveAgain));
    fail("the part " + part + " is damaged (" + libzip_says(code) + "); copy the file again from where it came, or " +
         std::string(kSaveAgain));
}

[[noreturn]] void over_part_limit(std::string_view name, std::uint64_t limit) {
    fail("the part " + shown_part(name) + " unpacks to more than " + size_text(limit) +
         ", the most one part may hold; a workbook people fill in is far smaller: check that this is the right file");
}

[[noreturn]] void over_total_limit(std::uint64_t limit) {
    fail("the workbook's parts unpack to more than " + size_text(limit) +
         " together, the most a workbook may hold; a workbook people fill in is far smaller: check that this is the "
         "right file");
}

// Refuses, before unpacking anything, a part whose stated size is already over the budget.
void check_stated_size(zip_t* archive, zip_uint64_t index, std::string_view name, const ByteBudget& budget) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) return;
    if (stat.size > budget.part_limit) over_part_limit(name, budget.part_limit);
    if (stat.size > budget.total_limit - budget.used) over_total_limit(budget.total_limit);
}

std::string lower_case(std::string_view name) {
    std::string lower{name};
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    if (zip_ != nullptr) {
        const zip_int64_t count = zip_get_num_entries(zip_, 0);
        for (zip_int64_t i = 0; i < count; ++i)
            if (const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0))
                entries_.emplace(lower_case(name), static_cast<std::uint64_t>(i));  // the first of a name wins
        return;
    }
    if (source != nullptr) zip_source_free(source);
    fail("the file is incomplete or damaged: its zip archive cannot be read (" + libzip_says(code) +
         "); copy it again from where it came, or " + std::string(kSaveAgain));
}

ZipArchive::~ZipArchive() {
    if (zip_ != nullptr) zip_discard(zip_);
}

std::optional<std::uint64_t> ZipArchive::locate(std::string_view name) const {
    const auto found = entries_.find(lower_case(name));
    if (found == entries_.end()) return std::nullopt;
    return found->second;
}

bool ZipArchive::has(std::string_view name) const { return locate(name).has_value(); }

std::optional<std::string> ZipArchive::read(std::string_view name, ByteBudget& budget) const {
    const auto index = locate(name);
    if (!index) return std::nullopt;
    const zip_uint64_t at = *index;
    check_stated_size(zip_, at, name, budget);
    std::unique_ptr<zip_file_t, FileCloser> file{zip_fopen_index(zip_, at, 0)};
    if (!file) part_failure(name, zip_error_code_zip(zip_get_error(zip_)));
    std::string data;
    char chunk[64 * 1024];
    for (;;) {
        const zip_int64_t n = zip_fread(file.get(), chunk, sizeof chunk);
        if (n < 0) part_failure(name, zip_error_code_zip(zip_file_get_error(file.get())));
        if (n == 0) break;
        data.append(chunk, static_cast<std::size_t>(n));
        if (data.size() > budget.part_limit) over_part_limit(name, budget.part_limit);
        if (data.size() > budget.total_limit - budget.used) over_total_limit(budget.total_limit);
    }
    budget.used += data.size();
    return data;
}

}  // namespace sgaudit::workbook
