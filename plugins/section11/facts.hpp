#pragma once
// What is known about each subject, for rules/section11.toml: an agency (its return for the
// audited round), a rating (a standard of a return) and an action. Nothing here decides what is
// a lapse; the rule set does.
#include <string>
#include <vector>

#include "population.hpp"

namespace s11 {

// The facts each subject kind has, as the plugin declares them.
std::vector<sgaudit::FactDecl> fact_declarations();

// Every declared fact of `kind` set to the error `why`: a subject whose place cannot be told.
sgaudit::Facts undecidable_facts(const std::string& kind, const std::string& why);

sgaudit::Facts organisation_facts(const Population& pop, const std::string& org_id);
sgaudit::Facts rating_facts(const Population& pop, const Rating& r);
sgaudit::Facts action_facts(const Population& pop, const Action& a);

// An agency's coverage (covered / staff in contact) from its return: a share from 0 to 1, not
// recorded (a figure not given, or no staff in contact), or an error (a figure that cannot be
// read or is below zero; or more staff trained, or vetted, than in contact, which makes both
// coverages unknowable, since staff in contact measures both). `figures` says it in words.
struct Coverage {
    sgaudit::Read<double> share;
    std::string figures;  // "9 of 10 staff in contact (90.0%)", "not given"
    std::string words() const { return share.ok() ? figures : "could not be worked out (see the findings)"; }
};
Coverage coverage_of(const Return& r, const sgaudit::Read<std::int64_t>& covered, const char* column);

// "90.0%": one decimal, rounded down, so a share under a threshold never reads as at it.
std::string percent(double share);

}  // namespace s11
