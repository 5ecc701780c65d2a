#include "s11_data.hpp"

namespace s11 {
using namespace sgaudit;

std::string key(const char* column, const std::string& id) { return std::string(column) + "=" + id; }
std::string rating_key(const RatingKey& k) { return "return_id=" + k.first + ", standard=" + k.second; }

namespace {

template <class T>
bool same(const Read<T>& a, const Read<T>& b) {
    return a.value == b.value && a.error == b.error;
}

// Codes and names are compared and shown without surrounding white space.
std::string code(const Value& v) { return std::string(trim(to_text(v))); }
bool present(const Value& v) { return !trim(to_text(v)).empty(); }

// A row kept once per key; the same key again with other content is a conflict naming the key
// ("sga_s11_returns holds more than one row with return_id=R1 and different content").
template <class Map, class Row, class Same>
void keep_once(Map& rows, const typename Map::key_type& k, const Row& row, Same same_row, const std::string& table,
               const std::string& where) {
    auto [it, fresh] = rows.try_emplace(k, row);
    if (!fresh && !same_row(it->second, row) && it->second.conflict.empty())
        it->second.conflict = table + " holds more than one row with " + where + " and different content";
}

}  // namespace

Status S11Data::load(Context& ctx) {
    auto st = ctx.query("SELECT org_id, org_name, sector, in_scope FROM sga_organisations", {}, [&](const Row& r) {
        std::string id = read_id(r[0]), k = key("org_id", id);
        Organisation o{id, code(r[1]), code(r[2]), read_flag(r[3], "sga_organisations.in_scope", k), {}};
        keep_once(organisations, id, o, [](const Organisation& a, const Organisation& b) {
            return a.name == b.name && a.sector == b.sector && same(a.in_scope, b.in_scope);
        }, "sga_organisations", k);
        return Status::ok();
    });
    if (st) st = load_returns(ctx);
    if (st) st = load_ratings(ctx);
    if (st) st = load_actions(ctx);
    if (st) st = load_panel(ctx);
    return st;
}

Status S11Data::load_returns(Context& ctx) {
    // The counts as text (see read_whole): a word in a count column is then an error, never 0.
    return ctx.query("SELECT return_id, org_id, period, due_date, submitted_date, signed_off_role, CAST(staff_in_contact AS TEXT), "
                     "CAST(staff_trained AS TEXT), CAST(staff_vetted AS TEXT) FROM sga_s11_returns",
                     {}, [&](const Row& r) {
                         std::string id = read_id(r[0]), k = key("return_id", id);
                         Return rt{id, read_id(r[1]), code(r[2]), code(r[5]),
                                   read_date(r[3], "sga_s11_returns.due_date", k), read_date(r[4], "sga_s11_returns.submitted_date", k),
                                   read_whole(r[6], "sga_s11_returns.staff_in_contact", k),
                                   read_whole(r[7], "sga_s11_returns.staff_trained", k),
                                   read_whole(r[8], "sga_s11_returns.staff_vetted", k), {}};
                         keep_once(returns, id, rt, [](const Return& a, const Return& b) {
                             return a.org == b.org && a.period == b.period && a.signed_off == b.signed_off && same(a.due, b.due) &&
                                    same(a.submitted, b.submitted) && same(a.in_contact, b.in_contact) && same(a.trained, b.trained) &&
                                    same(a.vetted, b.vetted);
                         }, "sga_s11_returns", k);
                         return Status::ok();
                     });
}

Status S11Data::load_ratings(Context& ctx) {
    return ctx.query("SELECT return_id, standard, rating, evidence FROM sga_s11_ratings", {}, [&](const Row& r) {
        RatingKey k{read_id(r[0]), code(r[1])};
        Rating rt{k.first, k.second, code(r[2]), present(r[3]), {}};
        keep_once(ratings, k, rt, [](const Rating& a, const Rating& b) { return a.rating == b.rating && a.has_evidence == b.has_evidence; },
                  "sga_s11_ratings", rating_key(k));
        return Status::ok();
    });
}

Status S11Data::load_actions(Context& ctx) {
    return ctx.query("SELECT action_id, return_id, standard, action, owner, due_date, completed_date FROM sga_s11_actions", {},
                     [&](const Row& r) {
                         std::string id = read_id(r[0]), k = key("action_id", id);
                         Action a{id, read_id(r[1]), code(r[2]), std::string(trim(to_text(r[3]))), code(r[4]),
                                  read_date(r[5], "sga_s11_actions.due_date", k),
                                  read_date(r[6], "sga_s11_actions.completed_date", k), {}};
                         keep_once(actions, id, a, [](const Action& x, const Action& y) {
                             return x.return_id == y.return_id && x.standard == y.standard && x.text == y.text && x.owner == y.owner &&
                                    same(x.due, y.due) && same(x.completed, y.completed);
                         }, "sga_s11_actions", k);
                         return Status::ok();
                     });
}

// The panel's ratings are optional: a source without the table runs, and the panel's rule is
// not applicable. The table is taken to exist when it can be selected from (as the host decides
// which tables a source has); a table that exists but cannot be read is an error.
Status S11Data::load_panel(Context& ctx) {
    has_panel_table = static_cast<bool>(ctx.query("SELECT * FROM sga_s11_panel_ratings WHERE 1 = 0", {}, [](const Row&) { return Status::ok(); }));
    if (!has_panel_table) return Status::ok();
    return ctx.query("SELECT return_id, standard, panel_rating FROM sga_s11_panel_ratings", {}, [&](const Row& r) {
        RatingKey k{read_id(r[0]), code(r[1])};
        PanelRating p{code(r[2]), {}};
        keep_once(panel, k, p, [](const PanelRating& a, const PanelRating& b) { return a.rating == b.rating; }, "sga_s11_panel_ratings",
                  rating_key(k));
        return Status::ok();
    });
}

}  // namespace s11
