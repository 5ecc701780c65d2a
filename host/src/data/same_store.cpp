#include "sgaudit/data/same_store.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <optional>

#include "sgaudit/data/database.hpp"

namespace sgaudit::data {
namespace fs = std::filesystem;

namespace {

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa{}, sb{};
    if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    // Not both there yet: the same path once links, "." and ".." are resolved.
    std::error_code ea, eb;
    fs::path ca = fs::weakly_canonical(fs::absolute(a, ea), ea), cb = fs::weakly_canonical(fs::absolute(b, eb), eb);
    return !ea && !eb && ca == cb;
}

// Server (its start time and port), database and the schema unqualified tables go to: the
// schema named in the URL, or the first schema of the server's search_path that exists.
std::optional<std::string> postgresql_identity(const SourceSpec& spec, std::string& error) {
    auto db = Database::open(spec, Access::read_only, error);
    if (!db) return std::nullopt;
    std::string identity;
    Status st = db->query("SELECT pg_postmaster_start_time()::text, current_setting('port'), current_database(), current_schema()",
                          {}, [&](const Row& r) {
                              for (const auto& v : r) identity += v.to_string() + "|";
                              // A schema that does not exist yet is nobody's current schema: it is
                              // told apart by its name.
                              if (r[3].is_null()) identity += "not yet created: " + spec.schema;
                              return Status::ok();
                          });
    if (!st) {
        error = st.message();
        return std::nullopt;
    }
    return identity;
}

}  // namespace

std::variant<bool, std::string> same_store(const SourceSpec& a, const SourceSpec& b) {
    if (a.backend != b.backend) return false;
    if (a.backend == Backend::sqlite) return same_file(a.path, b.path);
    std::string error;
    auto ia = postgresql_identity(a, error);
    auto ib = ia ? postgresql_identity(b, error) : std::nullopt;
    if (!ia || !ib) return error;
    return *ia == *ib;
}

}  // namespace sgaudit::data
