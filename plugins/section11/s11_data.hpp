#pragma once
// The Section 11 tables as read (docs/data.md): every date a Read<Date>, every count a
// Read<int64>, identifiers and codes trimmed, and rows repeated with the same key counted once.
// A key that repeats with different content keeps a `conflict` naming it, so nothing is decided
// by whichever row came last. Free text (evidence, the action itself) is read only to know
// whether it is there, or to show it to the board; it never goes into an error message.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace s11 {

using sgaudit::Date;
using sgaudit::Read;

struct Organisation {
    std::string id, name, sector;
    Read<bool> in_scope;
    std::string conflict;
};

struct Return {
    std::string id, org, period, signed_off;
    Read<Date> due, submitted;
    Read<std::int64_t> in_contact, trained, vetted;
    std::string conflict;
};

struct Rating {
    std::string return_id, standard, rating;
    bool has_evidence = false;
    std::string conflict;
};

struct Action {
    std::string id, return_id, standard, text, owner;
    Read<Date> due, completed;
    std::string conflict;
};

struct PanelRating {
    std::string rating, conflict;
};

using RatingKey = std::pair<std::string, std::string>;  // return id, standard

struct S11Data {
    std::map<std::string, Organisation> organisations;       // by org_id
    std::map<std::string, Return> returns;                   // by return_id
    std::map<RatingKey, Rating> ratings;                     // by return and standard
    std::map<std::string, Action> actions;                   // by action_id
    std::map<RatingKey, PanelRating> panel;                  // by return and standard
    bool has_panel_table = false;                            // sga_s11_panel_ratings exists

    sgaudit::Status load(sgaudit::Context& ctx);

private:
    sgaudit::Status load_returns(sgaudit::Context& ctx);
    sgaudit::Status load_ratings(sgaudit::Context& ctx);
    sgaudit::Status load_actions(sgaudit::Context& ctx);
    sgaudit::Status load_panel(sgaudit::Context& ctx);
};

// "return_id=R1" and the like: where a value is, for messages.
std::string key(const char* column, const std::string& id);
std::string rating_key(const RatingKey& k);

}  // namespace s11
