#pragma once
// The one place that talks to SOCI. Kept behind a pimpl so the rest of the host (and every
// plugin) compiles without SOCI's headers and never sees its types.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/data/source.hpp"
#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::data {

enum class Access { read_only, read_write };

class Database {
public:
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Case data is opened read-only: SQLite with a read-only open, PostgreSQL with read-only
    // transactions for the whole session. `read_write` is for `db init/import` only.
    static std::unique_ptr<Database> open(const SourceSpec& spec, Access access, std::string& error);

    Backend backend() const;
    const SourceSpec& spec() const;

    // Streams rows; values are bound (:name placeholders, in order), never spliced.
    Status query(std::string_view sql, const std::vector<Value>& params, const RowCallback& on_row);
    Status execute(std::string_view sql, const std::vector<Value>& params = {});

    // Names rows `first` to `last` (0-based indexes into the rows inserted) for an error
    // message, e.g. "lines 2-42 of ssd_person.csv"; never their values.
    using RowRange = std::function<std::string(std::size_t first, std::size_t last)>;

    // Inserts rows of text values (NULL where empty optional) in batches of prepared
    // statements; the server converts text to each column's type. When a batch is refused, the
    // error says which rows (through `describe`) and the database's reason, never a value.
    Status insert_rows(const std::string& table, const std::vector<std::string>& columns,
                       const std::vector<std::vector<std::optional<std::string>>>& rows, const RowRange& describe = {});

    // The first column of each row as text, seen where the database holds it (SQLite) rather
    // than copied into a Row: for a value of tens of megabytes, such as a run's document.
    Status query_text(std::string_view sql, const std::vector<Value>& params,
                      const std::function<Status(std::string_view)>& on_text);

    // Rows pulled one at a time, so that two queries can be read side by side (a merge) and a
    // large result never sits whole in memory. On SQLite the statement itself steps; on
    // PostgreSQL (whose client library would otherwise hold every row) a server-side cursor is
    // fetched `batch` rows at a time, which needs an open transaction.
    class Cursor {
    public:
        virtual ~Cursor() = default;
        // The next row; false at the end, or on an error, which status() then gives.
        virtual bool next(Row& row) = 0;
        virtual const Status& status() const = 0;
    };
    std::unique_ptr<Cursor> cursor(std::string_view sql, const std::vector<Value>& params, std::size_t batch = 2000);

    // Column names of a table (lower case), or empty when the table does not exist.
    std::set<std::string> columns(const std::string& table);

    Status begin();
    Status commit();
    void rollback() noexcept;

private:
    struct Impl;
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Table names are spliced into SQL in a few places (schema, column discovery), so only plain
// identifiers are accepted.
bool is_plain_identifier(std::string_view name);

}  // namespace sgaudit::data
