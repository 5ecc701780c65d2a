#include "sgaudit/util/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <vector>


namespace sgaudit::util {
namespace fs = std::filesystem;

static std::string os_error() { return std::strerror(errno); }

Status make_private_directories(const fs::path& dir) {
    if (dir.empty()) return Status::ok();
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return Status::ok();
    if (auto parent = dir.parent_path(); !parent.empty() && parent != dir) {
        if (auto st = make_private_directories(parent); !st) return st;
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return Status::error("cannot create folder " + dir.string() + ": " + os_error());
    return Status::ok();
}

// A new, owner-only temporary file beside `path` (same file system, so rename is atomic).
// O_EXCL + 0600: the file never exists with wider permissions, whatever the umask.
static Status create_temp_beside(const fs::path& path, fs::path& tmp, int& fd) {
    if (auto st = make_private_directories(path.parent_path()); !st) return st;
    std::random_device rd;
    tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Status::error("cannot create " + tmp.string() + ": " + os_error());
    return Status::ok();
}

Status write_private_file(const fs::path& path, std::string_view content) {
    fs::path tmp;
    int fd = -1;
    if (auto st = create_temp_beside(path, tmp, fd); !st) return st;
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::string err = os_error();
            ::close(fd);
            ::unlink(tmp.c_str());
            return Status::error("cannot write " + path.string() + ": " + err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::string err = os_error();
        ::unlink(tmp.c_str());
        return Status::error("cannot write " + path.string() + ": " + err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string err = os_error();
        ::unlink(tmp.c_str());
        return Status::error("cannot move report into place at " + path.string() + ": " + err);
    }
    return Status::ok();
}

Status write_private_file(const fs::path& path, const std::function<void(std::ostream&)>& write) {
    fs::path tmp;
    int fd = -1;
    // Created 0600 first, so the stream below only ever opens an owner-only file.
    if (auto st = create_temp_beside(path, tmp, fd); !st) return st;
    ::close(fd);
    try {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        write(out);
        out.flush();
        if (!out) {
            ::unlink(tmp.c_str());
            return Status::error("cannot write " + path.string() + ": " + os_error());
        }
    } catch (const std::exception& e) {
        ::unlink(tmp.c_str());  // never leave half a report behind
        return Status::error("cannot write " + path.string() + ": " + e.what());
    }
    fd = ::open(tmp.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string err = os_error();
        ::unlink(tmp.c_str());
        return Status::error("cannot move report into place at " + path.string() + ": " + err);
    }
    return Status::ok();
}

Status create_private_file_if_missing(const fs::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
        return Status::ok();
    }
    if (errno != EEXIST) return Status::error("cannot create " + path.string() + ": " + os_error());
    // O_EXCL also refuses a link to a missing file; the library opening it next would create
    // the target with whatever mode it likes, so that is refused here.
    std::error_code ec;
    if (!fs::exists(path, ec))
        return Status::error(path.string() + " is a symbolic link to a file that does not exist; sgaudit does not create "
                             "files through links: point it at the real path");
    return Status::ok();
}

}  // namespace sgaudit::util
