#pragma once
// Runs the real `sgaudit` executable as a user would and captures what it printed.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sgaudit/data/database.hpp"

namespace e2e {
namespace fs = std::filesystem;

struct CliResult {
    int code = -1;
    std::string out, err;
    std::string all() const { return out + err; }
};

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A prefix for run_cli that makes sgaudit subject to file permissions: for root, root without
// capabilities (its own folders stay reachable wherever the tree is, e.g. under /root, which the
// user nobody could not reach); for anyone else, nothing.
inline std::string without_root_powers() { return ::geteuid() == 0 ? "setpriv --inh-caps=-all --bounding-set=-all" : ""; }

// A fresh private folder per test, under the build tree.
inline fs::path temp_dir(const std::string& name) {
    fs::path base = fs::path(SGAUDIT_TEST_TMP) / name;
    fs::remove_all(base);
    fs::create_directories(base);
    return base;
}

inline CliResult run_cli(const std::vector<std::string>& args, const std::string& env = "") {
    static int counter = 0;
    fs::path err_file = fs::path(SGAUDIT_TEST_TMP) / ("stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    // Runs go to one shared history under the test folder unless a test names its own.
    std::string history = env.find("SGAUDIT_HISTORY=") == std::string::npos
                              ? "SGAUDIT_HISTORY=" + quote(std::string(SGAUDIT_TEST_TMP) + "/shared-history.db") + " "
                              : "";
    std::string cmd = history + env + (env.empty() ? "" : " ") + quote(SGAUDIT_BIN);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " 2>" + quote(err_file.string());
    CliResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(err_file);
    fs::remove(err_file);
    return r;
}

// Starts sgaudit in the background, its output discarded, with `env` added to its environment;
// for tests that signal it. Reap it with waitpid().
inline pid_t spawn_cli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env = {}) {
    pid_t pid = ::fork();
    if (pid == 0) {
        for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::vector<char*> argv{const_cast<char*>(SGAUDIT_BIN)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(SGAUDIT_BIN, argv.data());
        ::_exit(127);
    }
    return pid;
}

// As run_cli, but sgaudit is killed after `seconds` (exit code 124): for inputs that once made
// it wait or loop for ever, so that a regression fails the test instead of hanging it.
inline CliResult run_cli_within(int seconds, const std::vector<std::string>& args, const std::string& env = "") {
    return run_cli(args, env + (env.empty() ? "" : " ") + "timeout -k 5 " + std::to_string(seconds));
}

// Writes a test input file (creating its folder).
inline void write_text(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

inline nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

// One part of a zip file (an XLSX sheet, say), read with Debian's unzip.
inline std::string zip_part(const fs::path& zip, const std::string& name) {
    auto u = ::popen(("unzip -p " + quote(zip.string()) + " " + quote(name)).c_str(), "r");
    std::string s;
    char buf[4096];
    std::size_t n;
    while (u && (n = std::fread(buf, 1, sizeof buf, u)) > 0) s.append(buf, n);
    if (u) ::pclose(u);
    return s;
}

// rule id -> {pass, fail, not_applicable, waived, error}
struct Counts {
    int pass = 0, fail = 0, not_applicable = 0, waived = 0, error = 0;
    bool operator==(const Counts&) const = default;
};

inline std::map<std::string, Counts> summary_of(const nlohmann::json& report) {
    std::map<std::string, Counts> out;
    for (const auto& s : report["rule_summary"])
        out[s["rule"].get<std::string>()] = {s["pass"].get<int>(), s["fail"].get<int>(), s["not_applicable"].get<int>(),
                                             s["waived"].get<int>(), s["error"].get<int>()};
    return out;
}

inline const nlohmann::json* find_result(const nlohmann::json& report, const std::string& rule, const std::string& subject) {
    for (const auto& r : report["results"])
        if (r["rule"] == rule && r["subject"]["id"] == subject) return &r;
    return nullptr;
}

// The result, which the test requires to be there.
inline const nlohmann::json& result(const nlohmann::json& report, const std::string& rule, const std::string& subject) {
    const nlohmann::json* r = find_result(report, rule, subject);
    INFO(rule << " " << subject);
    REQUIRE(r);
    return *r;
}

// The section `id` of the plugin run `plugin` (stocktake/laming-2009), which the test requires.
inline const nlohmann::json& plugin_section(const nlohmann::json& report, const std::string& plugin, const std::string& id) {
    const nlohmann::json* found = nullptr;
    for (const auto& s : report["sections"])
        if (!found && s["plugin"] == plugin && s["id"] == id) found = &s;
    INFO(plugin << " " << id);
    REQUIRE(found);
    return *found;
}

inline unsigned mode_of(const fs::path& p) {
    struct stat st{};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

inline std::string sample_dir() { return std::string(SGAUDIT_SOURCE_DIR) + "/scripts/sample-data"; }
inline std::string fixtures() { return std::string(SGAUDIT_SOURCE_DIR) + "/tests/fixtures"; }

// `args` with the test plugins (tests/plugins) and their rule sets (tests/fixtures/rules) found first.
inline std::vector<std::string> with_test_plugins(std::vector<std::string> args) {
    args.insert(args.begin(), {"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules"});
    return args;
}

// Loads the sample council into a new SQLite file and returns its --source.
inline std::string sample_sqlite(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "council.db").string();
    auto a = run_cli({"db", "init", "--source", src});
    auto b = run_cli({"db", "import", sample_dir(), "--source", src});
    if (a.code != 0 || b.code != 0) throw std::runtime_error("loading the sample failed: " + a.all() + b.all());
    return src;
}

// Loads the two-plan fixture (tests/fixtures/tiny) into dir/t.db and returns its --source.
inline std::string tiny_source(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "t.db").string();
    if (run_cli({"db", "init", "--source", src}).code != 0 || run_cli({"db", "import", fixtures() + "/tiny", "--source", src}).code != 0)
        throw std::runtime_error("loading the tiny fixture failed");
    return src;
}

// Writes `sql` into a test's SQLite file, as a council's own data could hold it.
inline void execute_sqlite(const fs::path& db, const std::string& sql) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source("sqlite:" + db.string()));
    auto conn = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    REQUIRE_MESSAGE(conn, err);
    REQUIRE(conn->execute(sql));
}

// One query's rows as text ("|" between columns), in order.
inline std::vector<std::string> query_rows(const std::string& src, const std::string& sql) {
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(src));
    auto db = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_only, err);
    REQUIRE_MESSAGE(db, err);
    std::vector<std::string> out;
    auto st = db->query(sql, {}, [&](const sgaudit::Row& row) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + sgaudit::to_text(row[i]);
        out.push_back(line);
        return sgaudit::Status::ok();
    });
    REQUIRE_MESSAGE(st, st.message());
    return out;
}

// The throwaway server started by scripts/test.sh; each test gets its own, empty schema.
inline std::string pg_source(const std::string& schema) {
    const char* url = std::getenv("SGAUDIT_TEST_PG_URL");
    if (!url || !*url) return {};
    std::string err;
    auto spec = std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url));
    auto db = sgaudit::data::Database::open(spec, sgaudit::data::Access::read_write, err);
    if (!db || !db->execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE")) return {};
    return std::string(url) + "&schema=" + schema;
}

}  // namespace e2e
