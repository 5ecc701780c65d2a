// read_csv_file: a CSV file given to `sgaudit db import`, read only when it is a regular file
// of sane size. A folder may hold anything: a named pipe would block the import for ever, and a
// link to /dev/zero would be read until memory ran out.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "sgaudit/data/csv_reader.hpp"

namespace sgaudit::data {

namespace {

CsvResult failure(const std::string& path, const std::string& message) {
    return CsvResult{std::vector<CsvError>{CsvError{path, 0, 0, message}}};
}

std::string os_error(int err) { return std::generic_category().message(err); }

// What a file that is not a regular file is, in words.
const char* kind_of(mode_t mode) {
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string too_large(const std::string& path, std::uint64_t bytes) {
    return "\"" + path + "\" is " + std::to_string(bytes) + " bytes, over the " + kCsvMaxFileText + " limit for one CSV file (" +
           std::to_string(kCsvMaxFileBytes) + " bytes); check that it is the right file, or load a table this large into "
           "PostgreSQL with its own tools and point --source at it";
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Reads at most kCsvMaxFileBytes + 1 bytes, so a file that grows while it is read stops too.
bool read_capped(int fd, std::string& content, int& err) {
    char buffer[1 << 16];
    for (;;) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            err = errno;
            return false;
        }
        if (got == 0) return true;
        content.append(buffer, static_cast<std::size_t>(got));
        if (content.size() > kCsvMaxFileBytes) return true;
    }
}

}  // namespace

CsvResult read_csv_file(const std::string& path) {
    // O_NONBLOCK: opening a named pipe must not wait for a writer. O_NOCTTY: a terminal device
    // must not become the controlling terminal. Both are harmless for a regular file.
    Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
    if (file.fd < 0)
        return failure(path, "cannot open \"" + path + "\": " + os_error(errno) +
                                 "; check the path and that you are allowed to read the file");
    // The descriptor's own type and size: the name could be replaced between a check and the open.
    struct stat st{};
    if (::fstat(file.fd, &st) != 0) return failure(path, "cannot read \"" + path + "\": " + os_error(errno));
    if (S_ISDIR(st.st_mode))
        return failure(path, "cannot read \"" + path + "\": it is a folder, not a file; give the path of the CSV file");
    if (!S_ISREG(st.st_mode))
        return failure(path, "cannot read \"" + path + "\": it is " + kind_of(st.st_mode) +
                                 ", not a regular file; only ordinary files are imported: save the table's export "
                                 "as a file and import that");
    if (static_cast<std::uint64_t>(st.st_size) > kCsvMaxFileBytes)
        return failure(path, too_large(path, static_cast<std::uint64_t>(st.st_size)));
    std::string content;
    content.reserve(static_cast<std::size_t>(st.st_size));
    int err = 0;
    if (!read_capped(file.fd, content, err))
        return failure(path, "cannot read \"" + path + "\": " + os_error(err) +
                                 "; check that the file is not locked or on a disconnected drive");
    if (content.size() > kCsvMaxFileBytes) return failure(path, too_large(path, content.size()));
    return read_csv_text(content, path);
}

}  // namespace sgaudit::data
