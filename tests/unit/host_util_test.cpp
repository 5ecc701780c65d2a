// Sources, private files and the settings file.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include <sstream>

#include "sgaudit/cli/cli_output.hpp"
#include "sgaudit/config/config.hpp"
#include "sgaudit/data/source.hpp"
#include "sgaudit/util/private_file.hpp"

using namespace sgaudit;
namespace fs = std::filesystem;

TEST_CASE("source: sqlite and postgresql URLs, passwords refused") {
    auto s = std::get<data::SourceSpec>(data::parse_source("sqlite:council.db"));
    CHECK(s.backend == data::Backend::sqlite);
    CHECK(s.path == "council.db");
    auto pg = std::get<data::SourceSpec>(data::parse_source("postgresql://auditor@db.example:5433/ssd?sslmode=require&schema=cambs"));
    CHECK(pg.backend == data::Backend::postgresql);
    CHECK(pg.connect == "dbname=ssd user=auditor host=db.example port=5433 sslmode=require");
    CHECK(pg.schema == "cambs");
    auto sock = std::get<data::SourceSpec>(data::parse_source("postgresql://postgres@/t?host=/tmp/x&port=5"));
    CHECK(sock.connect == "dbname=t user=postgres host=/tmp/x port=5");
    for (const char* bad : {"postgresql://a:pw@h/d", "postgresql://h/d?password=pw", "host=h password=pw"}) {
        auto r = data::parse_source(bad);
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK(std::get<std::string>(r).find("contains a password") != std::string::npos);
        CHECK(std::get<std::string>(r).find("pw") == std::string::npos);
    }
    CHECK(std::holds_alternative<std::string>(data::parse_source("mysql://h/d")));
    CHECK(std::holds_alternative<std::string>(data::parse_source("postgresql://h")));
}

TEST_CASE("private files are owner-only from the moment they exist, whatever the umask") {
    fs::path dir = fs::temp_directory_path() / ("sgaudit-private-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    mode_t old = ::umask(0);  // the most permissive umask a user could have
    auto st = util::write_private_file(dir / "a" / "report.json", "{}");
    ::umask(old);
    REQUIRE(st);
    struct stat s{};
    ::stat((dir / "a" / "report.json").c_str(), &s);
    CHECK((s.st_mode & 0777) == 0600);
    ::stat((dir / "a").c_str(), &s);
    CHECK((s.st_mode & 0777) == 0700);
    // No temporary file is left beside it.
    CHECK(std::distance(fs::directory_iterator(dir / "a"), fs::directory_iterator{}) == 1);
    fs::remove_all(dir);
}

TEST_CASE("sha256 of known text") {
    // The standard test vector for "abc".
    CHECK(util::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("config: settings are read, and a typo is an error with its position") {
    fs::path dir = fs::temp_directory_path() / ("sgaudit-config-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "good.toml") << "source = \"sqlite:council.db\"\nformats = [\"json\"]\nplugin_dirs = [\"plugins\"]\n";
        std::ofstream(dir / "bad.toml") << "source = \"sqlite:x.db\"\nplugin_dir = [\"p\"]\n";
    }
    rules::Diagnostics diags;
    auto c = config::load(dir / "good.toml", diags);
    REQUIRE(c);
    CHECK(c->source == "sqlite:council.db");
    CHECK(c->formats == std::vector<std::string>{"json"});
    // Folders are relative to the settings file.
    CHECK(c->plugin_dirs == std::vector<std::string>{(dir / "plugins").string()});
    auto bad = config::load(dir / "bad.toml", diags);
    CHECK(!bad);
    CHECK(diags.to_string().find((dir / "bad.toml").string() + ":2:14: error: unknown setting 'plugin_dir' (did you mean 'plugin_dirs'?)") !=
          std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("terminal tables: columns as wide as their widest cell in characters, control characters replaced") {
    std::ostringstream out;
    // "Ünïcode" is 7 characters (10 bytes): column A is 7 wide, then two spaces. A line feed
    // and an escape would break the table or be obeyed: each becomes U+FFFD, one column wide.
    cli::print_columns(out, {"A", "B", "C"}, {{"\xC3\x9Cn\xC3\xAF" "code", "x", "1"}, {"ab", "line\nbreak", "2"}, {"e\x1b[31m", "", "3"}});
    CHECK(out.str() ==
          "A        B           C\n"
          "\xC3\x9Cn\xC3\xAF" "code  x           1\n"
          "ab       line\xEF\xBF\xBD" "break  2\n"
          "e\xEF\xBF\xBD[31m" "               3\n");
}
