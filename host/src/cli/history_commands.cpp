#include "sgaudit/cli/history_commands.hpp"

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sgaudit/cli/cli_output.hpp"
#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/history/run_diff.hpp"
#include "sgaudit/report/report_set.hpp"
#include "sgaudit/util/os_user.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;

std::optional<data::SourceSpec> history_location(const std::string& arg, const config::Config& cfg) {
    std::string where = arg;
    if (where.empty())
        if (const char* env = std::getenv("SGAUDIT_HISTORY"); env && *env) where = env;
    if (where.empty()) where = cfg.history;
    if (where.empty()) where = "sgaudit-history.db";
    // A plain file name is a SQLite history.
    if (where.rfind("sqlite:", 0) != 0 && where.rfind("postgresql://", 0) != 0 && where.rfind("postgres://", 0) != 0)
        where = "sqlite:" + where;
    auto parsed = data::parse_source(where);
    if (auto* err = std::get_if<std::string>(&parsed)) {
        std::cerr << "error: --history: " << *err << "\n";
        return std::nullopt;
    }
    return std::get<data::SourceSpec>(parsed);
}

namespace {

// Reading commands never create a history where there was none.
std::unique_ptr<history::HistoryStore> open_existing(const config::Config& cfg, const std::string& arg,
                                                     history::HistoryStore::Mode mode = history::HistoryStore::Mode::existing) {
    auto spec = history_location(arg, cfg);
    if (!spec) return nullptr;
    if (spec->backend == data::Backend::sqlite && !fs::exists(spec->path)) {
        std::cerr << "error: there is no run history at " << spec->path << ": `sgaudit run` stores runs there, or point "
                  << "--history (or SGAUDIT_HISTORY, or `history` in sgaudit.toml) at the history you mean; the demo keeps "
                  << "its own in sgaudit-demo/history.db\n";
        return nullptr;
    }
    std::string err;
    auto store = history::HistoryStore::open(*spec, mode, err);
    if (!store) std::cerr << "error: " << err << "\n";
    return store;
}

std::string counts_text(std::int64_t pass, std::int64_t fail, std::int64_t na, std::int64_t waived, std::int64_t error) {
    std::ostringstream s;
    s << pass << " pass, " << fail << " fail, " << na << " n/a, " << waived << " waived, " << error << " error";
    return s.str();
}

// What each run covers, in words: its filters, and its data too when the runs listed read more
// than one data source. A run whose scope cannot be read (a damaged document) says so.
std::vector<std::string> scope_column(history::HistoryStore& store, const std::vector<history::RunSummary>& runs,
                                      std::string& one_source) {
    std::set<std::string> sources;
    for (const auto& r : runs) sources.insert(r.source);
    one_source = sources.size() == 1 ? *sources.begin() : "";
    std::vector<std::string> out;
    for (const auto& r : runs) {
        history::RunScope scope;
        if (!store.scope_of(r, scope)) out.push_back("unknown (its document is damaged)");
        else out.push_back(one_source.empty() ? history::scope_text(scope) : history::filters_text(scope.area, scope.team));
    }
    return out;
}

// `history list --format json`: the history, how many runs it holds, and each run listed
// (the newest --limit, oldest first), for scripts.
void list_json(history::HistoryStore& store, const std::vector<history::RunSummary>& runs, std::size_t stored) {
    nlohmann::json out{{"history", store.spec().display}, {"runs_stored", stored}, {"runs", nlohmann::json::array()}};
    for (const auto& r : runs) {
        history::RunScope scope;
        const bool known = store.scope_of(r, scope).is_ok();
        auto or_null = [&](const std::string& s) { return known && !s.empty() ? nlohmann::json(s) : nlohmann::json(); };
        out["runs"].push_back({{"id", r.id},
                               {"as_of", r.as_of},
                               {"audit", r.audit},
                               {"status", r.status},
                               {"started_at", r.started_at},
                               {"finished_at", r.finished_at},
                               {"recorded_at", r.recorded_at},
                               {"operator", r.operator_name},
                               {"tool_version", r.tool_version},
                               {"source", r.source},
                               {"area", or_null(scope.area)},
                               {"team", or_null(scope.team)},
                               {"scope_readable", known},
                               {"results_listed", r.results_mode},
                               {"totals",
                                {{"pass", r.pass}, {"fail", r.fail}, {"not_applicable", r.not_applicable}, {"waived", r.waived}, {"error", r.error}}},
                               {"chain_sha256", r.chain_sha256}});
    }
    std::cout << out.dump(2) << "\n";
}

}  // namespace

int cmd_history_list(const config::Config& cfg, const HistoryArgs& a) {
    if (a.format != "text" && a.format != "json") {
        std::cerr << "error: --format must be text or json\n";
        return kExitUsage;
    }
    auto store = open_existing(cfg, a.history);
    if (!store) return kExitUsage;
    std::vector<history::RunSummary> runs;
    if (failed(store->list(runs))) return kExitUsage;
    const std::size_t stored = runs.size();
    if (a.limit && runs.size() > a.limit) runs.erase(runs.begin(), runs.end() - static_cast<std::ptrdiff_t>(a.limit));
    if (a.format == "json") {
        list_json(*store, runs, stored);
        return kExitOk;
    }
    std::cout << "Run history at " << store->spec().display << ": " << stored << " run(s)\n";
    if (runs.empty()) return kExitOk;
    std::string one_source;
    auto scopes = scope_column(*store, runs, one_source);
    if (!one_source.empty()) std::cout << "Data of every run listed: " << one_source << "\n";
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        rows.push_back({r.id, r.as_of, r.audit, r.status, r.started_at, r.operator_name, scopes[i],
                        counts_text(r.pass, r.fail, r.not_applicable, r.waived, r.error) +
                            (r.results_mode == "failures" ? " (failures listed only)" : "")});
    }
    std::cout << "\n";
    print_columns(std::cout, {"RUN", "AS OF", "AUDIT", "STATUS", "STARTED", "BY", "SCOPE", "RESULTS"}, rows);
    return kExitOk;
}

int cmd_history_show(const config::Config& cfg, const HistoryArgs& a) {
    auto store = open_existing(cfg, a.history);
    if (!store) return kExitUsage;
    // Its results are read once, to check them against the run's hash and count its waivers.
    history::StoredRun stored;
    std::size_t waived = 0;
    if (failed(store->in_snapshot([&]() -> Status {
            if (auto st = store->open_run(a.run, stored, false); !st) return st;
            return store->check_run(stored, waived);
        })))
        return kExitUsage;
    const history::RunSummary& s = stored.row;
    const run::RunResult& run = stored.run;
    std::cout << "Run " << run.id << " (" << s.status << ")\n"
              << "  audit date     " << run.as_of.iso() << ", period " << run.period.start.iso() << " to " << run.period.end.iso() << "\n"
              << "  data           " << run.source << "\n";
    if (!run.area_filter.empty()) std::cout << "  area           " << run.area_filter << "\n";
    if (!run.team_filter.empty()) std::cout << "  team           " << run.team_filter << "\n";
    std::cout << "  started        " << run.started_at << ", finished " << run.finished_at << ", stored " << s.recorded_at << "\n"
              << "  by             " << run.operator_name << " on " << run.host_name << ", sgaudit " << run.tool_version << "\n"
              << "  results        " << counts_text(s.pass, s.fail, s.not_applicable, s.waived, s.error)
              << (run.failures_only ? "\n                 (--results failures: passes are kept as counts per rule, area and team, "
                                      "not as results)" : "") << "\n"
              << "  seed           " << run.seed << "\n";
    for (const auto& w : run.waiver_files) std::cout << "  waiver file    " << w << "\n";
    std::cout << "  waivers used   " << waived << "\n\nPlugins:\n";
    for (const auto& p : run.plugins) {
        std::cout << "  " << p.name << " " << p.version << ": " << run::to_string(p.status) << (p.error.empty() ? "" : " - " + p.error) << "\n";
        if (!p.has_ruleset) continue;
        std::cout << "    rule set " << p.ruleset.id << " " << p.ruleset.version << "\n";
        for (const auto& f : p.ruleset.files) std::cout << "    file " << f.path << "  sha256 " << f.sha256 << "\n";
        if (!p.calendar_file.empty()) std::cout << "    calendar " << p.calendar_file << "  sha256 " << p.calendar_sha256 << "\n";
        for (const auto& o : p.ruleset.overrides) std::cout << "    --set " << o << "\n";
        for (const auto& [name, prm] : p.ruleset.parameters)
            std::cout << "    " << name << " = " << prm.value.to_string() << "  [" << prm.defined_at.to_string() << "]\n";
    }
    std::cout << "\nRules:\n";
    std::size_t width = 0;
    for (const auto& c : run.rule_summary) width = std::max(width, c.rule.size());
    for (const auto& c : run.rule_summary)
        std::cout << "  " << std::left << std::setw(static_cast<int>(width + 2)) << c.rule << std::setw(10) << to_string(c.severity)
                  << counts_text(static_cast<std::int64_t>(c.pass), static_cast<std::int64_t>(c.fail),
                                 static_cast<std::int64_t>(c.not_applicable), static_cast<std::int64_t>(c.waived),
                                 static_cast<std::int64_t>(c.error)) << "\n";
    std::cout << "\nContent sha256 " << s.content_sha256 << " (checked: the run is as it was stored)\nChain sha256   "
              << s.chain_sha256 << " (as stored; `sgaudit history verify` checks the chain and prints the head to record)\n";
    return kExitOk;
}

namespace {

// The latest run of the same audit (and, unless --across-scopes, the same scope) stored before
// `later`; prints why there is none.
bool previous_run(history::HistoryStore& store, const HistoryArgs& a, const history::RunSummary& later,
                  history::RunSummary& earlier) {
    std::vector<history::RunSummary> runs;
    if (failed(store.list(runs))) return false;
    history::RunScope want, scope;
    if (failed(store.scope_of(later, want))) return false;
    bool other_scopes = false;
    for (auto r = runs.rbegin(); r != runs.rend(); ++r) {
        if (r->chain_seq >= later.chain_seq || r->audit != later.audit) continue;
        if (failed(store.scope_of(*r, scope))) return false;
        if (a.across_scopes || scope == want) {
            earlier = *r;
            return true;
        }
        other_scopes = true;
    }
    std::cerr << "error: run " << later.id << " (" << later.audit << ") has no earlier run of the same audit"
              << (other_scopes ? " and scope (" + history::scope_text(want) + "); the earlier runs of this audit cover other "
                                 "scopes (`sgaudit history` lists them)"
                               : std::string())
              << " to compare with; name two runs: sgaudit history diff EARLIER LATER"
              << (other_scopes ? ", with --across-scopes to compare across scopes" : "") << "\n";
    return false;
}

// The runs to compare: A and B as named (B by default the latest), or the latest and the run
// before it of the same audit. Checked on the run rows, before reading two runs' results.
bool runs_to_compare(history::HistoryStore& store, const HistoryArgs& a, history::RunSummary& earlier,
                     history::RunSummary& later) {
    if (failed(store.resolve(a.other.empty() ? "latest" : a.other, later))) return false;
    if (a.run.empty() ? !previous_run(store, a, later, earlier) : failed(store.resolve(a.run, earlier))) return false;
    if (earlier.id == later.id) {
        std::cerr << "error: both name run " << later.id << "; name two different runs\n";
        return false;
    }
    auto plugins_of = [](const std::string& audit) {
        std::set<std::string> out;
        std::stringstream ss(audit);
        for (std::string p; std::getline(ss, p, '+');) out.insert(p);
        return out;
    };
    auto pa = plugins_of(earlier.audit), pb = plugins_of(later.audit);
    if (std::none_of(pa.begin(), pa.end(), [&](const std::string& p) { return pb.count(p) > 0; })) {
        std::cerr << "error: runs " << earlier.id << " (" << earlier.audit << ") and " << later.id << " (" << later.audit
                  << ") have no plugin in common, so they are not runs of the same audit\n";
        return false;
    }
    return true;
}

// Runs of different scope (data, --area or --team) are compared only when asked: a subject
// outside one of them would otherwise read as resolved or new.
bool same_scope_or_asked(history::HistoryStore& store, const HistoryArgs& a, const history::RunSummary& earlier,
                         const history::RunSummary& later) {
    history::RunScope was, now;
    if (failed(store.scope_of(earlier, was)) || failed(store.scope_of(later, now))) return false;
    if (was == now || a.across_scopes) return true;
    std::cerr << "error: runs " << earlier.id << " and " << later.id << " cover different scopes, so a subject outside one "
              << "of them would read as leaving or joining the audit rather than as a change in practice:\n"
              << "  earlier run " << earlier.id << ": " << history::scope_text(was) << "\n"
              << "  later run   " << later.id << ": " << history::scope_text(now) << "\n"
              << "Compare two runs of the same scope (`sgaudit history` lists each run's scope), or add --across-scopes "
              << "to compare these two anyway.\n";
    return false;
}

}  // namespace

int cmd_history_diff(const config::Config& cfg, const HistoryArgs& a) {
    if (a.format != "text" && a.format != "json") {
        std::cerr << "error: --format must be text or json\n";
        return kExitUsage;
    }
    auto store = open_existing(cfg, a.history);
    if (!store) return kExitUsage;
    history::RunSummary later, earlier;
    if (!runs_to_compare(*store, a, earlier, later) || !same_scope_or_asked(*store, a, earlier, later)) return kExitUsage;
    if (earlier.chain_seq > later.chain_seq)
        std::cerr << "warning: run " << earlier.id << " was stored after " << later.id << ", so this shows the change "
                  << "going back in time; swap them for the usual order (earlier first)\n";
    // Both runs checked against their hashes, then read side by side in subject order.
    history::StoredRun before, after;
    history::RunDiff d;
    std::size_t waived = 0;
    Status st = store->in_snapshot([&]() -> Status {
        for (auto [ref, run] : {std::pair{&earlier.id, &before}, std::pair{&later.id, &after}}) {
            if (auto o = store->open_run(*ref, *run, false); !o) return o;
            if (auto c = store->check_run(*run, waived); !c) return c;
        }
        auto was = store->by_subject(before), now = store->by_subject(after);
        return history::diff_runs(before.run, *was, after.run, *now, d);
    });
    if (failed(st)) return kExitUsage;
    if (a.format == "json") history::write_diff_json(d, before.run, after.run, std::cout);
    else history::write_diff_text(d, before.run, after.run, std::cout);
    return kExitOk;
}

int cmd_history_verify(const config::Config& cfg, const HistoryArgs& a) {
    // A mistyped hash is the user's slip, not evidence of tampering.
    if (!a.expect.empty() && (a.expect.size() != 64 || a.expect.find_first_not_of("0123456789abcdef") != std::string::npos)) {
        std::cerr << "error: --expect takes a whole chain head: 64 hexadecimal digits (0-9, a-f), as `sgaudit history verify` "
                  << "prints it; '" << a.expect << "' is not one\n";
        return kExitUsage;
    }
    auto store = open_existing(cfg, a.history);
    if (!store) return kExitUsage;
    history::VerifyReport v;
    if (failed(store->verify(v))) return kExitUsage;
    if (v.checkpoint)
        std::cout << "Checkpoint: " << v.checkpoint->runs_removed << " run(s) started before " << v.checkpoint->pruned_before
                  << " were pruned on " << v.checkpoint->created_at << " by " << v.checkpoint->recorded_by << "; the chain "
                  << "continues from run " << v.checkpoint->last_run_id << "\n";
    if (!v.ok()) {
        if (!v.first_bad_run.empty())
            std::cout << "NOT VERIFIED: run " << v.first_bad_run << " is the first that no longer matches: " << v.problem << ".\n";
        else
            std::cout << "NOT VERIFIED: " << v.problem << ".\n";
        std::cout << "Runs before it in the chain verified: " << (v.runs_checked ? v.runs_checked - (v.first_bad_run.empty() ? 0 : 1) : 0) << ".\n"
                  << "Keep this history as it is and tell whoever is responsible for information governance.\n";
        return kExitFindings;
    }
    std::cout << "Verified: " << v.runs_checked << " run(s), every one unchanged and in an unbroken chain";
    if (v.judgements_checked) std::cout << "; and " << v.judgements_checked << " workbook(s) of judgements about them, unchanged";
    std::cout << ".\n";
    if (!v.head_sha256.empty())
        std::cout << "Chain head: " << v.head_sha256 << (v.head_run.empty() ? "" : " (run " + v.head_run + ")") << "\n"
                  << "Record the chain head (e.g. in the board papers); `sgaudit history verify --expect HASH` later shows "
                  << "that nothing up to it was rewritten.\n";
    if (!v.judgement_heads.empty())
        std::cout << "Judgements head: " << v.judgement_heads.back() << " (after " << v.judgement_heads.size() << " workbook(s) of "
                  << "judgements)\nRecord it too: `sgaudit history verify --expect HASH` with it later shows that no judgement "
                  << "collected up to it (a case audit's grades) was changed or removed.\n";
    if (!a.expect.empty()) {
        std::vector<history::RunSummary> runs;
        if (failed(store->list(runs))) return kExitUsage;
        for (const auto& r : runs)
            if (r.chain_sha256 == a.expect) {
                std::cout << "Expected head found: run " << r.id << " still carries " << a.expect << ".\n";
                return kExitOk;
            }
        for (const auto& h : v.judgement_heads)
            if (h == a.expect) {
                std::cout << "Expected judgements head found: no judgement collected up to it was changed or removed.\n";
                return kExitOk;
            }
        if (v.checkpoint && v.checkpoint->chain_sha256 == a.expect) {
            std::cout << "Expected head found: it is the pruning checkpoint's link (the run itself was pruned).\n";
            return kExitOk;
        }
        std::cout << "NOT VERIFIED: no stored run carries the expected chain head " << a.expect << ": the history was "
                  << "rewritten after it was recorded, or the run was pruned before the last checkpoint.\n";
        return kExitFindings;
    }
    return kExitOk;
}

int cmd_history_prune(const config::Config& cfg, const HistoryArgs& a) {
    auto d = Date::parse(a.before);
    if (!d || a.before.size() != 10) {
        std::cerr << "error: --before '" << a.before << "' is not a date; write YYYY-MM-DD, e.g. 2009-04-01\n";
        return kExitUsage;
    }
    auto store = open_existing(cfg, a.history, history::HistoryStore::Mode::maintain);
    if (!store) return kExitUsage;
    history::PruneReport p;
    if (failed(store->prune(a.before, util::os_user(), a.dry_run, p))) return kExitUsage;
    if (p.removed == 0) {
        std::cout << "No runs to prune: none started before " << a.before << " except the newest, which is always kept ("
                  << p.kept << " kept).\n";
        return kExitOk;
    }
    if (a.dry_run) {
        std::cout << "Would prune " << p.removed << " run(s) started before " << a.before << " and keep " << p.kept << ":\n";
        for (const auto& id : p.removed_runs) std::cout << "  " << id << "\n";
        std::cout << "Nothing was changed (--dry-run).\n";
        return kExitOk;
    }
    std::cout << "Pruned " << p.removed << " run(s) started before " << a.before << "; " << p.kept << " kept.\n"
              << "Checkpoint recorded: the chain continues from run " << p.checkpoint->last_run_id << " ("
              << p.checkpoint->chain_sha256 << "), so `sgaudit history verify` still checks every run kept.\n";
    return kExitOk;
}

// A run id only names a folder when it looks like one sgaudit makes: a history is a file anyone
// with access could have written, and an id like ../.. must not place reports.
static bool plain_id(const std::string& id) {
    return !id.empty() && id[0] != '.' &&
           id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos;
}

// Pseudonymised: every identifier of the run's case data (--source, else the source the run
// recorded) and every one its results are about is learnt first, so that a message, an
// explanation or a waiver naming another record is pseudonymised too. Without the case data that
// cannot be promised, so the report is refused.
static Status learn_for_report(history::HistoryStore& store, const history::StoredRun& stored, const std::string& source,
                               report::Pseudonyms& p) {
    const std::string where = source.empty() ? stored.run.source : source;
    auto spec = data::parse_source(where);
    Status st = std::holds_alternative<data::SourceSpec>(spec) ? report::learn_case_identifiers(std::get<data::SourceSpec>(spec), p)
                                                               : Status::error(std::get<std::string>(spec));
    if (!st)
        return Status::error("--pseudonymise needs the run's case data to learn every identifier it could name, and " + where +
                             " could not be read (" + st.message() + "): give it with --source");
    if (auto read = store.read_results(stored, [&](Result&& r) {
            p.learn(r);
            return Status::ok();
        });
        !read)
        return read;
    return report::check_pseudonymisable(p);
}

int cmd_report(const config::Config& cfg, const HistoryArgs& a, const std::vector<fs::path>& template_dirs, const RunReviewer& reviewer) {
    std::vector<std::string> formats = report::parse_formats(a.formats.empty() ? std::string("html,json") : a.formats);
    report::Templates templates;
    if (failed(report::prepare_formats(formats, template_dirs, templates))) return kExitUsage;
    if (!reports_can_go_to(report_place(a.out, cfg), "Nothing was written.")) return kExitUsage;
    auto store = open_existing(cfg, a.history);
    if (!store) return kExitUsage;
    // Judgements kept about the run (a case audit's grades) add their plugins' review sections.
    history::RunSummary named;
    std::map<std::string, std::vector<ReportSection>> reviewed;
    std::vector<std::string> review_notes;
    if (failed(store->resolve(a.run, named)) || failed(reviewer(*store, named.id, reviewed, review_notes))) return kExitUsage;
    // The stored results flow through the same writers as a new run's, as they are read.
    history::StoredRun stored;
    report::ReportSet reports(formats, templates, [&](const std::string& id) { return report_dir(a.out, cfg, id); });
    std::optional<report::Pseudonyms> pseudonyms;
    if (!a.pseudonymise.empty()) {
        std::string error;
        if (pseudonyms = report::Pseudonyms::from_key_file(a.pseudonymise, error); !pseudonyms) {
            std::cerr << "error: " << error << ". Nothing was written.\n";
            return kExitUsage;
        }
        reports.pseudonymise(&*pseudonyms);
    }
    Status st = store->in_snapshot([&]() -> Status {
        if (auto o = store->open_run(a.run, stored); !o) return o;
        if (pseudonyms)
            if (auto l = learn_for_report(*store, stored, a.source, *pseudonyms); !l) return l;
        if (a.out.empty() && !plain_id(stored.run.id))
            return Status::error("run id '" + stored.run.id + "' cannot name a folder; give one with --out");
        for (auto& p : stored.run.plugins)
            if (auto it = reviewed.find(p.name); it != reviewed.end())
                p.sections.insert(p.sections.begin(), it->second.begin(), it->second.end());  // before the run's own: what to do first
        if (auto b = reports.begin(stored.run); !b) return b;
        return store->read_results(stored, [&](Result&& r) {
            reports.take(std::move(r));
            return Status::ok();
        });
    });
    // A run that no longer matches its hash leaves no report (the writers are abandoned).
    if (failed(st)) return kExitUsage;
    if (!finish_and_list_reports(reports, stored.run)) return kExitUsage;
    std::cout << "  run " << stored.run.id << " as of " << stored.run.as_of.iso() << ", re-rendered from " << store->spec().display << "\n";
    for (const auto& note : review_notes) std::cout << "  with the judgements kept about it: " << note << "\n";
    if (stored.run.failures_only)
        std::cout << "  note: this run kept failures only (--results failures): the history holds its passes as counts per "
                     "rule, area and team, not as results, so these reports count the passes but list none\n";
    return kExitOk;
}

}  // namespace sgaudit::cli
