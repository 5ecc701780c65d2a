#include "grades.hpp"

#include <algorithm>
#include <tuple>

namespace ca {
using namespace sgaudit;

namespace {

std::string text(const Value& v) { return v.is_null() ? std::string() : v.is_text() ? v.as_text() : v.to_string(); }

// A judged sheet's value of `field` in `row`; Null when the sheet has no such column.
const Value& cell(const JudgedSheet& s, const std::vector<Value>& row, const char* field) {
    static const Value none;
    std::size_t c = s.column(field);
    return c < row.size() ? row[c] : none;
}

void read_grades(const Judgement& j, const JudgedSheet& s, Judged& out) {
    for (const auto& row : s.rows) {
        CaseGrade g;
        g.case_id = text(cell(s, row, field::kCase));
        g.auditor = text(cell(s, row, field::kAuditor));
        g.grade = text(cell(s, row, field::kGrade));
        g.comments = text(cell(s, row, field::kComments));
        g.moderator = text(cell(s, row, field::kModerator));
        g.moderated = text(cell(s, row, field::kModerated));
        g.reason = text(cell(s, row, field::kReason));
        const Value& concern = cell(s, row, field::kConcern);
        g.concern = concern.is_bool() && concern.as_bool();
        g.file = j.file_name;
        g.collected_on = j.collected_on;
        out.grades[g.case_id] = std::move(g);
    }
}

void read_checks(const JudgedSheet& s, Judged& out) {
    for (const auto& row : s.rows) {
        const Value& agrees = cell(s, row, field::kAgrees);
        if (!agrees.is_bool()) continue;  // not answered
        out.checks.push_back({text(cell(s, row, field::kCase)), text(cell(s, row, field::kItem)), text(cell(s, row, field::kNote)),
                              agrees.as_bool()});
    }
}

}  // namespace

const Grade* GradeScale::find(const std::string& code) const {
    for (const auto& g : grades)
        if (g.code == code) return &g;
    return nullptr;
}

std::string GradeScale::label(const std::string& code) const {
    const Grade* g = find(code);
    return g ? g->label : code;
}

Status GradeScale::read(Context& ctx, GradeScale& out) {
    const RecordList* list = ctx.list("grades");
    if (!list || list->records.empty())
        return Status::error("the rule set has no grades ([lists.grades]): the case-audit rule set lists the grade scale");
    for (const Record& r : list->records) {
        Grade g{text(r["code"]), text(r["label"]), 0, r["follow_up"].is_bool() && r["follow_up"].as_bool()};
        if (auto rank = whole_parameter(r["rank"], 1, 100)) g.rank = *rank;
        if (g.label.empty()) g.label = g.code;
        out.grades.push_back(std::move(g));
    }
    std::stable_sort(out.grades.begin(), out.grades.end(), [](const Grade& a, const Grade& b) { return a.rank < b.rank; });
    return Status::ok();
}

Judged read_judged(const RunReview& review) {
    Judged out;
    for (const Judgement& j : review.judgements)
        for (const JudgedSheet& s : j.sheets) {
            if (s.kind == field::kGrades) read_grades(j, s, out);
            if (s.kind == field::kItemChecks) read_checks(s, out);
        }
    return out;
}

Status follow_ups(const std::vector<SampledCase>& cases, const Judged& judged, const GradeScale& scale, const ActionDays& days,
                  const WorkingCalendar& calendar, std::vector<FollowUp>& out) {
    out.clear();
    auto due = [&](const CaseGrade& g, int n, Date& d) -> Status {
        if (!calendar.covers(g.collected_on))
            return Status::error("case " + g.case_id + ": its grades were collected on " + g.collected_on.iso() +
                                 ", outside the working calendar (" + calendar.first_covered().iso() + " to " +
                                 calendar.last_covered().iso() + "): the action's due date cannot be worked out");
        d = n == 0 ? g.collected_on : calendar.nth_working_day_after(g.collected_on, n);
        return Status::ok();
    };
    for (const auto& c : cases) {
        auto it = judged.grades.find(c.id);
        if (it == judged.grades.end()) continue;
        const CaseGrade& g = it->second;
        FollowUp f{false, {}, &c, &g};
        if (g.concern) {
            f.concern = true;
            if (auto st = due(g, days.concern, f.due); !st) return st;
            out.push_back(f);
        }
        // A grade the scale no longer has (the rule set changed since it was collected) cannot
        // be judged for a follow-up: never read as "no action".
        const Grade* grade = scale.find(g.final_grade());
        if (!grade)
            return Status::error("case " + c.id + ": its grade (collected from " + g.file + ") is not on the rule set's grade "
                                 "scale ([lists.grades]) now, so whether it needs a follow-up action cannot be told: put the "
                                 "grade back on the scale, or collect the workbook again on the scale as it is");
        if (grade->follow_up) {
            f.concern = false;
            if (auto st = due(g, days.inadequate, f.due); !st) return st;
            out.push_back(f);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const FollowUp& a, const FollowUp& b) {
        return std::make_tuple(!a.concern, a.due, a.c->id) < std::make_tuple(!b.concern, b.due, b.c->id);
    });
    return Status::ok();
}

}  // namespace ca
