#pragma once
// The case data the data-quality audit reads, loaded once into memory with every date parsed
// (or kept as the error that names its table.column and row).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace dq {

using sgaudit::Date;

// A date read from case data, or why it could not be read.
struct ReadDate {
    std::optional<Date> date;
    std::string error;
    bool ok() const { return error.empty(); }
};

ReadDate read_date(const sgaudit::Value& v, const std::string& table_column, const std::string& row_key);

struct Person {
    bool has_birth_or_expected = false;
    ReadDate death;
};

struct Referral {
    std::string id, person, team;
    ReadDate date, close;
};

struct Involvement {
    std::string person, team;
    ReadDate start, end;
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
    std::map<std::string, int> count;
    const T* find(const std::string& id) const {
        for (const auto& r : rows)
            if (r.id == id) return &r;
        return nullptr;
    }
};

struct CaseData {
    std::map<std::string, std::string> area_of_team;
    std::map<std::string, Person> persons;  // by id
    std::map<std::string, int> person_count;
    Table<Referral> referrals;
    std::map<std::string, const Referral*> referral_by_id;
    std::vector<Involvement> allocations;
    Table<Assessment> assessments;
    Table<S47> s47s;
    std::map<std::string, const S47*> s47_by_id;
    Table<Conference> conferences;
    Table<Plan> plans;
    std::map<std::string, const Plan*> plan_by_id;
    std::map<std::string, std::vector<const Plan*>> plans_of_person;
    Table<PlanEvent> reviews, visits;

    // Reads everything; `allocated_role` is the involvement role that means "allocated worker".
    sgaudit::Status load(sgaudit::Context& ctx, const std::string& allocated_role);
};

}  // namespace dq
