// Benchmark (figures, not a test): builds the demo council at each scale on SQLite (and on
// PostgreSQL when SGAUDIT_TEST_PG_URL names a server), runs every plugin on each, and prints one
// table: rows read, wall time, rows/s, peak RSS, history write time and size, and the floor —
// the plugin's declared required_columns read by the sqlite3 shell / psql — with the ratio.
//   sgaudit_bench WORKDIR SCALE...
// Run through scripts/bench.sh, which builds, installs the shells and starts PostgreSQL.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/plugin/loader.hpp"

extern char** environ;

using namespace sgaudit;
namespace fs = std::filesystem;

namespace {

struct Measured {
    int code = -1;
    double seconds = 0;
    double peak_mb = 0;
};

// Runs a program to completion, its output discarded, and measures it.
Measured measure(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = 0;
    Measured m;
    if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) return m;
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    m.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    return m;
}

struct Database {
    std::string name, source;     // "sqlite" / "postgresql", the --source
    std::string shell_target;     // the sqlite3 file, or the psql connection URI
    std::string schema;           // PostgreSQL schema
};

// The columns each table gives a plugin, from its required_columns.
std::map<std::string, std::vector<std::string>> columns_by_table(const plugin::Manifest& m) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& tc : m.required_columns) out[tc.substr(0, tc.find('.'))].push_back(tc.substr(tc.find('.') + 1));
    return out;
}

std::uint64_t rows_in(const Database& db, const std::map<std::string, std::vector<std::string>>& tables) {
    std::string err;
    auto spec = std::get<data::SourceSpec>(data::parse_source(db.source));
    auto conn = data::Database::open(spec, data::Access::read_only, err);
    std::uint64_t n = 0;
    for (const auto& [table, cols] : tables)
        if (conn)
            conn->query("SELECT count(*) FROM " + table, {}, [&](const Row& r) {
                n += std::stoull(r[0].to_string());
                return Status::ok();
            });
    return n;
}

// The floor: the same columns read, table by table, by the database's own shell.
double floor_seconds(const Database& db, const std::map<std::string, std::vector<std::string>>& tables) {
    double total = 0;
    for (const auto& [table, cols] : tables) {
        std::string list;
        for (const auto& c : cols) list += (list.empty() ? "" : ", ") + c;
        std::string select = "SELECT " + list + " FROM " + table;
        Measured m = db.name == "sqlite"
                         ? measure({"sqlite3", db.shell_target, select + ";"})
                         : measure({"psql", "-q", "-X", db.shell_target, "-c", "SET search_path TO " + db.schema, "-c",
                                    "COPY (" + select + ") TO STDOUT"});
        total += m.seconds;
    }
    return total;
}

std::string bin() {
    const char* b = std::getenv("SGAUDIT_BIN");
    return b ? b : SGAUDIT_BIN;
}

Measured audit(const std::string& plugin, const Database& db, const fs::path& out, const std::string& history,
               const std::string& results = "failures") {
    std::vector<std::string> args{bin(), "--quiet", "run", plugin, "--source", db.source, "--as-of", "2009-03-31", "--results",
                                  results, "--format", "json", "--out", out.string()};
    if (history.empty()) args.push_back("--no-history");
    else args.insert(args.end(), {"--history", history});
    return measure(args);
}

struct Row_ {
    std::size_t scale;
    std::string plugin, db;
    std::uint64_t rows;
    Measured run, stored;
    double floor;
    double history_mb;
};

void print_row(const Row_& r) {
    std::printf("%6zu  %-13s %-10s %11llu %8.2f %11.0f %8.0f %8.2f %6.1fx %9.2f %9.1f\n", r.scale, r.plugin.c_str(), r.db.c_str(),
                static_cast<unsigned long long>(r.rows), r.run.seconds, r.rows / (r.run.seconds > 0 ? r.run.seconds : 1),
                r.run.peak_mb, r.floor, r.floor > 0 ? r.run.seconds / r.floor : 0.0, r.stored.seconds - r.run.seconds,
                r.history_mb);
    std::fflush(stdout);
}

std::vector<Database> build_councils(std::size_t scale, const fs::path& work) {
    std::vector<Database> dbs;
    fs::path dir = work / ("scale-" + std::to_string(scale));
    fs::remove_all(dir);
    Measured gen = measure({bin(), "--quiet", "demo", "--scale", std::to_string(scale), "--out", dir.string(), "--no-run"});
    std::printf("# scale %zu: SQLite council built in %.1f s (exit %d)\n", scale, gen.seconds, gen.code);
    dbs.push_back({"sqlite", "sqlite:" + (dir / "council.db").string(), (dir / "council.db").string(), ""});
    if (const char* url = std::getenv("SGAUDIT_TEST_PG_URL"); url && *url) {
        std::string schema = "bench_" + std::to_string(scale), source = std::string(url) + "&schema=" + schema;
        Measured pg = measure({bin(), "--quiet", "demo", "--scale", std::to_string(scale), "--source", source, "--replace", "--no-run"});
        std::printf("# scale %zu: PostgreSQL council built in %.1f s (exit %d)\n", scale, pg.seconds, pg.code);
        if (pg.code == 0) dbs.push_back({"postgresql", source, url, schema});
    }
    return dbs;
}

// The other targets at the largest scale: every result as JSON, re-rendering, comparing.
void whole_run_figures(const Database& db, const fs::path& work, std::size_t scale) {
    fs::path dir = work / ("whole-" + std::to_string(scale));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string history = (dir / "history.db").string();
    Measured all = audit("data-quality", db, dir / "all", "", "all");
    std::printf("# scale %zu: run data-quality --results all --format json: %.2f s, %.0f MB peak\n", scale, all.seconds, all.peak_mb);
    Measured a = measure({bin(), "--quiet", "run", "--source", db.source, "--as-of", "2009-03-31", "--out", (dir / "a").string(),
                          "--format", "json", "--history", history});
    Measured b = measure({bin(), "--quiet", "run", "--source", db.source, "--as-of", "2009-06-30", "--out", (dir / "b").string(),
                          "--format", "json", "--history", history});
    Measured rep = measure({bin(), "--quiet", "report", "latest", "--format", "json", "--history", history, "--out", (dir / "r").string()});
    Measured diff = measure({bin(), "--quiet", "history", "diff", "--history", history});
    std::printf("# scale %zu: every plugin, stored: %.2f s / %.0f MB and %.2f s / %.0f MB; report latest --format json: %.2f s, %.0f MB; "
                "history diff: %.2f s, %.0f MB (exits %d %d %d %d)\n",
                scale, a.seconds, a.peak_mb, b.seconds, b.peak_mb, rep.seconds, rep.peak_mb, diff.seconds, diff.peak_mb, a.code, b.code,
                rep.code, diff.code);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: sgaudit_bench WORKDIR SCALE...\n";
        return 2;
    }
    const fs::path work = argv[1];
    fs::create_directories(work);
    auto found = plugin::discover_plugins({{fs::path(bin()).parent_path() / "plugins", "beside the executable"}});
    std::vector<Row_> rows;
    std::printf("%6s  %-13s %-10s %11s %8s %11s %8s %8s %7s %9s %9s\n", "scale", "plugin", "database", "rows read", "wall s",
                "rows/s", "peak MB", "floor s", "ratio", "history+s", "history MB");
    for (int i = 2; i < argc; ++i) {
        std::size_t scale = std::stoul(argv[i]);
        auto dbs = build_councils(scale, work);
        for (const auto& db : dbs)
            for (const auto& p : found.plugins) {
                auto tables = columns_by_table(p.manifest());
                fs::path out = work / "out";
                std::string history = (work / ("history-" + std::to_string(scale) + "-" + p.manifest().name + "-" + db.name + ".db")).string();
                fs::remove(history);
                Row_ r{scale, p.manifest().name, db.name, rows_in(db, tables), audit(p.manifest().name, db, out, ""),
                       audit(p.manifest().name, db, out, history), floor_seconds(db, tables), 0};
                r.history_mb = fs::exists(history) ? static_cast<double>(fs::file_size(history)) / 1e6 : 0;
                if (r.run.code != 0 || r.stored.code != 0) std::printf("# %s on %s exited %d / %d\n", r.plugin.c_str(), r.db.c_str(), r.run.code, r.stored.code);
                print_row(r);
                rows.push_back(r);
            }
        if (i + 1 == argc) whole_run_figures(dbs.front(), work, scale);
    }
    // Growth between the two largest scales: time and memory per plugin and database.
    if (argc > 3) {
        std::size_t a = std::stoul(argv[argc - 2]), b = std::stoul(argv[argc - 1]);
        for (const auto& x : rows)
            for (const auto& y : rows)
                if (x.scale == a && y.scale == b && x.plugin == y.plugin && x.db == y.db)
                    std::printf("# growth %zu -> %zu, %s on %s: rows x%.1f, wall x%.1f, peak RSS x%.2f\n", a, b, x.plugin.c_str(),
                                x.db.c_str(), static_cast<double>(y.rows) / static_cast<double>(x.rows ? x.rows : 1),
                                y.run.seconds / x.run.seconds, y.run.peak_mb / x.run.peak_mb);
    }
    return 0;
}
