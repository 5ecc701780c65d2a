#include "sgaudit/data/import_files.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "sgaudit/rules/diagnostics.hpp"

namespace sgaudit::data {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::string> table_names() {
    std::vector<std::string> out;
    for (const auto& t : case_data_schema()) out.push_back(t.name);
    return out;
}

// The folder's entries ending .csv in any case, sorted; false (with the error) when it cannot be listed.
bool list_csv_files(const fs::path& dir, std::vector<fs::path>& out, std::vector<std::string>& errors) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec))
        if (lower(it->path().extension().string()) == ".csv") out.push_back(it->path());
    if (ec) {
        errors.push_back(dir.string() + ": cannot list the folder: " + ec.message() + "; check that you may read it");
        return false;
    }
    std::sort(out.begin(), out.end());
    return true;
}

}  // namespace

std::vector<TableFile> find_table_files(const fs::path& dir, std::vector<std::string>& errors) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        errors.push_back(dir.string() + ": not a folder; give the folder that holds the CSV files (one per table, e.g. ssd_person.csv)");
        return {};
    }
    std::vector<fs::path> files;
    if (!list_csv_files(dir, files, errors)) return {};
    if (files.empty()) {
        errors.push_back(dir.string() + ": no .csv files found; name each file after its table, e.g. ssd_person.csv");
        return {};
    }
    std::vector<TableFile> out;
    std::map<const TableDef*, fs::path> first_file;
    for (const auto& f : files) {
        const std::string name = f.stem().string();
        const TableDef* table = find_table(lower(name));
        if (!table) {
            errors.push_back(f.string() + ": no table '" + name + "' in the data model" + rules::did_you_mean(name, table_names()) +
                             "; rename the file after its table");
        } else if (auto [at, fresh] = first_file.emplace(table, f); !fresh) {
            errors.push_back(at->second.string() + " and " + f.string() + " both hold table " + table->name +
                             " (file names are matched without regard to case); keep one of them");
        } else {
            out.push_back({table, f});
        }
    }
    return out;
}

}  // namespace sgaudit::data
