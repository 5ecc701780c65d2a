#include "sgaudit/data/database.hpp"
#include "sgaudit/data/source.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>

#include <soci/soci.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "sgaudit/data/db_error_text.hpp"

namespace sgaudit::data {

bool is_plain_identifier(std::string_view name) {
    if (name.empty() || name.size() > 63) return false;
    if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

struct Database::Impl {
    SourceSpec spec;
    soci::session session;
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Backend Database::backend() const { return impl_->spec.backend; }
const SourceSpec& Database::spec() const { return impl_->spec; }

std::unique_ptr<Database> Database::open(const SourceSpec& spec, Access access, std::string& error) {
    auto impl = std::make_unique<Impl>();
    impl->spec = spec;
    try {
        if (spec.backend == Backend::sqlite) {
            std::error_code ec;
            if (std::filesystem::is_directory(spec.path, ec)) {
                error = spec.path + " is a folder, not a SQLite file: --source sqlite:FILE names the database file itself "
                                    "(e.g. sqlite:council.db); CSV files in a folder are loaded with `sgaudit db import`";
                return nullptr;
            }
            if (access == Access::read_only && !std::filesystem::exists(spec.path, ec)) {
                error = "case data file " + spec.path + " does not exist: create it with `sgaudit db init` and "
                        "`sgaudit db import`, or point --source at your council's data";
                return nullptr;
            }
            std::string conn = "db=\"" + spec.path + "\" timeout=5";
            if (access == Access::read_only) conn += " readonly=true";
            impl->session.open(soci::sqlite3, conn);
            // SQLite opens any file lazily; a text file or a spreadsheet only fails at the first
            // query, deep in an audit. Ask now, so the error says what the file is not.
            try {
                int tables = 0;
                impl->session << "SELECT count(*) FROM sqlite_master", soci::into(tables);
            } catch (const std::exception& e) {
                if (auto locked = locked_advice(db_error_text(e)); !locked.empty()) {
                    error = "case data file " + spec.path + " is locked by another program: " + locked;
                    return nullptr;
                }
                error = spec.path + " is not a SQLite database (is it a CSV file or a spreadsheet? `sgaudit db import` loads "
                                    "CSV files into a database made with `sgaudit db init`)";
                return nullptr;
            }
            if (access == Access::read_write) impl->session << "PRAGMA foreign_keys = OFF";
        } else {
            impl->session.open(soci::postgresql, spec.connect);
            // Dates must arrive as ISO whatever the server's DateStyle.
            impl->session << "SET DateStyle = ISO";
            // "already exists, skipping" and the like are for DBAs, not for people running audits.
            impl->session << "SET client_min_messages = WARNING";
            if (access == Access::read_only)
                impl->session << "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            if (!spec.schema.empty()) {
                if (!is_plain_identifier(spec.schema)) {
                    error = "schema '" + spec.schema + "' is not a plain identifier";
                    return nullptr;
                }
                // db init may create the schema; audits only ever read an existing one.
                // Two sessions creating the same schema at once can both pass IF NOT EXISTS and one
                // then fails; a lock around it makes them take turns.
                if (access == Access::read_write) {
                    impl->session << "SELECT pg_advisory_lock(741200510)";
                    try {
                        impl->session << ("CREATE SCHEMA IF NOT EXISTS " + spec.schema);
                    } catch (...) {
                        impl->session << "SELECT pg_advisory_unlock(741200510)";
                        throw;
                    }
                    impl->session << "SELECT pg_advisory_unlock(741200510)";
                }
                impl->session << ("SET search_path TO " + spec.schema);
            }
        }
    } catch (const std::exception& e) {
        // SOCI/libpq messages name host and database but never the password (none is given).
        error = "cannot open " + spec.display + ": " + db_connect_error_text(e);
        // libpq's "no password supplied" or "password authentication failed" says what, not how.
        if (error.find("password") != std::string::npos) error += ". The server wants a password for this role: " + std::string(password_advice());
        return nullptr;
    }
    return std::unique_ptr<Database>(new Database(std::move(impl)));
}

namespace {

// Keeps bound values alive for the statement's lifetime (SOCI binds by reference).
struct Bindings {
    std::vector<std::string> texts;
    std::vector<long long> ints;
    std::vector<double> doubles;
    std::vector<soci::indicator> inds;
    explicit Bindings(std::size_t n) { texts.reserve(n); ints.reserve(n); doubles.reserve(n); inds.reserve(n); }

    void bind(soci::statement& st, const Value& v) {
        if (v.is_null()) {
            texts.emplace_back();
            inds.push_back(soci::i_null);
            st.exchange(soci::use(texts.back(), inds.back()));
        } else if (v.is_int()) {
            ints.push_back(v.as_int());
            st.exchange(soci::use(ints.back()));
        } else if (v.is_double()) {
            doubles.push_back(v.as_number());
            st.exchange(soci::use(doubles.back()));
        } else if (v.is_bool()) {
            texts.push_back(v.as_bool() ? "Y" : "N");
            st.exchange(soci::use(texts.back()));
        } else {
            texts.push_back(v.is_date() ? v.as_date().iso() : v.to_string());
            st.exchange(soci::use(texts.back()));
        }
    }
};

Value read_column(const soci::row& r, std::size_t i) {
    if (r.get_indicator(i) == soci::i_null) return Null{};
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_string: return r.get<std::string>(i);
        case soci::dt_integer: return static_cast<std::int64_t>(r.get<int>(i));
        case soci::dt_long_long: return static_cast<std::int64_t>(r.get<long long>(i));
        case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
        case soci::dt_double: return r.get<double>(i);
        case soci::dt_date: {
            std::tm t = r.get<std::tm>(i);
            auto d = Date::from_ymd(t.tm_year + 1900, static_cast<unsigned>(t.tm_mon + 1), static_cast<unsigned>(t.tm_mday));
            if (d) return *d;
            // An impossible date (a DATE-declared SQLite column holding 2008-02-30) stays text,
            // so the fact reader reports it with its table.column instead of it becoming NULL.
            char buf[32];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
            return std::string(buf);
        }
        default: return r.get<std::string>(i);
    }
}

}  // namespace

Status Database::query(std::string_view sql, const std::vector<Value>& params, const RowCallback& on_row) {
    try {
        soci::row r;
        soci::statement st(impl_->session);
        Bindings b(params.size());
        st.exchange(soci::into(r));
        for (const auto& p : params) b.bind(st, p);
        st.alloc();
        st.prepare(std::string(sql));
        st.define_and_bind();
        bool have = st.execute(true);
        Row row;
        while (have) {
            row.clear();
            for (std::size_t i = 0; i < r.size(); ++i) row.push_back(read_column(r, i));
            Status s = Status::ok();
            try {
                s = on_row(row);
            } catch (const std::exception& e) {
                s = Status::error("row handler threw: " + db_error_text(e));
            } catch (...) {
                s = Status::error("row handler threw an unknown exception");
            }
            if (!s) return s;
            have = st.fetch();
        }
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error(query_failed_text(impl_->spec.display, db_error_text(e)));
    }
}

Status Database::execute(std::string_view sql, const std::vector<Value>& params) {
    try {
        soci::statement st(impl_->session);
        Bindings b(params.size());
        for (const auto& p : params) b.bind(st, p);
        st.alloc();
        st.prepare(std::string(sql));
        st.define_and_bind();
        st.execute(true);
        return Status::ok();
    } catch (const std::exception& e) {
        return Status::error("statement failed on " + impl_->spec.display + ": " + db_error_text(e));
    }
}

namespace {

// One prepared multi-row INSERT with the buffers SOCI binds it to (by reference, so each
// statement keeps its own).
struct InsertBatch {
    std::vector<std::string> values;
    std::vector<soci::indicator> inds;
    std::unique_ptr<soci::statement> st;
};

void prepare_batch(soci::session& session, const std::string& head, std::size_t rows, std::size_t columns, InsertBatch& b) {
    std::string sql = head;
    for (std::size_t r = 0, k = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (std::size_t c = 0; c < columns; ++c, ++k) sql += (c ? ", :p" : ":p") + std::to_string(k);
        sql += ")";
    }
    b.values.assign(rows * columns, {});
    b.inds.assign(rows * columns, soci::i_ok);
    b.st = std::make_unique<soci::statement>(session);
    for (std::size_t k = 0; k < b.values.size(); ++k) b.st->exchange(soci::use(b.values[k], b.inds[k]));
    b.st->alloc();
    b.st->prepare(sql);
    b.st->define_and_bind();
}

void fill_batch(InsertBatch& b, const std::vector<std::vector<std::optional<std::string>>>& rows, std::size_t start,
                std::size_t count, std::size_t columns) {
    for (std::size_t r = 0; r < count; ++r) {
        const auto& row = rows[start + r];
        for (std::size_t c = 0; c < columns; ++c) {
            std::size_t k = r * columns + c;
            bool present = c < row.size() && row[c];
            b.values[k] = present ? *row[c] : std::string();
            b.inds[k] = present ? soci::i_ok : soci::i_null;
        }
    }
}

// SQLite: one prepared single-row INSERT stepped once per row, each value bound where it lies
// (no copy): several times faster than binding through SOCI, for the millions of results a run
// stores. An error names the rows as a statement of `per_statement` rows would have.
Status insert_rows_sqlite(sqlite_api::sqlite3* conn, const std::string& head, std::size_t columns,
                          const std::vector<std::vector<std::optional<std::string>>>& rows, std::size_t per_statement,
                          const std::string& table, const Database::RowRange& describe) {
    using namespace sqlite_api;
    std::string sql = head + "(";
    for (std::size_t c = 0; c < columns; ++c) sql += c ? ", ?" : "?";
    sql += ")";
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(conn, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        return Status::error("cannot insert into " + table + ": " + db_reason_text(sqlite3_errmsg(conn)));
    Status st = Status::ok();
    for (std::size_t i = 0; i < rows.size() && st; ++i) {
        const auto& row = rows[i];
        for (std::size_t c = 0; c < columns; ++c) {
            int at = static_cast<int>(c + 1);
            if (c < row.size() && row[c]) sqlite3_bind_text(stmt, at, row[c]->data(), static_cast<int>(row[c]->size()), SQLITE_STATIC);
            else sqlite3_bind_null(stmt, at);
        }
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            std::size_t first = i / per_statement * per_statement, last = std::min(first + per_statement, rows.size()) - 1;
            std::string which = describe ? " (" + describe(first, last) + ")" : "";
            st = Status::error("cannot insert into " + table + which + ": " + db_reason_text(sqlite3_errmsg(conn)));
        }
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    return st;
}

}  // namespace

Status Database::insert_rows(const std::string& table, const std::vector<std::string>& columns,
                             const std::vector<std::vector<std::optional<std::string>>>& rows, const RowRange& describe) {
    if (!is_plain_identifier(table)) return Status::error("bad table name '" + table + "'");
    if (columns.empty()) return Status::error("no columns to insert into " + table);
    std::string head = "INSERT INTO " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!is_plain_identifier(columns[i])) return Status::error("bad column name '" + columns[i] + "'");
        head += (i ? ", " : "") + columns[i];
    }
    head += ") VALUES ";
    // PostgreSQL: many rows per statement, since a round trip per row is what makes it slow here.
    // But not too many: storing 230,000 results took 3.2 s at 250 values a statement, 4.4 s at
    // 1,000. (SQLite, which has no round trips, takes one row at a time, below; errors name rows
    // in statements of this size on both.)
    const std::size_t per_statement = std::max<std::size_t>(1, 250 / columns.size());
    if (backend() == Backend::sqlite) {
        auto* be = static_cast<soci::sqlite3_session_backend*>(impl_->session.get_backend());
        return insert_rows_sqlite(be->conn_, head, columns.size(), rows, per_statement, table, describe);
    }
    InsertBatch full, last;  // `last` is only ever the final, shorter batch
    std::size_t start = 0, n = 0;
    try {
        for (; start < rows.size(); start += per_statement) {
            n = std::min(per_statement, rows.size() - start);
            InsertBatch& b = n == per_statement ? full : last;
            if (!b.st) prepare_batch(impl_->session, head, n, columns.size(), b);
            fill_batch(b, rows, start, n, columns.size());
            b.st->execute(true);
        }
        return Status::ok();
    } catch (const std::exception& e) {
        // Which rows, as the caller names them; never their values.
        std::string which = describe && n ? " (" + describe(start, start + n - 1) + ")" : "";
        return Status::error("cannot insert into " + table + which + ": " + db_error_text(e));
    }
}

namespace {

class SqliteCursor final : public Database::Cursor {
public:
    SqliteCursor(soci::session& session, std::string_view sql, const std::vector<Value>& params, const std::string& where)
        : st_(session), bindings_(params.size()), where_(where) {
        try {
            st_.exchange(soci::into(row_));
            for (const auto& p : params) bindings_.bind(st_, p);
            st_.alloc();
            st_.prepare(std::string(sql));
            st_.define_and_bind();
        } catch (const std::exception& e) {
            status_ = Status::error(query_failed_text(where_, db_error_text(e)));
        }
    }
    bool next(Row& row) override {
        if (!status_ || done_) return false;
        try {
            bool have = started_ ? st_.fetch() : st_.execute(true);
            started_ = true;
            if (!have) {
                done_ = true;
                return false;
            }
            row.clear();
            for (std::size_t i = 0; i < row_.size(); ++i) row.push_back(read_column(row_, i));
            return true;
        } catch (const std::exception& e) {
            status_ = Status::error(query_failed_text(where_, db_error_text(e)));
            return false;
        }
    }
    const Status& status() const override { return status_; }

private:
    soci::row row_;
    soci::statement st_;
    Bindings bindings_;
    std::string where_;
    Status status_ = Status::ok();
    bool started_ = false, done_ = false;
};

class PgCursor final : public Database::Cursor {
public:
    PgCursor(Database& db, std::string_view sql, const std::vector<Value>& params, std::size_t batch)
        : db_(db), batch_(std::max<std::size_t>(1, batch)) {
        static std::size_t counter = 0;
        name_ = "sgaudit_cursor_" + std::to_string(++counter);
        status_ = db_.execute("DECLARE " + name_ + " NO SCROLL CURSOR FOR " + std::string(sql), params);
        open_ = status_.is_ok();
    }
    ~PgCursor() override {
        if (open_) (void)db_.execute("CLOSE " + name_);
    }
    bool next(Row& row) override {
        if (pos_ == rows_.size()) {
            if (!status_ || done_) return false;
            rows_.clear();
            pos_ = 0;
            status_ = db_.query("FETCH FORWARD " + std::to_string(batch_) + " FROM " + name_, {}, [&](const Row& r) {
                rows_.push_back(r);
                return Status::ok();
            });
            done_ = !status_ || rows_.size() < batch_;
            if (rows_.empty()) return false;
        }
        row = std::move(rows_[pos_++]);
        return true;
    }
    const Status& status() const override { return status_; }

private:
    Database& db_;
    std::size_t batch_;
    std::string name_;
    std::vector<Row> rows_;
    std::size_t pos_ = 0;
    Status status_ = Status::ok();
    bool open_ = false, done_ = false;
};

}  // namespace

Status Database::query_text(std::string_view sql, const std::vector<Value>& params,
                            const std::function<Status(std::string_view)>& on_text) {
    if (backend() != Backend::sqlite)
        return query(sql, params, [&](const Row& r) { return on_text(r.empty() || r[0].is_null() ? "" : r[0].as_text()); });
    using namespace sqlite_api;
    auto* conn = static_cast<soci::sqlite3_session_backend*>(impl_->session.get_backend())->conn_;
    // SOCI's :name placeholders are SQLite's too; values are bound by position, as SOCI binds them.
    sqlite3_stmt* stmt = nullptr;
    auto failed = [&] { return Status::error(query_failed_text(impl_->spec.display, db_reason_text(sqlite3_errmsg(conn)))); };
    if (sqlite3_prepare_v2(conn, std::string(sql).c_str(), -1, &stmt, nullptr) != SQLITE_OK) return failed();
    std::vector<std::string> texts;
    texts.reserve(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        int at = static_cast<int>(i + 1);
        if (params[i].is_null()) sqlite3_bind_null(stmt, at);
        else if (params[i].is_int()) sqlite3_bind_int64(stmt, at, params[i].as_int());
        else {
            texts.push_back(params[i].is_text() ? params[i].as_text() : params[i].to_string());
            sqlite3_bind_text(stmt, at, texts.back().data(), static_cast<int>(texts.back().size()), SQLITE_STATIC);
        }
    }
    Status st = Status::ok();
    int rc = SQLITE_DONE;
    while (st && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        st = on_text(text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0))) : std::string_view());
    }
    if (st && rc != SQLITE_DONE) st = failed();
    sqlite3_finalize(stmt);
    return st;
}

std::unique_ptr<Database::Cursor> Database::cursor(std::string_view sql, const std::vector<Value>& params, std::size_t batch) {
    if (backend() == Backend::postgresql) return std::make_unique<PgCursor>(*this, sql, params, batch);
    return std::make_unique<SqliteCursor>(impl_->session, sql, params, impl_->spec.display);
}

std::set<std::string> Database::columns(const std::string& table) {
    std::set<std::string> out;
    if (!is_plain_identifier(table)) return out;
    try {
        soci::row r;
        soci::statement st = (impl_->session.prepare << ("SELECT * FROM " + table + " WHERE 1 = 0"), soci::into(r));
        st.execute(true);
        for (std::size_t i = 0; i < r.size(); ++i) {
            std::string name = r.get_properties(i).get_name();
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            out.insert(name);
        }
    } catch (const std::exception&) {
        // A failing SELECT means the table is not there (or not readable): the caller reports
        // the missing table.column it needed.
        if (impl_->spec.backend == Backend::postgresql) {
            try { impl_->session << "ROLLBACK"; } catch (...) {}
        }
    }
    return out;
}

Status Database::begin() {
    try { impl_->session.begin(); return Status::ok(); }
    catch (const std::exception& e) { return Status::error("cannot begin transaction: " + db_error_text(e)); }
}
Status Database::commit() {
    try { impl_->session.commit(); return Status::ok(); }
    catch (const std::exception& e) { return Status::error("cannot commit: " + db_error_text(e)); }
}
void Database::rollback() noexcept {
    try { impl_->session.rollback(); } catch (...) {}
}

}  // namespace sgaudit::data
