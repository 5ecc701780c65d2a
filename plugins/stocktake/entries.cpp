// The entries of sga_stocktake_entries of one source, read as the audit judges them: each
// entry_id once. Rows that cannot be one judged entry are kept apart (Judged::unjudged), so that
// every result of theirs is an error and no total counts them: the same entry_id in more than
// one row with different content (which row is the entry cannot be told), and rows without an
// entry_id (which entry they are cannot be told). The same row twice is one entry.
#include <algorithm>
#include <cctype>

#include "stocktake.hpp"

namespace stocktake {
using namespace sgaudit;

namespace {

constexpr const char* kNoId = "(no entry_id)";

std::string text_of(const Value& v) { return std::string(trim(to_text(v))); }
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
// Sources are compared trimmed and in any case: "Laming-2009" in a hand-kept register is this
// stocktake's entry, never silently left out.
bool same_source(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

bool same_content(const Entry& a, const Entry& b) {
    return a.rec_ref == b.rec_ref && a.status == b.status && a.owner == b.owner && a.local_action == b.local_action &&
           a.evidence == b.evidence && a.target.value == b.target.value && a.target.error == b.target.error &&
           a.updated.value == b.updated.value && a.updated.error == b.updated.error;
}

Entry entry_of(const Row& r, const std::string& id) {
    Entry e;
    e.id = id;
    const std::string k = "entry_id=" + e.id;
    e.rec_ref = text_of(r[2]);
    e.refs.insert(e.rec_ref);
    // Compared trimmed and in any case, as the source is: "Compliant " is compliant.
    e.status = lower(text_of(r[3]));
    e.owner = text_of(r[4]);
    e.local_action = text_of(r[5]);
    e.target = read_date(r[6], "sga_stocktake_entries.target_date", k);
    e.evidence = text_of(r[7]);
    e.updated = read_date(r[8], "sga_stocktake_entries.updated_date", k);
    return e;
}

// Another row of an entry already read: a conflict when it says something else.
void again(Entry& first, const Entry& row) {
    first.refs.insert(row.rec_ref);
    if (first.conflict.empty() && !same_content(first, row))
        first.conflict = value_place("sga_stocktake_entries.entry_id", "entry_id=" + first.id) +
                         " is in more than one row of this source with different content, so which is the entry cannot be told: "
                         "keep the one that is right";
}

}  // namespace

Status load_entries(Context& ctx, const std::string& source, Judged& out) {
    std::map<std::string, Entry> by_id;
    Entry no_id;
    std::size_t rows_without_id = 0;
    auto st = ctx.query("SELECT entry_id, source, rec_ref, status, owner, local_action, target_date, evidence, updated_date "
                        "FROM sga_stocktake_entries",
                        {}, [&](const Row& r) {
                            if (!same_source(text_of(r[1]), source)) return Status::ok();
                            const std::string id = read_id(r[0]);
                            if (id.empty()) {
                                ++rows_without_id;
                                no_id.refs.insert(text_of(r[2]));
                                return Status::ok();
                            }
                            Entry e = entry_of(r, id);
                            auto [it, fresh] = by_id.try_emplace(id, e);
                            if (!fresh) again(it->second, e);
                            return Status::ok();
                        });
    for (auto& [id, e] : by_id) (e.conflict.empty() ? out.entries : out.unjudged).push_back(std::move(e));
    if (rows_without_id) {
        no_id.id = kNoId;
        no_id.conflict = "sga_stocktake_entries.entry_id is not recorded in " + std::to_string(rows_without_id) +
                         (rows_without_id == 1 ? " row" : " rows") + " of source " + source + ", so which entry " +
                         (rows_without_id == 1 ? "it is" : "each is") + " cannot be told: give every entry an entry_id";
        out.unjudged.push_back(std::move(no_id));
    }
    return st;
}

std::size_t unjudged_errors(const Judged& judged, const char* rule) {
    std::size_t n = 0;
    for (const Entry& e : judged.unjudged) {
        const RuleOutcome* o = outcome_of(judged.entry, e.id, rule);
        n += o && o->outcome == Outcome::error;
    }
    return n;
}

}  // namespace stocktake
