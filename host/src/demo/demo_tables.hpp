#pragma once
// The rows the demo generators write, by table, before they are inserted into the database.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sgaudit::demo {

using Cell = std::optional<std::string>;  // a value as text; nothing for NULL
using RowCells = std::vector<Cell>;
using Tables = std::map<std::string, std::vector<RowCells>>;

}  // namespace sgaudit::demo
