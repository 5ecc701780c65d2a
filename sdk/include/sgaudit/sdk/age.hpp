#pragma once
// How a child's age is known on a date: the one implementation of the convention in
// docs/domain.md ("Ages").
//
// With a date of birth, the age counts from it. Without one, a child is unborn while the date
// in question is at most `grace_days` (the rule sets' `unborn_grace_days`, 42: the period for
// registering a birth) after the expected date of birth; after that the expected date stands
// in for the date of birth, and the data-quality audit reports the missing date of birth.
// A date of birth that is recorded but cannot be read makes the age unknowable: `unreadable`,
// with the reader's error (which names table.column and the row, never the value).
#include <string>

#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/read.hpp"

namespace sgaudit {

struct AgeBasis {
    enum class Kind { born, expected_stands_in, unborn, not_recorded, unreadable };
    Kind kind = Kind::not_recorded;
    Date birth;         // for born and expected_stands_in
    std::string error;  // for unreadable
    bool has_birth() const { return kind == Kind::born || kind == Kind::expected_stands_in; }
};

inline AgeBasis age_basis(const Read<Date>& dob, const Read<Date>& expected, Date on, int grace_days) {
    using K = AgeBasis::Kind;
    if (!dob.ok()) return {K::unreadable, {}, dob.error};
    if (dob.value) return {K::born, *dob.value, {}};
    if (!expected.ok()) return {K::unreadable, {}, expected.error};
    if (!expected.value) return {K::not_recorded, {}, {}};
    if (on <= expected.value->plus_days(grace_days)) return {K::unborn, {}, {}};
    return {K::expected_stands_in, *expected.value, {}};
}

}  // namespace sgaudit
