#pragma once
// Every file sgaudit writes holds data about children at risk, so it is created readable by
// its owner only from the moment it exists (never chmod-ed afterwards), and written through a
// temporary file renamed into place, so a reader never sees half a report.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/sdk/status.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::util {

// Creates `dir` and any missing parents with mode 0700.
Status make_private_directories(const std::filesystem::path& dir);

// A folder reports about children may be written in: owned by this user (or by root), and not
// writable by its group or others, so nobody else can read, replace or pre-plant files there
// (as ssh refuses a loose ~/.ssh). `what` names it in the error ("--out /srv/reports").
Status check_private_folder(const std::filesystem::path& dir, const std::string& what);

// Every folder above `dir` (its real path) must be owned by this user or root and not writable by
// others, unless only owners may rename in it (the sticky bit, as on /tmp): else someone could
// move the report folder away and put theirs in its place between the check and the writing.
Status check_private_ancestors(const std::filesystem::path& dir, const std::string& what);

// Removes what a run that was stopped (killed, the machine off) left in `dir`: its temporary
// report files and private folders, whose process no longer exists. Returns what it removed.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir);

// make_private_directories, then check_private_folder: for the folder reports are written in.
Status make_report_folder(const std::filesystem::path& dir);

// A new folder, mode 0700, with an unguessable name, inside `parent` (mkdtemp): for a library
// that creates files by name (libxlsxwriter), so no one can plant a file or link under that
// name first. Removed with what it holds when destroyed.
class PrivateTempDir {
public:
    PrivateTempDir() = default;
    ~PrivateTempDir();
    PrivateTempDir(const PrivateTempDir&) = delete;
    PrivateTempDir& operator=(const PrivateTempDir&) = delete;
    Status create(const std::filesystem::path& parent);
    void remove() noexcept;  // now, rather than when destroyed
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Creates an empty file with mode 0600 unless one is already there. Safe when several
// processes race to create the same file: none replaces another's.
Status create_private_file_if_missing(const std::filesystem::path& path);

// Writes `content` to `path` atomically with mode 0600.
Status write_private_file(const std::filesystem::path& path, std::string_view content);

// The same, streaming: `write` fills the file (large reports never sit whole in memory).
Status write_private_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

// An open file written through a buffer; the first error is kept and returned from then on.
class BufferedFile {
public:
    Status write(std::string_view bytes);
    Status flush();

protected:
    BufferedFile() = default;
    ~BufferedFile() = default;
    int fd_ = -1;
    std::string name_;  // for error messages
    std::string buffer_;
    Status error_ = Status::ok();
};

// A report written piece by piece as a run goes on: owner-only from the start, written to a
// temporary file beside `path` and moved into place by commit() alone, so nobody sees half a
// report and a run that fails or is stopped leaves none behind (the destructor discards it).
class PrivateFileWriter final : public BufferedFile {
public:
    PrivateFileWriter() = default;
    ~PrivateFileWriter();
    PrivateFileWriter(const PrivateFileWriter&) = delete;
    PrivateFileWriter& operator=(const PrivateFileWriter&) = delete;

    Status open(const std::filesystem::path& path);
    // Appends the whole of another file (a scratch file), read from its start.
    Status append_from(int fd);
    // Flushes, syncs and renames onto the path; the file is then in place.
    Status commit();
    void discard() noexcept;
    bool is_open() const { return fd_ >= 0; }

private:
    std::filesystem::path path_, tmp_;
};

// A private scratch file with no name (O_TMPFILE, or created owner-only and unlinked at once) in
// `dir`: the results of a report kept on disk until the report is put together, gone when closed.
class ScratchFile final : public BufferedFile {
public:
    ScratchFile() = default;
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    Status open(const std::filesystem::path& dir);
    int fd() const { return fd_; }
    void close() noexcept;
};

}  // namespace sgaudit::util
