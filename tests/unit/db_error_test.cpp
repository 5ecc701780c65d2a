// Database errors say what failed and the database's reason, never a bound value: SOCI's
// what() appends the statement with every value bound to it (dates of birth included).
#include <unistd.h>

#include <filesystem>

#include <doctest/doctest.h>

#include "sgaudit/data/database.hpp"

using namespace sgaudit;
namespace fs = std::filesystem;

namespace {

struct TempDb {
    fs::path dir = fs::temp_directory_path() / ("sgaudit_db_error_" + std::to_string(::getpid()));
    std::unique_ptr<data::Database> db;
    std::string display;
    TempDb() {
        fs::remove_all(dir);
        fs::create_directories(dir);
        auto spec = std::get<data::SourceSpec>(data::parse_source("sqlite:" + (dir / "t.db").string()));
        display = spec.display;
        std::string err;
        db = data::Database::open(spec, data::Access::read_write, err);
        REQUIRE_MESSAGE(db, err);
        REQUIRE(db->execute("CREATE TABLE t (a TEXT, b TEXT)"));
        REQUIRE(db->execute("CREATE UNIQUE INDEX t_a ON t (a)"));
        REQUIRE(db->execute("INSERT INTO t (a, b) VALUES (:a, :b)", {Value("K9"), Value("2004-02-29")}));
    }
    ~TempDb() {
        db.reset();
        fs::remove_all(dir);
    }
};

}  // namespace

TEST_CASE("database errors: a refused statement gives the reason without the values bound to it") {
    TempDb t;
    auto st = t.db->execute("INSERT INTO t (a, b) VALUES (:a, :b)", {Value("K9"), Value("2004-02-29")});
    REQUIRE(!st);
    CHECK(st.message() == "statement failed on " + t.display + ": UNIQUE constraint failed: t.a");

    auto q = t.db->query("SELECT a FROM missing WHERE b = :b", {Value("2004-02-29")}, [](const Row&) { return Status::ok(); });
    REQUIRE(!q);
    CHECK(q.message() == "query failed on " + t.display + ": no such table: missing");
}

TEST_CASE("database errors: a refused batch of rows is named by the caller, never by its values") {
    TempDb t;
    // Two columns: a statement holds 250 / 2 = 125 rows, so these three are one batch, rows 0-2.
    std::vector<std::vector<std::optional<std::string>>> rows{
        {"K1", "2001-01-01"}, {"K2", std::nullopt}, {"K9", "2004-02-29"}};
    auto st = t.db->insert_rows("t", {"a", "b"}, rows, [](std::size_t first, std::size_t last) {
        return "rows " + std::to_string(first) + "-" + std::to_string(last) + " of the test";
    });
    REQUIRE(!st);
    CHECK(st.message() == "cannot insert into t (rows 0-2 of the test): UNIQUE constraint failed: t.a");
    // Without a describer, just the table.
    auto plain = t.db->insert_rows("t", {"a", "b"}, rows);
    CHECK(plain.message() == "cannot insert into t: UNIQUE constraint failed: t.a");
}
