// Earlier runs of one plugin run for the plugin to read (sdk Context::earlier_runs): chosen from
// the runs' rows and documents, their results read in order and hash-checked on the way, only
// those of the rules asked for decoded.
#include <algorithm>
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
bool completed_in(const run::RunResult& run, const std::string& plugin_run) {
    for (const auto& p : run.plugins)
        if (p.name == plugin_run) return p.status == run::PluginStatus::ok;
    return false;
}

// Candidate runs on the source before the date, newest audit date first and, within a date, the
// last stored first.
std::vector<const RunSummary*> candidates(const std::vector<RunSummary>& runs, const std::string& source, const std::string& before) {
    std::vector<const RunSummary*> out;
    for (const auto& r : runs)
        if (r.source == source && r.as_of < before) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const RunSummary* a, const RunSummary* b) {
        return a->as_of != b->as_of ? a->as_of > b->as_of : a->chain_seq > b->chain_seq;
    });
    return out;
}

}  // namespace

Status HistoryStore::earlier_runs(const std::string& plugin_run, const std::string& source, Date before,
                                  const PluginDescription::HistoryNeed& need, EarlierRuns& out) {
    out = EarlierRuns{};
    out.available = true;
    if (need.runs == 0) return Status::ok();
    const std::set<std::string> rules(need.rules.begin(), need.rules.end());
    return in_snapshot([&]() -> Status {
        std::vector<RunSummary> runs;
        if (auto st = list(runs); !st) return st;
        std::set<std::string> dates_taken;
        for (const RunSummary* r : candidates(runs, source, before.iso())) {
            if (dates_taken.size() >= need.runs) break;
            if (dates_taken.count(r->as_of)) continue;
            StoredRun stored;
            if (auto st = open_run(r->id, stored, false); !st) return st;
            if (!completed_in(stored.run, plugin_run)) continue;
            dates_taken.insert(r->as_of);
            EarlierRun e{r->id, stored.run.as_of, r->started_at, stored.run.area_filter, stored.run.team_filter, {}};
            std::string hex;
            Status decoded = Status::ok();
            auto st = hash_results(*db_, result_list_, *r, hex, [&](const Fields& f, std::int64_t seq) {
                if (!decoded || !f[0] || *f[0] != plugin_run || !f[1] || !rules.count(*f[1])) return Status::ok();
                Result res;
                decoded = decode_result(f, "result " + std::to_string(seq) + " of run " + r->id, res);
                if (decoded) e.results.push_back({res.rule, res.subject, res.outcome, res.message, res.evidence});
                return Status::ok();
            });
            if (!st) return st;
            if (hex != r->content_sha256)
                return Status::error("run " + r->id + " has been changed since it was stored (its content no longer matches its "
                                     "recorded hash); `sgaudit history verify` gives the details");
            if (!decoded) return decoded;
            out.runs.push_back(std::move(e));
        }
        std::reverse(out.runs.begin(), out.runs.end());
        return Status::ok();
    });
}

}  // namespace sgaudit::history
