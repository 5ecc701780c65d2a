#pragma once
// The stocktake register as a workbook the officers keep (docs/stocktake.md, "The register
// workbook"): one per pack, pre-filled with the entries of the pack's source and a spare row for
// each recommendation falling locally that has none; collected back into sga_stocktake_entries,
// with updated_date set on the entries that changed.
#include <set>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace stocktake {

// One entry of the register as its workbook row shows it: text trimmed (Null when blank),
// dates as dates.
struct RegisterEntry {
    std::string id, rec_ref;
    sgaudit::Value status, owner, local_action, target, evidence, updated;
};

struct Register {
    std::vector<RegisterEntry> entries;  // of the source, in entry_id order, each entry_id once
    std::set<std::string> ids_taken;     // every entry_id in the table, of any source, trimmed, lower case

    // A new entry's id, `<source>-<ref>`, made unique (in any case) against every entry_id of the
    // table and the ids given before. The same data gives the same ids, as collecting needs: the
    // workbook's spare rows are matched back by them.
    std::string new_id(const std::string& source, const std::string& ref);
};

// The entries of `source` (compared trimmed and in any case, as the audit does). An error naming
// `sga_stocktake_entries.<column> (entry_id=...)` for every row a workbook could not give back
// as it is (a target date that is not a date, two rows of one entry with different content, a
// source or entry_id the collection would not match exactly...), never quoting a value.
sgaudit::Status read_register(sgaudit::Context& ctx, const std::string& source, Register& out);

sgaudit::Status forms(sgaudit::Context& ctx, const sgaudit::FormRequest& request, std::vector<sgaudit::Form>& out);

}  // namespace stocktake
