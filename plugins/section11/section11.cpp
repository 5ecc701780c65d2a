// Section 11 (Children Act 2004): each agency under the duty assesses itself against the
// standards, the board challenges the returns and the agencies act on the gaps. This plugin says
// what is known about each agency's return, each rating and each action; what counts as a lapse
// is written in rules/section11.toml.
#include <algorithm>

#include "facts.hpp"
#include "heat_map.hpp"
#include "due_date_kinds.hpp"
#include "sections.hpp"
#include "sgaudit/sdk.hpp"
#include "words.hpp"

namespace {
using namespace sgaudit;
using namespace s11;

class Section11Audit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "section11";
        d.version = "0.1.0";
        d.description = "Section 11 (Children Act 2004) self-assessments of the agencies under the duty: returns, ratings, actions";
        d.rulesets = {"section11"};
        d.required_columns = {
            "sga_organisations.org_id", "sga_organisations.org_name", "sga_organisations.sector", "sga_organisations.in_scope",
            "sga_s11_returns.return_id", "sga_s11_returns.org_id", "sga_s11_returns.period", "sga_s11_returns.due_date",
            "sga_s11_returns.submitted_date", "sga_s11_returns.signed_off_role", "sga_s11_returns.staff_in_contact",
            "sga_s11_returns.staff_trained", "sga_s11_returns.staff_vetted", "sga_s11_ratings.return_id", "sga_s11_ratings.standard",
            "sga_s11_ratings.rating", "sga_s11_ratings.evidence", "sga_s11_actions.action_id", "sga_s11_actions.return_id",
            "sga_s11_actions.standard", "sga_s11_actions.action", "sga_s11_actions.owner", "sga_s11_actions.due_date",
            "sga_s11_actions.completed_date"};
        d.facts = fact_declarations();
        d.check_kinds = due_date_kind_declarations();
        d.lists = {{"standards", {{"code", "text"}, {"title", "text"}, {"measure", "choice", true}}},
                   {"scale", {{"code", "text"}, {"label", "text"}, {"rag", "choice"}, {"rank", "whole"}, {"needs_evidence", "flag"},
                              {"needs_action", "flag"}}},
                   {"rounds", {{"period", "text"}, {"due", "date"}}},
                   {"sectors", {{"code", "text"}, {"label", "text"}, {"in_scope", "flag"}}}};
        // Agencies, their ratings and actions have no area or team: --area and --team leave them all in.
        d.unplaced_subject_kinds = {"organisation", "s11_rating", "s11_action"};
        return d;
    }

    const CheckKind* check_kind(std::string_view name) const {
        if (name == "recorded_by_due") return &recorded_by_due_;
        if (name == "done_by_due") return &done_by_due_;
        return nullptr;
    }

    Status run(Context& ctx) {
        Settings s;
        if (auto st = read_lists(ctx, s); !st) return st;
        S11Data data;
        if (auto st = data.load(ctx); !st) return st;
        // A source with no Section 11 data at all (a council's case data alone) has nothing to judge.
        if (data.organisations.empty() && data.returns.empty() && data.ratings.empty() && data.actions.empty()) {
            ReportSection none;
            none.id = "overview";
            none.title = "Section 11 audit: no data";
            none.text = "The data holds no agencies, returns, ratings or actions (sga_organisations and the sga_s11_ tables are "
                        "empty), so there is nothing to audit. Import the agencies and their returns to run it.";
            ctx.add_section(std::move(none));
            return Status::ok();
        }
        if (auto st = choose_round(ctx, s); !st) return st;
        Population pop(s, data);
        Judged judged;
        judged.to_evaluate = data.ratings.size() + data.actions.size();
        Status st = agencies(ctx, pop, judged);
        if (st) st = ratings(ctx, pop, judged);
        if (st) st = actions(ctx, pop, judged);
        if (!st) return st;
        ctx.add_section(overview_section(pop, judged, ctx.scope()));
        ctx.add_section(heat_map_section(pop, judged));
        ctx.add_section(returns_section(pop, judged));
        ctx.add_section(coverage_section(pop, judged));
        ctx.add_section(sectors_section(pop, judged));
        ctx.add_section(change_section(pop, judged));
        ctx.add_section(tracker_section(pop, judged));
        for (auto& page : agency_pages(pop, judged)) ctx.add_section(std::move(page));
        ctx.log(LogLevel::info, std::to_string(judged.agencies.size()) + " agencies under the duty, round " + s.audited().period);
        return Status::ok();
    }

private:
    static Subject subject(const char* kind, const std::string& id) { return {kind, id, "", "", "", ""}; }

    // Agencies under the duty, and those whose place cannot be told, by name.
    static Status agencies(Context& ctx, const Population& pop, Judged& judged) {
        std::vector<std::pair<std::string, std::string>> order;  // name, id
        for (const auto& [id, o] : pop.data().organisations)
            if (pop.organisation(id).kind != Place::out) order.emplace_back(o.name, id);
        std::sort(order.begin(), order.end());
        for (const auto& [name, id] : order) {
            judged.agencies.push_back(id);
            if (auto st = ctx.evaluate(subject("organisation", id), organisation_facts(pop, id), judged.agency[id]); !st) return st;
        }
        return Status::ok();
    }

    // Ratings of the round's returns, and actions of this and the previous round's; those that
    // cannot be placed in a round or an agency are judged too (as errors) and listed in the overview.
    static Status ratings(Context& ctx, const Population& pop, Judged& judged) {
        for (const auto& [k, r] : pop.data().ratings) {
            const std::string id = k.first + "/" + k.second;
            Place place = pop.rating(r);
            bool unplaced = place.kind == Place::undecidable;
            if (auto st = judge(ctx, "s11_rating", id, place, unplaced, [&] { return rating_facts(pop, r); }, judged.rating, k, judged); !st)
                return st;
        }
        return Status::ok();
    }

    static Status actions(Context& ctx, const Population& pop, Judged& judged) {
        for (const auto& [id, a] : pop.data().actions) {
            Place place = pop.action(a);
            bool unplaced = place.kind == Place::undecidable;
            if (auto st = judge(ctx, "s11_action", id, place, unplaced, [&] { return action_facts(pop, a); }, judged.action, id, judged); !st)
                return st;
        }
        return Status::ok();
    }

    // Evaluates a subject that is not out of the population, keeping its outcomes under `key`.
    template <class MakeFacts, class Map>
    static Status judge(Context& ctx, const char* kind, const std::string& id, const Place& place, bool unplaced, MakeFacts facts,
                        Map& outcomes, const typename Map::key_type& key, Judged& judged) {
        if (place.kind == Place::out) return Status::ok();
        if (unplaced) judged.unplaced[std::string(kind) + " " + id] = place.why;
        if (++judged.evaluated % 1000 == 0 && !ctx.progress(judged.evaluated, judged.to_evaluate)) return Status::error("cancelled");
        return ctx.evaluate(subject(kind, id), facts(), outcomes[key]);
    }

    DueDateCheck recorded_by_due_{false}, done_by_due_{true};
};

}  // namespace

SGAUDIT_PLUGIN(Section11Audit)
