#include "sgaudit/cli/workbook_commands.hpp"

#include <iostream>
#include <map>
#include <set>

#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"
#include "sgaudit/run/plugin_forms.hpp"
#include "sgaudit/util/os_user.hpp"
#include "sgaudit/util/private_file.hpp"
#include "sgaudit/util/utc_time.hpp"
#include "sgaudit/workbook/form_collect.hpp"
#include "sgaudit/workbook/form_writer.hpp"

namespace sgaudit::cli {

namespace fs = std::filesystem;

namespace {

void print_diagnostics(const rules::Diagnostics& d) {
    for (const auto& item : d.items()) std::cerr << item.to_string() << "\n";
}

// One plugin with its effective rule set and calendar, as `run` would use them.
class FormsPlugin {
public:
    // Nothing, with the problem printed, when the plugin or its rule set cannot be used.
    static std::unique_ptr<FormsPlugin> plan(const FormsSetup& setup, const std::string& name) {
        std::string err;
        auto selected = run::select_plugins(setup.discovery, {name}, err);
        if (!selected) {
            std::cerr << "error: " << err << "\n";
            return nullptr;
        }
        run::RunOptions o;
        o.plugins = {name};
        o.rule_files.assign(setup.rule_files.begin(), setup.rule_files.end());
        o.sets = setup.sets;
        o.rule_dirs = setup.rule_dirs;
        o.as_of = setup.as_of;
        rules::Diagnostics diags;
        auto p = std::make_unique<FormsPlugin>();
        p->plan_ = run::plan_run(*selected, o, diags);
        print_diagnostics(diags);
        if (diags.has_errors()) {
            std::cerr << "error: the rule files above have problems; nothing was done. `sgaudit rules check FILE` checks one.\n";
            return nullptr;
        }
        // A plugin whose rule sets are packs plans a run per pack: a workbook is one pack's.
        if (p->plan_.plugins.size() > 1) {
            std::string packs;
            for (const auto& pp : p->plan_.plugins) packs += (packs.empty() ? "" : ", ") + pp.record.ruleset.id;
            std::cerr << "error: plugin '" << name << "' has no default rule set and runs once per pack (found: " << packs
                      << "): name one of its packs with --rules\n";
            return nullptr;
        }
        const auto& record = p->plan_.plugins.front().record;
        if (record.status != run::PluginStatus::ok) {
            std::cerr << "error: " << record.error << "\n";
            return nullptr;
        }
        return p;
    }

    Status forms(const FormsSetup& setup, data::Database& db, const FormRequest& request, std::vector<Form>& out) const {
        const auto& planned = plan_.plugins.front();
        run::FormsCall call{planned, plan_.calendars.at(planned.record.ruleset.calendar), setup.as_of,
                            Period{setup.as_of, setup.as_of}};
        return run::plugin_forms(call, db, request, out);
    }
    const run::PluginRun& record() const { return plan_.plugins.front().record; }

private:
    run::RunPlan plan_;
};

std::unique_ptr<data::Database> open_source(const data::SourceSpec& src, data::Access access) {
    std::string err;
    auto db = data::Database::open(src, access, err);
    if (!db) std::cerr << "error: " << err << "\n";
    return db;
}

// Files already in the folder are never overwritten silently: one may be half filled in.
bool files_free(const fs::path& dir, const std::vector<Form>& forms, bool replace) {
    if (replace) return true;
    bool free = true;
    for (const auto& f : forms) {
        std::error_code ec;
        fs::path file = dir / (f.file + ".xlsx");
        if (fs::exists(fs::symlink_status(file, ec))) {
            std::cerr << "error: " << file.string() << " already exists (it may be being filled in)\n";
            free = false;
        }
    }
    if (!free) std::cerr << "Nothing was written: choose another --out folder, or add --replace to write over them.\n";
    return free;
}

// The collection, also in the run history (--history): an audit trail kept apart from the data.
bool record_in_history(const data::SourceSpec& where, const data::SourceSpec& source, const workbook::CollectOutcome& outcome) {
    std::string err;
    auto store = history::HistoryStore::open(where, history::HistoryStore::Mode::create, err);
    std::vector<history::CollectionRecord> records;
    for (const auto& f : outcome.files)
        records.push_back({util::now_iso(), util::os_user(), source.display, f.file.filename().string(), f.sha256, f.plugin, f.form,
                           f.marker, f.rows});
    Status st = store ? store->record_collections(records) : Status::error(err);
    if (!st) {
        std::cerr << "error: the workbooks above WERE collected into " << source.display << " (sga_collections records them), "
                  << "but not recorded in the run history at " << where.display << ": " << st.message() << "\n";
        return false;
    }
    std::cout << "Recorded in the run history at " << where.display << ".\n";
    return true;
}

}  // namespace

int cmd_workbook(const FormsSetup& setup, const WorkbookArgs& args) {
    if (args.out.empty()) {
        std::cerr << "error: say where the workbooks go with --out DIR\n";
        return kExitUsage;
    }
    auto plugin = FormsPlugin::plan(setup, args.plugin);
    if (!plugin) return kExitUsage;
    auto db = open_source(setup.source, data::Access::read_only);
    if (!db) return kExitUsage;
    std::vector<Form> forms;
    if (Status st = plugin->forms(setup, *db, FormRequest{args.round, args.run, {}}, forms); !st) {
        std::cerr << "error: " << st.message() << "\n";
        return kExitUsage;
    }
    if (forms.empty()) {
        std::cerr << "error: plugin '" << args.plugin << "' has no workbooks to write for this request (nothing in the data "
                  << "to fill in)\n";
        return kExitUsage;
    }
    fs::path dir = args.out;
    if (Status st = util::make_private_directories(dir); !st) {
        std::cerr << "error: " << st.message() << "\n";
        return kExitUsage;
    }
    if (!files_free(dir, forms, args.replace)) return kExitUsage;
    const auto& rec = plugin->record();
    // The marker names the plugin itself ("stocktake"), not its run's name ("stocktake/laming-2009"):
    // collect finds the plugin by it, and the pack by what the marker says it is for.
    workbook::FormStamp stamp{rules::plugin_of_run(rec.name), rec.version, rec.ruleset.id + " " + rec.ruleset.version, util::now_iso()};
    for (const auto& f : forms) {
        fs::path file = dir / (f.file + ".xlsx");
        if (Status st = workbook::write_form_workbook(f, stamp, file); !st) {
            std::cerr << "error: " << st.message() << "\n";
            return kExitUsage;
        }
        std::cout << "Workbook written to " << file.string() << "  (" << f.title << ")\n";
    }
    // The same rule files collect needs to describe the forms again (a pack, for the stocktake).
    std::string rules;
    for (const auto& f : setup.rule_files) rules += " --rules " + f;
    std::cout << forms.size() << " workbook(s) for " << rec.name << " in " << dir.string()
              << ". Send each to be filled in; collect the completed ones with\n  sgaudit collect FILE..." << rules << " --source "
              << setup.source.display << " --dry-run   (checks every cell, writes nothing)\n  sgaudit collect FILE..." << rules
              << " --source " << setup.source.display << "             (writes them, all or nothing)\n";
    return kExitOk;
}

int cmd_collect(const FormsSetup& setup, const CollectArgs& args) {
    auto db = open_source(setup.source, args.dry_run ? data::Access::read_only : data::Access::read_write);
    if (!db) return kExitUsage;
    std::map<std::string, std::unique_ptr<FormsPlugin>> plugins;
    workbook::FormSource forms = [&](const std::string& plugin, const FormRequest& request, std::vector<Form>& out) -> Status {
        auto& p = plugins[plugin];
        if (!p) p = FormsPlugin::plan(setup, plugin);
        if (!p) return Status::error("plugin '" + plugin + "' cannot be used (see above)");
        return p->forms(setup, *db, request, out);
    };
    workbook::CollectOptions opt{args.round, args.dry_run, util::os_user(), util::now_iso(), setup.as_of.iso()};
    std::vector<fs::path> files(args.files.begin(), args.files.end());
    auto outcome = workbook::collect_workbooks(files, forms, *db, opt);
    for (const auto& e : outcome.errors) std::cerr << e << "\n";
    if (!outcome.errors.empty()) {
        std::cerr << "error: " << outcome.errors.size() << " problem(s) in the workbooks above; nothing was collected from any "
                  << "of them. Correct what is named above (a cell, a file, or the options: --rules, --source), then collect them all again.\n";
        return kExitUsage;
    }
    for (const auto& line : outcome.collected) std::cout << line << "\n";
    if (!args.dry_run && setup.history && !record_in_history(*setup.history, setup.source, outcome)) return kExitUsage;
    if (args.dry_run) std::cout << "Checked " << files.size() << " workbook(s): every cell is sound. Nothing was written (--dry-run).\n";
    else std::cout << "Collected " << files.size() << " workbook(s) into " << setup.source.display
                   << " (recorded in sga_collections with who, when and each file's SHA-256).\n";
    return kExitOk;
}

}  // namespace sgaudit::cli
