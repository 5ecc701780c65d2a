#pragma once
// The case data the data-quality audit reads, loaded once into memory with every date parsed
// (or kept as the error that names its table.column and row).
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace dq {

using sgaudit::Date;

// Lookups by identifier on hot paths: hashed, never iterated (iteration order would not be
// stable); anything iterated to produce results is ordered.
template <class V>
using ById = std::unordered_map<std::string, V>;

// A date read from case data (sgaudit::read_date): its value, not recorded, or why it could
// not be read.
using ReadDate = sgaudit::Read<Date>;

struct Person {
    // Dates of birth are read only to judge them here: never kept beyond these flags.
    bool has_birth_or_expected = false;
    std::string birth_error;             // pers_dob or pers_expected_dob recorded but unreadable
    bool expected_passed = false;        // no date of birth, expected date more than the grace period ago
    bool birth_conflict = false;         // the id repeats with different dates of birth
    ReadDate death;
};

struct Involvement {
    std::string id, person, worker, team;
    ReadDate start, end;
};

struct Referral {
    std::string id, person, team;
    ReadDate date, close;
};

struct Assessment {
    std::string id, person, referral, team;
    ReadDate start, auth;
};

struct S47 {
    std::string id, person, referral;
    ReadDate start;
};

struct Conference {
    std::string id, person, s47;
    sgaudit::Value transfer_in;
    ReadDate date;
};

struct Plan {
    std::string id, person, referral;
    ReadDate start, end;
};

struct PlanEvent {  // a review or a visit
    std::string id, person, plan;
    ReadDate date;
};

// Rows in id order; `count` of each id, for the duplicate checks. The first row of an id is
// the one audited.
template <class T>
struct Table {
    std::vector<T> rows;
    ById<int> count;
    const T* find(const std::string& id) const {
        for (const auto& r : rows)
            if (r.id == id) return &r;
        return nullptr;
    }
};

struct CaseData {
    ById<std::string> area_of_team;
    std::map<std::string, Person> persons;  // by id, in id order (the order results come in)
    ById<int> person_count;
    Table<Referral> referrals;
    ById<const Referral*> referral_by_id;
    Table<Involvement> allocations;  // with the allocated worker's role
    ById<int> professional_count;  // by prof_professional_id
    Table<Assessment> assessments;
    Table<S47> s47s;
    ById<const S47*> s47_by_id;
    Table<Conference> conferences;
    Table<Plan> plans;
    ById<const Plan*> plan_by_id;
    ById<std::vector<const Plan*>> plans_of_person;
    Table<PlanEvent> reviews, visits;

    // Reads everything; `allocated_role` is the involvement role that means "allocated worker";
    // `unborn_grace_days` how long after an expected date of birth a child may still be unborn.
    sgaudit::Status load(sgaudit::Context& ctx, const std::string& allocated_role, int unborn_grace_days);

private:
    sgaudit::Status load_persons(sgaudit::Context& ctx, int unborn_grace_days);
};

}  // namespace dq
