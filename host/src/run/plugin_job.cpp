#include "sgaudit/run/plugin_job.hpp"

#include "sgaudit/run/plugin_context.hpp"

namespace sgaudit::run {

Status run_plugin(const PluginJob& job, data::Database& db, PluginOutput& out) {
    auto instance = job.library.create();
    if (!instance) return Status::error("the plugin could not create its audit object");
    std::set<std::string> sensitive;
    for (const auto& f : job.library.manifest().facts)
        if (f.sensitive) sensitive.insert(f.name);
    rules::RuleEngine engine(job.record.name, job.record.ruleset, job.calendar, job.run.as_of, &job.waivers, instance.get(),
                             std::move(sensitive));
    PluginContext ctx(job, db, engine, out);
    Status st = instance->run(ctx);
    for (const auto& w : engine.expired_waivers()) out.expired_waiver(w);
    // --area or --team left out every subject: said, never an empty audit without a word (a
    // plugin that leaves its subjects' area empty would otherwise lose all of them silently).
    if (ctx.handed_over() > 0 && ctx.left_out() == ctx.handed_over())
        out.log(LogLevel::warn, "--area/--team left out all " + std::to_string(ctx.handed_over()) +
                                    " subjects this plugin handed over: none is placed in that area or team (a subject whose area and "
                                    "team are empty is in none; docs/plugins.md says how a plugin places them)");
    return st;
}

}  // namespace sgaudit::run
