#pragma once
// How to write a plugin:
//
//   class MyAudit {
//   public:
//       static sgaudit::PluginDescription describe();   // name, version, rule sets, needs
//       sgaudit::Status run(sgaudit::Context& ctx);     // may throw; the SDK catches it
//       // optional: const sgaudit::CheckKind* check_kind(std::string_view name) const;  (own check kinds)
//       // optional: sgaudit::Status forms(sgaudit::Context&, const sgaudit::FormRequest&,
//       //                                 std::vector<sgaudit::Form>&);   (workbooks, form.hpp)
//       // optional: sgaudit::Status review(sgaudit::Context&, const sgaudit::RunReview&,
//       //                                  std::vector<sgaudit::ReportSection>&); (judgements, review.hpp)
//   };
//   SGAUDIT_PLUGIN(MyAudit)
//
// SGAUDIT_PLUGIN exports the versioned C entry point the host reads first (sdk/abi.h), then
// the C++ description the host reads once the runtime signature matched, and wraps the class
// so that no exception ever leaves the library.
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sgaudit/sdk/abi.h"
#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/form.hpp"
#include "sgaudit/sdk/review.hpp"
#include "sgaudit/sdk/version.hpp"

namespace sgaudit {

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual Status run(Context& ctx) noexcept = 0;
    // Evaluates one of the plugin's own check kinds; unknown kinds and exceptions come back as
    // an `error` outcome, caught inside the plugin.
    virtual CheckOutcome evaluate_check(std::string_view kind, const CheckInput& input) const noexcept = 0;
    // The workbooks the plugin wants filled in (form.hpp); an error for a plugin that has none.
    virtual Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) noexcept = 0;
    // Sections for a stored run's report from what was judged about it (review.hpp); an error
    // for a plugin that has no review.
    virtual Status review(Context& ctx, const RunReview& review, std::vector<ReportSection>& out) noexcept = 0;
};

struct FactDecl {
    std::string subject_kind, name, type, description;
    // A sensitive fact (a date of birth) may be used by rules but is never shown: not in
    // evidence, not in messages, not in error text.
    bool sensitive = false;
};

struct CheckDecl {
    std::string name;
    std::vector<std::string> required, optional;
    std::vector<std::string> evidence;  // keys of CheckOutcome::evidence, usable as {placeholders}
    // What each argument must be, as the built-in kinds declare theirs (docs/rules.md, "Checks"):
    // "date" (a date fact), "dates" (a list-of-dates fact, or a date fact), "number" (a number
    // fact), "fact" (any fact), "count" (a whole number of days or months, or "$parameter"),
    // "amount" (a number not below 0, or "$parameter"). `rules check` and `run` refuse a rule
    // whose argument is not of its type (a fact that does not exist, or a date where dates are
    // wanted) at its file:line:column. An argument left out here is not checked: declare every one.
    std::map<std::string, std::string> arg_types;
};

struct PluginDescription {
    std::string name, version, description;
    std::string min_host_version = SGAUDIT_VERSION;
    std::vector<std::string> rulesets;
    std::vector<std::string> required_columns;  // "table.column"
    std::vector<FactDecl> facts;
    std::vector<CheckDecl> check_kinds;
    // Lists the plugin reads with Context::list, with the fields it needs and their types: a rule
    // set without one, or with a field of another type, is refused by `rules check` and `run`.
    std::vector<ListDecl> lists;
    // Subject kinds that have no area or team (an agency, say): --area and --team never filter
    // them out, and the reports say so, so a filter cannot silently empty such an audit.
    std::vector<std::string> unplaced_subject_kinds;
    // Earlier runs the plugin reads with Context::earlier_runs: the results of these rules, from
    // at most `runs` earlier audit dates (0: none are read).
    struct HistoryNeed {
        std::vector<std::string> rules;
        std::size_t runs = 0;
    } history;
    // For a plugin whose rule sets are packs (no default rule set): the parameter that says what
    // a pack audits (the stocktake's `source`: which rows are its register). Two packs of the
    // plugin with the same value (trimmed, in any case) would audit the same rows under the same
    // labels, so the host refuses them, naming both files. Empty: no such parameter.
    std::string pack_key;
    // Set by SGAUDIT_PLUGIN, not by describe(): whether the audit has workbooks (a forms() member).
    bool has_forms = false;
    // Set by SGAUDIT_PLUGIN: whether it reviews judgements about its runs (a review() member).
    bool has_review = false;
};

// Raised whenever the C++ interface changes in a way the sizes below do not show: a virtual
// function added to Context or Plugin, or a new entry point. 2: Context::list and the
// description entry point. 3: Plugin::forms (workbooks). 4: Context::earlier_runs, and
// FormSheet::stamp_changed (a field added to a struct plugins fill in and the host reads).
// 5: Plugin::review and RunReview; Form::judgements and FormColumn::required_with;
// EarlierRuns::later and PluginDescription::pack_key. 6: Measure on Result, CheckOutcome,
// RuleOutcome and EarlierResult; Context::years and Context::explain; CheckDecl::arg_types.
inline constexpr int kSdkInterface = 6;

// The second entry point SGAUDIT_PLUGIN exports: the plugin's whole C++ description, read by the
// host only once the C struct's runtime signature has matched its own.
#define SGAUDIT_DESCRIPTION_SYMBOL "sgaudit_plugin_description"

namespace detail {

// The C++ runtime plus the size of every SDK type that crosses the boundary: a plugin built
// against a different SDK layout, or with debug containers, differs here and is refused
// before any C++ call is made.
inline std::string runtime_signature() {
    std::string s = SGAUDIT_CXX_RUNTIME;
#ifdef _GLIBCXX_DEBUG
    s += " debug-containers";
#endif
    s += " sdk-interface=" + std::to_string(kSdkInterface);
    for (std::size_t n : {sizeof(Value), sizeof(Facts), sizeof(Subject), sizeof(Result), sizeof(ReportSection),
                          sizeof(CheckInput), sizeof(CheckOutcome), sizeof(Status), sizeof(RowCallback), sizeof(Date),
                          sizeof(RecordList), sizeof(PluginDescription), sizeof(Form), sizeof(FormRequest),
                          sizeof(EarlierRuns), sizeof(EarlierRun), sizeof(EarlierResult), sizeof(RunReview),
                          sizeof(Judgement), sizeof(JudgedSheet), sizeof(FormColumn), sizeof(Measure), sizeof(RuleOutcome)})
        s += " " + std::to_string(n);
    return s;
}

template <class Audit>
concept HasCheckKinds = requires(const Audit& a, std::string_view n) {
    { a.check_kind(n) } -> std::convertible_to<const CheckKind*>;
};

template <class Audit>
concept HasForms = requires(Audit& a, Context& c, const FormRequest& r, std::vector<Form>& out) {
    { a.forms(c, r, out) } -> std::convertible_to<Status>;
};

template <class Audit>
concept HasReview = requires(Audit& a, Context& c, const RunReview& r, std::vector<ReportSection>& out) {
    { a.review(c, r, out) } -> std::convertible_to<Status>;
};

template <class Audit>
class PluginAdapter final : public Plugin {
public:
    Status run(Context& ctx) noexcept override {
        try {
            return audit_.run(ctx);
        } catch (const std::exception& e) {
            return Status::error(std::string("plugin threw: ") + e.what());
        } catch (...) {
            return Status::error("plugin threw an unknown exception");
        }
    }
    CheckOutcome evaluate_check(std::string_view kind, const CheckInput& input) const noexcept override {
        try {
            const CheckKind* ck = nullptr;
            if constexpr (HasCheckKinds<Audit>) ck = audit_.check_kind(kind);
            if (!ck) return CheckOutcome::with(Outcome::error, "the plugin has no check kind '" + std::string(kind) + "'");
            return ck->evaluate(input);
        } catch (const std::exception& e) {
            try { return CheckOutcome::with(Outcome::error, std::string("the plugin's check kind threw: ") + e.what()); } catch (...) {}
        } catch (...) {
        }
        return CheckOutcome::with(Outcome::error, "the plugin's check kind failed");
    }
    Status forms(Context& ctx, const FormRequest& request, std::vector<Form>& out) noexcept override {
        try {
            if constexpr (HasForms<Audit>) return audit_.forms(ctx, request, out);
            else return Status::error("the plugin has no workbooks");
        } catch (const std::exception& e) {
            return Status::error(std::string("the plugin threw while describing its workbooks: ") + e.what());
        } catch (...) {
            return Status::error("the plugin threw an unknown exception while describing its workbooks");
        }
    }

    Status review(Context& ctx, const RunReview& review, std::vector<ReportSection>& out) noexcept override {
        try {
            if constexpr (HasReview<Audit>) return audit_.review(ctx, review, out);
            else return Status::error("the plugin has no review of judgements");
        } catch (const std::exception& e) {
            return Status::error(std::string("the plugin threw while reviewing judgements: ") + e.what());
        } catch (...) {
            return Status::error("the plugin threw an unknown exception while reviewing judgements");
        }
    }

private:
    Audit audit_;
};

// Owns the strings the C struct points into, for the life of the library.
struct InfoStorage {
    PluginDescription d;
    std::vector<const char*> rulesets, columns;
    std::vector<sgaudit_fact_decl> facts;
    std::vector<std::vector<const char*>> check_required, check_optional, check_evidence;
    std::vector<sgaudit_check_decl> checks;
    sgaudit_plugin_info info{};
    std::string runtime;

    static std::vector<const char*> c_list(const std::vector<std::string>& v) {
        std::vector<const char*> out;
        for (const auto& s : v) out.push_back(s.c_str());
        out.push_back(nullptr);
        return out;
    }
};

template <class Audit>
InfoStorage* make_storage() {
    auto st = std::make_unique<InfoStorage>();
    st->d = Audit::describe();
    st->d.has_forms = HasForms<Audit>;
    st->d.has_review = HasReview<Audit>;
    st->rulesets = InfoStorage::c_list(st->d.rulesets);
    st->columns = InfoStorage::c_list(st->d.required_columns);
    for (const auto& f : st->d.facts)
        st->facts.push_back({f.subject_kind.c_str(), f.name.c_str(), f.type.c_str(), f.description.c_str(), f.sensitive ? 1 : 0});
    st->check_required.reserve(st->d.check_kinds.size());
    st->check_optional.reserve(st->d.check_kinds.size());
    st->check_evidence.reserve(st->d.check_kinds.size());
    for (const auto& c : st->d.check_kinds) {
        st->check_required.push_back(InfoStorage::c_list(c.required));
        st->check_optional.push_back(InfoStorage::c_list(c.optional));
        st->check_evidence.push_back(InfoStorage::c_list(c.evidence));
        st->checks.push_back({c.name.c_str(), st->check_required.back().data(), st->check_optional.back().data(),
                              st->check_evidence.back().data()});
    }
    auto& i = st->info;
    i.abi_version = SGAUDIT_ABI_VERSION;
    i.struct_size = sizeof(sgaudit_plugin_info);
    st->runtime = runtime_signature();
    i.cxx_runtime = st->runtime.c_str();
    i.name = st->d.name.c_str();
    i.version = st->d.version.c_str();
    i.description = st->d.description.c_str();
    i.min_host_version = st->d.min_host_version.c_str();
    i.rulesets = st->rulesets.data();
    i.required_columns = st->columns.data();
    i.facts = st->facts.data();
    i.fact_count = st->facts.size();
    i.check_kinds = st->checks.data();
    i.check_kind_count = st->checks.size();
    i.create = []() noexcept -> void* {
        try { return static_cast<Plugin*>(new PluginAdapter<Audit>()); } catch (...) { return nullptr; }
    };
    i.destroy = [](void* p) noexcept { delete static_cast<Plugin*>(p); };
    return st.release();
}

// Built once, on the first call of either entry point; null when describe() threw.
template <class Audit>
const InfoStorage* storage() noexcept {
    try {
        static InfoStorage* s = make_storage<Audit>();
        return s;
    } catch (...) {
        return nullptr;
    }
}

template <class Audit>
const sgaudit_plugin_info* plugin_entry() noexcept {
    const InfoStorage* s = storage<Audit>();
    return s ? &s->info : nullptr;
}

template <class Audit>
const PluginDescription* plugin_description() noexcept {
    const InfoStorage* s = storage<Audit>();
    return s ? &s->d : nullptr;
}

}  // namespace detail
}  // namespace sgaudit

#define SGAUDIT_PLUGIN(AuditClass)                                                         \
    extern "C" __attribute__((visibility("default"))) const sgaudit_plugin_info*           \
    sgaudit_plugin_entry(void) noexcept {                                                  \
        return ::sgaudit::detail::plugin_entry<AuditClass>();                              \
    }                                                                                      \
    extern "C" __attribute__((visibility("default"))) const ::sgaudit::PluginDescription*  \
    sgaudit_plugin_description(void) noexcept {                                            \
        return ::sgaudit::detail::plugin_description<AuditClass>();                        \
    }
