// The SDK's one review-interval convention (sdk/review_schedule.hpp, docs/domain.md "Successive
// intervals run from actual dates"), on hand-worked schedules: the first review 3 months after the
// start, later ones 6 months after the one before; on the due date is on time.
#include <doctest/doctest.h>

#include "sgaudit/sdk/review_schedule.hpp"

using namespace sgaudit;

namespace {
Date d(int y, unsigned m, unsigned day) { return *Date::from_ymd(y, m, day); }
Date due_3_then_6(std::size_t i, Date previous) { return add_months(previous, i == 0 ? 3 : 6); }
}  // namespace

TEST_CASE("review schedule: on the due date is on time, the day after is late, and a late review moves the next due date") {
    // Start 2008-01-15: first due 2008-04-15, held 2008-04-15 (on time); next due 2008-10-15,
    // held 2008-10-16 (one day late); next due 2009-04-16 (from the actual date), not passed on
    // 2009-03-31.
    auto s = review_schedule(d(2008, 1, 15), {d(2008, 10, 16), d(2008, 4, 15)}, d(2009, 3, 31), due_3_then_6);
    CHECK(s.intervals == 2);
    CHECK(s.late == 1);
    REQUIRE(s.last_late_due);
    CHECK(*s.last_late_due == d(2008, 10, 15));
    CHECK(s.next_due == d(2009, 4, 16));
    CHECK_FALSE(s.overdue);
    CHECK_FALSE(s.on_time());
    // The longest interval: 2008-04-15 to 2008-10-16 = 184 days (Apr 15 .. Oct 15 is 183, +1).
    CHECK(s.longest == 184);
    CHECK(s.longest_from == d(2008, 4, 15));
}

TEST_CASE("review schedule: reviews before the start or after the date judged count for nothing, and it is overdue when that date is past the next due date") {
    // Start 2008-06-30: first due 2008-09-30 (add_months keeps the 30th). A review before the
    // start and one after 2008-10-31 are ignored, so none was held and 2008-10-31 is past the due date.
    auto s = review_schedule(d(2008, 6, 30), {d(2008, 6, 1), d(2008, 11, 5)}, d(2008, 10, 31), due_3_then_6);
    CHECK(s.intervals == 0);
    CHECK(s.late == 0);
    CHECK(s.next_due == d(2008, 9, 30));
    CHECK(s.overdue);
    CHECK(s.longest == -1);
    // Judged on the due date itself, nothing is overdue yet.
    CHECK(review_schedule(d(2008, 6, 30), {}, d(2008, 9, 30), due_3_then_6).on_time());
}
