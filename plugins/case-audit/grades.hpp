#pragma once
// The auditor's part of the case-file audit: the grade scale ([lists.grades]), the workbook's
// fields, what was collected about a run read back, and the follow-up actions it calls for.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sampled_cases.hpp"
#include "sgaudit/sdk.hpp"

namespace ca {

// The workbook's fields: the kinds of judgement (FormSheet::table) and their columns.
namespace field {
inline constexpr const char* kGrades = "grades";            // the Cases sheet: one row per case
inline constexpr const char* kItemChecks = "item_checks";  // the Items sheet: one row per case and item
inline constexpr const char* kCase = "case_id";
inline constexpr const char* kItem = "item";
inline constexpr const char* kAuditor = "auditor";
inline constexpr const char* kGrade = "grade";
inline constexpr const char* kConcern = "concern_today";
inline constexpr const char* kComments = "comments";
inline constexpr const char* kModerator = "moderator";
inline constexpr const char* kModerated = "moderated_grade";
inline constexpr const char* kReason = "moderation_reason";
inline constexpr const char* kAgrees = "agrees";
inline constexpr const char* kNote = "note";
}  // namespace field

struct Grade {
    std::string code, label;
    int rank = 0;            // 1: the best
    bool follow_up = false;  // a case given it (after moderation) gets a follow-up action
};

struct GradeScale {
    std::vector<Grade> grades;  // best first
    const Grade* find(const std::string& code) const;
    std::string label(const std::string& code) const;  // the code itself when not on the scale
    // From [lists.grades]; an error naming what is missing.
    static sgaudit::Status read(sgaudit::Context& ctx, GradeScale& out);
};

struct CaseGrade {
    std::string case_id, auditor, grade, comments, moderator, moderated, reason, file;
    bool concern = false;
    sgaudit::Date collected_on;
    const std::string& final_grade() const { return moderated.empty() ? grade : moderated; }
};

struct ItemCheck {
    std::string case_id, item, note;
    bool agrees = true;
};

struct Judged {
    std::map<std::string, CaseGrade> grades;  // by case
    std::vector<ItemCheck> checks;            // every item the auditor answered
};

Judged read_judged(const sgaudit::RunReview& review);

struct FollowUp {
    bool concern = false;  // a safeguarding concern needing action today: listed first everywhere
    sgaudit::Date due;
    const SampledCase* c = nullptr;
    const CaseGrade* grade = nullptr;
};

struct ActionDays {
    int concern = 0, inadequate = 0;  // working days after the grades were collected (the rule set's parameters)
};

// The actions the grades call for: concerns first, then by due date and case. A due date the
// working calendar does not cover is an error naming the case.
sgaudit::Status follow_ups(const std::vector<SampledCase>& cases, const Judged& judged, const GradeScale& scale,
                           const ActionDays& days, const sgaudit::WorkingCalendar& calendar, std::vector<FollowUp>& out);

}  // namespace ca
