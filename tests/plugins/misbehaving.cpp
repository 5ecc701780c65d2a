// Test plugins that go wrong in one way each, chosen at compile time by SGAUDIT_TEST_MODE:
// 1 returns an error, 2 throws, 3 needs a column no database has, 4 needs a future host,
// 5 tries to write to the case data (which the host opened read-only), 6 hands over section
// tables with cell colours and column types, some not of a form the host accepts.
#include <stdexcept>

#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;

class MisbehavingAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.version = "0.0.1";
        d.description = "test plugin that misbehaves";
        d.facts = {{"thing", "x", "number", "x"}};
#if SGAUDIT_TEST_MODE == 1
        d.name = "test-fails";
#elif SGAUDIT_TEST_MODE == 2
        d.name = "test-throws";
#elif SGAUDIT_TEST_MODE == 3
        d.name = "test-needs-missing";
        d.required_columns = {"ssd_cp_plans.cppl_cp_plan_id", "ssd_cp_plans.no_such_column"};
#elif SGAUDIT_TEST_MODE == 4
        d.name = "test-future-host";
        d.min_host_version = "9.0.0";
#elif SGAUDIT_TEST_MODE == 5
        d.name = "test-writer";
        d.required_columns = {"ssd_cp_plans.cppl_cp_plan_id"};
#else
        d.name = "test-painter";
#endif
        d.rulesets = {d.name};
        return d;
    }

    Status run(Context& ctx) {
#if SGAUDIT_TEST_MODE == 1
        (void)ctx;
        return Status::error("the thing could not be counted");
#elif SGAUDIT_TEST_MODE == 2
        (void)ctx;
        throw std::runtime_error("boom from inside the plugin");
#elif SGAUDIT_TEST_MODE == 5
        auto st = ctx.query("DELETE FROM ssd_cp_plans", {}, [](const Row&) { return Status::ok(); });
        if (st) return Status::error("the case data accepted a write");
        ctx.log(LogLevel::info, "write refused as expected: " + st.message());
        Facts f;
        f.set("x", 1);
        return ctx.evaluate(Subject{"thing", "T1", "", "", "", ""}, f);
#elif SGAUDIT_TEST_MODE == 6
        ReportSection good;
        good.id = "good";
        good.title = "Coloured";
        good.table_header = {"Name", "Due"};
        good.table_rows = {{"green", "2009-03-31"}};
        good.cell_fills = {{"#A8DAB5"}};
        good.column_types = {"", "date"};
        good.sheet = "Painted";
        ReportSection bad = good;
        bad.id = "bad";
        bad.sheet.clear();
        bad.cell_fills = {{"#A8DAB5\" onmouseover=\"alert(1)"}};
        bad.column_types = {"", "currency"};
        ctx.add_section(std::move(good));
        ctx.add_section(std::move(bad));
        Facts f;
        f.set("x", 1);
        return ctx.evaluate(Subject{"thing", "T1", "", "", "", ""}, f);
#else
        Facts f;
        f.set("x", 1);
        return ctx.evaluate(Subject{"thing", "T1", "", "", "", ""}, f);
#endif
    }
};

}  // namespace

SGAUDIT_PLUGIN(MisbehavingAudit)
