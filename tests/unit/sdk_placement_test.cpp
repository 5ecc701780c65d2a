// The SDK's one placement convention (sdk/placement.hpp, docs/domain.md "Where a case sits"),
// on hand-worked cases: allocation first, else the latest open referral, else no team; an
// unreadable date that could change the answer makes the placement unknown, never unallocated.
#include <doctest/doctest.h>

#include "sgaudit/sdk/placement.hpp"

using namespace sgaudit;

namespace {
Date d(int y, unsigned m, unsigned day) { return *Date::from_ymd(y, m, day); }
Read<Date> on(int y, unsigned m, unsigned day) { return {d(y, m, day), {}}; }
Read<Date> none() { return {}; }
Read<Date> bad(const char* where) { return {std::nullopt, std::string(where) + " is not a date"}; }
const std::map<std::string, std::string> areas = {{"T1", "A1"}, {"T2", "A1"}, {"T3", "A2"}};
const Date D = d(2009, 3, 31);
}  // namespace

TEST_CASE("placement: the allocation covering the date wins over an open referral, and its end date is its last day") {
    std::vector<PlacementAllocation> alloc = {{"I1", "W1", "T1", on(2008, 1, 1), on(2009, 3, 31)}};
    std::vector<PlacementReferral> refs = {{"R1", "T3", on(2008, 1, 1), none()}};
    auto p = place_case(alloc, refs, D, areas);
    CHECK(p.by == Placement::By::allocation);
    CHECK(p.team == "T1");
    CHECK(p.area == "A1");
    CHECK(p.worker == "W1");
    // Ended the day before: no longer allocated, so the open referral places it.
    alloc[0].end = on(2009, 3, 30);
    p = place_case(alloc, refs, D, areas);
    CHECK(p.by == Placement::By::referral);
    CHECK(p.team == "T3");
    CHECK(p.area == "A2");
    CHECK(p.worker.empty());
}

TEST_CASE("placement: of several covering allocations the latest start, ties by the greatest id") {
    std::vector<PlacementAllocation> alloc = {{"I9", "W9", "T3", on(2008, 6, 1), none()},
                                              {"I2", "W2", "T2", on(2009, 1, 1), none()},
                                              {"I1", "W1", "T1", on(2009, 1, 1), none()}};
    auto p = place_case(alloc, {}, D, areas);
    CHECK(p.involvement_id == "I2");  // 1 Jan 2009 beats 1 Jun 2008; I2 > I1 on the tie
    CHECK(p.team == "T2");
}

TEST_CASE("placement: a referral closed on the date is no longer open, and of open ones the latest wins") {
    std::vector<PlacementReferral> refs = {{"R1", "T1", on(2008, 1, 1), on(2009, 3, 31)},
                                           {"R2", "T2", on(2008, 5, 1), none()},
                                           {"R3", "T3", on(2008, 2, 1), none()}};
    auto p = place_case({}, refs, D, areas);
    CHECK(p.by == Placement::By::referral);
    CHECK(p.referral_id == "R2");
    refs.erase(refs.begin() + 1);
    refs.erase(refs.begin() + 1);
    p = place_case({}, refs, D, areas);  // only R1, closed on the audit date
    CHECK(p.by == Placement::By::none);
    CHECK(p.team.empty());
    CHECK(p.area.empty());
}

TEST_CASE("placement: an unreadable date that could change the answer makes it unknown, never unallocated") {
    std::vector<PlacementAllocation> alloc = {{"I1", "W1", "T1", bad("ssd_involvements.invo_involvement_start_date (invo_involvements_id=I1)"), none()}};
    std::vector<PlacementReferral> refs = {{"R1", "T3", on(2008, 1, 1), none()}};
    auto p = place_case(alloc, refs, D, areas);
    CHECK(p.by == Placement::By::unknown);
    CHECK(p.team.empty());
    CHECK(p.error == "ssd_involvements.invo_involvement_start_date (invo_involvements_id=I1) is not a date");
    // An unreadable end of an allocation that had not started by the date cannot matter.
    alloc[0] = {"I1", "W1", "T1", on(2009, 4, 1), bad("end")};
    p = place_case(alloc, refs, D, areas);
    CHECK(p.by == Placement::By::referral);
    CHECK(p.team == "T3");
    // With no allocation, an unreadable referral close date makes the placement unknown.
    refs[0].close = bad("ssd_cin_episodes.cine_close_date (cine_referral_id=R1)");
    p = place_case({}, refs, D, areas);
    CHECK(p.by == Placement::By::unknown);
    CHECK(p.error == "ssd_cin_episodes.cine_close_date (cine_referral_id=R1) is not a date");
    // ... but not when an allocation places the case anyway.
    p = place_case({{"I2", "W2", "T2", on(2008, 1, 1), none()}}, refs, D, areas);
    CHECK(p.by == Placement::By::allocation);
    CHECK(p.team == "T2");
}

TEST_CASE("placement: a team not in ssd_department has no area") {
    auto p = place_case({{"I1", "W1", "TX", on(2008, 1, 1), none()}}, {}, D, areas);
    CHECK(p.team == "TX");
    CHECK(p.area.empty());
}
