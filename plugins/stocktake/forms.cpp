// The register workbook (forms.hpp): its columns, rows and instructions.
#include "forms.hpp"
#include "stocktake.hpp"

#include <cctype>
#include <map>

namespace stocktake {

using namespace sgaudit;

namespace {

std::string text_of(const Value& v) { return std::string(trim(to_text(v))); }

FormColumn column(std::string field, std::string heading, FieldType type, double width, std::string help = {}) {
    FormColumn c;
    c.field = std::move(field);
    c.heading = std::move(heading);
    c.type = type;
    c.locked = c.field.empty();  // shown only; the two identifying columns are locked below
    c.width = width;
    c.help = std::move(help);
    return c;
}

std::vector<FormColumn> register_columns() {
    FormColumn entry = column("entry_id", "Entry", FieldType::text, 18), rec = column("rec_ref", "Recommendation", FieldType::text, 14);
    entry.locked = rec.locked = true;
    entry.required = true;
    FormColumn status = column("status", "Status", FieldType::choice, 16,
                               "Compliant needs evidence; In progress and Not started need an owner, a local action and a target "
                               "date; Not applicable needs the reason, under Local action");
    status.choices = {{"compliant", "Compliant"}, {"in_progress", "In progress"}, {"not_started", "Not started"},
                      {"not_applicable", "Not applicable"}};
    status.required = true;
    return {entry,
            rec,
            column("", "Group", FieldType::text, 28),
            column("", "Description", FieldType::text, 50),
            column("", "Theme", FieldType::text, 22),
            column("", "National deadline", FieldType::date, 14),
            status,
            column("owner", "Owner", FieldType::text, 26, "Who owns the entry: a post, e.g. Head of Safeguarding"),
            column("local_action", "Local action", FieldType::text, 44,
                   "What is being done locally. For Not applicable: why the recommendation does not apply here (the audit reads "
                   "the reason from this column)"),
            column("target_date", "Target date", FieldType::date, 14, "The day the local action is to be done by"),
            column("evidence", "Evidence", FieldType::text, 36, "Where the evidence of compliance is: a document, minutes, a report"),
            column("", "Last updated", FieldType::date, 14, "Set by sgaudit on collection: the day the entry last changed")};
}

// The recommendation's own columns (group, description, theme, national deadline).
std::vector<Value> shown(const Record* rec) {
    if (!rec) return {Value(std::string("(not in the rule set)")), Value(), Value(), Value()};
    return {(*rec)["group"], (*rec)["description"], (*rec)["theme"], (*rec)["deadline"]};
}

std::vector<Value> entry_row(const RecordList& recs, const RegisterEntry& e) {
    const Record* rec = e.rec_ref.empty() ? nullptr : recs.find(Value(e.rec_ref));
    std::vector<Value> row = {Value(e.id), e.rec_ref.empty() ? Value() : Value(e.rec_ref)};
    for (auto& v : shown(rec)) row.push_back(std::move(v));
    for (const Value* v : {&e.status, &e.owner, &e.local_action, &e.target, &e.evidence, &e.updated}) row.push_back(*v);
    return row;
}

// Spare rows, in the pack's order: one per recommendation falling to the council or its
// partners that no entry names yet. `said` gets "<id> for <ref>" for the instructions.
void spare_rows(const RecordList& recs, const std::string& source, Register& reg, FormSheet& sheet, std::vector<std::string>& said) {
    std::set<std::string> named;
    for (const auto& e : reg.entries) named.insert(e.rec_ref);
    for (const Record& r : recs.records) {
        const std::string ref = text_of(r["ref"]), falls_to = text_of(r["falls_to"]);
        if ((falls_to != "council" && falls_to != "partners") || named.count(ref)) continue;
        const std::string id = reg.new_id(source, ref);
        std::vector<Value> row = {Value(id), Value(ref)};
        for (auto& v : shown(&r)) row.push_back(std::move(v));
        row.resize(sheet.columns.size());
        sheet.rows.push_back(std::move(row));
        said.push_back(id + " for " + ref);
    }
}

std::vector<std::string> instructions(Context& ctx, const std::string& source, const std::vector<std::string>& spares) {
    std::string stale;
    if (auto days = ctx.parameter("stale_after_days"); days && days->is_number())
        stale = " An entry not updated for more than " + days->to_string() + " days is reported as out of date.";
    std::string spare_text = "Every recommendation falling to the council or its partners already has an entry.";
    if (!spares.empty()) {
        spare_text = "Each recommendation falling to the council or its partners that has no entry yet has a spare row at the "
                     "end, its entry id given: ";
        for (std::size_t i = 0; i < spares.size(); ++i) spare_text += (i ? ", " : "") + spares[i];
        spare_text += ". Fill in a spare row to add that entry; a spare row left empty is not added.";
    }
    return {"This is the council's register for the " + source + " stocktake: one row for each entry, saying where the "
            "council stands on a recommendation that falls to it or its partners: its status, who owns it, what is being "
            "done locally, by when, and the evidence.",
            "On the 'Register' sheet, bring each entry up to date. Choose the status from the drop-down. Compliant needs the "
            "evidence; In progress and Not started need an owner, a local action and a target date; Not applicable needs the "
            "reason why the recommendation does not apply here, written under Local action.",
            spare_text,
            "When the register is collected, 'Last updated' is set to the day of collection on every entry you changed or "
            "added; entries left as they were keep their date." + stale +
                " Emptying an entry's row does not remove the entry: it is left as it was."};
}

}  // namespace

Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) {
    const RecordList* recs = ctx.list("recommendations");
    if (!recs) return Status::error("the host handed over no 'recommendations' list");
    std::string source;
    if (auto st = pack_source(ctx, source); !st) return st;
    if (!request.round.empty() || !request.run.empty())
        return Status::error("the stocktake register has no rounds or runs: leave out --round and --run");
    for (const auto& [key, value] : request.marker)
        if (key == "source" && value != source)
            return Status::error("this register is for source " + value + ", and the rule set named is for source " + source +
                                 ": collect it with the pack whose source is " + value + " (e.g. --rules rules/stocktake/" + value +
                                 ".toml)");
    Register reg;
    if (Status st = read_register(ctx, source, reg); !st) return st;

    FormSheet sheet;
    sheet.name = "Register";
    sheet.table = "sga_stocktake_entries";
    sheet.intro = "One row per entry. Grey cells are sgaudit's; spare rows at the end add an entry when filled in.";
    sheet.columns = register_columns();
    sheet.skip_blank_rows = true;
    sheet.constants = {{"source", Value(source)}};
    sheet.replace_rows_by = {"entry_id", "source"};
    sheet.stamp_changed = "updated_date";
    for (const auto& e : reg.entries) sheet.rows.push_back(entry_row(*recs, e));
    std::vector<std::string> spares;
    spare_rows(*recs, source, reg, sheet, spares);

    Form f;
    f.name = "register";
    f.version = 1;
    f.file = "stocktake-" + file_name_part(source);
    f.title = "Stocktake register: " + source;
    f.marker = {{"source", source}};
    f.instructions = instructions(ctx, source, spares);
    f.sheets = {std::move(sheet)};
    out.push_back(std::move(f));
    return Status::ok();
}

}  // namespace stocktake
