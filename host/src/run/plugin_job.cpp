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
    return st;
}

}  // namespace sgaudit::run
