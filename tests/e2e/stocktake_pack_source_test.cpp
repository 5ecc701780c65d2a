// Two stocktake packs with one source would audit the same register under the same labels (the
// cabinet summary's "(laming-2009)", the workbook stocktake-laming-2009.xlsx): refused before
// anything runs, naming both pack files. An overlay of a pack is the same pack, and still runs.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

std::string pack(const std::string& name) { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/" + name + ".toml"; }

// A pack of the council's own: the Laming pack copied under another id, its source unchanged
// (or written `source` instead), so no overlay.
fs::path own_copy(const fs::path& dir, const std::string& id, const std::string& source) {
    std::string text = slurp(pack("laming-2009"));
    const std::string id_line = "id = \"laming-2009\"", source_value = "value = \"laming-2009\", type = \"text\", description = \"sga_";
    REQUIRE(text.find(id_line) != std::string::npos);
    REQUIRE(text.find(source_value) != std::string::npos);
    text.replace(text.find(id_line), id_line.size(), "id = \"" + id + "\"");
    text.replace(text.find(source_value), source_value.size(),
                 "value = \"" + source + "\", type = \"text\", description = \"sga_");
    fs::path file = dir / (id + ".toml");
    write_text(file, text);
    return file;
}

std::string source_of(const fs::path& dir) {
    const std::string src = "sqlite:" + (dir / "s.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/stocktake/data", "--source", src}).code == 0);
    return src;
}

}  // namespace

TEST_CASE("stocktake pack source: a pack of one's own with a published pack's source is refused, naming both files") {
    auto dir = temp_dir("stocktake-pack-source");
    const std::string src = source_of(dir);
    const fs::path mine = own_copy(dir, "my-laming", "laming-2009");

    // Named alone: the published pack in the rule folders has the same source.
    auto r = run_cli({"run", "stocktake", "--rules", mine.string(), "--source", src, "--as-of", "2009-10-31", "--no-history",
                      "--format", "json", "--out", (dir / "out").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("packs laming-2009 (" + pack("laming-2009") + ") and my-laming (" + mine.string() +
                     ") of plugin 'stocktake' have the same source (laming-2009): both would audit the same rows") != std::string::npos);
    CHECK(r.err.find("write an overlay of it (extends = \"laming-2009\")") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out" / "report.json"));

    // Its register workbook would bear the published one's name: refused too, nothing written.
    auto w = run_cli({"workbook", "stocktake", "--rules", mine.string(), "--source", src, "--out", (dir / "register").string()});
    CHECK(w.code == 2);
    CHECK(w.err.find("have the same source (laming-2009)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "register" / "stocktake-laming-2009.xlsx"));
}

TEST_CASE("stocktake pack source: two packs named together whose sources differ only in case and spaces are refused") {
    auto dir = temp_dir("stocktake-pack-source-two");
    const std::string src = source_of(dir);
    const fs::path other = own_copy(dir, "other-pack", " LAMING-2009 ");
    auto r = run_cli({"run", "stocktake", "--rules", pack("laming-2009"), "--rules", other.string(), "--source", src, "--as-of",
                      "2009-10-31", "--no-history", "--format", "json", "--out", (dir / "out").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("packs laming-2009 (" + pack("laming-2009") + ") and other-pack (" + other.string() +
                     ") of plugin 'stocktake' have the same source (LAMING-2009)") != std::string::npos);
}

TEST_CASE("stocktake pack source: an overlay of a pack is that pack, and a pack of one's own with a source of its own runs") {
    auto dir = temp_dir("stocktake-pack-source-fine");
    const std::string src = source_of(dir);
    auto overlay = run_cli({"run", "stocktake", "--rules", fixtures() + "/stocktake/local-overlay.toml", "--source", src, "--as-of",
                            "2009-10-31", "--no-history", "--format", "json", "--out", (dir / "overlay").string()});
    CHECK_MESSAGE(overlay.code == 0, overlay.all());
    const fs::path own = own_copy(dir, "my-review", "my-review");
    auto r = run_cli({"run", "stocktake", "--rules", own.string(), "--source", src, "--as-of", "2009-10-31", "--no-history",
                      "--format", "json", "--out", (dir / "own").string()});
    CHECK_MESSAGE(r.code == 0, r.all());
}
