#include "audit_forms.hpp"

#include <map>

#include "grades.hpp"
#include "sampled_cases.hpp"

namespace ca {
using namespace sgaudit;

namespace {

FormColumn column(const char* field, std::string heading, FieldType type, double width, std::string help = {}) {
    FormColumn c;
    c.field = field;
    c.heading = std::move(heading);
    c.type = type;
    c.locked = c.field.empty();  // shown only
    c.width = width;
    c.help = std::move(help);
    return c;
}

std::vector<FormChoice> choices(const GradeScale& scale) {
    std::vector<FormChoice> out;
    for (const auto& g : scale.grades) out.push_back({g.code, g.label});
    return out;
}

std::vector<FormColumn> case_columns(const GradeScale& scale) {
    FormColumn id = column(field::kCase, "Case", FieldType::text, 12);
    id.locked = true;
    FormColumn auditor = column(field::kAuditor, "Auditor", FieldType::text, 18, "Your name: who audited the case file");
    auditor.required = true;
    FormColumn grade = column(field::kGrade, "Grade", FieldType::choice, 16, "Your judgement of the quality of the work on the file");
    grade.choices = choices(scale);
    grade.required = true;
    FormColumn moderator = column(field::kModerator, "Moderator", FieldType::text, 18, "Who moderated the grade");
    moderator.required_with = field::kModerated;
    FormColumn moderated = column(field::kModerated, "Moderated grade", FieldType::choice, 16,
                                  "Only when moderation changes or confirms the grade; it replaces the auditor's");
    moderated.choices = choices(scale);
    FormColumn reason = column(field::kReason, "Moderation reason", FieldType::text, 30, "Why the moderated grade was given");
    reason.required_with = field::kModerated;
    return {id,
            column("", "Team", FieldType::text, 16),
            column("", "Allocated worker", FieldType::text, 14),
            column("", "Case type", FieldType::text, 16),
            column("", "Compliance from the record", FieldType::text, 24),
            column("", "Items not met", FieldType::text, 40),
            auditor,
            grade,
            column(field::kConcern, "Safeguarding concern needing action today", FieldType::flag, 18,
                   "Yes if the child may not be safe: the team manager is told and acts the next working day"),
            column(field::kComments, "Comments", FieldType::text, 40, "What is good, what must improve"),
            moderator,
            moderated,
            reason};
}

std::vector<FormColumn> item_columns() {
    FormColumn id = column(field::kCase, "Case", FieldType::text, 12), item = column(field::kItem, "Item", FieldType::text, 22);
    id.locked = item.locked = true;
    return {id,
            item,
            column("", "What", FieldType::text, 34),
            column("", "The record says", FieldType::text, 16),
            column("", "Detail", FieldType::text, 50),
            column(field::kAgrees, "Auditor agrees", FieldType::flag, 12, "Does the case file bear out what the record says?"),
            column(field::kNote, "Auditor's note", FieldType::text, 40, "Where you disagree: what the file shows")};
}

std::string not_met(const SampledCase& c) {
    std::string s;
    for (const auto& o : c.items)
        if (o.outcome == Outcome::fail || o.outcome == Outcome::waived || o.outcome == Outcome::error)
            s += (s.empty() ? "" : "; ") + o.title + (o.outcome == Outcome::error ? " (could not be judged)" : "");
    return s;
}

Value text_or_null(const std::string& s) { return s.empty() ? Value() : Value(s); }

void add_case(const SampledCase& c, const std::map<std::string, std::string>& team_names, FormSheet& cases, FormSheet& items) {
    auto name = team_names.find(c.team);
    std::string team = name == team_names.end() || name->second.empty() ? c.team : name->second + " (" + c.team + ")";
    std::vector<Value> row = {Value(c.id), text_or_null(team), text_or_null(c.worker),
                              Value(c.type.empty() ? std::string("(not known)") : c.type), Value(c.score.words()),
                              text_or_null(not_met(c))};
    row.resize(cases.columns.size());
    cases.rows.push_back(std::move(row));
    for (const auto& o : c.items) {
        if (o.outcome == Outcome::not_applicable) continue;
        std::vector<Value> r = {Value(c.id), Value(o.rule), Value(o.title), Value(std::string(outcome_words(o.outcome))),
                                text_or_null(o.message)};
        r.resize(items.columns.size());
        items.rows.push_back(std::move(r));
    }
}

std::vector<std::string> instructions(const std::string& area, const std::string& run) {
    return {"This workbook holds the case files sampled in area " + area + " by case-file audit run " + run + ". For each case, "
            "read the file and give your judgement: it goes beside what the record says, which sgaudit counted already.",
            "On 'Cases': your name and the grade are required for each case you audit; leave a case's row empty until you "
            "have audited it (it is then counted as not yet returned). Answer 'Safeguarding concern needing action today' "
            "Yes if the child may not be safe: it becomes an action due the next working day, listed first.",
            "On 'Items': say for each item whether the file bears out what the record says, with a note where it does not.",
            "Moderation: a moderator who reviews a grade gives the moderated grade, their name and the reason; the moderated "
            "grade replaces the auditor's, and both are kept.",
            "Return the workbook to be collected (`sgaudit collect`). It can be collected again later with more cases graded: "
            "the latest collection counts."};
}

}  // namespace

Status audit_forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) {
    if (!request.round.empty()) return Status::error("the case-file audit has no rounds: leave out --round");
    if (request.run.empty())
        return Status::error("the case-file audit's workbooks follow a drawn sample: give --run RUN, a stored case-audit run "
                             "(`sgaudit history` lists them; latest names the last)");
    const EarlierRuns& followed = ctx.earlier_runs();
    if (followed.runs.size() != 1 || followed.runs.front().run_id != request.run)
        return Status::error("the host handed over no run " + request.run + " to follow");
    GradeScale scale;
    if (auto st = GradeScale::read(ctx, scale); !st) return st;
    const std::vector<SampledCase> cases = sampled_cases(followed.runs.front());
    if (cases.empty()) return Status::error("run " + request.run + " sampled no cases: there is nothing to audit");
    std::map<std::string, std::string> team_names;  // for people; the run keeps ids only
    (void)ctx.query("SELECT dept_team_id, dept_team_name FROM ssd_department", {}, [&](const Row& r) {
        team_names[read_id(r[0])] = std::string(trim(r[1].is_null() ? std::string() : r[1].to_string()));
        return Status::ok();
    });
    std::map<std::string, Form> by_area;
    for (const auto& c : cases) {
        const std::string area = c.area.empty() ? "(none)" : c.area;
        Form& f = by_area[area];
        if (f.name.empty()) {
            f.name = "grades";
            f.file = "case-audit-" + file_name_part(area);
            f.title = "Case-file audit, area " + area;
            f.marker = {{"run", request.run}, {"area", area}};
            f.instructions = instructions(area, request.run);
            f.judgements = true;
            FormSheet cs{"Cases", field::kGrades, "One row per sampled case: grade each case you audit.", FormLayout::table,
                         case_columns(scale), {}, true, {}, {}, {}, {}};
            FormSheet is{"Items", field::kItemChecks, "One row per item that applies: does the file bear out the record?",
                         FormLayout::table, item_columns(), {}, true, {}, {}, {}, {}};
            f.sheets = {std::move(cs), std::move(is)};
        }
        add_case(c, team_names, f.sheets[0], f.sheets[1]);
    }
    for (auto& [area, f] : by_area) out.push_back(std::move(f));
    return Status::ok();
}

}  // namespace ca
