#pragma once
// Structured content of a rule set (docs/rules.md, "Lists"): a named list of records, each a
// set of typed fields, in the order the packs and overlays leave them -- the standards of an
// audit, a rating scale, the recommendations of an inquiry. A plugin reads one with
// Context::list(name) and may declare the lists it needs (PluginDescription::lists), so a rule
// set without them is refused before the plugin runs.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

// A field as a list declares it. `type` is one of the parameter types: "text", "whole",
// "number", "flag", "date", "choice".
struct ListFieldDecl {
    std::string name, type;
    // In a plugin's declaration: false means every record must have the field (the rule set may
    // not declare it optional). In a RecordList: whether records may leave it out.
    bool optional = false;
};

// A list a plugin needs: its name and the fields it reads (a rule set may declare more).
struct ListDecl {
    std::string name;
    std::vector<ListFieldDecl> fields;
};

// One item of a list: every declared field, in declared order. An optional field an item does
// not give is Null.
class Record {
public:
    Record() = default;
    explicit Record(std::vector<std::pair<std::string, Value>> fields) : fields_(std::move(fields)) {}

    // The field's value; Null for a field the list does not declare or the item does not give.
    const Value& operator[](std::string_view field) const noexcept {
        const Value* v = find(field);
        return v ? *v : null_value();
    }
    const Value* find(std::string_view field) const noexcept {
        auto it = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return f.first == field; });
        return it == fields_.end() ? nullptr : &it->second;
    }
    const std::vector<std::pair<std::string, Value>>& fields() const noexcept { return fields_; }
    // For the host, which builds records: sets a declared field (appending it when new).
    void set(const std::string& field, Value v) {
        auto it = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return f.first == field; });
        if (it == fields_.end()) fields_.emplace_back(field, std::move(v));
        else it->second = std::move(v);
    }

private:
    static const Value& null_value() noexcept {
        static const Value null;
        return null;
    }
    std::vector<std::pair<std::string, Value>> fields_;
};

struct RecordList {
    std::string name;
    std::string key;                     // the field that identifies a record (unique in the list)
    std::vector<ListFieldDecl> fields;   // in declared order
    std::vector<Record> records;         // in order: packs first, then what overlays appended

    // The record whose key field equals `key`, or null.
    const Record* find(const Value& key_value) const noexcept {
        for (const auto& r : records)
            if (r[key] == key_value) return &r;
        return nullptr;
    }
    const ListFieldDecl* field(std::string_view field_name) const noexcept {
        for (const auto& f : fields)
            if (f.name == field_name) return &f;
        return nullptr;
    }
    std::size_t size() const noexcept { return records.size(); }
};

}  // namespace sgaudit
