// Judgements about runs (history_store.hpp): stored beside the run they are about, each chained
// to the judgement before it about the same run, the first to the run's own chain hash.
#include <algorithm>
#include <map>
#include <tuple>

#include "content_hash.hpp"
#include "history_sql.hpp"
#include "sgaudit/history/history_store.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::history {
using namespace detail;

namespace {

constexpr const char* kTable = "sgaudit_history_judgement";
constexpr const char* kColumns =
    "run_id, seq, plugin, form, marker, file_name, file_sha256, collected_at, collected_by, collected_on, document, "
    "content_sha256, previous_sha256, chain_sha256";

// Every stored field but the hashes, each length-prefixed so no two records hash alike.
std::string content_of(const JudgementRecord& j) {
    util::Sha256 h;
    h.update("sgaudit-judgement/1");
    for (const std::string* f : {&j.run_id, &j.plugin, &j.form, &j.marker, &j.file_name, &j.file_sha256, &j.collected_at,
                                 &j.collected_by, &j.collected_on, &j.document}) {
        h.update(std::to_string(f->size()) + ":");
        h.update(*f);
    }
    h.update("seq:" + std::to_string(j.seq));
    return h.hex();
}

JudgementRecord record_of(const Row& r) {
    JudgementRecord j;
    j.run_id = text_of(r[0]);
    j.seq = int_of(r[1]);
    std::string* fields[] = {&j.plugin, &j.form, &j.marker, &j.file_name, &j.file_sha256, &j.collected_at, &j.collected_by,
                             &j.collected_on, &j.document, &j.content_sha256, &j.previous_sha256, &j.chain_sha256};
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = text_of(r[i + 2]);
    return j;
}

// What no longer holds in one run's judgements (oldest first), chained from the run's hash; empty when sound.
std::string broken(const std::vector<JudgementRecord>& list, const std::string& run_chain) {
    std::string previous = run_chain;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& j = list[i];
        const std::string which = "judgement " + std::to_string(j.seq) + " about run " + j.run_id + " (" + j.file_name + ")";
        if (j.seq != static_cast<std::int64_t>(i + 1)) return "a judgement about run " + j.run_id + " before " + which + " was removed";
        if (content_of(j) != j.content_sha256) return which + " has been changed since it was collected";
        if (j.previous_sha256 != previous) return which + ": its link to what came before it is broken";
        if (chain_link(previous, j.content_sha256) != j.chain_sha256) return which + ": its chain hash was changed";
        previous = j.chain_sha256;
    }
    return {};
}

}  // namespace

Status HistoryStore::record_judgements(std::vector<JudgementRecord>& records) {
    auto& db = *db_;
    return in_write_transaction(db, [&]() -> Status {
        std::map<std::string, std::pair<std::int64_t, std::string>> last;  // run -> seq and chain hash
        for (auto& j : records) {
            auto it = last.find(j.run_id);
            if (it == last.end()) {
                std::vector<JudgementRecord> before;
                if (auto st = judgements_of(j.run_id, before); !st) return st;
                RunSummary run;
                if (auto st = resolve(j.run_id, run); !st) return st;
                it = last.emplace(j.run_id, before.empty() ? std::pair{std::int64_t{0}, run.chain_sha256}
                                                           : std::pair{before.back().seq, before.back().chain_sha256}).first;
            }
            j.seq = it->second.first + 1;
            j.previous_sha256 = it->second.second;
            j.content_sha256 = content_of(j);
            j.chain_sha256 = chain_link(j.previous_sha256, j.content_sha256);
            it->second = {j.seq, j.chain_sha256};
            std::vector<Value> v;
            for (const std::string* f : {&j.run_id, &j.plugin, &j.form, &j.marker, &j.file_name, &j.file_sha256, &j.collected_at,
                                         &j.collected_by, &j.collected_on, &j.document, &j.content_sha256, &j.previous_sha256,
                                         &j.chain_sha256})
                v.push_back(Value(*f));
            v.insert(v.begin() + 1, Value(j.seq));
            if (auto st = db.execute(std::string("INSERT INTO ") + kTable + " (" + kColumns + ") VALUES (:a, :b, :c, :d, :e, :f, "
                                     ":g, :h, :i, :j, :k, :l, :m, :n)", v); !st)
                return st;
        }
        return Status::ok();
    });
}

Status HistoryStore::judgements_of(const std::string& run_id, std::vector<JudgementRecord>& out) {
    out.clear();
    if (db_->columns(kTable).empty()) return Status::ok();  // a history from before judgements were kept
    Status st = db_->query(std::string("SELECT ") + kColumns + " FROM " + kTable + " WHERE run_id = :id ORDER BY seq",
                           {Value(run_id)}, [&](const Row& r) {
                               out.push_back(record_of(r));
                               return Status::ok();
                           });
    if (!st || out.empty()) return st;
    RunSummary run;
    if (auto r = resolve(run_id, run); !r) return r;
    if (auto problem = broken(out, run.chain_sha256); !problem.empty())
        return Status::error(problem + "; `sgaudit history verify` gives the details");
    return Status::ok();
}

Status HistoryStore::verify_judgements(const std::vector<RunSummary>& runs, VerifyReport& out) {
    if (db_->columns(kTable).empty()) return Status::ok();
    std::map<std::string, std::vector<JudgementRecord>> by_run;
    Status st = db_->query(std::string("SELECT ") + kColumns + " FROM " + kTable + " ORDER BY run_id, seq", {}, [&](const Row& r) {
        auto j = record_of(r);
        by_run[j.run_id].push_back(std::move(j));
        return Status::ok();
    });
    if (!st) return st;
    std::map<std::string, const RunSummary*> known;
    for (const auto& r : runs) known[r.id] = &r;
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> order;  // collected_at, run, seq, chain
    for (const auto& [run_id, list] : by_run) {
        auto run = known.find(run_id);
        if (run == known.end()) {
            out.problem = "judgements are stored about run " + run_id + ", which is not in the history";
            return Status::ok();
        }
        if (auto problem = broken(list, run->second->chain_sha256); !problem.empty()) {
            out.problem = problem;  // the runs themselves all verified
            return Status::ok();
        }
        out.judgements_checked += list.size();
        for (const auto& j : list) order.emplace_back(j.collected_at, run->second->chain_seq, j.seq, j.chain_sha256);
    }
    std::sort(order.begin(), order.end());
    std::string head = kGenesis;
    for (const auto& o : order) out.judgement_heads.push_back(head = chain_link(head, std::get<3>(o)));
    return Status::ok();
}

}  // namespace sgaudit::history
