#include "written_rows.hpp"

#include "form_cells.hpp"
#include "sgaudit/util/sha256.hpp"

namespace sgaudit::workbook {

namespace {

constexpr char kSeparator = '\x1f';

}  // namespace

std::string row_fingerprint(const RowTexts& texts) {
    std::string bytes;
    for (const auto& t : texts) bytes += (t ? "1" + *t : std::string("0")) + kSeparator;
    return util::sha256_hex(bytes);
}

std::string unreadable_fingerprint() { return "unreadable"; }

std::string row_key(const CollectedRows& t, const RowTexts& texts) {
    std::vector<std::string> parts;
    for (const auto& k : t.replace_rows_by)
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c] == k) parts.push_back(texts[c].value_or(""));
    return join_key(parts);
}

std::optional<RowTexts> stored_texts(const CollectedRows& t, const std::vector<Value>& stored) {
    RowTexts texts;
    for (std::size_t c = 0; c < t.columns.size() && c < stored.size(); ++c) {
        FormCellRead got = read_stored_value(stored[c], t.reading[c]);
        if (!got.error.empty()) return std::nullopt;
        texts.push_back(got.text);
    }
    return texts;
}

std::map<std::string, std::string> written_rows(const FormSheet& sheet) {
    std::map<std::string, std::string> out;
    if (sheet.stamp_changed.empty()) return out;
    const CollectedRows t = rows_shape(sheet);
    for (const auto& row : sheet.rows) {
        std::vector<Value> values;
        for (std::size_t c = 0; c < sheet.columns.size() && c < row.size(); ++c)
            if (!sheet.columns[c].field.empty()) values.push_back(row[c]);
        for (const auto& kv : sheet.constants) values.push_back(kv.second);
        auto texts = stored_texts(t, values);
        if (!texts) continue;  // never the case for what a plugin pre-fills; without a record the row counts as added
        out[row_key(t, *texts)] = row_fingerprint(*texts);
    }
    return out;
}

std::vector<std::string> key_parts(const std::string& key) {
    std::vector<std::string> parts(1);
    for (char ch : key) {
        if (ch == kSeparator) parts.emplace_back();
        else parts.back() += ch;
    }
    return parts;
}

std::string join_key(const std::vector<std::string>& parts) {
    std::string key;
    for (std::size_t i = 0; i < parts.size(); ++i) key += (i ? std::string(1, kSeparator) : "") + parts[i];
    return key;
}

}  // namespace sgaudit::workbook
