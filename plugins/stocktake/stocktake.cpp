// Stocktake against an inquiry's published recommendations (Laming 2009, Climbié 2003, a serious
// case review's action plan): the recommendations are a list in the rule set, the council's
// entries rows of sga_stocktake_entries of the rule set's `source`. A new inquiry is a new rule
// set and no code. This plugin says what is known about each recommendation and each entry; what
// counts as a lapse is written in the rule set (docs/stocktake.md).
#include <algorithm>
#include <cctype>

#include "forms.hpp"
#include "stocktake.hpp"

namespace {
using namespace sgaudit;
using namespace stocktake;

Subject subject(const char* kind, const std::string& id) { return {kind, id, "", "", "", ""}; }

std::string text_of(const Value& v) { return std::string(trim(to_text(v))); }

// Sources are compared trimmed and in any case: "Laming-2009" in a hand-kept register is this
// stocktake's entry, never silently left out.
bool same_source(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}
// A parameter as text ("90" for a whole number), or `otherwise` when the rule set has none.
std::string text_param(Context& ctx, const char* name, const std::string& otherwise) {
    auto v = ctx.parameter(name);
    return v && !v->is_null() ? std::string(trim(to_text(*v))) : otherwise;
}
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
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
        if (auto st = load(ctx, source, judged.entries); !st) return st;

        std::map<std::string, std::int64_t> entries_of;
        for (const auto& e : judged.entries) ++entries_of[e.rec_ref];
        for (const Record& r : recs->records) {
            const std::string ref = text_of(r["ref"]), falls_to = text_of(r["falls_to"]);
            if (falls_to != "council" && falls_to != "partners") continue;
            Facts f;
            f.set("group", r["group"]);
            f.set("theme", r["theme"]);
            f.set("falls_to", Value(falls_to));
            f.set("deadline", r["deadline"]);
            f.set("entries", Value(entries_of.count(ref) ? entries_of[ref] : std::int64_t{0}));
            if (auto st = ctx.evaluate(subject("recommendation", ref), f, judged.recommendation[ref]); !st) return st;
        }
        const Earlier earlier = read_earlier(ctx.earlier_runs());
        std::uint64_t done = 0;
        for (const auto& e : judged.entries) {
            if (++done % 1000 == 0 && !ctx.progress(done, judged.entries.size())) return Status::error("cancelled");
            Facts f = entry_facts(*recs, e);
            if (e.conflict.empty()) set_previous_facts(earlier, e, f);
            if (auto st = ctx.evaluate(subject("stocktake_entry", e.id), f, judged.entry[e.id]); !st) return st;
        }
        ctx.add_section(cabinet_summary({*recs, judged, earlier, source, text_param(ctx, "title", source),
                                         text_param(ctx, "stale_after_days", "?") + " days", ctx.as_of()}));
        for (auto& s : sections(*recs, judged, source, progress_sections(earlier, judged, ctx.as_of()))) ctx.add_section(std::move(s));
        ctx.log(LogLevel::info, std::to_string(judged.entries.size()) + " entries of source " + source + " against " +
                                    std::to_string(recs->size()) + " recommendations");
        return Status::ok();
    }

private:
    static Status load(Context& ctx, const std::string& source, std::vector<Entry>& out) {
        std::map<std::string, Entry> by_id;
        auto st = ctx.query("SELECT entry_id, source, rec_ref, status, owner, local_action, target_date, evidence, updated_date "
                            "FROM sga_stocktake_entries",
                            {}, [&](const Row& r) {
                                if (!same_source(text_of(r[1]), source)) return Status::ok();
                                Entry e;
                                e.id = read_id(r[0]);
                                const std::string k = "entry_id=" + e.id;
                                e.rec_ref = text_of(r[2]);
                                // Compared trimmed and in any case, as the source is: "Compliant " is compliant.
                                e.status = lower(text_of(r[3]));
                                e.owner = text_of(r[4]);
                                e.local_action = text_of(r[5]);
                                e.target = read_date(r[6], "sga_stocktake_entries.target_date", k);
                                e.evidence = text_of(r[7]);
                                e.updated = read_date(r[8], "sga_stocktake_entries.updated_date", k);
                                auto [it, fresh] = by_id.try_emplace(e.id, e);
                                if (!fresh && it->second.conflict.empty() &&
                                    !(it->second.rec_ref == e.rec_ref && it->second.status == e.status && it->second.owner == e.owner &&
                                      it->second.local_action == e.local_action && it->second.evidence == e.evidence &&
                                      it->second.target.value == e.target.value && it->second.target.error == e.target.error &&
                                      it->second.updated.value == e.updated.value && it->second.updated.error == e.updated.error))
                                    it->second.conflict = "sga_stocktake_entries holds more than one row with " + k + " and different content";
                                return Status::ok();
                            });
        for (auto& [id, e] : by_id) out.push_back(std::move(e));
        return st;
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
