#pragma once
// The plugin's own check kinds for something due by a date that is itself a fact (a return's due
// date, an action's). Both take `done` and `due`, date facts. The built-in `within_days` does
// not fit: it counts from an event that comes first, and calls a `to` before its `from` a data
// error, where here finishing before the due date is the ordinary good case.
//   recorded_by_due  passes when `done` is recorded on or before the audit date, however late
//                    (lateness is another rule's finding); fails, the lapse open, once the audit
//                    date is past `due` with nothing recorded; not applicable before then.
//   done_by_due      passes when `done` is on or before `due`; fails, the lapse over, when it was
//                    done after `due` (late_by_days); fails, the lapse open, when the audit date
//                    is past `due` with nothing done (days_overdue); not applicable before then.
// Something recorded after the audit date had not happened on it. A fact that cannot be read
// makes either an error; with no due date known, either is not applicable.
#include "sgaudit/sdk.hpp"

namespace s11 {

class DueDateCheck final : public sgaudit::CheckKind {
public:
    explicit DueDateCheck(bool judge_lateness) : judge_lateness_(judge_lateness) {}
    sgaudit::CheckOutcome evaluate(const sgaudit::CheckInput& in) const override;

private:
    bool judge_lateness_;
};

std::vector<sgaudit::CheckDecl> due_date_kind_declarations();

}  // namespace s11
