#include "forms.hpp"

#include "population.hpp"
#include "s11_data.hpp"
#include "settings.hpp"

#include <cctype>
#include <map>
#include <set>

namespace section11 {

using namespace sgaudit;

namespace {

struct Agency {
    std::string id, name;
};

struct ReturnRow {
    std::string id, org;
    Value due, submitted, signed_off, in_contact, trained, vetted;
};

struct ActionRow {
    std::string id, standard;
    Value action, owner, due, completed;
};

// What the source holds for one round: its returns by agency, their ratings and actions.
struct RoundData {
    std::map<std::string, ReturnRow> returns;                                   // by org_id
    std::map<std::string, std::map<std::string, std::pair<Value, Value>>> ratings;  // return -> standard -> rating, evidence
    std::map<std::string, std::vector<ActionRow>> actions;                      // return -> actions
};

// Rows for actions in each return (ids A01..A12), besides any other actions already recorded.
constexpr std::size_t kSpareActions = 12;

// The agencies under the duty, decided as the audit decides it (Population::organisation): an
// agency whose place cannot be told (an in_scope flag not recorded or unreadable, a sector the
// rule set does not know) stops the workbooks with the reason, rather than being left out.
Status in_scope_agencies(Context& ctx, std::vector<Agency>& out) {
    s11::Settings settings;
    if (Status st = s11::read_lists(ctx, settings); !st) return st;
    s11::S11Data data;
    if (Status st = data.load(ctx); !st) return st;
    s11::Population population(settings, data);
    for (const auto& [id, org] : data.organisations) {
        s11::Place place = population.organisation(id);
        if (place.kind == s11::Place::undecidable) return Status::error(place.why + ": correct it before writing workbooks");
        if (place.kind == s11::Place::in) out.push_back({id, org.name.empty() ? id : org.name});
    }
    return Status::ok();
}

Status read_returns(Context& ctx, const std::string& period, RoundData& d) {
    return ctx.query("SELECT return_id, org_id, due_date, submitted_date, signed_off_role, staff_in_contact, staff_trained, "
                     "staff_vetted FROM sga_s11_returns WHERE period = :p ORDER BY return_id",
                     {Value(period)}, [&](const Row& row) {
                         ReturnRow r{read_id(row[0]), read_id(row[1]), row[2], row[3], row[4], row[5], row[6], row[7]};
                         if (d.returns.count(r.org))
                             return Status::error("sga_s11_returns holds two returns for agency " + r.org + " in round " + period +
                                                  " (" + d.returns[r.org].id + " and " + r.id + "): remove one first");
                         d.returns.emplace(r.org, std::move(r));
                         return Status::ok();
                     });
}

Status read_round(Context& ctx, const std::string& period, RoundData& d) {
    if (Status st = read_returns(ctx, period, d); !st) return st;
    std::set<std::string> ids;
    for (const auto& [org, r] : d.returns) ids.insert(r.id);
    Status st = ctx.query("SELECT return_id, standard, rating, evidence FROM sga_s11_ratings", {}, [&](const Row& row) {
        std::string rid = read_id(row[0]);
        if (ids.count(rid)) d.ratings[rid][read_id(row[1])] = {row[2], row[3]};
        return Status::ok();
    });
    if (!st) return st;
    return ctx.query("SELECT action_id, return_id, standard, action, owner, due_date, completed_date FROM sga_s11_actions "
                     "ORDER BY action_id",
                     {}, [&](const Row& row) {
                         std::string rid = read_id(row[1]);
                         if (ids.count(rid)) d.actions[rid].push_back({read_id(row[0]), read_id(row[2]), row[3], row[4], row[5], row[6]});
                         return Status::ok();
                     });
}

// A date as the workbook shows it (a real date cell), or the value as it is when unreadable.
Value date_value(const Value& v) {
    if (auto d = to_date(v)) return *d;
    return v;
}

std::vector<FormChoice> scale_choices(Context& ctx) {
    std::vector<FormChoice> out;
    for (const auto& r : ctx.list("scale")->records) out.push_back({r["code"].to_string(), r["label"].to_string()});
    return out;
}

// A rating code as people read it (its label on the scale), for cells that only show it.
Value rating_label(Context& ctx, const Value& code) {
    if (code.is_null()) return code;
    if (const Record* r = ctx.list("scale")->find(Value(read_id(code)))) return (*r)["label"];
    return code;
}

std::vector<FormChoice> standard_choices(Context& ctx) {
    std::vector<FormChoice> out;
    for (const auto& r : ctx.list("standards")->records)
        out.push_back({r["code"].to_string(), r["code"].to_string() + " " + r["title"].to_string()});
    return out;
}

std::string needing(Context& ctx, const char* field) {
    std::string s;
    for (const auto& r : ctx.list("scale")->records)
        if (r[field].is_bool() && r[field].as_bool()) s += (s.empty() ? "" : ", ") + r["label"].to_string();
    return s.empty() ? "no rating" : s;
}

FormSheet return_sheet(const Agency& a, const std::string& rid, const Record& round, const ReturnRow* r) {
    FormSheet s;
    s.name = "Return";
    s.table = "sga_s11_returns";
    s.layout = FormLayout::record;
    s.intro = "Your agency's return for the round. Counts are of staff (and volunteers) working with or in contact with children.";
    s.replaces = {{"return_id", Value(rid)}};
    auto col = [](std::string field, std::string heading, FieldType t, bool locked, bool required, std::string help = {}) {
        FormColumn c;
        c.field = std::move(field);
        c.heading = std::move(heading);
        c.type = t;
        c.locked = locked;
        c.required = required;
        c.help = std::move(help);
        if (t == FieldType::whole) c.min = 0;
        return c;
    };
    s.columns = {col("return_id", "Return", FieldType::text, true, true), col("org_id", "Agency id", FieldType::text, true, true),
                 col("", "Agency", FieldType::text, true, false), col("period", "Round", FieldType::text, true, true),
                 col("due_date", "Due by", FieldType::date, true, true),
                 col("submitted_date", "Date submitted", FieldType::date, false, true, "The day the senior officer signed the return off"),
                 col("signed_off_role", "Signed off by (role)", FieldType::text, false, true,
                     "The senior officer's role, e.g. Chief Executive or Director of Nursing: a role, not a name"),
                 col("staff_in_contact", "Staff in contact with children", FieldType::whole, false, true,
                     "Everyone who works with or is in contact with children and families"),
                 col("staff_trained", "Of whom trained in safeguarding", FieldType::whole, false, true,
                     "Of those in contact: safeguarding training within the refresh period. At most the number in contact"),
                 col("staff_vetted", "Of whom vetted (current CRB check)", FieldType::whole, false, true,
                     "Of those in contact: a current CRB/DBS check. At most the number in contact")};
    Value due = r && !r->due.is_null() ? date_value(r->due) : round["due"];
    s.rows = {{Value(rid), Value(a.id), Value(a.name), round["period"], due, r ? date_value(r->submitted) : Value(),
               r ? r->signed_off : Value(), r ? r->in_contact : Value(), r ? r->trained : Value(), r ? r->vetted : Value()}};
    return s;
}

FormSheet ratings_sheet(Context& ctx, const std::string& rid, const RoundData& d, const std::map<std::string, Value>& before,
                        const std::string& previous) {
    FormSheet s;
    s.name = "Ratings";
    s.table = "sga_s11_ratings";
    s.intro = "Rate each standard. Evidence is needed for: " + needing(ctx, "needs_evidence") +
              ". An action (on the Actions sheet) is needed for: " + needing(ctx, "needs_action") + ".";
    s.replaces = {{"return_id", Value(rid)}};
    s.constants = {{"return_id", Value(rid)}};
    FormColumn code{"standard", "Standard", FieldType::text, {}, {}, {}, true, true, {}, 10, {}};
    FormColumn title{"", "Title", FieldType::text, {}, {}, {}, true, false, {}, 46, {}};
    FormColumn rating{"rating", "Rating", FieldType::choice, scale_choices(ctx), {}, {}, false, true, "Choose from the drop-down", 16, {}};
    FormColumn evidence{"evidence", "Evidence", FieldType::text, {}, {}, {}, false, false,
                        "Where the evidence is: a document, a policy, an audit", 50, {}};
    FormColumn prior{"", previous.empty() ? "Previous round" : "Rating in " + previous, FieldType::text, {}, {}, {}, true, false, {}, 16, {}};
    s.columns = {code, title, rating, evidence, prior};
    auto mine = d.ratings.find(rid);
    for (const auto& r : ctx.list("standards")->records) {
        std::string c = r["code"].to_string();
        std::pair<Value, Value> now;
        if (mine != d.ratings.end())
            if (auto it = mine->second.find(c); it != mine->second.end()) now = it->second;
        auto was = before.find(c);
        s.rows.push_back({Value(c), r["title"], now.first, now.second, was == before.end() ? Value() : rating_label(ctx, was->second)});
    }
    return s;
}

FormSheet actions_sheet(Context& ctx, const std::string& rid, const RoundData& d) {
    FormSheet s;
    s.name = "Actions";
    s.table = "sga_s11_actions";
    s.intro = "Improvement actions, one a row: what will be done, by whom (a role) and by when. Leave spare rows empty.";
    s.replaces = {{"return_id", Value(rid)}};
    s.constants = {{"return_id", Value(rid)}};
    s.skip_blank_rows = true;
    s.columns = {FormColumn{"action_id", "Action", FieldType::text, {}, {}, {}, true, true, {}, 22, {}},
                 FormColumn{"standard", "Standard", FieldType::choice, standard_choices(ctx), {}, {}, false, true, "The standard it improves", 30, {}},
                 FormColumn{"action", "What will be done", FieldType::text, {}, {}, {}, false, true, {}, 50, {}},
                 FormColumn{"owner", "Owner (role)", FieldType::text, {}, {}, {}, false, true, "A role, not a name", 24, {}},
                 FormColumn{"due_date", "Due by", FieldType::date, {}, {}, {}, false, true, {}, 14, {}},
                 FormColumn{"completed_date", "Completed on", FieldType::date, {}, {}, {}, false, false, "Only once it is done", 14, {}}};
    // The rows are the return's actions in the data and the ids RETURN-A01 .. A12, whether or not
    // they are used yet: the same rows whether the workbook is written before or after it is
    // collected, since collect asks for the form again.
    std::set<std::string> have;
    if (auto it = d.actions.find(rid); it != d.actions.end())
        for (const auto& a : it->second) {
            s.rows.push_back({Value(a.id), Value(a.standard), a.action, a.owner, date_value(a.due), date_value(a.completed)});
            have.insert(a.id);
        }
    for (std::size_t i = 1; i <= kSpareActions; ++i) {
        std::string id = rid + "-A" + (i < 10 ? "0" : "") + std::to_string(i);
        if (!have.count(id)) s.rows.push_back({Value(id), Value(), Value(), Value(), Value(), Value()});
    }
    return s;
}

std::vector<std::string> return_instructions(const Agency& a, const Record& round) {
    return {"This is " + a.name + "'s Section 11 self-assessment for " + round["period"].to_string() + " (Children Act 2004, "
            "section 11: the duty to make arrangements to safeguard and promote the welfare of children).",
            "Return it by " + round["due"].to_string() + ", signed off by a senior officer. On 'Return', give the date it was "
            "signed off, the officer's role and your staff figures. On 'Ratings', rate every standard and say where the "
            "evidence is. On 'Actions', give an improvement action for every standard not fully met.",
            "The board checks your ratings against your own figures: a standard on training or vetting rated fully met while "
            "coverage is under the board's threshold will be challenged."};
}

Status agency_forms(Context& ctx, const Record& round, const std::vector<Agency>& agencies, const RoundData& now,
                    const RoundData& before, const std::string& previous, std::vector<Form>& out) {
    const std::string period = round["period"].to_string();
    for (const auto& a : agencies) {
        auto r = now.returns.find(a.id);
        const ReturnRow* existing = r == now.returns.end() ? nullptr : &r->second;
        std::string rid = existing ? existing->id : "S11-" + period + "-" + a.id;
        std::map<std::string, Value> was;
        if (auto p = before.returns.find(a.id); p != before.returns.end())
            if (auto it = before.ratings.find(p->second.id); it != before.ratings.end())
                for (const auto& [std_code, rating] : it->second) was[std_code] = rating.first;
        Form f;
        f.name = "return";
        f.version = 1;
        f.file = "section11-" + file_name_part(period) + "-" + file_name_part(a.id);
        f.title = "Section 11 self-assessment " + period + ": " + a.name;
        f.marker = {{"round", period}, {"org_id", a.id}};
        f.instructions = return_instructions(a, round);
        f.sheets = {return_sheet(a, rid, round, existing), ratings_sheet(ctx, rid, now, was, previous), actions_sheet(ctx, rid, now)};
        out.push_back(std::move(f));
    }
    return Status::ok();
}

// The board's challenge panel: one row per standard of every return in, for the panel's rating.
void panel_form(Context& ctx, const Record& round, const std::vector<Agency>& agencies, const RoundData& now, std::vector<Form>& out) {
    const std::string period = round["period"].to_string();
    FormSheet s;
    s.name = "Panel ratings";
    s.table = "sga_s11_panel_ratings";
    s.intro = "The panel's rating of each standard, where it challenges the agency's own. Leave it empty where the panel agrees.";
    s.replace_rows_by = {"return_id", "standard"};
    s.columns = {FormColumn{"return_id", "Return", FieldType::text, {}, {}, {}, true, true, {}, 20, {}},
                 FormColumn{"", "Agency", FieldType::text, {}, {}, {}, true, false, {}, 32, {}},
                 FormColumn{"standard", "Standard", FieldType::text, {}, {}, {}, true, true, {}, 10, {}},
                 FormColumn{"", "Agency's rating", FieldType::text, {}, {}, {}, true, false, {}, 16, {}},
                 FormColumn{"panel_rating", "Panel's rating", FieldType::choice, scale_choices(ctx), {}, {}, false, false,
                            "Only where the panel differs from the agency", 16, {}},
                 FormColumn{"panel_comment", "Why", FieldType::text, {}, {}, {}, false, false, "The panel's reason", 50, {}}};
    for (const auto& a : agencies) {
        auto r = now.returns.find(a.id);
        if (r == now.returns.end()) continue;
        auto rated = now.ratings.find(r->second.id);
        for (const auto& st : ctx.list("standards")->records) {
            std::string c = st["code"].to_string();
            Value own;
            if (rated != now.ratings.end())
                if (auto it = rated->second.find(c); it != rated->second.end()) own = it->second.first;
            s.rows.push_back({Value(r->second.id), Value(a.name), Value(c), rating_label(ctx, own), Value(), Value()});
        }
    }
    if (s.rows.empty()) return;  // no returns in yet: nothing for the panel to challenge
    Form f;
    f.name = "panel";
    f.version = 1;
    f.file = "section11-" + file_name_part(period) + "-panel";
    f.title = "Section 11 challenge panel " + period;
    f.marker = {{"round", period}};
    f.instructions = {"The board's challenge of the agencies' " + period + " self-assessments. Where the panel rates a standard "
                      "differently from the agency, choose the panel's rating and say why; the report then shows the panel's rating "
                      "beside the agency's own."};
    f.sheets = {std::move(s)};
    out.push_back(std::move(f));
}

}  // namespace

Status workbook_round(Context& ctx, const std::string& asked, const Record*& round) {
    const RecordList* rounds = ctx.list("rounds");
    std::string want = asked;
    if (want.empty())
        if (auto p = ctx.parameter("round"); p && p->is_text()) want = p->as_text();
    round = nullptr;
    if (!want.empty()) {
        round = rounds->find(Value(want));
        if (!round)
            return Status::error("round " + want + " is not in the rule set's list of rounds ([lists.rounds]): add it, with its "
                                 "due date, in a local overlay");
        return Status::ok();
    }
    for (const auto& r : rounds->records)
        if (r["due"].is_date() && !(r["due"].as_date() < ctx.as_of())) {
            round = &r;
            return Status::ok();
        }
    return Status::error("no round in the rule set's [lists.rounds] is due on or after " + ctx.as_of().iso() +
                         ": say which with --round, or add the next round in a local overlay");
}

Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) {
    const Record* round = nullptr;
    if (Status st = workbook_round(ctx, request.round, round); !st) return st;
    std::string previous;
    const auto& rounds = ctx.list("rounds")->records;
    for (std::size_t i = 1; i < rounds.size(); ++i)
        if (&rounds[i] == round) previous = rounds[i - 1]["period"].to_string();
    std::vector<Agency> agencies;
    RoundData now, before;
    if (Status st = in_scope_agencies(ctx, agencies); !st) return st;
    if (Status st = read_round(ctx, round->operator[]("period").to_string(), now); !st) return st;
    if (!previous.empty())
        if (Status st = read_round(ctx, previous, before); !st) return st;
    if (Status st = agency_forms(ctx, *round, agencies, now, before, previous, out); !st) return st;
    panel_form(ctx, *round, agencies, now, out);
    return Status::ok();
}

}  // namespace section11
