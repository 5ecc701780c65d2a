// The `sgaudit` command line: parses arguments, then hands plain option structs to the
// modules that do the work. The only file that includes CLI11.
#include "sgaudit/cli/app.hpp"

#include <chrono>
#include <functional>
#include <csignal>
#include <iomanip>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "sgaudit/cli/cli_output.hpp"
#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/cli/history_commands.hpp"
#include "sgaudit/cli/new_plugin.hpp"
#include "sgaudit/cli/plugin_check.hpp"
#include "sgaudit/cli/pseudonymised_log.hpp"
#include "sgaudit/cli/rules_test.hpp"
#include "sgaudit/cli/region_command.hpp"
#include "sgaudit/cli/isolation_options.hpp"
#include "sgaudit/cli/list_printout.hpp"
#include "sgaudit/cli/workbook_commands.hpp"
#include "sgaudit/config/config.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/data/importer.hpp"
#include "sgaudit/data/same_store.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/demo/council_generator.hpp"
#include "sgaudit/demo/demo_rules.hpp"
#include "sgaudit/demo/planted_lapses.hpp"
#include "sgaudit/plugin/loader.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/history/run_recorder.hpp"
#include "sgaudit/report/report_set.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/rules/toml_file.hpp"
#include "sgaudit/rules/waivers.hpp"
#include "sgaudit/run/runner.hpp"
#include "sgaudit/run/summary_counts.hpp"
#include "sgaudit/util/private_file.hpp"

#ifndef SGAUDIT_INSTALL_PREFIX
#define SGAUDIT_INSTALL_PREFIX "/usr/local"
#endif

namespace sgaudit::cli {
namespace fs = std::filesystem;

namespace {

struct Globals {
    std::string config_file;
    bool verbose = false, quiet = false;
    std::vector<std::string> plugin_dirs, rules_dirs, template_dirs;
    config::Config cfg;
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::vector<plugin::SearchDir> plugin_search(const Globals& g) {
    std::vector<plugin::SearchDir> dirs;
    for (const auto& d : g.plugin_dirs) dirs.push_back({d, "--plugin-dir"});
    if (const char* env = std::getenv("SGAUDIT_PLUGIN_PATH"))
        for (const auto& d : split(env, ':')) dirs.push_back({d, "SGAUDIT_PLUGIN_PATH"});
    for (const auto& d : g.cfg.plugin_dirs) dirs.push_back({d, "config " + g.cfg.file});
    fs::path exe = config::executable_dir();
    dirs.push_back({exe / "plugins", "beside the executable"});
    dirs.push_back({exe.parent_path() / "lib" / "sgaudit" / "plugins", "install location"});
    dirs.push_back({fs::path(SGAUDIT_INSTALL_PREFIX) / "lib" / "sgaudit" / "plugins", "install location"});
    return dirs;
}

std::vector<fs::path> rule_dirs(const Globals& g) {
    std::vector<fs::path> dirs;
    for (const auto& d : g.rules_dirs) dirs.emplace_back(d);
    if (const char* env = std::getenv("SGAUDIT_RULES_PATH"))
        for (const auto& d : split(env, ':')) dirs.emplace_back(d);
    for (const auto& d : g.cfg.rules_dirs) dirs.emplace_back(d);
    fs::path exe = config::executable_dir();
    dirs.push_back(exe.parent_path() / "share" / "sgaudit" / "rules");
    dirs.push_back(fs::path(SGAUDIT_INSTALL_PREFIX) / "share" / "sgaudit" / "rules");
#ifdef SGAUDIT_SOURCE_DIR
    dirs.push_back(fs::path(SGAUDIT_SOURCE_DIR) / "rules");  // running from a build tree
#endif
    return dirs;
}

std::vector<fs::path> template_dirs(const Globals& g) {
    std::vector<fs::path> dirs;
    for (const auto& d : g.template_dirs) dirs.emplace_back(d);
    for (const auto& d : g.cfg.template_dirs) dirs.emplace_back(d);
    fs::path exe = config::executable_dir();
    dirs.push_back(exe.parent_path() / "share" / "sgaudit" / "templates");
    dirs.push_back(fs::path(SGAUDIT_INSTALL_PREFIX) / "share" / "sgaudit" / "templates");
#ifdef SGAUDIT_SOURCE_DIR
    dirs.push_back(fs::path(SGAUDIT_SOURCE_DIR) / "host" / "templates");  // running from a build tree
#endif
    return dirs;
}

// The options an `sgaudit` this one runs (a council of a region, a plugin check, a rules test
// case) needs to find what this one finds: --plugin-dir, --rules-dir and --config, made absolute.
std::vector<std::string> child_globals(const Globals& g) {
    std::vector<std::string> out;
    auto add = [&](const char* option, const std::string& path) {
        out.push_back(option);
        out.push_back(fs::absolute(path).string());
    };
    for (const auto& d : g.plugin_dirs) add("--plugin-dir", d);
    for (const auto& d : g.rules_dirs) add("--rules-dir", d);
    if (!g.config_file.empty()) add("--config", g.config_file);
    return out;
}

void print_diagnostics(const rules::Diagnostics& d) {
    for (const auto& item : d.items()) std::cerr << item.to_string() << "\n";
}

std::optional<Date> parse_date_arg(const std::string& s, const char* what) {
    auto d = Date::parse(s);
    if (!d || s.size() != 10) std::cerr << "error: " << what << " '" << s << "' is not a date; write YYYY-MM-DD, e.g. 2009-03-31\n";
    return s.size() == 10 ? d : std::nullopt;
}

Date today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return *Date::from_ymd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday));
}

std::optional<data::SourceSpec> source_from(const std::string& arg, const Globals& g) {
    std::string url = !arg.empty() ? arg : !g.cfg.source.empty() ? g.cfg.source : "sqlite:sgaudit.db";
    auto parsed = data::parse_source(url);
    if (auto* err = std::get_if<std::string>(&parsed)) {
        std::cerr << "error: " << *err << "\n";
        return std::nullopt;
    }
    return std::get<data::SourceSpec>(parsed);
}

// ---- sgaudit plugins --------------------------------------------------------------------

int cmd_plugins(const Globals& g) {
    auto d = plugin::discover_plugins(plugin_search(g));
    std::cout << "Searched, in order:\n";
    for (const auto& s : d.searched) {
        std::error_code ec;
        std::cout << "  " << s.dir.string() << "  (" << s.origin << (fs::is_directory(s.dir, ec) ? "" : "; not present") << ")\n";
    }
    std::cout << "\nPlugins (" << d.plugins.size() << "):\n";
    for (const auto& p : d.plugins) {
        const auto& m = p.manifest();
        std::string rs;
        for (const auto& r : m.rulesets) rs += (rs.empty() ? "" : ", ") + r;
        std::cout << "  " << m.name << " " << m.version << "  ABI " << m.abi_version << "  rule sets: " << rs
                  << (m.has_forms ? "  workbooks: yes (sgaudit workbook " + m.name + ")" : std::string()) << "\n"
                  << "    " << m.description << "\n    file: " << p.file().string() << "\n";
        for (const auto& ck : m.check_kinds) {  // the plugin's own check kinds, for its rule sets
            std::string args;
            for (const auto& a : ck.required) args += (args.empty() ? "" : ", ") + a;
            for (const auto& a : ck.optional) args += (args.empty() ? "" : ", ") + a + " (optional)";
            std::cout << "    check kind: " << ck.name << " (" << args << ")\n";
        }
    }
    if (!d.rejected.empty()) {
        std::cout << "\nNot loaded (" << d.rejected.size() << "):\n";
        for (const auto& r : d.rejected) std::cout << "  " << r.file.string() << "\n    " << r.reason << "\n";
    }
    if (!d.ignored.empty()) {
        std::cout << "\nIgnored (" << d.ignored.size() << "):\n";
        for (const auto& r : d.ignored) std::cout << "  " << r.file.string() << "\n    " << r.reason << "\n";
    }
    return kExitOk;
}

// ---- sgaudit rules show / check -----------------------------------------------------------

int cmd_rules_show(const Globals& g, const std::string& target, const std::vector<std::string>& rule_files,
                   const std::vector<std::string>& sets) {
    auto dirs = rule_dirs(g);
    auto d = plugin::discover_plugins(plugin_search(g));
    rules::Diagnostics diags;
    const plugin::Manifest* manifest = nullptr;
    fs::path file;
    std::vector<fs::path> overlays;
    if (const auto* p = d.find(target)) {
        manifest = &p->manifest();
        std::vector<fs::path> rf(rule_files.begin(), rule_files.end());
        auto f = run::ruleset_files_for(*manifest, rf, dirs, diags);
        if (!f) {
            print_diagnostics(diags);
            std::cerr << "error: no rule set found for plugin '" << target << "'\n";
            return kExitUsage;
        }
        file = f->pack;
        overlays = f->overlays;
    } else if (fs::exists(target)) {
        file = target;
        overlays.assign(rule_files.begin(), rule_files.end());
        if (auto h = rules::read_header(file, dirs, diags))
            if (const auto* q = d.find(h->plugin)) manifest = &q->manifest();
    } else {
        std::cerr << "error: '" << target << "' is neither a plugin that was found nor a rule file\n";
        return kExitUsage;
    }
    rules::LoadOptions lo{dirs, overlays, sets, manifest};
    auto rs = rules::load_ruleset(file, lo, diags);
    print_diagnostics(diags);
    if (!rs) return kExitUsage;
    std::cout << "Rule set " << rs->id << " " << rs->version << " for plugin " << rs->plugin << "\n";
    if (!rs->description.empty()) std::cout << "  " << rs->description << "\n";
    std::cout << "Files (base first):\n";
    for (const auto& f : rs->files) std::cout << "  " << f.path << "  sha256 " << f.sha256 << "\n";
    std::cout << "Calendar: " << rs->calendar << "\n";
    std::string goes = rs->data_quality() ? " (reported apart from practice; never on the work list)" : " (its findings go on the work list)";
    if (!rs->data_quality() && manifest && !manifest->unplaced_subject_kinds.empty()) {
        std::string kinds;
        for (const auto& k : manifest->unplaced_subject_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
        goes = " (its findings are in the report; those about " + kinds + ", which belong to no team, stay off the children's work list)";
    }
    std::cout << "Purpose: " << rs->purpose << goes << "\n";
    std::cout << "\nParameters:\n";
    for (const auto& [name, p] : rs->parameters) {
        std::cout << "  " << name << " = " << p.value.to_string() << "    [from " << p.defined_at.to_string() << "]\n";
        std::cout << "      " << p.spec.describe() << ", declared at " << p.spec.declared_at.to_string() << "\n";
        if (!p.description.empty()) std::cout << "      " << p.description << (p.source.empty() ? "" : " (" + p.source + ")") << "\n";
    }
    print_lists(std::cout, *rs);
    std::cout << "\nRules (" << rs->rules.size() << "):\n";
    for (const auto& r : rs->rules) {
        std::cout << "  " << r.id << "  [" << to_string(r.severity) << ", " << r.subject << ", " << r.check_kind << "]"
                  << (r.enabled ? "" : "  DISABLED") << "\n      " << r.title << "\n      from " << r.defined_at.to_string();
        if (r.origin != r.defined_at.file) std::cout << ", changed in " << r.origin;
        std::cout << "\n";
        for (const auto& [k, a] : r.check_args)
            std::cout << "      " << k << " = " << (a.parameter.empty() ? a.literal.to_string() : "$" + a.parameter + " (" +
                                                        rs->parameter(a.parameter).value_or(Value()).to_string() + ")") << "\n";
        if (!r.action.empty()) std::cout << "      what to do: " << r.action << "\n";
        if (!r.action_over.empty()) std::cout << "      when over (done late): " << r.action_over << "\n";
    }
    if (!rs->removed.empty()) {
        std::cout << "\nRemoved by a pack:";
        for (const auto& id : rs->removed) std::cout << " " << id;
        std::cout << "\n";
    }
    return kExitOk;
}

// A waiver file ([[waiver]] tables, no [ruleset]) is checked as one, so the file a run's
// waiver error names can be checked on its own like a rule file.
bool is_waiver_file(const std::string& f) {
    rules::Diagnostics ignored;
    auto t = rules::parse_toml_file(f, ignored);
    return t && t->contains("waiver") && !t->contains("ruleset");
}

int check_waiver_file(const std::string& f) {
    rules::Diagnostics diags;
    auto w = rules::Waivers::load(f, diags);
    print_diagnostics(diags);
    if (!w || diags.has_errors()) {
        std::cout << f << ": FAILED" << std::endl;
        return 1;
    }
    std::cout << f << ": ok (" << w->entries().size() << (w->entries().size() == 1 ? " waiver)" : " waivers)") << std::endl;
    return 0;
}

int cmd_rules_check(const Globals& g, const std::vector<std::string>& files) {
    auto dirs = rule_dirs(g);
    auto d = plugin::discover_plugins(plugin_search(g));
    int errors = 0;
    for (const auto& f : files) {
        if (is_waiver_file(f)) {
            errors += check_waiver_file(f);
            continue;
        }
        rules::Diagnostics diags;
        const plugin::Manifest* manifest = nullptr;
        if (auto h = rules::read_header(f, dirs, diags)) {
            if (const auto* q = d.find(h->plugin)) manifest = &q->manifest();
            else if (!h->plugin.empty())
                diags.warning({f}, "plugin '" + h->plugin + "' was not found, so fact names and plugin check kinds were not checked");
        }
        std::optional<rules::RuleSet> rs;
        if (!diags.has_errors()) rs = rules::load_ruleset(f, rules::LoadOptions{dirs, {}, {}, manifest}, diags);
        if (rs && !diags.has_errors()) {
            std::string cal_path;
            rules::load_calendar(rs->calendar, dirs, diags, &cal_path);
        }
        print_diagnostics(diags);
        if (diags.has_errors() || !rs) {
            ++errors;
            std::cout << f << ": FAILED" << std::endl;
        } else {
            std::cout << f << ": ok (" << rs->rules.size() << " rules, " << rs->parameters.size() << " parameters"
                      << (rs->lists.empty() ? "" : ", " + std::to_string(rs->lists.size()) + (rs->lists.size() == 1 ? " list" : " lists")) << ")"
                      << std::endl;
        }
    }
    return errors ? kExitUsage : kExitOk;
}

// ---- sgaudit run ---------------------------------------------------------------------------

struct RunArgs {
    std::vector<std::string> plugins, rule_files, sets, waivers;
    std::string source, as_of, period, area, team, formats, out, fail_on, results = "all", history;
    std::uint64_t seed = 20090331;
    int years = 0, jobs = 0;
    std::string explain, sources, pseudonymise;
    bool no_history = false;
    IsolationArgs isolation;
    // Also sees every result, passes included (the demo's check of its planted lapses).
    run::ResultStream* observer = nullptr;
};

void add_isolation_options(CLI::App* cmd, IsolationArgs& a) {
    cmd->add_option("--plugin-timeout", a.plugin_timeout,
                    "Stop a plugin that runs longer than this, e.g. 90s, 30m, 2h (default: plugin_timeout in sgaudit.toml, else 1h)");
    cmd->add_option("--plugin-memory", a.plugin_memory,
                    "Stop a plugin that allocates more than this, e.g. 512MiB, 2GiB (default: plugin_memory in sgaudit.toml, else 4GiB)");
    cmd->add_flag("--in-process", a.in_process, "Run plugins inside sgaudit instead of a worker process each (for gdb; no limits)");
}

// Completes storing a run whose results were stored as it went; says where and how long writing
// took, or that the reports are not in the history.
bool finish_storing(history::RunRecorder& recorder, const data::SourceSpec& where, const run::RunResult& run) {
    Status st = recorder.finish(run);
    if (!st) {
        std::cerr << "error: the run was not stored in the history at " << where.display << ": " << st.message()
                  << "\nThe reports below are NOT in the history. Fix the history (or use --history elsewhere) and run "
                  << "the audit again.\n";
        return false;
    }
    std::cout << "Run " << run.id << " stored in the history at " << where.display << " (" << recorder.stored()
              << " results in " << std::fixed << std::setprecision(1) << recorder.seconds() << " s, written as the audit ran)"
              << std::defaultfloat << "\n";
    return true;
}

// The history is never written into the case data being audited (sgaudit only reads case
// data): a history that is the --source itself, by any path or URL, is refused before either is
// opened for writing.
bool history_apart_from_source(const data::SourceSpec& history, const data::SourceSpec& source) {
    auto same = data::same_store(history, source);
    if (const auto* err = std::get_if<std::string>(&same)) {
        std::cerr << "error: cannot tell whether the run history " << history.display << " is the case data "
                  << source.display << ": " << *err << " (--no-history runs without storing)\n";
        return false;
    }
    if (std::get<bool>(same)) {
        std::cerr << "error: the run history " << history.display << " is the case data being audited (" << source.display
                  << "); sgaudit only reads case data and never stores runs in it. Keep the history in a database of "
                  << "its own (e.g. --history sgaudit-history.db, or another PostgreSQL schema), or run with --no-history\n";
        return false;
    }
    return true;
}

// --as-of (default today) and --period into `o`; false, with the error printed, when either is not a date.
bool parse_run_dates(const RunArgs& a, run::RunOptions& o) {
    if (!a.as_of.empty()) {
        auto d = parse_date_arg(a.as_of, "--as-of");
        if (!d) return false;
        o.as_of = *d;
    } else {
        o.as_of = today();
    }
    if (!a.period.empty()) {
        auto colon = a.period.find(':');
        auto s = colon == std::string::npos ? std::nullopt : parse_date_arg(a.period.substr(0, colon), "--period start");
        auto e = colon == std::string::npos ? std::nullopt : parse_date_arg(a.period.substr(colon + 1), "--period end");
        if (!s || !e || *e < *s) {
            std::cerr << "error: --period must be START:END with START on or before END, e.g. 2008-04-01:2009-03-31\n";
            return false;
        }
        o.period = Period{*s, *e};
    }
    return true;
}

// The history a run will be stored in, opened before the audit runs so that a wrong --history
// costs nothing; false, with the error printed, when it cannot be used.
bool open_run_history(const Globals& g, const RunArgs& a, const data::SourceSpec& source,
                      std::unique_ptr<history::HistoryStore>& store) {
    auto spec = history_location(a.history, g.cfg);
    if (!spec || !history_apart_from_source(*spec, source)) return false;
    std::string err;
    store = history::HistoryStore::open(*spec, history::HistoryStore::Mode::create, err);
    if (!store) std::cerr << "error: " << err << " (--no-history runs without storing)\n";
    return store != nullptr;
}

// Problems that stopped the audit before it ran (printed); kExitOk when it ran.
int audit_problem(const run::RunOutcome& outcome) {
    print_diagnostics(outcome.diagnostics);
    if (!outcome.usage_error.empty()) {
        std::cerr << "error: " << outcome.usage_error << "\n";
        return kExitUsage;
    }
    if (outcome.diagnostics.has_errors()) {
        std::cerr << "error: the rule or waiver files above have problems; nothing was run. `sgaudit rules check FILE` checks "
                     "either kind of file on its own.\n";
        return kExitUsage;
    }
    for (const auto* err : {&outcome.data_error, &outcome.stream_error})
        if (!err->empty()) {
            std::cerr << "error: " << *err << "\n";
            return kExitUsage;
        }
    return kExitOk;
}

// Prints each plugin's status and the totals, and says how the run ended as an exit code.
int run_exit_code(const run::RunResult& run, bool stored, std::optional<Severity> fail_on, const report::Pseudonyms* pseudonyms) {
    bool incomplete = false;
    for (const auto& p : run.plugins) {
        const std::string error = pseudonyms ? pseudonyms->text(p.error) : p.error;
        std::cout << "  " << p.name << ": " << run::to_string(p.status) << (error.empty() ? "" : " - " + error) << "\n";
        if (p.incomplete()) std::cout << "    " << run::incomplete_note(p) << "\n";
        incomplete = incomplete || p.status != run::PluginStatus::ok;
    }
    std::cout << "  results: " << run.totals.pass << " pass, " << run.totals.fail << " fail, " << run.totals.not_applicable
              << " not applicable, " << run.totals.waived << " waived, " << run.totals.error << " error\n";
    if (!stored) return kExitUsage;
    if (incomplete) return kExitIncomplete;
    if (fail_on) {
        for (const auto& c : run.rule_summary)
            if (c.fail > 0 && c.severity >= *fail_on) return kExitFindings;
    }
    return kExitOk;
}

// What --explain asked for, on the console: each plugin's "explain/RULE" sections, as plain
// tables (the reports carry the same), pseudonymised as the reports are when asked.
void print_explanations(const run::RunResult& run, const report::Pseudonyms* pseudonyms) {
    auto shown = [&](const std::string& s) { return pseudonyms ? pseudonyms->text(s) : s; };
    bool any = false;
    for (const auto& p : run.plugins)
        for (const auto& s : p.sections) {
            if (s.id != "explain/" + run.explain) continue;
            any = true;
            std::cout << "\n" << shown(s.title) << "\n" << shown(s.text) << "\n";
            std::string line;
            for (const auto& h : s.table_header) line += (line.empty() ? "" : "\t") + shown(h);
            std::cout << line << "\n";
            for (const auto& row : s.table_rows) {
                line.clear();
                for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "\t" : "") + shown(row[i]);
                std::cout << line << "\n";
            }
        }
    if (!any) std::cout << "\n--explain " << run.explain << ": no plugin run lists the records behind that rule\n";
}

// `run --sources region.toml`: every council measured on its own, then side by side.
int cmd_region(const Globals& g, const RunArgs& a) {
    if (!a.source.empty() || !a.explain.empty() || !a.area.empty() || !a.team.empty() || !a.waivers.empty() || !a.pseudonymise.empty()) {
        std::cerr << "error: --sources measures each council of the region whole, so it cannot be combined with --source, --area, "
                     "--team, --waivers, --explain (which lists children's records) or --pseudonymise (its reports name no child)\n";
        return kExitUsage;
    }
    run::RunOptions dates;
    if (!parse_run_dates(a, dates)) return kExitUsage;
    RegionCommand c;
    c.region_file = a.sources;
    c.plugins = a.plugins;
    c.rule_files = a.rule_files;
    c.sets = a.sets;
    c.as_of = dates.as_of;
    c.period = dates.period;
    c.years = a.years;
    c.jobs = a.jobs;
    c.rule_dirs = rule_dirs(g);
    c.plugin_dirs = plugin_search(g);
    c.global_args = child_globals(g);
    if (!a.isolation.plugin_timeout.empty()) for (const std::string& s : {std::string("--plugin-timeout"), a.isolation.plugin_timeout}) c.isolation_args.push_back(s);
    if (!a.isolation.plugin_memory.empty()) for (const std::string& s : {std::string("--plugin-memory"), a.isolation.plugin_memory}) c.isolation_args.push_back(s);
    if (a.isolation.in_process) c.isolation_args.push_back("--in-process");
    c.formats = report::parse_formats(a.formats);
    if (c.formats.empty()) c.formats = g.cfg.formats.empty() ? std::vector<std::string>{"html", "json"} : g.cfg.formats;
    report::Templates templates;
    if (failed(report::prepare_formats(c.formats, template_dirs(g), templates))) return kExitUsage;
    if (!reports_can_go_to(report_place(a.out, g.cfg), "No council was run.")) return kExitUsage;
    c.folder = [&](const std::string& id) { return report_dir(a.out, g.cfg, id); };
    return run_region(c, templates);
}

// --pseudonymise KEYFILE: the key, and every identifier of the case data, learnt before the run
// so that a message naming another record is pseudonymised too.
bool load_pseudonyms(const std::string& key_file, const data::SourceSpec& source, std::optional<report::Pseudonyms>& out) {
    if (key_file.empty()) return true;
    std::string error;
    out = report::Pseudonyms::from_key_file(key_file, error);
    if (!out) {
        std::cerr << "error: " << error << ". Nothing was run or stored.\n";
        return false;
    }
    Status st = report::learn_case_identifiers(source, *out);
    if (st) st = report::check_pseudonymisable(*out);
    if (!st) {
        std::cerr << "error: " << st.message() << ". Nothing was run or stored.\n";
        return false;
    }
    spdlog::debug("pseudonymising {} identifiers of the case data", out->known());
    return true;
}

int cmd_run(const Globals& g, const RunArgs& a) {
    if (!a.sources.empty()) return cmd_region(g, a);
    run::RunOptions o;
    auto src = source_from(a.source, g);
    if (!src) return kExitUsage;
    o.source = *src;
    if (!parse_run_dates(a, o)) return kExitUsage;
    std::optional<Severity> fail_on;
    if (!a.fail_on.empty()) {
        fail_on = parse_severity(a.fail_on);
        if (!fail_on) {
            std::cerr << "error: --fail-on must be one of critical, high, medium, low, info\n";
            return kExitUsage;
        }
    }
    std::vector<std::string> formats = report::parse_formats(a.formats);
    if (formats.empty()) formats = g.cfg.formats.empty() ? std::vector<std::string>{"html", "json"} : g.cfg.formats;
    report::Templates templates;
    if (failed(report::prepare_formats(formats, template_dirs(g), templates))) return kExitUsage;
    // Where the reports go is checked before the history is opened or anything runs.
    if (!reports_can_go_to(report_place(a.out, g.cfg), "Nothing was run or stored.")) return kExitUsage;
    std::optional<report::Pseudonyms> pseudonyms;
    if (!load_pseudonyms(a.pseudonymise, o.source, pseudonyms)) return kExitUsage;
    std::optional<PseudonymisedLog> pseudonymised_log;
    if (pseudonyms) pseudonymised_log.emplace(*pseudonyms);
    std::unique_ptr<history::HistoryStore> store;
    if (!a.no_history && !open_run_history(g, a, o.source, store)) return kExitUsage;
    if (a.results != "all" && a.results != "failures") {
        std::cerr << "error: --results must be all or failures\n";
        return kExitUsage;
    }
    if (!plugin_limits(a.isolation, g.cfg, o.limits)) return kExitUsage;
    o.plugins = a.plugins;
    o.rule_files.assign(a.rule_files.begin(), a.rule_files.end());
    o.sets = a.sets;
    std::vector<std::string> waivers = a.waivers.empty() ? g.cfg.waivers : a.waivers;
    o.waiver_files.assign(waivers.begin(), waivers.end());
    o.rule_dirs = rule_dirs(g);
    o.area = a.area;
    o.team = a.team;
    o.failures_only = a.results == "failures";
    o.seed = a.seed;
    o.years = a.years;
    o.explain = a.explain;

    auto discovery = plugin::discover_plugins(plugin_search(g));
    for (const auto& r : discovery.rejected) spdlog::warn("plugin not loaded: {}", r.reason);
    // Where the results go as they are produced: the counts, the reports and the history, all
    // set up before the audit runs. The history goes last and takes each result, unshared.
    run::SummaryCounts counts;
    report::ReportSet reports(formats, templates, [&](const std::string& id) { return report_dir(a.out, g.cfg, id); });
    if (pseudonyms) reports.pseudonymise(&*pseudonyms);
    std::unique_ptr<history::RunRecorder> recorder = store ? store->recorder() : nullptr;
    run::ResultFanout fanout(o.failures_only);
    fanout.add_counter(counts);
    if (a.observer) fanout.add_counter(*a.observer);
    fanout.add_lister(reports);
    if (recorder) fanout.add_lister(*recorder);
    o.stream = &fanout;
    if (store)
        o.earlier_runs = [&store](const std::string& plugin_run, const std::string& source, Date before,
                                  const PluginDescription::HistoryNeed& need, EarlierRuns& out) {
            return store->earlier_runs(plugin_run, source, before, need, out);
        };
    auto outcome = run::run_audit(discovery, o);
    if (int rc = audit_problem(outcome); rc != kExitOk) return rc;
    auto& run = outcome.result;
    // Ctrl-C (or SIGTERM) stopped the plugins early: their results are partial, so they are
    // neither stored nor drawn as if they were the audit (both are abandoned as they go out of scope).
    if (run::cancel_flag()) {
        std::cerr << "interrupted: the run was stopped before it finished; nothing was stored and no report was written\n";
        return kExitInterrupted;
    }
    counts.fill(run);
    history::make_storable(run);
    // Stored before the reports are completed, from the same results: what the board is shown
    // must be what was kept.
    bool stored = !recorder || finish_storing(*recorder, store->spec(), run);
    if (!finish_and_list_reports(reports, run)) return kExitUsage;
    if (!run.explain.empty()) print_explanations(run, pseudonyms ? &*pseudonyms : nullptr);
    return run_exit_code(run, stored, fail_on, pseudonyms ? &*pseudonyms : nullptr);
}

// ---- sgaudit db ----------------------------------------------------------------------------

std::unique_ptr<data::Database> open_for_writing(const data::SourceSpec& src) {
    std::string err;
    auto db = data::Database::open(src, data::Access::read_write, err);
    if (!db) std::cerr << "error: " << err << "\n";
    return db;
}

// Creates the case-data tables; a new SQLite file is created owner-only before SQLite opens
// it (`fresh` replaces an existing one).
std::unique_ptr<data::Database> create_case_database(const data::SourceSpec& src, bool fresh) {
    if (src.backend == data::Backend::sqlite && (fresh || !fs::exists(src.path))) {
        fs::remove(src.path);
        if (auto st = util::write_private_file(src.path, ""); !st) {
            std::cerr << "error: " << st.message() << "\n";
            return nullptr;
        }
    }
    auto db = open_for_writing(src);
    if (!db) return nullptr;
    if (auto st = data::init_schema(*db); !st) {
        std::cerr << "error: " << st.message() << "\n";
        return nullptr;
    }
    return db;
}

// Whether the source already holds the case-data tables (so `db init` says what it did).
bool has_case_tables(const data::SourceSpec& src) {
    std::error_code ec;
    if (src.backend == data::Backend::sqlite && !fs::exists(src.path, ec)) return false;
    std::string err;
    auto db = data::Database::open(src, data::Access::read_only, err);
    return db && !db->columns("ssd_person").empty();
}

int cmd_db_init(const Globals& g, const std::string& source) {
    auto src = source_from(source, g);
    if (!src) return kExitUsage;
    const bool existed = has_case_tables(*src);
    if (!create_case_database(*src, false)) return kExitUsage;
    if (existed) std::cout << src->display << " already holds the sgaudit case-data tables; any that were missing were added\n";
    else std::cout << "Created the sgaudit case-data tables in " << src->display << "\n";
    return kExitOk;
}

int cmd_db_import(const Globals& g, const std::string& source, const std::string& dir, bool replace) {
    auto src = source_from(source, g);
    if (!src) return kExitUsage;
    if (src->backend == data::Backend::sqlite && !fs::exists(src->path)) {
        std::cerr << "error: " << src->path << " does not exist; run `sgaudit db init --source " << src->display << "` first\n";
        return kExitUsage;
    }
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::cerr << "error: " << dir << " is not a folder; give the folder that holds the CSV files (one per table, e.g. "
                     "ssd_person.csv). Nothing was imported.\n";
        return kExitUsage;
    }
    auto db = open_for_writing(*src);
    if (!db) return kExitUsage;
    auto report = data::import_folder(*db, dir, replace);
    for (const auto& e : report.errors) std::cerr << e << "\n";
    if (!report.errors.empty()) {
        std::cerr << "error: " << report.errors.size() << " problem(s); nothing was imported. Correct what is listed above and "
                     "run the import again.\n";
        return kExitUsage;
    }
    for (const auto& [table, rows] : report.loaded) std::cout << "  " << table << ": " << rows << " rows\n";
    std::cout << "Imported into " << src->display << "\n";
    for (const auto& [column, n] : report.trimmed)
        std::cout << "note: " << column << ": " << n << " identifier value(s) had white space around them, "
                  << "stored without it\n";
    return kExitOk;
}

// ---- sgaudit demo ---------------------------------------------------------------------------

struct DemoArgs {
    std::uint64_t seed = 2009;
    int scale = 1;
    std::string out = "sgaudit-demo", source, results = "all", history;
    bool run = true, replace = false;
    IsolationArgs isolation;
};

// A file of the demo's (demo/council.toml, demo/lapses.toml) from the rule folders; nothing,
// with the error printed, when no folder has it.
std::optional<fs::path> demo_file(const Globals& g, const std::string& name) {
    for (const auto& d : rule_dirs(g))
        if (fs::exists(d / "demo" / name)) return d / "demo" / name;
    std::cerr << "error: the demo's demo/" << name << " was not found in the rule folders\n";
    return std::nullopt;
}

// The database the demo council is built into: its own SQLite file, always built afresh, or
// --source, which must hold no case data unless --replace deletes it first.
std::unique_ptr<data::Database> demo_database(const DemoArgs& a, const data::SourceSpec& src) {
    auto db = create_case_database(src, a.source.empty());
    if (!db || a.source.empty()) return db;
    for (const auto& t : data::case_data_schema()) {
        std::int64_t rows = 0;
        db->query("SELECT COUNT(*) FROM " + t.name, {}, [&](const Row& r) {
            rows = r[0].is_int() ? r[0].as_int() : 1;
            return Status::ok();
        });
        if (rows == 0) continue;
        if (!a.replace) {
            std::cerr << "error: " << src.display << " already holds case data (" << t.name << " has rows); the demo "
                      << "council is only built into an empty database. Use --replace to delete its case data first.\n";
            return nullptr;
        }
        if (auto st = db->execute("DELETE FROM " + t.name); !st) {
            std::cerr << "error: " << st.message() << "\n";
            return nullptr;
        }
    }
    return db;
}

// Generates the council into `db` and fills `manifest`, with the rule expected to catch each
// kind of planted lapse; false, with the error printed, when it could not.
bool build_council(const Globals& g, const DemoArgs& a, data::Database& db, demo::Manifest& manifest) {
    auto profile = demo_file(g, "council.toml"), lapse_map = demo_file(g, "lapses.toml");
    if (!profile || !lapse_map) return false;
    rules::Diagnostics diags;
    auto catchers = demo::load_catchers(*lapse_map, diags);
    auto calendar = rules::load_calendar("england-and-wales", rule_dirs(g), diags);
    if (!catchers || !calendar) {
        print_diagnostics(diags);
        return false;
    }
    auto st = demo::generate(db, *profile, *calendar, demo::Options{a.seed, a.scale}, manifest, diags);
    print_diagnostics(diags);
    if (st) st = demo::expect_catchers(manifest, *catchers, lapse_map->string());
    return !failed(st);
}

int cmd_demo(const Globals& g, const DemoArgs& a) {
    auto t0 = std::chrono::steady_clock::now();
    fs::path dir = a.out;
    // The council, its manifest and history go in the folder itself, the reports in report/.
    for (const auto& where : {dir, dir / "report"})
        if (!reports_can_go_to({where, "--out"}, "Nothing was built, run or stored.")) return kExitUsage;
    if (failed(util::make_private_directories(dir))) return kExitUsage;
    std::string url = a.source.empty() ? "sqlite:" + (dir / "council.db").string() : a.source;
    auto src = source_from(url, g);
    if (!src) return kExitUsage;
    auto db = demo_database(a, *src);
    demo::Manifest manifest;
    if (!db || !build_council(g, a, *db, manifest)) return kExitUsage;
    db.reset();
    if (failed(util::write_private_file(dir / "manifest.json", manifest.to_json()))) return kExitUsage;
    double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "Demo council (seed " << a.seed << ", scale " << a.scale << ") built in " << src->display << " in "
              << std::fixed << std::setprecision(1) << gen_s << " s: " << manifest.rows["ssd_person"] << " children, "
              << manifest.rows["ssd_cin_episodes"] << " referrals, " << manifest.rows["ssd_cp_plans"] << " plans, with lapses "
              << "planted on purpose (" << (dir / "manifest.json").string() << " lists each, and the rule expected to catch it)."
              << std::defaultfloat << std::endl;
    if (!a.run) return kExitOk;
    demo::PlantedCheck planted(manifest);
    RunArgs ra;
    ra.source = url;
    ra.as_of = "2009-03-31";
    ra.out = (dir / "report").string();
    ra.results = a.results;
    ra.history = a.history.empty() ? (dir / "history.db").string() : a.history;
    ra.isolation = a.isolation;
    ra.observer = &planted;
    // The demo's own overlays (the Climbié recommendations its council tracks), each with the
    // packs of its plugin so that plugin still runs them all; every other plugin keeps its default.
    if (auto profile = demo_file(g, "council.toml"))
        for (const auto& f : demo::demo_rule_files(profile->parent_path(), plugin::discover_plugins(plugin_search(g)), rule_dirs(g)))
            ra.rule_files.push_back(f.string());
    int rc = cmd_run(g, ra);
    if (rc == kExitOk || rc == kExitFindings || rc == kExitIncomplete) std::cout << "\n" << planted.summary();
    if (fs::exists(dir / "report" / "report.html")) {
        std::cout << "\nOpen the report: " << fs::absolute(dir / "report" / "report.html").string() << "\n";
        if (a.history.empty())
            std::cout << "Its run history: " << (config::executable_dir() / "sgaudit").string() << " history --history "
                      << (dir / "history.db").string() << "\n";
    }
    return rc == kExitFindings ? kExitOk : rc;
}

// ---- sgaudit workbook / collect ----------------------------------------------------------

struct FormsArgs {
    std::string source, as_of, history;
    std::vector<std::string> rule_files, sets;
};

int with_forms_setup(const Globals& g, const FormsArgs& a, const std::function<int(const FormsSetup&)>& command) {
    auto src = source_from(a.source, g);
    if (!src) return kExitUsage;
    Date as_of = today();
    if (!a.as_of.empty()) {
        auto d = parse_date_arg(a.as_of, "--as-of");
        if (!d) return kExitUsage;
        as_of = *d;
    }
    auto discovery = plugin::discover_plugins(plugin_search(g));
    for (const auto& r : discovery.rejected) spdlog::warn("plugin not loaded: {}", r.reason);
    FormsSetup setup{discovery, rule_dirs(g), *src, a.rule_files, a.sets, as_of, std::nullopt, std::nullopt};
    if (!a.history.empty()) {  // only when asked: collecting stores no run
        setup.history = history_location(a.history, g.cfg);
        if (!setup.history || !history_apart_from_source(*setup.history, *src)) return kExitUsage;
    }
    setup.run_history = setup.history ? setup.history : history_location("", g.cfg);
    return command(setup);
}

void setup_logging(const Globals& g) {
    auto logger = spdlog::stderr_color_mt("sgaudit");
    logger->set_pattern("%^%l%$: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(g.verbose ? spdlog::level::debug : g.quiet ? spdlog::level::warn : spdlog::level::info);
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGINT, [](int) { run::cancel_flag() = true; });
    std::signal(SIGTERM, [](int) { run::cancel_flag() = true; });
    CLI::App app{"sgaudit: audits of how well a council's children's services keep children safe"};
    app.set_version_flag("--version", std::string("sgaudit ") + SGAUDIT_VERSION);
    app.require_subcommand(1);
    // Options given before the subcommand work after it too (`sgaudit run ... -q`).
    app.fallthrough();
    const std::string audit_exits =
        "Exit codes: 0 the audit ran (findings are its content, not an error); 1 failures at or above --fail-on;\n"
        "            2 usage, rule, data or storage error; 3 a plugin did not complete (failed, crashed, timed out\n"
        "            or skipped); 130 interrupted (Ctrl-C or SIGTERM): nothing stored, no report.";
    app.footer("Exit codes: 0 done; 1 see `sgaudit run --help` and `sgaudit history --help`; 2 usage, rule, data or\n"
               "            storage error; 3 a plugin did not complete.");
    Globals g;
    app.add_option("--config", g.config_file, "Settings file (default ./sgaudit.toml, else ~/.config/sgaudit/sgaudit.toml)");
    app.add_flag("-v,--verbose", g.verbose, "Show debug messages");
    app.add_flag("-q,--quiet", g.quiet, "Show only warnings and errors");
    app.add_option("--plugin-dir", g.plugin_dirs, "Look for plugins here first (repeatable)");
    app.add_option("--rules-dir", g.rules_dirs, "Look for rule sets here first (repeatable)");
    app.add_option("--template-dir", g.template_dirs, "Look for report templates here first (repeatable)");

    auto* plugins = app.add_subcommand("plugins", "List the plugins found, where, and any that were refused and why");
    plugins->footer("Exit codes: 0 listed; 2 usage error.");
    std::vector<std::string> check_names;
    auto* plugins_check = plugins->add_subcommand("check", "The conformance suite every audit plugin must pass (docs/plugins.md)");
    plugins_check->footer("Exit codes: 0 every plugin passed; 1 a plugin failed a check (said); 2 usage error.");
    plugins_check->add_option("plugins", check_names, "Plugins to check (default: every plugin found)");

    std::string new_name, new_dir = ".";
    auto* new_cmd = app.add_subcommand("new-plugin", "Start an audit plugin of your own outside this repository (docs/plugins.md)");
    new_cmd->footer("Exit codes: 0 written; 2 a name that cannot be a plugin's, or a folder that exists.");
    new_cmd->add_option("name", new_name, "The plugin's name: lower-case letters, digits and hyphens")->required();
    new_cmd->add_option("--dir", new_dir, "Write it into DIR/NAME (default ./NAME)");

    auto* rules_cmd = app.add_subcommand("rules", "Show or check rule sets");
    rules_cmd->footer("Exit codes: 0 every file is sound; 2 a file has problems (listed with file:line:column) or a usage error.");
    rules_cmd->require_subcommand(1);
    std::string show_target;
    std::vector<std::string> show_rules, show_sets;
    auto* show = rules_cmd->add_subcommand("show", "The effective rule set, with where every value came from");
    show->add_option("target", show_target, "A plugin name or a rule file")->required();
    show->add_option("--rules", show_rules, "A rule file that overrides the plugin's default (repeatable)");
    show->add_option("--set", show_sets, "RULESET.PARAMETER=VALUE (repeatable)");
    std::vector<std::string> check_files;
    std::string test_dir;
    auto* rules_test_cmd = rules_cmd->add_subcommand("test", "Run the fixture cases kept next to a rule set (docs/rules.md)");
    rules_test_cmd->footer("Exit codes: 0 every expectation met; 1 one was not; 2 a case file with problems.");
    rules_test_cmd->add_option("dir", test_dir, "A folder of case files (*.toml with [case])")->required()->check(CLI::ExistingDirectory);
    auto* check = rules_cmd->add_subcommand("check", "Validate rule files without any data");
    check->add_option("files", check_files, "Rule files")->required()->check(CLI::ExistingFile);

    RunArgs ra;
    auto* run_cmd = app.add_subcommand("run", "Run audit plugins and write reports");
    run_cmd->footer(audit_exits);
    run_cmd->add_option("plugins", ra.plugins, "Plugins to run (default: all found)");
    run_cmd->add_option("--source", ra.source, "sqlite:PATH or postgresql://HOST[:PORT]/DBNAME (no password: use PGPASSWORD or ~/.pgpass)");
    run_cmd->add_option("--as-of", ra.as_of, "Audit date YYYY-MM-DD (default today)");
    run_cmd->add_option("--period", ra.period, "START:END (default: the reporting year of the audit date)");
    run_cmd->add_option("--rules", ra.rule_files, "Rule file to use for its plugin, e.g. a local overlay (repeatable)");
    run_cmd->add_option("--set", ra.sets, "RULESET.PARAMETER=VALUE (repeatable)");
    run_cmd->add_option("--waivers", ra.waivers, "Waiver file (repeatable)");
    run_cmd->add_option("--area", ra.area, "Only this area: its id or its name, as in the council's team list");
    run_cmd->add_option("--team", ra.team, "Only this team (dept_team_id)");
    run_cmd->add_option("--format", ra.formats, "Comma-separated formats: html, json (default both), csv, xlsx, md, junit");
    run_cmd->add_option("--out", ra.out, "Folder for the reports (default ./sgaudit-out/RUN_ID)");
    run_cmd->add_option("--fail-on", ra.fail_on, "Exit 1 when a rule of this severity or above fails");
    run_cmd->add_option("--results", ra.results, "all (default) or failures: passes counted but not listed");
    run_cmd->add_option("--seed", ra.seed, "Seed for any sampling (recorded with the run)");
    run_cmd->add_option("--years", ra.years, "Reporting years to measure, ending with the period (indicators; default: the rule set's `years`)")
        ->check(CLI::Range(1, 20));
    run_cmd->add_option("--sources", ra.sources, "A region file: measure each of its councils on its own source, then side by side (docs/indicators.md)");
    run_cmd->add_option("--jobs", ra.jobs, "With --sources: councils measured at once (default: the number of cores)")->check(CLI::Range(1, 64));
    run_cmd->add_option("--explain", ra.explain, "List the records behind a rule's figures, e.g. --explain NI59 (printed, and in every report)");
    run_cmd->add_option("--history", ra.history,
                        "Store the run here: a SQLite file or postgresql://HOST/DBNAME[?schema=S] (default ./sgaudit-history.db)");
    run_cmd->add_flag("--no-history", ra.no_history, "Do not store this run (e.g. while trying out a rule change)");
    run_cmd->add_option("--pseudonymise", ra.pseudonymise,
                        "Key file: every child, plan, worker and record id in the reports replaced by a keyed token (the "
                        "history keeps the real ids); docs/reports.md");
    add_isolation_options(run_cmd, ra.isolation);

    DemoArgs da;
    auto* demo_cmd = app.add_subcommand("demo", "Build the synthetic demo council and run every audit on it as of 31 March 2009");
    demo_cmd->footer(audit_exits);
    demo_cmd->add_option("--seed", da.seed, "Seed: the same seed gives the same council, byte for byte");
    demo_cmd->add_option("--scale", da.scale, "Multiply the council's size (1-1000)");
    demo_cmd->add_option("--out", da.out, "Folder for the council and its reports (default ./sgaudit-demo)");
    demo_cmd->add_option("--source", da.source, "Build into this database instead (e.g. postgresql://HOST/DBNAME)");
    demo_cmd->add_option("--results", da.results, "all (default) or failures: for large scales, passes counted but not listed");
    demo_cmd->add_option("--history", da.history, "Store the run here (default: history.db in the --out folder)");
    demo_cmd->add_flag("--replace", da.replace, "With --source: delete the case data already there first");
    bool no_run = false;
    demo_cmd->add_flag("--no-run", no_run, "Only build the council");
    add_isolation_options(demo_cmd, da.isolation);

    auto* db_cmd = app.add_subcommand("db", "Create or fill a case-data database");
    db_cmd->footer("Exit codes: 0 done; 2 usage or data error (nothing was imported).");
    db_cmd->require_subcommand(1);
    std::string db_source, import_dir;
    auto* init = db_cmd->add_subcommand("init", "Create the tables of the data model");
    init->add_option("--source", db_source, "sqlite:PATH or postgresql://HOST/DBNAME");
    auto* import = db_cmd->add_subcommand("import", "Import a folder of CSV files named after the tables (ssd_person.csv, "
                                                    "in any case), all or nothing. Regular files only, at most 1 GiB each; "
                                                    "docs/data.md gives the rules for each kind of cell");
    import->add_option("folder", import_dir, "Folder of CSV files")->required();
    import->add_option("--source", db_source, "sqlite:PATH or postgresql://HOST/DBNAME");
    bool replace = false;
    import->add_flag("--replace", replace, "Replace the contents of tables that already hold rows");

    HistoryArgs ha;
    auto history_option = [&](CLI::App* cmd) {
        cmd->add_option("--history", ha.history, "The run history: a SQLite file or postgresql://HOST/DBNAME[?schema=S] "
                                                   "(default: SGAUDIT_HISTORY, else `history` in sgaudit.toml, else "
                                                   "./sgaudit-history.db)");
    };
    auto* history_cmd = app.add_subcommand("history", "The stored runs: list (the default), show, diff, verify, prune");
    history_cmd->footer("Exit codes: 0 done; 1 `verify` found a run that no longer matches; 2 usage or storage error.");
    history_option(history_cmd);
    // CLI::PositiveNumber's own message quotes the range as 0 to 1.79e308, which is no help.
    const CLI::Validator one_or_more(
        [](std::string& v) {
            return !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos && std::stoul(v) >= 1
                       ? std::string()
                       : std::string("must be a whole number, 1 or more");
        },
        "N>=1");
    history_cmd->add_option("--limit", ha.limit, "List only the newest N runs")->check(one_or_more);
    history_cmd->add_option("--format", ha.format, "text (default) or json (for scripts)");
    auto* h_list = history_cmd->add_subcommand("list", "List the stored runs, oldest first");
    h_list->add_option("--limit", ha.limit, "Only the newest N runs")->check(one_or_more);
    h_list->add_option("--format", ha.format, "text (default) or json (for scripts)");
    auto* h_show = history_cmd->add_subcommand("show", "Everything recorded about one run");
    h_show->add_option("run", ha.run, "A run id, a unique start of one, latest or latest~N")->required();
    auto* h_diff = history_cmd->add_subcommand("diff", "What changed between two runs of the same audit "
                                                        "(default: the latest run against the one before it of the same audit and scope)");
    h_diff->add_option("earlier", ha.run, "The earlier run (id, unique start, latest~N)");
    h_diff->add_option("later", ha.other, "The later run (default: latest)");
    h_diff->add_option("--format", ha.format, "text (default) or json");
    h_diff->add_flag("--across-scopes", ha.across_scopes, "Compare runs of different scope (data source, --area or --team) anyway");
    auto* h_verify = history_cmd->add_subcommand("verify", "Recompute every run's hash and the chain; name the first run that no longer matches");
    h_verify->add_option("--expect", ha.expect, "A chain head recorded earlier, which must still be in the history");
    auto* h_prune = history_cmd->add_subcommand("prune", "Remove the oldest runs (never the newest), keeping the chain "
                                                          "verifiable with a checkpoint");
    h_prune->add_option("--before", ha.before, "Remove runs started before this date (YYYY-MM-DD)")->required();
    h_prune->add_flag("--dry-run", ha.dry_run, "Only list the runs that would be removed");
    for (auto* sub : {h_list, h_show, h_diff, h_verify, h_prune}) history_option(sub);

    FormsArgs fa;
    auto forms_options = [&](CLI::App* cmd) {
        cmd->add_option("--source", fa.source, "sqlite:PATH or postgresql://HOST[:PORT]/DBNAME (no password: use PGPASSWORD or ~/.pgpass)");
        cmd->add_option("--rules", fa.rule_files, "Rule file to use for its plugin, e.g. a local overlay (repeatable)");
        cmd->add_option("--set", fa.sets, "RULESET.PARAMETER=VALUE (repeatable)");
        cmd->add_option("--as-of", fa.as_of, "The day the workbooks are for, and the date collect sets on the rows that changed "
                                           "where a workbook keeps one (e.g. a register's updated_date), YYYY-MM-DD (default today)");
    };
    WorkbookArgs wa;
    auto* workbook_cmd = app.add_subcommand("workbook", "Write the XLSX workbooks a plugin wants filled in (e.g. each agency's "
                                                        "Section 11 return), pre-filled from the data; docs/workbooks.md");
    workbook_cmd->footer("Exit codes: 0 written; 2 usage, rule or data error (nothing written).");
    workbook_cmd->add_option("plugin", wa.plugin, "The plugin whose workbooks to write (`sgaudit plugins` says which have some)")->required();
    workbook_cmd->add_option("--round", wa.round, "The round the workbooks are for, e.g. 2009-10 (default: the plugin's)");
    workbook_cmd->add_option("--run", wa.run, "A stored run the workbooks follow (e.g. a drawn sample)");
    workbook_cmd->add_option("--out", wa.out, "Folder for the workbooks")->required();
    workbook_cmd->add_flag("--replace", wa.replace, "Write over workbooks already in the folder");
    workbook_cmd->add_option("--history", fa.history, "The run history holding the --run: a SQLite file or "
                                                      "postgresql://HOST/DBNAME[?schema=S] (default as for `sgaudit history`)");
    forms_options(workbook_cmd);
    CollectArgs ca;
    auto* collect_cmd = app.add_subcommand("collect", "Read completed workbooks back into the source's sga_ tables: every cell "
                                                      "checked, all or nothing across the files; docs/workbooks.md");
    collect_cmd->footer("Exit codes: 0 collected (or, with --dry-run, every cell sound); 2 a problem in any workbook (each "
                        "named file:sheet!cell; nothing collected) or a usage or data error.");
    collect_cmd->add_option("files", ca.files, "Completed workbooks (.xlsx)")->required();
    collect_cmd->add_option("--round", ca.round, "Refuse any workbook that is not for this round");
    collect_cmd->add_flag("--dry-run", ca.dry_run, "Check every cell; write nothing");
    collect_cmd->add_option("--history", fa.history, "Also record each workbook collected (file, SHA-256, who, when) in this run "
                                                      "history: a SQLite file or postgresql://HOST/DBNAME[?schema=S]. Judgements "
                                                      "about a run (a case audit's grades) are kept there, with the run (default "
                                                      "as for `sgaudit history`)");
    forms_options(collect_cmd);

    auto* report_cmd = app.add_subcommand("report", "Write the reports of a stored run again, in any format");
    report_cmd->footer("Exit codes: 0 written; 2 usage or storage error.");
    report_cmd->add_option("run", ha.run, "A run id, a unique start of one, latest or latest~N")->required();
    report_cmd->add_option("--format", ha.formats, "Comma-separated: html, json (default both), csv, xlsx, md, junit");
    report_cmd->add_option("--out", ha.out, "Folder for the reports (default ./sgaudit-out/RUN_ID)");
    report_cmd->add_option("--pseudonymise", ha.pseudonymise, "Key file: every child, plan, worker and record id replaced by a keyed token; docs/reports.md");
    report_cmd->add_option("--source", ha.source,
                           "With --pseudonymise: the run's case data, to learn every identifier from (default: the source the run recorded)");
    history_option(report_cmd);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    } catch (const CLI::ParseError& e) {
        // Said like every other error, with where to look next.
        std::cerr << "error: " << e.what() << "\n`sgaudit " << (argc > 1 ? argv[1] : "") << " --help` lists what it takes.\n";
        return kExitUsage;
    }
    setup_logging(g);
    rules::Diagnostics diags;
    auto cfg = config::load(g.config_file.empty() ? std::nullopt : std::optional<fs::path>(g.config_file), diags);
    print_diagnostics(diags);
    if (!cfg) return kExitUsage;
    g.cfg = *cfg;

    try {
        if (*plugins_check) {
            return check_plugins({check_names, plugin_search(g), rule_dirs(g), child_globals(g)});
        }
        if (*plugins) return cmd_plugins(g);
        if (*new_cmd) return new_plugin(new_name, new_dir, template_dirs(g));
        if (*show) return cmd_rules_show(g, show_target, show_rules, show_sets);
        if (*check) return cmd_rules_check(g, check_files);
        if (*rules_test_cmd) {
            return test_rules(test_dir, child_globals(g));
        }
        if (*run_cmd) return cmd_run(g, ra);
        if (*init) return cmd_db_init(g, db_source);
        if (*demo_cmd) {
            da.run = !no_run;
            return cmd_demo(g, da);
        }
        if (*import) return cmd_db_import(g, db_source, import_dir, replace);
        if (*h_show) return cmd_history_show(g.cfg, ha);
        if (*h_diff) return cmd_history_diff(g.cfg, ha);
        if (*h_verify) return cmd_history_verify(g.cfg, ha);
        if (*h_prune) return cmd_history_prune(g.cfg, ha);
        if (*history_cmd) return cmd_history_list(g.cfg, ha);
        if (*report_cmd) {
            auto discovery = plugin::discover_plugins(plugin_search(g));
            data::SourceSpec nothing{data::Backend::sqlite, ":memory:", "", "", "(none: a report reads no case data)"};
            FormsSetup setup{discovery, rule_dirs(g), nothing, {}, {}, today(), std::nullopt, std::nullopt};
            RunReviewer reviewer = [&](history::HistoryStore& store, const std::string& id,
                                       std::map<std::string, std::vector<ReportSection>>& sections, std::vector<std::string>& notes) {
                return review_stored_run(setup, store, id, sections, notes);
            };
            return cmd_report(g.cfg, ha, template_dirs(g), reviewer);
        }
        if (*workbook_cmd) return with_forms_setup(g, fa, [&](const FormsSetup& s) { return cmd_workbook(s, wa); });
        if (*collect_cmd) return with_forms_setup(g, fa, [&](const FormsSetup& s) { return cmd_collect(s, ca); });
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kExitUsage;
    }
    return kExitUsage;
}

}  // namespace sgaudit::cli
