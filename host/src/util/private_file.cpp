#include "sgaudit/util/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pwd.h>
#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <streambuf>
#include <vector>


namespace sgaudit::util {
namespace fs = std::filesystem;

static std::string os_error() { return std::strerror(errno); }

// Writes all of `bytes`, resuming after interruptions; the error names `what`.
static Status write_all(int fd, std::string_view bytes, const std::string& what) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Status::error("cannot write " + what + ": " + os_error());
        }
        done += static_cast<std::size_t>(n);
    }
    return Status::ok();
}

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

Status check_private_folder(const fs::path& dir, const std::string& what) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return Status::error(what + " cannot be checked: " + os_error());
    if (st.st_uid != ::geteuid() && st.st_uid != 0) {
        const struct passwd* pw = ::getpwuid(st.st_uid);
        return Status::error(what + " belongs to " + (pw ? std::string("user ") + pw->pw_name : "another user") + " (uid " +
                             std::to_string(st.st_uid) + "), not to you: they could read the reports or replace them. Give a folder "
                             "of your own, e.g. one in your home folder");
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return Status::error(what + " can be written by " + ((st.st_mode & S_IWOTH) ? "anyone" : "its group") + " (mode " + mode +
                             "): others could plant or replace files in it. Run chmod go-w on it, or give a folder only you "
                             "can write in");
    }
    return check_private_ancestors(dir, what);
}

Status check_private_ancestors(const fs::path& dir, const std::string& what) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(dir), ec);  // folders not made yet are skipped below
    if (ec) return Status::error(what + " cannot be checked: " + ec.message());
    for (fs::path p = real.parent_path(); !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            if (errno == ENOENT && p != p.parent_path()) continue;
            return Status::error(what + " cannot be checked: " + p.string() + ": " + os_error());
        }
        const bool others_write = (st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX);
        if ((st.st_uid != ::geteuid() && st.st_uid != 0) || others_write)
            return Status::error(what + " is inside " + p.string() + ", which " +
                                 (others_write ? std::string("others can write in") : "belongs to another user") +
                                 ": they could move the report folder away and put another in its place. Give a folder "
                                 "whose parents only you (or root) can change, e.g. one in your home folder");
        if (p == p.parent_path()) break;
    }
    return Status::ok();
}

std::vector<fs::path> remove_stale_temporaries(const fs::path& dir) {
    std::vector<fs::path> removed;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, ec)) {
        const std::string name = e.path().filename().string();
        // report.json.tmp-PID-N (create_temp_beside) and .sgaudit-PID-XXXXXX (PrivateTempDir).
        std::size_t at = name.rfind(".tmp-");
        if (name.rfind(".sgaudit-", 0) == 0) at = 8;
        else if (at == std::string::npos) continue;
        else at += 4;
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + at + 1, &end, 10);
        if (pid <= 0 || !end || *end != '-') continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its run may still be going
        std::error_code rm;
        fs::remove_all(e.path(), rm);
        if (!rm) removed.push_back(e.path());
    }
    return removed;
}

Status make_report_folder(const fs::path& dir) {
    if (auto st = make_private_directories(dir); !st) return st;
    return check_private_folder(dir.empty() ? fs::path(".") : dir, "the report folder " + dir.string());
}

PrivateTempDir::~PrivateTempDir() { remove(); }

void PrivateTempDir::remove() noexcept {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
    path_.clear();
}

Status PrivateTempDir::create(const fs::path& parent) {
    // The pid in the name says whose it is: one whose process has gone was left by a run that
    // was stopped, and the next run into the folder removes it (remove_stale_temporaries).
    std::string tmpl = ((parent.empty() ? fs::path(".") : parent) / (".sgaudit-" + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) return Status::error("cannot create a private folder in " + parent.string() + ": " + os_error());
    path_ = tmpl;
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
    if (auto st = write_all(fd, content, path.string()); !st) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return st;
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

namespace {

// A stream buffer over a descriptor that is already open: the report is written through the
// file created with O_EXCL, never reopened by name (a name can be swapped for a link meanwhile).
class DescriptorBuf final : public std::streambuf {
public:
    explicit DescriptorBuf(int fd) : fd_(fd), buf_(1 << 16) { setp(buf_.data(), buf_.data() + buf_.size()); }
    bool failed() const { return failed_; }
    int sync() override {
        const bool ok = write_all(fd_, std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())), "").is_ok();
        failed_ = failed_ || !ok;
        setp(buf_.data(), buf_.data() + buf_.size());
        return ok ? 0 : -1;
    }

private:
    int_type overflow(int_type c) override {
        if (sync() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }
    int fd_;
    std::vector<char> buf_;
    bool failed_ = false;
};

}  // namespace

Status write_private_file(const fs::path& path, const std::function<void(std::ostream&)>& write) {
    fs::path tmp;
    int fd = -1;
    if (auto st = create_temp_beside(path, tmp, fd); !st) return st;
    auto fail = [&](const std::string& why) {
        ::close(fd);
        ::unlink(tmp.c_str());  // never leave half a report behind
        return Status::error("cannot write " + path.string() + ": " + why);
    };
    try {
        DescriptorBuf buf(fd);
        std::ostream out(&buf);
        write(out);
        out.flush();
        if (!out || buf.failed()) return fail(os_error());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    if (::fsync(fd) != 0) return fail(os_error());
    if (::close(fd) != 0) {
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

namespace sgaudit::util {

namespace {

constexpr std::size_t kFlushAt = 1 << 18;


// Copies all of `in` (from its start) to the end of `out`: in the kernel where it can.
Status copy_all(int in, int out, const std::string& what) {
    if (::lseek(in, 0, SEEK_SET) < 0) return Status::error("cannot read back " + what + ": " + os_error());
    for (;;) {
        ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
        if (n > 0) continue;
        if (n == 0) return Status::ok();
        if (errno == EINTR) continue;
        if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
            return Status::error("cannot write " + what + ": " + os_error());
        break;  // not between these files: copy through a buffer
    }
    std::vector<char> buf(1 << 16);
    for (;;) {
        ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Status::error("cannot read back " + what + ": " + os_error());
        if (n == 0) return Status::ok();
        if (auto st = write_all(out, std::string_view(buf.data(), static_cast<std::size_t>(n)), what); !st) return st;
    }
}

}  // namespace

Status BufferedFile::flush() {
    if (!error_ || buffer_.empty()) return error_;
    error_ = write_all(fd_, buffer_, name_);
    buffer_.clear();
    return error_;
}

Status BufferedFile::write(std::string_view bytes) {
    if (!error_) return error_;
    buffer_.append(bytes);
    return buffer_.size() >= kFlushAt ? flush() : error_;
}

PrivateFileWriter::~PrivateFileWriter() { discard(); }

Status PrivateFileWriter::open(const fs::path& path) {
    discard();
    path_ = path;
    name_ = path.string();
    error_ = Status::ok();
    return create_temp_beside(path, tmp_, fd_);
}

Status PrivateFileWriter::append_from(int in) {
    if (auto st = flush(); !st) return st;
    error_ = copy_all(in, fd_, name_);
    return error_;
}

Status PrivateFileWriter::commit() {
    if (fd_ < 0) return Status::error("cannot write " + path_.string() + ": it was not opened");
    Status st = flush();
    if (st && (::fsync(fd_) != 0 || ::close(fd_) != 0)) st = Status::error("cannot write " + path_.string() + ": " + os_error());
    else if (!st) ::close(fd_);
    fd_ = -1;
    if (st && ::rename(tmp_.c_str(), path_.c_str()) != 0)
        st = Status::error("cannot move report into place at " + path_.string() + ": " + os_error());
    if (!st) ::unlink(tmp_.c_str());
    tmp_.clear();
    return st;
}

void PrivateFileWriter::discard() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(tmp_.c_str());
    }
    fd_ = -1;
    buffer_.clear();
}

ScratchFile::~ScratchFile() { close(); }

Status ScratchFile::open(const fs::path& dir) {
    close();
    name_ = "a scratch file";
    error_ = Status::ok();
    fs::path where = dir.empty() ? fs::path(".") : dir;
    fd_ = ::open(where.c_str(), O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
    if (fd_ >= 0) return Status::ok();
    // No O_TMPFILE on this file system: a named file, owner-only, removed at once.
    fs::path tmp;
    if (auto st = create_temp_beside(where / "scratch", tmp, fd_); !st) return st;
    ::close(fd_);
    fd_ = ::open(tmp.c_str(), O_RDWR | O_CLOEXEC);
    ::unlink(tmp.c_str());
    if (fd_ < 0) return Status::error("cannot create a scratch file in " + where.string() + ": " + os_error());
    return Status::ok();
}

void ScratchFile::close() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

}  // namespace sgaudit::util
