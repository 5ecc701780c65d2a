// Stocktake against an inquiry's published recommendations (Laming 2009, Climbié 2003, a serious
// case review's action plan): the recommendations are a list in the rule set, the council's
// entries rows of sga_stocktake_entries of the rule set's `source`. A new inquiry is a new rule
// set and no code. This plugin says what is known about each recommendation and each entry; what
// counts as a lapse is written in the rule set (docs/stocktake.md).

#include "forms.hpp"
#include "stocktake.hpp"

namespace {
using namespace sgaudit;
using namespace stocktake;

Subject subject(const char* kind, const std::string& id) { return {kind, id, "", "", "", ""}; }

std::string text_of(const Value& v) { return std::string(trim(to_text(v))); }

// A parameter as text ("90" for a whole number), or `otherwise` when the rule set has none.
std::string text_param(Context& ctx, const char* name, const std::string& otherwise) {
    auto v = ctx.parameter(name);
    return v && !v->is_null() ? std::string(trim(to_text(*v))) : otherwise;
}
Value text_or_null(const std::string& s) { return s.empty() ? Value(Null{}) : Value(s); }

std::vector<FactDecl> fact_declarations() {
    std::vector<FactDecl> d;
    auto fact = [&](const char* kind, const char* name, const char* type, const char* what) { d.push_back({kind, name, type, what}); };
    const char* rec = "recommendation";
    fact(rec, "group", "text", "the recommendation's group ([lists.recommendations])");
    fact(rec, "theme", "text", "its theme");
    fact(rec, "falls_to", "text", "council, partners or national");
    fact(rec, "deadline", "date", "the national deadline; null when none is given");
    fact(rec, "entries", "number", "entries of the audited source in sga_stocktake_entries naming it");
    const char* e = "stocktake_entry";
    fact(e, "rec_ref", "text", "sga_stocktake_entries.rec_ref");
    fact(e, "known", "flag", "the rule set lists the recommendation; an error naming the entry otherwise");
    fact(e, "group", "text", "the recommendation's group");
    fact(e, "theme", "text", "the recommendation's theme");
    fact(e, "deadline", "date", "the recommendation's national deadline; null when none is given");
    fact(e, "status", "text", "sga_stocktake_entries.status, trimmed");
    fact(e, "compliant", "flag", "status is compliant");
    fact(e, "owner", "text", "sga_stocktake_entries.owner; null when blank");
    fact(e, "local_action", "text", "sga_stocktake_entries.local_action; null when blank");
    fact(e, "reason", "text", "why the entry is not applicable: sga_stocktake_entries.local_action (the data model has no reason column)");
    fact(e, "evidence", "text", "sga_stocktake_entries.evidence; null when blank");
    fact(e, "target_date", "date", "sga_stocktake_entries.target_date");
    fact(e, "updated_date", "date", "sga_stocktake_entries.updated_date");
    fact(e, "missing", "text", "what an open entry lacks of owner, local action and target date, in words");
    fact(e, "previous_status", "text",
         "its status at the last earlier stocktake of this pack on this source in the run history; null when there is none, or the entry is new");
    fact(e, "previous_as_of", "date", "the audit date of that stocktake; null likewise");
    return d;
}

class StocktakeAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "stocktake";
        d.version = "0.1.0";
        d.description = "Stocktake against an inquiry's recommendations: every local one has an entry, entries complete, on time and current";
        // No default rule set: each inquiry is a pack (rules/stocktake/*.toml) named with --rules.
        d.rulesets = {};
        d.required_columns = {"sga_stocktake_entries.entry_id",     "sga_stocktake_entries.source",      "sga_stocktake_entries.rec_ref",
                              "sga_stocktake_entries.status",       "sga_stocktake_entries.owner",       "sga_stocktake_entries.local_action",
                              "sga_stocktake_entries.target_date",  "sga_stocktake_entries.evidence",    "sga_stocktake_entries.updated_date"};
        d.facts = fact_declarations();
        d.check_kinds = {open_by_target_declaration()};
        d.lists = {{"recommendations",
                    {{"ref", "text"}, {"group", "text"}, {"theme", "choice"}, {"falls_to", "choice"}, {"deadline", "date", true},
                     {"description", "text"}}}};
        // Recommendations and entries belong to no area or team: --area and --team leave them all in.
        d.unplaced_subject_kinds = {"recommendation", "stocktake_entry"};
        // Progress since earlier stocktakes of the same pack on the same source (progress.cpp).
        d.history = history_need();
        // Two packs with one source would audit one register under one label: the host refuses them.
        d.pack_key = "source";
        return d;
    }

    const CheckKind* check_kind(std::string_view name) const { return name == "open_by_target" ? &open_by_target_ : nullptr; }

    // The register as a workbook the officers keep (forms.hpp, docs/stocktake.md).
    Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) { return stocktake::forms(ctx, request, out); }

    Status run(Context& ctx) {
        const RecordList* recs = ctx.list("recommendations");
        if (!recs) return Status::error("the host handed over no 'recommendations' list");
        std::string source;
        if (auto st = pack_source(ctx, source); !st) return st;

        Judged judged;
        if (auto st = load_entries(ctx, source, judged); !st) return st;
        if (auto st = judge_recommendations(ctx, *recs, judged); !st) return st;
        const Earlier earlier = read_earlier(ctx.earlier_runs());
        for (const auto& w : earlier_warnings(earlier, ctx.as_of())) ctx.log(LogLevel::warn, w);
        if (auto st = judge_entries(ctx, *recs, earlier, judged); !st) return st;
        ctx.add_section(cabinet_summary({*recs, judged, earlier, source, text_param(ctx, "title", source),
                                         text_param(ctx, "stale_after_days", "?") + " days", ctx.as_of()}));
        for (auto& s : sections(*recs, judged, source, progress_sections(earlier, judged, ctx.as_of()))) ctx.add_section(std::move(s));
        ctx.log(LogLevel::info, std::to_string(judged.entries.size()) + " entries of source " + source + " against " +
                                    std::to_string(recs->size()) + " recommendations");
        return Status::ok();
    }

private:
    // One subject per recommendation falling to the council or its partners. Its entries are
    // counted from the judged ones; one named only by rows that cannot be judged cannot be told
    // to have an entry, and says why.
    static Status judge_recommendations(Context& ctx, const RecordList& recs, Judged& judged) {
        std::map<std::string, std::int64_t> entries_of;
        std::map<std::string, std::string> unsure;
        for (const auto& e : judged.entries) ++entries_of[e.rec_ref];
        for (const auto& e : judged.unjudged)
            for (const auto& ref : e.refs) unsure.try_emplace(ref, e.conflict);
        for (const Record& r : recs.records) {
            const std::string ref = text_of(r["ref"]), falls_to = text_of(r["falls_to"]);
            if (falls_to != "council" && falls_to != "partners") continue;
            Facts f;
            f.set("group", r["group"]);
            f.set("theme", r["theme"]);
            f.set("falls_to", Value(falls_to));
            f.set("deadline", r["deadline"]);
            if (!entries_of.count(ref) && unsure.count(ref)) f.set_error("entries", unsure[ref]);
            else f.set("entries", Value(entries_of.count(ref) ? entries_of[ref] : std::int64_t{0}));
            if (auto st = ctx.evaluate(subject("recommendation", ref), f, judged.recommendation[ref]); !st) return st;
        }
        return Status::ok();
    }

    // One subject per entry, the unjudged ones with every fact an error.
    static Status judge_entries(Context& ctx, const RecordList& recs, const Earlier& earlier, Judged& judged) {
        const std::size_t total = judged.entries.size() + judged.unjudged.size();
        std::uint64_t done = 0;
        for (const auto* list : {&judged.entries, &judged.unjudged})
            for (const auto& e : *list) {
                if (++done % 1000 == 0 && !ctx.progress(done, total)) return Status::error("cancelled");
                Facts f = entry_facts(recs, e);
                if (e.conflict.empty()) set_previous_facts(earlier, e, f);
                if (auto st = ctx.evaluate(subject("stocktake_entry", e.id), f, judged.entry[e.id]); !st) return st;
            }
        return Status::ok();
    }

    static Facts entry_facts(const RecordList& recs, const Entry& e) {
        Facts f;
        if (!e.conflict.empty()) {
            for (const auto& d : fact_declarations())
                if (d.subject_kind == "stocktake_entry") f.set_error(d.name, e.conflict);
            return f;
        }
        f.set("rec_ref", text_or_null(e.rec_ref));
        const Record* rec = e.rec_ref.empty() ? nullptr : recs.find(Value(e.rec_ref));
        if (rec) {
            f.set("known", true);
            f.set("group", (*rec)["group"]);
            f.set("theme", (*rec)["theme"]);
            f.set("deadline", (*rec)["deadline"]);
        } else {
            const std::string why = e.rec_ref.empty()
                                        ? "sga_stocktake_entries.rec_ref is blank (entry_id=" + e.id + ")"
                                        : "entry " + e.id + " names recommendation '" + e.rec_ref + "', which the rule set does not list";
            for (const char* n : {"known", "group", "theme", "deadline"}) f.set_error(n, why);
        }
        f.set("status", text_or_null(e.status));
        f.set("compliant", e.status == "compliant");
        f.set("owner", text_or_null(e.owner));
        f.set("local_action", text_or_null(e.local_action));
        f.set("reason", text_or_null(e.local_action));
        f.set("evidence", text_or_null(e.evidence));
        f.set("target_date", e.target);
        f.set("updated_date", e.updated);
        std::vector<std::string> missing;
        if (e.owner.empty()) missing.push_back("owner");
        if (e.local_action.empty()) missing.push_back("local action");
        if (!e.target.ok()) {
            f.set_error("missing", e.target.error);
        } else {
            if (!e.target.value) missing.push_back("target date");
            std::string words;
            for (std::size_t i = 0; i < missing.size(); ++i) words += (i ? (i + 1 == missing.size() ? " or " : ", ") : "") + missing[i];
            f.set("missing", text_or_null(words));
        }
        return f;
    }

    OpenByTarget open_by_target_;
};

}  // namespace

Status stocktake::pack_source(Context& ctx, std::string& out) {
    auto param = ctx.parameter("source");
    if (!param || !param->is_text() || trim(param->as_text()).empty())
        return Status::error("the rule set's parameter 'source' (sga_stocktake_entries.source of its entries) is not set");
    out = std::string(trim(param->as_text()));
    return Status::ok();
}

SGAUDIT_PLUGIN(StocktakeAudit)
