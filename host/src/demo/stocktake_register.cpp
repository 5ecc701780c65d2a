#include "stocktake_register.hpp"

#include <algorithm>

namespace sgaudit::demo {
namespace {

// One row of sga_stocktake_entries; nullptr is NULL. `lapse` is the kind planted on it (without
// its source's prefix), nullptr for a clean entry. Owners are roles, never people.
struct Entry {
    const char* id;
    const char* rec;
    const char* status;
    const char* owner;
    const char* action;
    const char* target;
    const char* evidence;
    const char* updated;
    const char* lapse;
};

// A recommendation falling to the council or its partners that the register leaves out.
struct NoEntry {
    const char* rec;
};

struct Register {
    const char* source;  // sga_stocktake_entries.source, the pack's id
    const char* prefix;  // of its planted kinds in the manifest: laming_, climbie_; empty for none
    const Entry* entries;
    std::size_t n_entries;
    const NoEntry* missing;
    std::size_t n_missing;
};

// Laming's progress report was published on 12 March 2009, 19 days before the demo's audit date:
// every entry was written or updated from 16 to 27 March 2009, so none can be stale (stale
// entries are planted in the Climbié register), and a target already passed is one the council
// set itself for March. Targets of recommendations with a national deadline are on or before it
// (9, 11, 33 and others exactly on it), but for the two planted after it.
constexpr Entry kLaming[] = {
    {"LAM-001", "2", "not_applicable", "Director of Children's Services",
     "For Government: the Chief Adviser and the National Safeguarding Delivery Unit are national; the council answers the Unit "
     "through the Director of Children's Services", nullptr, nullptr, "2009-03-18", nullptr},
    {"LAM-002", "7", "compliant", "Director of Children's Services",
     "Confirm that a senior manager with a safeguarding background sits in the Director's management team", "2009-03-20",
     "The Head of Safeguarding, a qualified social worker and former conference chair, is on the management team "
     "(structure chart, March 2009)", "2009-03-20", nullptr},
    {"LAM-003", "9", "in_progress", "Head of Commissioning",
     "Extend the joint strategic needs assessment with the primary care trust to safeguarding and children in need", "2009-12-31",
     nullptr, "2009-03-25", nullptr},
    {"LAM-004", "10", "not_applicable", "Head of School Improvement",
     "For Ofsted: school inspection is national; schools hear of the revised framework in the termly safeguarding bulletin",
     nullptr, nullptr, "2009-03-18", nullptr},
    {"LAM-005", "11", "in_progress", "LSCB Business Manager",
     "Revise the LSCB's child protection procedures when the revised Working Together is published", "2009-12-31", nullptr,
     "2009-03-24", nullptr},
    {"LAM-006", "12", "not_started", "Named Nurse, Acute Hospitals Trust",
     "Agree how A&E staff check whether a child has a child protection plan, once the national guidance is issued", "2009-12-31",
     nullptr, "2009-03-23", nullptr},
    {"LAM-007", "12", "in_progress", "Designated Nurse for Safeguarding Children",
     "Extend the same checks to the primary care trust's minor injury units", "2009-10-31", nullptr, "2009-03-23", nullptr},
    {"LAM-008", "15", "in_progress", "Head of Children's Social Care",
     "Report each team's social work caseloads to the management team every month", "2009-06-30", nullptr, "2009-03-27", nullptr},
    {"LAM-009", "17", "in_progress", "Head of Performance and Information",
     "Make the immediate changes to the ICS forms; plan the rest to the Social Work Taskforce's timetable", "2009-10-31", nullptr,
     "2009-03-27", nullptr},
    {"LAM-010", "22", "compliant", "LSCB Business Manager",
     "Confirm the LSCB's independent chair and a senior member from every statutory partner", "2009-03-19", nullptr, "2009-03-19",
     "compliant_without_evidence"},
    {"LAM-011", "24", "in_progress", "Head of Children's Social Care",
     "Present the review of social work caseloads and supervision to the management team", "2009-03-27", nullptr, "2009-03-16",
     "overdue"},
    {"LAM-012", "26", "in_progress", nullptr, "Train team managers in reflective supervision", "2009-09-30", nullptr, "2009-03-24",
     "open_without_plan"},
    {"LAM-013", "27", "not_started", "Workforce Development Manager",
     "Plan the recruitment and retention of experienced social workers with the regional partnership", "2009-09-30", nullptr,
     "2009-03-24", nullptr},
    {"LAM-014", "31", "in_progress", "Practice Development Manager",
     "Give newly qualified social workers a protected caseload and weekly supervision in their first year", "2009-09-01", nullptr,
     "2009-03-27", nullptr},
    {"LAM-015", "32", "not_started", "Head of Children's Health Commissioning",
     "Agree with the primary care trust how the health visitor vacancies are filled", "2009-10-31", nullptr, "2009-03-20", nullptr},
    {"LAM-016", "33", "not_started", "Head of Children's Health Commissioning",
     "Commission the healthy child programme for children aged 0 to 5", "2010-03-31", nullptr, "2009-03-20", nullptr},
    {"LAM-017", "34", "in_progress", "Designated Doctor for Safeguarding Children",
     "Brief every GP practice on its statutory safeguarding duty", "2010-03-31", nullptr, "2009-03-20", "target_after_deadline"},
    {"LAM-018", "35", "not_started", "Designated Nurse for Safeguarding Children", nullptr, nullptr, nullptr, "2009-03-26",
     "open_without_plan"},
    {"LAM-019", "36", "in_progress", "Detective Superintendent, Public Protection",
     "Put child protection first in the force's protective services plan and refresh officers' training", "2009-12-31", nullptr,
     "2009-03-26", nullptr},
    {"LAM-020", "37", "not_applicable", "Head of Quality Assurance",
     "For the inspectorates: inspection is national; the council prepares for its unannounced inspection of contact, referral "
     "and assessment", nullptr, nullptr, "2009-03-18", nullptr},
    {"LAM-021", "39", "in_progress", "LSCB Business Manager", "Adopt the new chapter 8 procedure for serious case reviews",
     "2009-09-30", nullptr, "2009-03-19", "target_after_deadline"},
    {"LAM-022", "40", "on_hold", "Chair, LSCB Serious Case Review Sub-group",
     "Publish the executive summary of each serious case review", "2009-07-31", nullptr, "2009-03-19", "status_not_allowed"},
    {"LAM-023", "41", "in_progress", "Chair, LSCB Serious Case Review Sub-group",
     "Train the LSCB's review authors in the new chapter 8", "2009-07-31", nullptr, "2009-03-19", nullptr},
    {"LAM-024", "42", "not_started", "LSCB Business Manager",
     "Agree with Ofsted how the LSCB's serious case reviews are evaluated", "2009-06-30", nullptr, "2009-03-19", nullptr},
    {"LAM-025", "43", "compliant", "LSCB Business Manager",
     "Keep an action plan for every serious case review and report its progress to each LSCB meeting", "2009-03-19",
     "Serious case review action tracker presented to the LSCB on 5 March 2009 (minutes, item 6)", "2009-03-19", nullptr},
    {"LAM-026", "50", "in_progress", "LSCB Business Manager", "Recruit two lay members to the LSCB", "2009-09-30", nullptr,
     "2009-03-19", nullptr},
    {"LAM-027", "54", "not_applicable", "Head of Finance, Children's Services", nullptr, nullptr, nullptr, "2009-03-27",
     "not_applicable_no_reason"},
    {"LAM-028", "55", "compliant", "Head of Finance, Children's Services",
     "Report partners' contributions to the LSCB budget to the Children's Trust every year", "2009-03-27",
     "LSCB budget 2009-10 with each partner's contribution, agreed at the Children's Trust board on 5 March 2009", "2009-03-27",
     nullptr},
    // The report has 58 recommendations: 59 is a slip for another number.
    {"LAM-029", "59", "in_progress", "Head of Safeguarding", "Review the threshold document with partners", "2009-09-30", nullptr,
     "2009-03-25", "unknown_recommendation"},
};
constexpr NoEntry kLamingMissing[] = {{"28"}, {"44"}};

// The Climbié register has been kept since 2003 and reviewed each quarter, the last review from
// January to March 2009: its entries are mostly compliant. Its recommendations, with their bands,
// are the demo's overlay (rules/demo/climbie-2003-local.toml). An entry still open six years on
// is past its target or re-targeted after its band's deadline: it cannot be clean. 19's entry was
// updated exactly 90 days (stale_after_days) before the audit date and is current; 23's, 91 days
// before, is stale.
constexpr Entry kClimbie[] = {
    {"CLI-001", "5", "not_applicable", "Director of Children's Services",
     "For Government: a national arrangement; the council reports to it when asked", nullptr, nullptr, "2009-01-20", nullptr},
    {"CLI-002", "14", "compliant", "Head of Referral and Assessment",
     "Acknowledge every referral in writing within one working day, checked in the monthly referral audit", "2003-04-30",
     "Monthly referral audits since May 2003; latest, January 2009, to the management team", "2009-01-20", nullptr},
    {"CLI-003", "19", "compliant", "Head of Children's Social Care",
     "Record the child's views at every assessment and review", "2003-07-31",
     "Case file audit, December 2008: the child's views recorded in 28 of 30 files, the two others followed up", "2008-12-31",
     nullptr},
    {"CLI-004", "23", "compliant", "Workforce Development Manager",
     "Induction in the council's child protection procedures for every new social worker", "2003-07-31",
     "Induction records 2003-2008; the programme revised in 2007", "2008-12-30", "stale"},
    {"CLI-005", "27", "compliant", "Director of Children's Services",
     "Report on safeguarding to the lead member every quarter", "2005-01-31",
     "Quarterly reports to the lead member since 2004 (the latest, September 2008)", "2008-09-30", "stale"},
    {"CLI-006", "31", "in_progress", "Head of Children's Social Care",
     "Close every case only with a manager's recorded decision", "2004-12-31", nullptr, "2009-02-16", "overdue"},
    {"CLI-007", "35", "in_progress", "Head of Referral and Assessment",
     "See every child who is the subject of a section 47 enquiry within 24 hours", "2003-07-31", nullptr, "2009-02-16", "overdue"},
    {"CLI-008", "42", "compliant", "Workforce Development Manager",
     "Supervision of every social worker at least monthly, recorded on the case file", "2005-01-31",
     "Supervision audit, February 2009: monthly supervision recorded for every social worker", "2009-02-16", nullptr},
    {"CLI-009", "46", "in_progress", "Named Nurse for Safeguarding, Primary Care Trust",
     "Joint protocol with the primary care trust for sharing concerns about a child", "2009-09-30", nullptr, "2009-03-02",
     "target_after_deadline"},
    {"CLI-010", "53", "compliant", "Detective Inspector, Child Abuse Investigation Unit",
     "Joint strategy discussions with children's social care for every section 47 enquiry", "2003-04-30", nullptr, "2009-02-16",
     "compliant_without_evidence"},
    {"CLI-011", "57", "not_applicable", "Named Nurse for Safeguarding, Acute Hospitals Trust", nullptr, nullptr, nullptr,
     "2009-03-02", "not_applicable_no_reason"},
    {"CLI-012", "72", "compliant", "Named Nurse for Safeguarding, Primary Care Trust",
     "Safeguarding training for every member of primary care staff in contact with children", "2005-01-31",
     "Primary care trust training records, 2008-09: 94% of staff in contact with children trained", "2009-03-02", nullptr},
    {"CLI-013", "72", "compliant", "Detective Inspector, Child Abuse Investigation Unit",
     "Child protection training for every officer of the Child Abuse Investigation Unit", "2005-01-31",
     "Force training records, 2008-09: every officer of the unit trained", "2009-03-02", nullptr},
    {"CLI-014", "80", "compliant", "Head of Quality Assurance", "Audit 15 case files in every team each year", "2005-01-31",
     "Case file audit programme 2008-09, reported to the LSCB in February 2009", "2009-02-16", nullptr},
    {"CLI-015", "84", "compliant", "LSCB Training Manager",
     "Multi-agency child protection training in the LSCB's programme every year", "2005-01-31",
     "LSCB training programme 2008-09 and its attendance report", "2009-03-02", nullptr},
    {"CLI-016", "90", "compliant", "Named Nurse for Safeguarding, Acute Hospitals Trust",
     "A named nurse for safeguarding in every hospital trust", "2003-07-31",
     "Named nurse posts filled in both hospital trusts (job descriptions, 2003 and 2006)", "2009-01-20", nullptr},
    // The report has 108 recommendations: 109 is a slip for another number.
    {"CLI-017", "109", "compliant", "Head of Safeguarding", "Review the child protection register's procedures", "2004-06-30",
     "Procedures reviewed and reissued, June 2004", "2009-02-16", "unknown_recommendation"},
};
constexpr NoEntry kClimbieMissing[] = {{"62"}};

// The fictional serious case review 'Child Z' (rules/stocktake/scr-example.toml): four clean
// entries, so the report shows an example action plan under way rather than one nobody has
// started. No lapse is planted here: it is an example of the shape, not a finding.
constexpr Entry kScr[] = {
    {"SCR-001", "Z1", "in_progress", "Head of Referral and Assessment",
     "Example: a team manager reviews every third referral of the same child within a year", "2009-09-30", nullptr, "2009-03-10",
     nullptr},
    {"SCR-002", "Z2", "not_started", "Designated Doctor for Safeguarding Children",
     "Example: a form for GP practices to share concerns with children's social care", "2010-03-31", nullptr, "2009-02-20", nullptr},
    {"SCR-003", "Z3", "compliant", "LSCB Training Manager", "Example: a half-day multi-agency course on the review's lessons",
     "2009-02-28", "Example: four courses held in January and February 2009 (LSCB training record)", "2009-03-05", nullptr},
    {"SCR-004", "Z4", "not_applicable", "LSCB Business Manager",
     "Example: for Government; the LSCB's letter to the department is the only local action", nullptr, nullptr, "2009-03-05",
     nullptr},
};

Cell cell(const char* s) { return s ? Cell(s) : std::nullopt; }

void write(const Register& r, Tables& tables, Manifest& manifest) {
    auto& rows = tables["sga_stocktake_entries"];
    const std::string prefix = r.prefix;
    for (std::size_t i = 0; i < r.n_entries; ++i) {
        const Entry& e = r.entries[i];
        rows.push_back({e.id, r.source, e.rec, e.status, cell(e.owner), cell(e.action), cell(e.target), cell(e.evidence), e.updated});
        if (e.lapse) manifest.lapses[prefix + e.lapse].push_back(e.id);
    }
    for (std::size_t i = 0; i < r.n_missing; ++i) manifest.lapses[prefix + "no_entry"].push_back(r.missing[i].rec);
}

}  // namespace

void stocktake_register(Tables& tables, Manifest& manifest) {
    const Register registers[] = {
        {"laming-2009", "laming_", kLaming, std::size(kLaming), kLamingMissing, std::size(kLamingMissing)},
        {"climbie-2003", "climbie_", kClimbie, std::size(kClimbie), kClimbieMissing, std::size(kClimbieMissing)},
        {"scr-example", "", kScr, std::size(kScr), nullptr, 0},
    };
    for (const auto& r : registers) write(r, tables, manifest);
    for (auto& [kind, ids] : manifest.lapses)
        if (kind.rfind("laming_", 0) == 0 || kind.rfind("climbie_", 0) == 0) std::sort(ids.begin(), ids.end());
}

}  // namespace sgaudit::demo
