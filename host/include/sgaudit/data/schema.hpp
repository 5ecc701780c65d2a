#pragma once
// The tables of docs/data.md ("Tables and columns"): the Standard Safeguarding Dataset subset the
// audits read, with exact SSD names, plus sgaudit's own `sga_` extension tables.
#include <string>
#include <string_view>
#include <vector>

namespace sgaudit::data {

// `id` marks an identifier: a row's key (`primary_key`) or a link to another row's key
// (pers_person_id, cppl_person_id, dept_team_parent_id...). Identifiers are text, compared and
// stored without surrounding white space (sdk/read.hpp read_id; the importer trims them).
// Names, codes and free text are `text` and are stored as written.
enum class ColumnType { id, text, date, flag, integer, number };

struct ColumnDef {
    std::string name;
    ColumnType type;
    bool primary_key = false;
    bool sensitive = false;  // a date of birth: never logged or output
    bool identifier() const { return type == ColumnType::id; }
};

struct TableDef {
    std::string name;
    std::vector<ColumnDef> columns;
    const ColumnDef* find(std::string_view column) const;
    const ColumnDef* primary_key() const;
};

const std::vector<TableDef>& case_data_schema();
const TableDef* find_table(std::string_view name);
const char* to_string(ColumnType t);

// CREATE TABLE statements for one backend. SQLite stores dates as ISO text (declared TEXT so
// that a malformed cell is read back as text and reported, not converted by the driver).
std::vector<std::string> create_statements(bool postgresql);

}  // namespace sgaudit::data
