#include "stored_results.hpp"

#include "content_hash.hpp"
#include "history_sql.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::history {
using namespace detail;

namespace detail {

Status read_document(data::Database& db, const std::string& run_id, const std::function<Status(std::string_view)>& on_document) {
    bool found = false;
    auto st = db.query_text("SELECT document FROM sgaudit_history_run WHERE run_id = :id", {Value(run_id)},
                            [&](std::string_view document) {
                                found = true;
                                return on_document(document);
                            });
    if (st && !found) return Status::error("no run '" + run_id + "' in the history");
    return st;
}

Status hash_results(data::Database& db, const std::string& result_list, const RunSummary& run, std::string& hex,
                    const std::function<Status(const Fields&, std::int64_t)>& on_result) {
    // The layout, from the document's first field; the document itself is read when it is
    // hashed (before the results in v1; its SHA-256 after them in v2), never held.
    Layout layout = Layout::v1;
    auto st = db.query_text("SELECT substr(document, 1, 40) FROM sgaudit_history_run WHERE run_id = :id", {Value(run.id)},
                            [&](std::string_view start) {
                                layout = layout_of(start);
                                return Status::ok();
                            });
    if (!st) return st;
    ContentHash h(layout);
    auto hash_document = [&](std::string_view d) {
        h.before_results(run, d);
        return Status::ok();
    };
    if (layout == Layout::v1)
        if (st = read_document(db, run.id, hash_document); !st) return st;
    std::string sql = "SELECT seq, " + result_list + " FROM sgaudit_history_result WHERE run_id = :id ORDER BY seq";
    auto cursor = db.cursor(sql, {Value(run.id)});
    Fields fields(result_columns().size());
    std::int64_t expected = 0;
    bool gap = false;  // a result removed from the middle: the content no longer matches
    for (Row r; cursor->next(r);) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            fields[i] = r[i + 1].is_null() ? std::nullopt : std::optional<std::string>(text_of(r[i + 1]));
        std::int64_t seq = int_of(r[0]);
        gap = gap || seq != expected;
        ++expected;
        h.result(fields);
        if (on_result)
            if (st = on_result(fields, seq); !st) return st;
    }
    if (!cursor->status()) return cursor->status();
    std::string document_sha256;
    auto digest = [&](std::string_view d) {
        document_sha256 = util::sha256_hex(d);
        return Status::ok();
    };
    if (layout != Layout::v1)
        if (st = read_document(db, run.id, digest); !st) return st;
    std::string content = h.finish(static_cast<std::size_t>(expected), run, document_sha256);
    hex = gap ? std::string() : content;
    return Status::ok();
}

}  // namespace detail

namespace {

Status changed_since(const RunSummary& row) {
    return Status::error("run " + row.id + " has been changed since it was stored (its content no longer matches its "
                         "recorded hash); `sgaudit history verify` gives the details");
}

// Pulls a run's results in (plugin, rule, kind, id, seq) order, and checks that the database
// gave them in that order: the merge in run_diff.cpp relies on it.
class StoredSubjects final : public SubjectStream {
public:
    StoredSubjects(data::Database& db, const std::string& run_id) {
        bool pg = db.backend() == data::Backend::postgresql;
        // Byte order on both: PostgreSQL would otherwise sort by the column's collation.
        std::string c = pg ? " COLLATE \"C\"" : "";
        cursor_ = db.cursor("SELECT plugin, rule, subject_kind, subject_id, team, area, outcome, message "
                            "FROM sgaudit_history_result WHERE run_id = :id ORDER BY plugin" + c + ", rule" + c +
                            ", subject_kind" + c + ", subject_id" + c + ", seq",
                            {Value(run_id)});
        where_ = "run " + run_id;
    }
    bool next(SubjectOutcome& out) override {
        Row r;
        if (!status_ || !cursor_->next(r)) return false;
        out = {text_of(r[0]), text_of(r[1]), text_of(r[2]), text_of(r[3]), text_of(r[4]), text_of(r[5]), text_of(r[7])};
        auto o = parse_outcome(text_of(r[6]));
        if (!o) status_ = Status::error(where_ + ": outcome '" + text_of(r[6]) + "' is not one sgaudit records");
        else if (started_ && subject_before(out, last_))
            status_ = Status::error(where_ + ": the history gave its results out of order; they cannot be compared");
        if (!status_) return false;
        out.outcome = *o;
        last_ = out;
        started_ = true;
        return true;
    }
    Status status() const override { return status_ ? cursor_->status() : status_; }

private:
    std::unique_ptr<data::Database::Cursor> cursor_;
    std::string where_;
    SubjectOutcome last_;
    bool started_ = false;
    Status status_ = Status::ok();
};

}  // namespace

Status HistoryStore::open_run(const std::string& ref, StoredRun& out, bool with_sections) {
    out = StoredRun{};
    if (auto st = resolve(ref, out.row); !st) return st;
    return read_document(*db_, out.row.id, [&](std::string_view document) {
        auto st = decode_document(document, out.run, with_sections);
        return st ? st : Status::error("run " + out.row.id + ": " + st.message());
    });
}

Status HistoryStore::read_results(const StoredRun& run, const std::function<Status(Result&&)>& on_result) {
    // One pass: decoded and hashed together, judged once all are read.
    Status decoded = Status::ok();
    std::string hex, where = " of run " + run.row.id;
    auto st = hash_results(*db_, result_list_, run.row, hex, [&](const Fields& f, std::int64_t seq) {
        Result r;
        if (auto dst = decode_result(f, "result " + std::to_string(seq) + where, r); !dst) {
            if (decoded) decoded = dst;  // keep hashing: a changed run is reported as changed
            return Status::ok();
        }
        return decoded ? on_result(std::move(r)) : Status::ok();
    });
    if (!st) return st;
    // A changed run is not shown as if it were the record.
    if (hex != run.row.content_sha256) return changed_since(run.row);
    return decoded;
}

Status HistoryStore::check_run(const StoredRun& run, std::size_t& waived) {
    waived = 0;
    std::string hex;
    auto st = hash_results(*db_, result_list_, run.row, hex, [&](const Fields& f, std::int64_t) {
        waived += f[kWaiverColumn] ? 1 : 0;
        return Status::ok();
    });
    if (!st) return st;
    return hex == run.row.content_sha256 ? Status::ok() : changed_since(run.row);
}

std::unique_ptr<SubjectStream> HistoryStore::by_subject(const StoredRun& run) {
    return std::make_unique<StoredSubjects>(*db_, run.row.id);
}

}  // namespace sgaudit::history
