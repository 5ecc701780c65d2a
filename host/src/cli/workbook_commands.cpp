#include "sgaudit/cli/workbook_commands.hpp"

#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

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
#include "sgaudit/workbook/judgement_document.hpp"

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
        if (request.run.empty()) return run::plugin_forms(call, db, request, out);
        EarlierRuns followed;
        if (Status st = read_followed_run(setup, request.run, followed); !st) return st;
        call.followed = &followed;
        FormRequest resolved = request;
        resolved.run = followed.runs.front().run_id;  // "latest" names one run in the workbook's marker
        return run::plugin_forms(call, db, resolved, out);
    }
    const run::PluginRun& record() const { return plan_.plugins.front().record; }
    const run::PlannedPlugin& planned() const { return plan_.plugins.front(); }
    const WorkingCalendar& calendar() const { return plan_.calendars.at(planned().record.ruleset.calendar); }

private:
    // The stored run a workbook follows, with this plugin's results, from the run history.
    Status read_followed_run(const FormsSetup& setup, const std::string& ref, EarlierRuns& out) const {
        if (!setup.run_history) return Status::error("--run needs a run history (--history)");
        std::string err;
        auto store = history::HistoryStore::open(*setup.run_history, history::HistoryStore::Mode::existing, err);
        if (!store) return Status::error("cannot read the run history at " + setup.run_history->display + ": " + err);
        EarlierRun run;
        if (Status st = store->run_of(ref, record().name, run); !st) return Status::error("--run " + ref + ": " + st.message());
        out.available = true;
        out.runs.push_back(std::move(run));
        return Status::ok();
    }

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

// Keeps judgement workbooks in the run history, each with the run it follows.
Status keep_judgements(const FormsSetup& setup, const std::vector<workbook::CollectedJudgement>& list) {
    if (!setup.run_history) return Status::error("judgements about a run are kept in the run history: give --history");
    std::string err;
    // The run each follows was read from this history when the workbook was checked: it is there.
    // Opened as for storing, so a history from before judgements were kept gets their table.
    auto store = history::HistoryStore::open(*setup.run_history, history::HistoryStore::Mode::create, err);
    if (!store) return Status::error("cannot open the run history at " + setup.run_history->display + ": " + err);
    std::vector<history::JudgementRecord> records;
    for (const auto& j : list) {
        nlohmann::json marker = nlohmann::json::array();
        for (const auto& [k, v] : j.marker) marker.push_back({k, v});
        history::JudgementRecord r;
        r.run_id = j.run;
        r.plugin = j.plugin;
        r.form = j.form;
        r.marker = marker.dump();
        r.file_name = j.file.filename().string();
        r.file_sha256 = j.sha256;
        r.collected_at = util::now_iso();
        r.collected_by = util::os_user();
        r.collected_on = setup.as_of.iso();
        r.document = j.document;
        records.push_back(std::move(r));
    }
    if (Status st = store->record_judgements(records); !st)
        return Status::error("cannot keep the judgements in the run history at " + setup.run_history->display + ": " + st.message());
    return Status::ok();
}

// One judgement as the history keeps it, read for the plugin.
Status judgement_of(const history::JudgementRecord& j, Judgement& out) {
    const std::string which = "judgement " + std::to_string(j.seq) + " about run " + j.run_id;
    out.form = j.form;
    try {
        for (const auto& kv : nlohmann::json::parse(j.marker)) out.marker.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    } catch (const std::exception&) {
        return Status::error(which + " is damaged");
    }
    out.file_name = j.file_name;
    out.file_sha256 = j.file_sha256;
    out.collected_at = j.collected_at;
    out.collected_by = j.collected_by;
    auto on = Date::parse(j.collected_on);
    if (!on) return Status::error(which + " has no collection date");
    out.collected_on = *on;
    if (Status st = workbook::judged_sheets(j.document, out.sheets); !st) return Status::error(which + ": " + st.message());
    return Status::ok();
}

// The latest collection of each workbook (same form and marker), in the order collected.
Status latest_judgements(const std::vector<const history::JudgementRecord*>& mine, RunReview& review) {
    std::map<std::string, const history::JudgementRecord*> latest;  // form and marker -> the last collected
    for (const auto* j : mine) {
        auto [it, fresh] = latest.insert_or_assign(j->form + "\x1f" + j->marker, j);
        if (!fresh) ++review.superseded;
    }
    for (const auto* j : mine) {
        if (latest[j->form + "\x1f" + j->marker] != j) continue;
        Judgement out;
        if (Status st = judgement_of(*j, out); !st) return st;
        review.judgements.push_back(std::move(out));
    }
    return Status::ok();
}

}  // namespace

Status review_stored_run(const FormsSetup& base, history::HistoryStore& store, const std::string& run_id,
                         std::map<std::string, std::vector<ReportSection>>& out, std::vector<std::string>& notes) {
    std::vector<history::JudgementRecord> all;
    if (Status st = store.judgements_of(run_id, all); !st) return st;
    std::map<std::string, std::vector<const history::JudgementRecord*>> by_plugin;
    for (const auto& j : all) by_plugin[j.plugin].push_back(&j);
    for (const auto& [plugin, mine] : by_plugin) {
        RunReview review;
        if (Status st = store.run_of(run_id, plugin, review.run); !st) return st;
        if (Status st = latest_judgements(mine, review); !st) return st;
        FormsSetup setup{base.discovery, base.rule_dirs, base.source, base.rule_files, base.sets, review.run.as_of, std::nullopt, std::nullopt};
        auto p = FormsPlugin::plan(setup, plugin);
        if (!p) return Status::error("plugin '" + plugin + "' cannot review the judgements about run " + run_id + " (see above)");
        const auto& planned = p->planned();
        run::FormsCall call{planned, p->calendar(), review.run.as_of, Period{review.run.as_of, review.run.as_of}};
        if (Status st = run::plugin_review(call, review, out[plugin]); !st) return st;
        notes.push_back(plugin + ": " + std::to_string(review.judgements.size()) + " workbook(s) of judgements reviewed" +
                        (review.superseded ? " (" + std::to_string(review.superseded) + " earlier collection(s) of the same "
                                             "workbooks kept in the history, superseded)" : std::string()));
    }
    return Status::ok();
}

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
    if (Status st = util::make_report_folder(dir); !st) {
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
    if (setup.history) rules += " --history " + setup.history->display;  // where the run they follow is
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
    workbook::CollectOptions opt{args.round, args.dry_run, util::os_user(), util::now_iso(), setup.as_of.iso(), {}};
    bool judgements = false;
    opt.keep_judgements = [&](const std::vector<workbook::CollectedJudgement>& list) {
        judgements = true;
        return keep_judgements(setup, list);
    };
    std::vector<fs::path> files(args.files.begin(), args.files.end());
    auto outcome = workbook::collect_workbooks(files, forms, *db, opt);
    for (const auto& e : outcome.errors) std::cerr << e << "\n";
    if (!outcome.errors.empty()) {
        std::cerr << "error: " << outcome.errors.size() << " problem(s) in the workbooks above; nothing was collected from any "
                  << "of them. Correct what is named above (a cell, a file, or the options: --rules, --source), then collect them all again.\n";
        return kExitUsage;
    }
    for (const auto& line : outcome.collected) std::cout << line << "\n";
    if (judgements) {
        std::cout << "Kept " << files.size() << " workbook(s) of judgements in the run history at " << setup.run_history->display
                  << ", each with the run it follows (`sgaudit history verify` covers them; `sgaudit report RUN` shows them).\n";
        return kExitOk;
    }
    if (!args.dry_run && setup.history && !record_in_history(*setup.history, setup.source, outcome)) return kExitUsage;
    if (args.dry_run) std::cout << "Checked " << files.size() << " workbook(s): every cell is sound. Nothing was written (--dry-run).\n";
    else std::cout << "Collected " << files.size() << " workbook(s) into " << setup.source.display
                   << " (recorded in sga_collections with who, when and each file's SHA-256).\n";
    return kExitOk;
}

}  // namespace sgaudit::cli
