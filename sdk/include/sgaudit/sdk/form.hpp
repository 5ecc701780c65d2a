#pragma once
// Workbooks people fill in (docs/workbooks.md): a plugin describes each workbook it wants filled
// in as a Form; `sgaudit workbook PLUGIN` writes them as XLSX files and `sgaudit collect FILE...`
// reads completed ones back, checks every cell against the same Form and writes what was filled
// in into the source's sga_ tables. The host holds no audit-specific code: everything it needs to
// write, check and collect a workbook is in here.
//
// A plugin that has workbooks implements (see plugin.hpp)
//     sgaudit::Status forms(sgaudit::Context& ctx, const sgaudit::FormRequest& request,
//                           std::vector<sgaudit::Form>& out);
// It is called to write the workbooks, and again when they are collected, with the request read
// back from the workbook's hidden marker: the forms it returns then are what each cell is checked
// against (so a rating scale changed in the rule set since is checked as it is now).
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/value.hpp"

namespace sgaudit {

// What a cell holds. text: any text (a number typed in is read as its text); whole: a whole
// number (within min..max); number: any number (within min..max); date: a real date (a date
// typed as YYYY-MM-DD text is accepted); flag: Yes/No (a drop-down); choice: one of `choices`.
enum class FieldType { text, whole, number, date, flag, choice };

inline const char* to_string(FieldType t) {
    switch (t) {
        case FieldType::text: return "text";
        case FieldType::whole: return "whole";
        case FieldType::number: return "number";
        case FieldType::date: return "date";
        case FieldType::flag: return "flag";
        default: return "choice";
    }
}

// One entry of a drop-down: the code stored in the table and the label people see. Either is
// accepted back (trimmed, any case); the code is what is collected.
struct FormChoice {
    std::string code, label;
};

struct FormColumn {
    // The column of the sheet's table the cell is collected into; empty: shown only (a title
    // beside a code), never read back.
    std::string field;
    std::string heading;  // at the top of the column (table layout) or beside the cell (record layout)
    FieldType type = FieldType::text;
    std::vector<FormChoice> choices;  // type choice: the drop-down, in order
    std::optional<double> min, max;   // whole and number: the range allowed (inclusive)
    // Written by sgaudit and protected: an identifier (the agency, the standard) or a title. A
    // locked column with a field identifies its row: it must come back exactly as written.
    bool locked = false;
    bool required = false;  // must be filled in on every row that is collected
    std::string help;       // a prompt shown when the cell is selected, and on the instructions sheet
    double width = 0;       // in characters; 0: from the heading
    // The field of another column of the sheet: this cell must be filled in on every row where
    // that one is (e.g. the moderator's reason wherever a moderated grade is given).
    std::string required_with;
};

enum class FormLayout {
    table,   // a header row, then one row per record (pre-filled rows first)
    record,  // one record, written down the sheet: a label in column A, its cell in column B
};

struct FormSheet {
    std::string name;   // the tab: at most 31 characters, none of []:*?/\ (checked by the host)
    std::string table;  // the sga_ table its rows are collected into (only sga_ tables may be written)
    std::string intro;  // one line above the table
    FormLayout layout = FormLayout::table;
    std::vector<FormColumn> columns;
    // Pre-filled rows, one Value per column (Null: blank). A record sheet has exactly one row.
    // Rows are matched back by their locked fields, so their order may change.
    std::vector<std::vector<Value>> rows;
    // Rows whose unlocked cells are all left blank are not collected (spare rows for actions);
    // otherwise every row is collected and its required cells must be filled in.
    bool skip_blank_rows = false;
    // Table columns not on the sheet that every collected row gets (e.g. the return it belongs to).
    std::vector<std::pair<std::string, Value>> constants;
    // Before rows are written, the table's rows whose columns equal these values are removed, so a
    // workbook collected again replaces what it gave before. Empty: rows are only added.
    std::vector<std::pair<std::string, Value>> replaces;
    // Before each collected row is written, the table's rows with the same values in these columns
    // are removed (e.g. return_id and standard: a panel rating given again replaces the earlier one).
    std::vector<std::string> replace_rows_by;
    // A date column of `table` (neither a column of the sheet nor a constant) that records when a
    // row last changed, e.g. "updated_date". When set, each collected row is compared with the
    // rows the table holds now under the same `replace_rows_by` key (which must be given; `replaces`
    // must not be): by value, each cell read as its column says (a date as a date, text trimmed,
    // a choice as its code), the stored value read the same way. A row that reads the same is
    // left exactly as it is (not rewritten, its date kept); a changed or new row is written with
    // this column set to the collection date (`sgaudit collect --as-of`, default today).
    std::string stamp_changed;
};

struct Form {
    std::string name;  // the kind of workbook within the plugin, e.g. "return"
    int version = 1;   // raise when its columns change: a workbook of another version is refused
    std::string file;  // the file name without ".xlsx": letters, digits, '-', '_' and '.'
    std::string title;
    // What this workbook is for, written into its hidden marker and handed back in the FormRequest
    // when it is collected, e.g. {"round", "2009-10"}, {"org_id", "O3"}. "round" and "run" are
    // read into FormRequest::round and ::run; every pair must come back unchanged. Two workbooks
    // with the same plugin, name and marker cannot be collected together (the same agency twice).
    std::vector<std::pair<std::string, std::string>> marker;
    std::vector<std::string> instructions;  // paragraphs for the Instructions sheet
    std::vector<FormSheet> sheets;
    // True: what is filled in is judgements about a stored run (an auditor's grades of the cases
    // it sampled), not data. The form follows that run (its marker holds {"run", RUN}) and
    // `sgaudit collect` keeps the rows in the run history with the run, chained to it so that
    // `history verify` covers them, instead of writing them into the source. Each sheet's
    // `table` then names the kind of judgement ("grades": letters, digits and '_'), and
    // replaces / replace_rows_by / stamp_changed / constants are not used. A workbook collected
    // again is kept too; the plugin is handed the latest collection of each (review.hpp).
    bool judgements = false;
};

// `s` made fit for a Form::file name: every character but letters, digits, '-' and '_' becomes '_'.
inline std::string file_name_part(const std::string& s) {
    std::string out;
    for (char c : s) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        out += plain ? c : '_';
    }
    return out;
}

// What `sgaudit workbook` was asked for, or what a workbook being collected says it was for.
struct FormRequest {
    std::string round;  // --round (the plugin's default when empty)
    std::string run;    // --run: a stored run the workbooks follow (e.g. a drawn sample)
    // The whole marker of the workbook being collected; empty when writing workbooks.
    std::vector<std::pair<std::string, std::string>> marker;
};

}  // namespace sgaudit
