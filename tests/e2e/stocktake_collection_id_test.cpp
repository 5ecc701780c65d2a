// sga_collections.collection_id stays unique when the very same register workbook is collected
// twice within one second: the id carries a random part beside the second, the file's place and
// its SHA-256 prefix (host/src/workbook/collection_id.cpp, docs/workbooks.md).
#include <regex>
#include <set>

#include <doctest/doctest.h>

#include "cli_harness.hpp"
#include "sgaudit/workbook/collection_id.hpp"

using namespace e2e;

namespace {

std::string laming() { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/laming-2009.toml"; }

}  // namespace

TEST_CASE("stocktake collection id: the same file collected twice in the same second gets two ids") {
    const std::string sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const std::string a = sgaudit::workbook::new_collection_id("2009-11-15T10:00:00Z", 0, sha);
    const std::string b = sgaudit::workbook::new_collection_id("2009-11-15T10:00:00Z", 0, sha);
    CHECK(a != b);
    CHECK(std::regex_match(a, std::regex("C2009-11-15T10:00:00Z-1-0123456789ab-[0-9a-f]{16}")));
}

// The register workbook of tests/fixtures/stocktake/register collected unchanged, five times in a
// row: every collection is recorded, each under an id of its own, however many fall in one second.
TEST_CASE("stocktake collection id: collecting one register workbook again at once records each collection") {
    auto dir = temp_dir("stocktake-collection-id");
    const std::string src = "sqlite:" + (dir / "s.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/stocktake/register", "--source", src}).code == 0);
    REQUIRE(run_cli({"workbook", "stocktake", "--rules", laming(), "--source", src, "--out", (dir / "out").string()}).code == 0);
    const fs::path file = dir / "out" / "stocktake-laming-2009.xlsx";
    for (int i = 0; i < 5; ++i) {
        auto c = run_cli({"collect", file.string(), "--rules", laming(), "--source", src, "--as-of", "2009-11-15"});
        INFO(c.all());
        REQUIRE(c.code == 0);
    }
    const auto ids = query_rows(src, "SELECT collection_id FROM sga_collections");
    CHECK(ids.size() == 5);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 5);
    const auto seconds = query_rows(src, "SELECT COUNT(DISTINCT collected_at) FROM sga_collections");
    MESSAGE("5 collections fell in " << seconds.front() << " distinct second(s)");
}
