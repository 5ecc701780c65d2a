#include "sgaudit/cli/plugin_check.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/data/importer.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/run/region_runs.hpp"
#include "sgaudit/run/run_plan.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// One plugin's checks, said as they are made.
class Checks {
public:
    void ok(const std::string& what) { std::cout << "  ok    " << what << "\n"; }
    void fail(const std::string& what, const std::string& why) {
        std::cout << "  FAIL  " << what << ": " << why << "\n";
        ++failed_;
    }
    bool passed() const { return failed_ == 0; }

private:
    int failed_ = 0;
};

// Every column it says it needs is one of the data model's, and every fact has a kind and a type.
void check_declarations(const plugin::Manifest& m, Checks& c) {
    std::string bad;
    for (const auto& tc : m.required_columns) {
        auto dot = tc.find('.');
        const data::TableDef* t = dot == std::string::npos ? nullptr : data::find_table(tc.substr(0, dot));
        if (!t || !t->find(tc.substr(dot + 1))) bad += (bad.empty() ? "" : ", ") + tc;
    }
    static const std::set<std::string> types{"date", "dates", "number", "text", "flag"};
    std::string bad_facts;
    for (const auto& f : m.facts)
        if (f.subject_kind.empty() || f.name.empty() || !types.count(f.type)) bad_facts += (bad_facts.empty() ? "" : ", ") + f.name;
    if (m.required_columns.empty()) c.fail("declares the columns it reads", "it declares none (PluginDescription::required_columns)");
    else if (!bad.empty()) c.fail("declares the columns it reads", "not in the data model (docs/data.md): " + bad);
    else if (m.facts.empty()) c.fail("declares its facts", "it declares none (PluginDescription::facts)");
    else if (!bad_facts.empty()) c.fail("declares its facts", "without a subject kind, a name or a type of date, dates, number, text, flag: " + bad_facts);
    else c.ok("declares " + std::to_string(m.required_columns.size()) + " columns of the data model and " + std::to_string(m.facts.size()) + " facts");
}

// An SQLite file with the data model's tables: all of them, or only those the plugin declares.
Status empty_database(const fs::path& file, const plugin::Manifest* only) {
    std::string err;
    auto db = data::create_sqlite_case_file(file, err);
    if (!db) return Status::error(err);
    if (!only) return Status::ok();
    std::set<std::string> declared;
    for (const auto& tc : only->required_columns) declared.insert(tc.substr(0, tc.find('.')));
    for (const auto& t : data::case_data_schema())
        if (!declared.count(t.name))
            if (auto st = db->execute("DROP TABLE " + t.name); !st) return st;
    return Status::ok();
}

struct Ran : run::ReportRun {
    std::string why;  // why it is not a pass
};

// `sgaudit run PLUGIN` on `source`, as a user would run it, into `out`.
Ran run_once(const PluginCheckCommand& cmd, const std::string& plugin, const std::string& source, const fs::path& out) {
    std::vector<std::string> args = cmd.global_args;
    for (const std::string& a : {std::string("run"), plugin, std::string("--source"), source, std::string("--as-of"), std::string("2009-03-31"),
                                 std::string("--plugin-timeout"), std::string("10m")})
        args.push_back(a);
    Ran r{run::run_for_report(args, out), {}};
    // The plugin's own status says most (failed, crashed, timed out, skipped, and why); the exit
    // code and the console output otherwise.
    if (!r.report.is_null())
        for (const auto& p : r.report["plugins"])
            if (p["status"] != "ok") r.why = p["status"].get<std::string>() + ": " + (p["error"].is_string() ? p["error"].get<std::string>() : "");
    if (r.why.empty() && r.code != 0 && r.code != 1) r.why = "exit " + std::to_string(r.code) + " (see " + out.string() + ".log)";
    else if (r.why.empty() && r.report.is_null()) r.why = "it wrote no report (see " + out.string() + ".log)";
    return r;
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
}

// The same input twice gives the same results, each of a subject kind the plugin declares and
// of a rule of its rule set.
void check_results(const Ran& a, const Ran& b, const plugin::Manifest& m, Checks& c) {
    if (a.report["results"] != b.report["results"]) c.fail("gives the same results twice on the demo council", "the two runs' results differ");
    else c.ok("gives the same results twice on the demo council (" + std::to_string(a.report["results"].size()) + " results, " +
              seconds(a.seconds) + " and " + seconds(b.seconds) + ")");
    const auto kinds = m.subject_kinds();
    std::set<std::string> rules;
    for (const auto& s : a.report["rule_summary"]) rules.insert(s["rule"].get<std::string>());
    std::string stray;
    for (const auto& r : a.report["results"]) {
        const std::string kind = r["subject"]["kind"].get<std::string>(), rule = r["rule"].get<std::string>();
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) stray = "subject kind '" + kind + "' has no declared facts";
        else if (!rules.count(rule)) stray = "rule '" + rule + "' is not in its rule set";
        if (!stray.empty()) break;
    }
    if (stray.empty()) c.ok("gives results only for its subject kinds and rules");
    else c.fail("gives results only for its subject kinds and rules", stray);
}

bool check_one(const PluginCheckCommand& cmd, const plugin::LoadedPlugin& p, const fs::path& work, const std::string& demo) {
    const auto& m = p.manifest();
    std::cout << "Checking " << m.name << " " << m.version << " (" << p.file().string() << ")\n";
    Checks c;
    c.ok("loads: ABI " + std::to_string(m.abi_version) + ", this host's SDK interface");
    check_declarations(m, c);
    const fs::path dir = work / m.name;
    fs::create_directories(dir);
    for (const auto& [what, only] : {std::pair<std::string, const plugin::Manifest*>{"runs on an empty database", nullptr},
                                     {"runs with only the tables it declares, all empty", &m}}) {
        const fs::path db = dir / (only ? "declared.db" : "empty.db");
        if (auto st = empty_database(db, only); !st) {
            c.fail(what, "the database could not be made: " + st.message());
            continue;
        }
        Ran r = run_once(cmd, m.name, "sqlite:" + db.string(), dir / (only ? "declared" : "empty"));
        if (r.why.empty()) c.ok(what + " (" + seconds(r.seconds) + ")");
        else c.fail(what, r.why);
    }
    Ran a = run_once(cmd, m.name, demo, dir / "demo-1"), b = run_once(cmd, m.name, demo, dir / "demo-2");
    if (!a.why.empty() || !b.why.empty()) c.fail("runs on the demo council", a.why.empty() ? b.why : a.why);
    else check_results(a, b, m, c);
    std::cout << m.name << ": " << (c.passed() ? "passed" : "FAILED") << "\n";
    return c.passed();
}

}  // namespace

int check_plugins(const PluginCheckCommand& cmd) {
    auto discovery = plugin::discover_plugins(cmd.plugin_dirs);
    std::vector<const plugin::LoadedPlugin*> chosen;
    for (const auto& name : cmd.plugins) {
        const auto* p = discovery.find(name);
        if (!p) {
            std::cerr << "error: no plugin named '" << name << "' was found; `sgaudit plugins` lists them, and any refused and why\n";
            return kExitUsage;
        }
        chosen.push_back(p);
    }
    if (cmd.plugins.empty())
        for (const auto& p : discovery.plugins) chosen.push_back(&p);
    std::string tmpl = (fs::temp_directory_path() / "sgaudit-check-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        std::cerr << "error: no private folder could be made in " << fs::temp_directory_path().string() << "\n";
        return kExitUsage;
    }
    const fs::path work(tmpl);
    // The demo council, built once: real data for every plugin to run on twice.
    std::vector<std::string> build = cmd.global_args;
    for (const char* a : {"demo", "--no-run", "--out"}) build.push_back(a);
    build.push_back((work / "demo").string());
    if (run::run_sgaudit(build, work / "demo.log") != 0) {
        std::cerr << "error: the demo council could not be built (see " << (work / "demo.log").string() << ")\n";
        return kExitUsage;
    }
    const std::string demo = "sqlite:" + (work / "demo" / "council.db").string();
    int failed = 0;
    for (const auto* p : chosen) failed += check_one(cmd, *p, work, demo) ? 0 : 1;
    for (const auto& r : discovery.rejected)
        if (cmd.plugins.empty()) {
            std::cout << "Not loaded: " << r.file.string() << "\n  " << r.reason << "\n";
            ++failed;
        }
    std::cout << "\n" << chosen.size() - static_cast<std::size_t>(std::min<int>(failed, static_cast<int>(chosen.size()))) << " of "
              << chosen.size() << " plugins passed" << (discovery.rejected.empty() || !cmd.plugins.empty() ? "" : "; some could not be loaded") << "\n";
    if (failed == 0) {
        std::error_code ec;
        fs::remove_all(work, ec);  // kept when something failed, for its logs and reports
    }
    return failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace sgaudit::cli
