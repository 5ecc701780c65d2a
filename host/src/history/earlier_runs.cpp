// Earlier runs of one plugin run for the plugin to read (sdk Context::earlier_runs): chosen from
// the runs' rows and documents, their results read in order and hash-checked on the way, only
// those of the rules asked for decoded.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "content_hash.hpp"
#include "history_sql.hpp"
#include "sgaudit/history/history_store.hpp"
#include "stored_results.hpp"

namespace sgaudit::history {
using namespace detail;

namespace {

// The run's record of `plugin_run`, when the run holds it and it completed.
const run::PluginRun* completed_in(const run::RunResult& run, const std::string& plugin_run) {
    for (const auto& p : run.plugins)
        if (p.name == plugin_run) return p.status == run::PluginStatus::ok ? &p : nullptr;
    return nullptr;
}

// The run row names the plugin runs it holds ("section11+stocktake/laming-2009"): a run without
// this one is passed over without reading its document.
bool in_audit(const RunSummary& r, const std::string& plugin_run) {
    std::size_t at = 0;
    while (at <= r.audit.size()) {
        std::size_t end = r.audit.find('+', at);
        if (end == std::string::npos) end = r.audit.size();
        if (r.audit.compare(at, end - at, plugin_run) == 0) return true;
        at = end + 1;
    }
    return false;
}

Status changed_since(const RunSummary& r) {
    return Status::error("run " + r.id + " has been changed since it was stored (its content no longer matches its "
                         "recorded hash); `sgaudit history verify` gives the details");
}

// Only the plugin run's own results, by the span the run recorded for them, checked against the
// hash recorded with it: a plugin reading its past does not read (or hash) the whole of a large
// run. `history verify` checks whole runs.
Status read_span(data::Database& db, const std::string& result_list, const RunSummary& r, const std::string& plugin_run,
                 const run::StoredResults& span, const std::function<Status(const Fields&, std::int64_t)>& on_result) {
    ContentHash h(kLayout);
    auto cursor = db.cursor("SELECT seq, " + result_list + " FROM sgaudit_history_result WHERE run_id = :id AND seq >= :first "
                            "AND seq < :end ORDER BY seq",
                            {Value(r.id), Value(span.first_seq), Value(span.first_seq + span.count)});
    Fields fields(result_columns().size());
    std::int64_t expected = span.first_seq;
    for (Row row; cursor->next(row); ++expected) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            fields[i] = row[i + 1].is_null() ? std::nullopt : std::optional<std::string>(text_of(row[i + 1]));
        if (int_of(row[0]) != expected || !fields[0] || *fields[0] != plugin_run) return changed_since(r);
        h.result(fields);
        if (auto st = on_result(fields, expected); !st) return st;
    }
    if (!cursor->status()) return cursor->status();
    if (expected != span.first_seq + span.count || h.finish_results(static_cast<std::size_t>(span.count)) != span.sha256)
        return changed_since(r);
    return Status::ok();
}

// Candidate runs on the source before the date, newest audit date first and, within a date, the
// last stored first.
std::vector<const RunSummary*> candidates(const std::vector<RunSummary>& runs, const std::string& source, const std::string& before) {
    std::vector<const RunSummary*> out;
    // A run stored with --results failures holds no passes: what it did not keep cannot be read
    // back as what the register said, so it is no earlier stocktake.
    for (const auto& r : runs)
        if (r.source == source && r.as_of < before && r.results_mode == "all") out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const RunSummary* a, const RunSummary* b) {
        return a->as_of != b->as_of ? a->as_of > b->as_of : a->chain_seq > b->chain_seq;
    });
    return out;
}

// The audit dates after `before` of runs of `plugin_run` on the source in which it completed,
// oldest first, each once (EarlierRuns::later): a run of any results mode is a stocktake taken.
using DocumentOf = std::function<Status(const RunSummary&, const run::RunResult*&)>;
Status later_dates(const std::vector<RunSummary>& runs, const std::string& plugin_run, const std::string& source,
                   const std::string& before, const DocumentOf& document, std::vector<Date>& out) {
    std::set<std::string> seen;
    for (const auto& r : runs) {
        if (r.source != source || r.as_of <= before || seen.count(r.as_of) || !in_audit(r, plugin_run)) continue;
        const run::RunResult* doc = nullptr;
        if (auto st = document(r, doc); !st) return st;
        if (!completed_in(*doc, plugin_run)) continue;
        seen.insert(r.as_of);
        out.push_back(doc->as_of);
    }
    std::sort(out.begin(), out.end());
    return Status::ok();
}

}  // namespace

Status HistoryStore::read_plugin_run(const RunSummary& r, const run::RunResult& run, const run::PluginRun& mine,
                                     const std::set<std::string>* rules, EarlierRun& e) {
    e = EarlierRun{r.id, run.as_of, r.started_at, run.area_filter, run.team_filter, {}};
    Status decoded = Status::ok();
    auto take = [&](const Fields& f, std::int64_t seq) {
        if (!decoded || !f[0] || *f[0] != mine.name || !f[1] || (rules && !rules->count(*f[1]))) return Status::ok();
        Result res;
        decoded = decode_result(f, "result " + std::to_string(seq) + " of run " + r.id, res);
        if (decoded) e.results.push_back({res.rule, res.subject, res.outcome, res.message, res.evidence, res.measure});
        return Status::ok();
    };
    if (mine.stored) {
        if (auto st = read_span(*db_, result_list_, r, mine.name, *mine.stored, take); !st) return st;
    } else {  // stored before runs recorded their plugins' spans: the whole run is checked
        std::string hex;
        if (auto st = hash_results(*db_, result_list_, r, hex, take); !st) return st;
        if (hex != r.content_sha256) return changed_since(r);
    }
    return decoded;
}

Status HistoryStore::run_of(const std::string& ref, const std::string& plugin_run, EarlierRun& out) {
    return in_snapshot([&]() -> Status {
        StoredRun stored;
        if (auto st = open_run(ref, stored, false); !st) return st;
        const run::PluginRun* mine = nullptr;
        for (const auto& p : stored.run.plugins)
            if (p.name == plugin_run) mine = &p;
        if (!mine)
            return Status::error("run " + stored.row.id + " has no " + plugin_run + " audit (it ran " + stored.row.audit +
                                 "): name a " + plugin_run + " run (`sgaudit history` lists them)");
        if (mine->status != run::PluginStatus::ok)
            return Status::error("run " + stored.row.id + ": its " + plugin_run + " audit did not complete, so it has nothing to follow");
        if (stored.row.results_mode != "all")
            return Status::error("run " + stored.row.id + " kept failures only (--results failures): it does not hold every case "
                                 "its " + plugin_run + " audit looked at; run the audit again with --results all");
        return read_plugin_run(stored.row, stored.run, *mine, nullptr, out);
    });
}

Status HistoryStore::earlier_runs(const std::string& plugin_run, const std::string& source, Date before,
                                  const PluginDescription::HistoryNeed& need, EarlierRuns& out) {
    out = EarlierRuns{};
    out.available = true;
    if (need.runs == 0) return Status::ok();
    const std::set<std::string> rules(need.rules.begin(), need.rules.end());
    return in_snapshot([&]() -> Status {
        std::vector<RunSummary> runs;
        if (auto st = list(runs); !st) return st;
        DocumentOf document = [this](const RunSummary& r, const run::RunResult*& doc) {
            auto it = opened_.find(r.id);
            if (it == opened_.end()) {
                StoredRun stored;
                if (auto st = open_run(r.id, stored, false); !st) return st;
                it = opened_.emplace(r.id, std::move(stored.run)).first;
            }
            doc = &it->second;
            return Status::ok();
        };
        if (auto st = later_dates(runs, plugin_run, source, before.iso(), document, out.later); !st) return st;
        std::set<std::string> dates_taken;
        for (const RunSummary* r : candidates(runs, source, before.iso())) {
            if (dates_taken.size() >= need.runs) break;
            if (dates_taken.count(r->as_of) || !in_audit(*r, plugin_run)) continue;
            const run::RunResult* doc = nullptr;
            if (auto st = document(*r, doc); !st) return st;
            const run::RunResult& run = *doc;
            const run::PluginRun* mine = completed_in(run, plugin_run);
            if (!mine) continue;
            dates_taken.insert(r->as_of);
            EarlierRun e;
            if (auto st = read_plugin_run(*r, run, *mine, &rules, e); !st) return st;
            out.runs.push_back(std::move(e));
        }
        std::reverse(out.runs.begin(), out.runs.end());
        return Status::ok();
    });
}

}  // namespace sgaudit::history
