#include "sgaudit/workbook/judgement_document.hpp"

#include <nlohmann/json.hpp>

namespace sgaudit::workbook {

namespace {

using nlohmann::json;

// The text as the column's type reads it; Null when it does not (never a guess).
Value typed(const std::string& text, const std::string& type) {
    if (type == "date") {
        auto d = Date::parse(text);
        return d ? Value(*d) : Value();
    }
    if (type == "flag") return text == "Y" ? Value(true) : text == "N" ? Value(false) : Value();
    if (type == "whole" || type == "number") {
        try {
            std::size_t used = 0;
            double n = std::stod(text, &used);
            return used == text.size() ? Value(n) : Value();
        } catch (...) {
            return Value();
        }
    }
    return Value(text);
}

}  // namespace

std::string judgement_document(const std::vector<CollectedRows>& sheets) {
    json doc = {{"sheets", json::array()}};
    for (const auto& t : sheets) {
        json columns = json::array(), rows = json::array();
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            columns.push_back({{"field", t.columns[c]}, {"type", to_string(t.reading[c].type)}});
        for (const auto& row : t.rows) {
            json cells = json::array();
            for (const auto& cell : row) cells.push_back(cell ? json(*cell) : json(nullptr));
            rows.push_back(std::move(cells));
        }
        doc["sheets"].push_back({{"sheet", t.sheet}, {"kind", t.table}, {"columns", std::move(columns)}, {"rows", std::move(rows)}});
    }
    return doc.dump();
}

Status judged_sheets(std::string_view document, std::vector<JudgedSheet>& out) {
    out.clear();
    try {
        json doc = json::parse(document);
        for (const auto& s : doc.at("sheets")) {
            JudgedSheet sheet{s.at("sheet").get<std::string>(), s.at("kind").get<std::string>(), {}, {}};
            std::vector<std::string> types;
            for (const auto& c : s.at("columns")) {
                sheet.columns.push_back(c.at("field").get<std::string>());
                types.push_back(c.at("type").get<std::string>());
            }
            for (const auto& r : s.at("rows")) {
                if (r.size() != types.size()) return Status::error("a row of sheet " + sheet.sheet + " has the wrong number of cells");
                std::vector<Value> row;
                for (std::size_t c = 0; c < types.size(); ++c)
                    row.push_back(r[c].is_null() ? Value() : typed(r[c].get<std::string>(), types[c]));
                sheet.rows.push_back(std::move(row));
            }
            out.push_back(std::move(sheet));
        }
    } catch (const std::exception&) {
        return Status::error("the stored judgements are damaged (not the document sgaudit wrote)");
    }
    return Status::ok();
}

}  // namespace sgaudit::workbook
