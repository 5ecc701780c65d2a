#pragma once
// A list of a rule set (docs/rules.md, "Lists") as packs, overlays and extending packs leave it:
// the records a plugin reads, each field's declared type, and where every value was written.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/rules/parameter_spec.hpp"
#include "sgaudit/sdk/record_list.hpp"

namespace sgaudit::rules {

struct ListField {
    std::string name;
    ParameterSpec spec;  // type, range or choices; declared_at is where the field was declared
    bool optional = false;
};

// Where one record came from.
struct ListItemOrigin {
    SourcePos defined_at;                     // its key, in the file that added the item
    std::map<std::string, SourcePos> set_at;  // each field it gives: where its value was last written
};

struct RuleList {
    RecordList data;                      // what a plugin reads: name, key, fields, records in order
    std::string description;
    SourcePos declared_at;                // the list's name in the pack that declared it
    std::vector<ListField> fields;        // in declared order, beside data.fields
    std::vector<ListItemOrigin> origins;  // one per record, in the same order

    const ListField* field(std::string_view name) const;
    void add_field(ListField f);  // to both `fields` and `data.fields`
    // The index of the record whose key is `key`, or npos.
    std::size_t find(const Value& key) const;
    void erase(std::size_t index);  // a record and its origin
};

}  // namespace sgaudit::rules
