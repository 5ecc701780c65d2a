// The case-file audit's stratification (plugins/case-audit/sampling.hpp, apportion): proportional
// by largest remainder, at least one of each type a group holds. Types in order: child
// protection, looked after, child in need. Every expectation is worked by hand.
#include <doctest/doctest.h>

#include "sampling.hpp"

using ca::apportion;
using A = std::array<std::size_t, 3>;

TEST_CASE("case-audit apportion: largest remainder") {
    // 40 cases (4 CP, 6 LAC, 30 CIN), 15 places. Quotas 15*4/40 = 1.5, 15*6/40 = 2.25,
    // 15*30/40 = 11.25; floors 1 + 2 + 11 = 14; the one left goes to the largest remainder, CP (.5).
    CHECK(apportion({4, 6, 30}, 15) == A{2, 2, 11});
    // 30 cases (10 each), 15 places: quotas 5, 5, 5 exactly.
    CHECK(apportion({10, 10, 10}, 15) == A{5, 5, 5});
    // 3 x 7 = 21 cases, 10 places: quotas 3.33 each; floors 3+3+3 = 9; remainders tie (.33): the
    // more serious type, CP, gets the last place.
    CHECK(apportion({7, 7, 7}, 10) == A{4, 3, 3});
}

TEST_CASE("case-audit apportion: at least one of each type a group holds") {
    // 60 cases (1 CP, 2 LAC, 57 CIN), 15 places. Quotas .25, .5, 14.25: floors raised to one give
    // 1 + 1 + 14 = 16, one over; only CIN has more than one, so it gives one back: 1, 1, 13.
    CHECK(apportion({1, 2, 57}, 15) == A{1, 1, 13});
    // A type the group does not hold gets none: 20 CP, 0 LAC, 5 CIN, 15 places: quotas 12, 0, 3.
    CHECK(apportion({20, 0, 5}, 15) == A{12, 0, 3});
    // Fewer places than types held: the most serious types get one each.
    CHECK(apportion({5, 5, 5}, 2) == A{1, 1, 0});
}

TEST_CASE("case-audit apportion: a group with fewer cases than places takes them all") {
    CHECK(apportion({2, 3, 4}, 9) == A{2, 3, 4});
    CHECK(apportion({0, 0, 0}, 15) == A{0, 0, 0});
}
