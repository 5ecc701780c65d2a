#include "sgaudit/data/importer.hpp"

#include <algorithm>
#include <optional>

#include "sgaudit/data/csv_reader.hpp"
#include "sgaudit/data/import_cell.hpp"
#include "sgaudit/data/import_files.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::data {
namespace fs = std::filesystem;

Status init_schema(Database& db) {
    if (auto st = db.begin(); !st) return st;
    for (const auto& sql : create_statements(db.backend() == Backend::postgresql)) {
        if (auto st = db.execute(sql); !st) {
            db.rollback();
            return st;
        }
    }
    return db.commit();
}

namespace {

std::string where(const std::string& file, std::size_t line, std::size_t column) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// A file whose every cell is good, in the form to store.
struct LoadedFile {
    const TableDef* table;
    std::string file;
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::vector<std::size_t> lines;  // the line each row starts on, for errors from the database
};

// The column of each header name; nothing when a name is not a column or the key is missing.
std::optional<std::vector<const ColumnDef*>> header_columns(const CsvTable& csv, const TableDef& table,
                                                            std::vector<std::string>& errors) {
    std::vector<const ColumnDef*> defs;
    std::vector<std::string> known;
    for (const auto& c : table.columns) known.push_back(c.name);
    bool ok = true;
    for (std::size_t i = 0; i < csv.header.size(); ++i) {
        defs.push_back(table.find(csv.header[i]));
        if (!defs.back()) {
            errors.push_back(where(csv.file, 1, csv.header_columns[i]) + ": table " + table.name + " has no column '" +
                             csv.header[i] + "'" + rules::did_you_mean(csv.header[i], known));
            ok = false;
        }
    }
    if (const ColumnDef* pk = table.primary_key();
        pk && std::find(csv.header.begin(), csv.header.end(), pk->name) == csv.header.end()) {
        errors.push_back(csv.file + ":1:1: the header has no " + pk->name + " column, the key of " + table.name +
                         "; every row needs its key");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return defs;
}

// Checks every cell of every record into `out`; counts the identifiers stored trimmed per column.
void check_records(const CsvTable& csv, const std::vector<const ColumnDef*>& defs, LoadedFile& out,
                   std::vector<std::size_t>& trimmed, std::vector<std::string>& errors) {
    const std::string& table = out.table->name;
    for (const auto& rec : csv.records) {
        std::vector<std::optional<std::string>> row;
        for (std::size_t i = 0; i < rec.fields.size(); ++i) {
            const ColumnDef& col = *defs[i];
            CheckedCell c = check_cell(col, rec.fields[i]);
            const std::string at = where(csv.file, rec.lines[i], rec.columns[i]) + ": " + table + "." + col.name;
            if (!c.error.empty()) errors.push_back(at + " " + c.error);
            else if (!c.value && col.primary_key) errors.push_back(at + " is empty; every row needs its key");
            trimmed[i] += c.trimmed ? 1 : 0;
            row.push_back(std::move(c.value));
        }
        out.rows.push_back(std::move(row));
        out.lines.push_back(rec.line);
    }
}

std::optional<LoadedFile> load_file(const TableFile& f, ImportReport& report) {
    auto parsed = read_csv_file(f.path.string());
    if (auto* errs = std::get_if<std::vector<CsvError>>(&parsed)) {
        for (const auto& e : *errs) report.errors.push_back(e.to_string());
        return std::nullopt;
    }
    const CsvTable& csv = std::get<CsvTable>(parsed);
    auto defs = header_columns(csv, *f.table, report.errors);
    if (!defs) return std::nullopt;
    LoadedFile lf{f.table, csv.file, csv.header, {}, {}};
    std::vector<std::size_t> trimmed(defs->size(), 0);
    check_records(csv, *defs, lf, trimmed, report.errors);
    for (std::size_t i = 0; i < trimmed.size(); ++i)
        if (trimmed[i]) report.trimmed.emplace_back(f.table->name + "." + (*defs)[i]->name, trimmed[i]);
    return lf;
}

std::optional<std::int64_t> row_count(Database& db, const std::string& table) {
    std::optional<std::int64_t> n;
    db.query("SELECT COUNT(*) FROM " + table, {}, [&](const sgaudit::Row& r) {
        n = r[0].is_int() ? r[0].as_int() : static_cast<std::int64_t>(std::stoll(r[0].to_string()));
        return Status::ok();
    });
    return n;
}

void check_tables_ready(Database& db, const std::vector<LoadedFile>& loaded, bool replace, std::vector<std::string>& errors) {
    for (const auto& lf : loaded) {
        auto n = row_count(db, lf.table->name);
        if (!n) errors.push_back("table " + lf.table->name + " does not exist; run `sgaudit db init` first");
        else if (*n > 0 && !replace)
            errors.push_back("table " + lf.table->name + " already holds " + std::to_string(*n) +
                             " rows; importing again would duplicate them. Use --replace to replace its contents");
    }
}

// "lines 43-51 of FILE": where the rows of a batch the database refused came from.
Database::RowRange lines_of(const LoadedFile& lf) {
    return [&lf](std::size_t first, std::size_t last) {
        std::size_t a = lf.lines[first], b = lf.lines[last];
        return (a == b ? "line " + std::to_string(a) : "lines " + std::to_string(a) + "-" + std::to_string(b)) + " of " + lf.file;
    };
}

// Everything in one transaction: a refused batch leaves the database as it was.
Status write_all(Database& db, const std::vector<LoadedFile>& loaded, bool replace) {
    if (auto st = db.begin(); !st) return st;
    for (const auto& lf : loaded) {
        Status st = replace ? db.execute("DELETE FROM " + lf.table->name) : Status::ok();
        if (st) st = db.insert_rows(lf.table->name, lf.columns, lf.rows, lines_of(lf));
        if (!st) {
            db.rollback();
            return st;
        }
    }
    return db.commit();
}

}  // namespace

ImportReport import_folder(Database& db, const fs::path& dir, bool replace) {
    ImportReport report;
    std::vector<LoadedFile> loaded;
    for (const auto& f : find_table_files(dir, report.errors))
        if (auto lf = load_file(f, report)) loaded.push_back(std::move(*lf));
    check_tables_ready(db, loaded, replace, report.errors);
    if (!report.errors.empty()) {
        report.trimmed.clear();
        return report;
    }
    if (auto st = write_all(db, loaded, replace); !st) {
        report.errors.push_back(st.message() + "; nothing was imported");
        report.trimmed.clear();
        return report;
    }
    for (const auto& lf : loaded) report.loaded.emplace_back(lf.table->name, lf.rows.size());
    return report;
}

std::unique_ptr<Database> create_sqlite_case_file(const std::filesystem::path& file, std::string& error) {
    std::filesystem::remove(file);
    if (auto st = util::write_private_file(file, ""); !st) {
        error = st.message();
        return nullptr;
    }
    auto db = Database::open(std::get<SourceSpec>(parse_source("sqlite:" + file.string())), Access::read_write, error);
    if (!db) return nullptr;
    if (auto st = init_schema(*db); !st) {
        error = st.message();
        return nullptr;
    }
    return db;
}

}  // namespace sgaudit::data
