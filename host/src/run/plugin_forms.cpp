#include "sgaudit/run/plugin_forms.hpp"

#include <spdlog/spdlog.h>

#include "sgaudit/run/plugin_context.hpp"
#include "sgaudit/workbook/form_layout.hpp"

namespace sgaudit::run {

namespace {

// A plugin describing its workbooks logs, but hands over no results or sections worth keeping.
class FormsOutput final : public PluginOutput {
public:
    explicit FormsOutput(std::string plugin) : plugin_(std::move(plugin)) {}
    void add(Result&&) override {}
    void section(ReportSection&&) override {}
    void log(LogLevel level, std::string_view message) override {
        if (level == LogLevel::error) spdlog::error("{}: {}", plugin_, message);
        else if (level == LogLevel::warn) spdlog::warn("{}: {}", plugin_, message);
        else spdlog::debug("{}: {}", plugin_, message);
    }
    void progress(std::uint64_t, std::uint64_t) override {}
    void expired_waiver(const rules::ExpiredWaiver&) override {}

private:
    std::string plugin_;
};

}  // namespace

Status plugin_review(const FormsCall& call, const RunReview& review, std::vector<ReportSection>& out) {
    const auto& library = *call.plugin.library;
    const PluginRun& record = call.plugin.record;
    if (!library.manifest().has_review) return Status::error("plugin '" + record.name + "' has no review of judgements");
    auto instance = library.create();
    if (!instance) return Status::error("plugin '" + record.name + "' could not create its audit object");
    data::SourceSpec nothing{data::Backend::sqlite, ":memory:", "", "", "(no case data: a review reads none)"};
    std::string err;
    auto db = data::Database::open(nothing, data::Access::read_write, err);
    if (!db) return Status::error("cannot prepare the review: " + err);
    RunResult run;
    run.as_of = call.as_of;
    run.period = call.period;
    rules::Waivers no_waivers;
    Scope everything;
    EarlierRuns earlier{true, "", {review.run}, {}};
    PluginJob job{library, record, call.calendar, no_waivers, run, everything, earlier};
    rules::RuleEngine engine(record.name, record.ruleset, call.calendar, call.as_of, nullptr, instance.get(), {});
    FormsOutput sink(record.name);
    PluginContext ctx(job, *db, engine, sink);
    out.clear();
    Status st = instance->review(ctx, review, out);
    if (!st) return Status::error("plugin '" + record.name + "': " + st.message());
    return Status::ok();
}

Status plugin_forms(const FormsCall& call, data::Database& db, const FormRequest& request, std::vector<Form>& out) {
    const auto& library = *call.plugin.library;
    const PluginRun& record = call.plugin.record;
    if (!library.manifest().has_forms) return Status::error("plugin '" + record.name + "' has no workbooks to fill in");
    auto instance = library.create();
    if (!instance) return Status::error("plugin '" + record.name + "' could not create its audit object");
    RunResult run;
    run.as_of = call.as_of;
    run.period = call.period;
    rules::Waivers no_waivers;
    Scope everything;
    static const EarlierRuns none;  // workbooks are described from the data, or from the run they follow
    PluginJob job{library, record, call.calendar, no_waivers, run, everything, call.followed ? *call.followed : none};
    rules::RuleEngine engine(record.name, record.ruleset, call.calendar, call.as_of, nullptr, instance.get(), {});
    FormsOutput sink(record.name);
    PluginContext ctx(job, db, engine, sink);
    out.clear();
    Status st = instance->forms(ctx, request, out);
    if (!st) return Status::error("plugin '" + record.name + "': " + st.message());
    for (const auto& f : out)
        if (auto problem = workbook::form_problem(f); !problem.empty())
            return Status::error("plugin '" + record.name + "': " + problem + " (a fault in the plugin: tell its authors)");
    return Status::ok();
}

}  // namespace sgaudit::run
