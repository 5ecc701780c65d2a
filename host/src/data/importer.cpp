#include "sgaudit/data/importer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>

#include "sgaudit/data/csv_reader.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/sdk/date.hpp"

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

// Checks one cell against its column type; returns the value to store (dates normalised to
// YYYY-MM-DD) or an error message.
std::optional<std::string> check_cell(const ColumnDef& col, const std::string& cell, std::string& error) {
    switch (col.type) {
        case ColumnType::date: {
            auto d = Date::parse(cell);
            if (!d) {
                // A date of birth is not repeated, even when it is wrong.
                error = (col.sensitive ? std::string("the value") : "'" + cell + "'") +
                        " is not a date; write dates as YYYY-MM-DD (e.g. 2009-03-31)";
                return std::nullopt;
            }
            return d->iso();
        }
        case ColumnType::flag:
            if (cell != "Y" && cell != "N") {
                error = "'" + cell + "' is not a flag; write Y or N (leave empty when not recorded)";
                return std::nullopt;
            }
            return cell;
        case ColumnType::integer: {
            bool ok = !cell.empty() && std::all_of(cell.begin() + (cell[0] == '-' ? 1 : 0), cell.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; }) && cell != "-";
            if (!ok) {
                error = "'" + cell + "' is not a whole number";
                return std::nullopt;
            }
            return cell;
        }
        case ColumnType::number: {
            char* end = nullptr;
            errno = 0;
            std::strtod(cell.c_str(), &end);
            if (cell.empty() || *end != '\0' || errno == ERANGE) {
                error = "'" + cell + "' is not a number; use a dot for decimals (e.g. 0.5)";
                return std::nullopt;
            }
            return cell;
        }
        default: return cell;
    }
}

struct LoadedFile {
    const TableDef* table;
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

std::vector<std::string> table_names() {
    std::vector<std::string> out;
    for (const auto& t : case_data_schema()) out.push_back(t.name);
    return out;
}

}  // namespace

static std::optional<std::int64_t> row_count(Database& db, const std::string& table) {
    std::optional<std::int64_t> n;
    db.query("SELECT COUNT(*) FROM " + table, {}, [&](const sgaudit::Row& r) {
        n = r[0].is_int() ? r[0].as_int() : static_cast<std::int64_t>(std::stoll(r[0].to_string()));
        return Status::ok();
    });
    return n;
}

ImportReport import_folder(Database& db, const fs::path& dir, bool replace) {
    ImportReport report;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        report.errors.push_back(dir.string() + ": not a folder; give the folder that holds the CSV files (one per table, e.g. ssd_person.csv)");
        return report;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        report.errors.push_back(dir.string() + ": no .csv files found; name each file after its table, e.g. ssd_person.csv");
        return report;
    }

    std::vector<LoadedFile> loaded;
    for (const auto& f : files) {
        const std::string name = f.stem().string();
        const TableDef* table = find_table(name);
        if (!table) {
            report.errors.push_back(f.string() + ": no table '" + name + "' in the data model" +
                                    rules::did_you_mean(name, table_names()) + "; rename the file after its table");
            continue;
        }
        auto parsed = read_csv_file(f.string());
        if (auto* errs = std::get_if<std::vector<CsvError>>(&parsed)) {
            for (const auto& e : *errs) report.errors.push_back(e.to_string());
            continue;
        }
        const CsvTable& csv = std::get<CsvTable>(parsed);
        LoadedFile lf{table, {}, {}};
        std::vector<const ColumnDef*> defs;
        bool header_ok = true;
        std::vector<std::string> known;
        for (const auto& c : table->columns) known.push_back(c.name);
        for (std::size_t i = 0; i < csv.header.size(); ++i) {
            const ColumnDef* def = table->find(csv.header[i]);
            if (!def) {
                report.errors.push_back(where(f.string(), 1, csv.header_columns[i]) + ": table " + name + " has no column '" +
                                        csv.header[i] + "'" + rules::did_you_mean(csv.header[i], known));
                header_ok = false;
            }
            defs.push_back(def);
            lf.columns.push_back(csv.header[i]);
        }
        if (const ColumnDef* pk = table->primary_key();
            pk && std::find(csv.header.begin(), csv.header.end(), pk->name) == csv.header.end()) {
            report.errors.push_back(f.string() + ":1:1: the header has no " + pk->name + " column, the key of " + name +
                                    "; every row needs its key");
            header_ok = false;
        }
        if (!header_ok) continue;
        for (const auto& rec : csv.records) {
            std::vector<std::optional<std::string>> row;
            for (std::size_t i = 0; i < rec.fields.size(); ++i) {
                const std::string& cell = rec.fields[i];
                if (cell.empty()) {
                    if (defs[i]->primary_key)
                        report.errors.push_back(where(f.string(), rec.lines[i], rec.columns[i]) + ": " + name + "." + defs[i]->name +
                                                " is empty; every row needs its key");
                    row.emplace_back(std::nullopt);
                    continue;
                }
                std::string error;
                auto v = check_cell(*defs[i], cell, error);
                if (!v) report.errors.push_back(where(f.string(), rec.lines[i], rec.columns[i]) + ": " + name + "." + defs[i]->name + ": " + error);
                row.push_back(std::move(v));
            }
            lf.rows.push_back(std::move(row));
        }
        loaded.push_back(std::move(lf));
    }
    for (const auto& lf : loaded) {
        auto n = row_count(db, lf.table->name);
        if (!n) report.errors.push_back("table " + lf.table->name + " does not exist; run `sgaudit db init` first");
        else if (*n > 0 && !replace)
            report.errors.push_back("table " + lf.table->name + " already holds " + std::to_string(*n) +
                                    " rows; importing again would duplicate them. Use --replace to replace its contents");
    }
    if (!report.errors.empty()) return report;

    if (auto st = db.begin(); !st) {
        report.errors.push_back(st.message());
        return report;
    }
    for (const auto& lf : loaded) {
        Status st = replace ? db.execute("DELETE FROM " + lf.table->name) : Status::ok();
        if (st) st = db.insert_rows(lf.table->name, lf.columns, lf.rows);
        if (!st) {
            db.rollback();
            report.errors.push_back(st.message() + "; nothing was imported");
            report.loaded.clear();
            return report;
        }
        report.loaded.emplace_back(lf.table->name, lf.rows.size());
    }
    if (auto st = db.commit(); !st) {
        report.errors.push_back(st.message() + "; nothing was imported");
        report.loaded.clear();
    }
    return report;
}

}  // namespace sgaudit::data
