// A test plugin for data sources that go away mid-run (tests/e2e/source_gone_test.cpp): it reads
// the children, then, when SGAUDIT_TEST_WAIT_DIR is set, writes DIR/ready and waits (at most 60
// s) for DIR/go before reading them again; meanwhile the test takes the source away. Without the
// variable it does not wait.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;

Status read_children(Context& ctx, std::vector<std::string>& ids) {
    ids.clear();
    return ctx.query("SELECT pers_person_id FROM ssd_person ORDER BY pers_person_id", {}, [&](const Row& r) {
        ids.push_back(r[0].to_string());
        return Status::ok();
    });
}

void wait_for_the_test() {
    const char* dir = std::getenv("SGAUDIT_TEST_WAIT_DIR");
    if (!dir) return;
    const std::filesystem::path ready = std::filesystem::path(dir) / "ready", go = std::filesystem::path(dir) / "go";
    std::ofstream(ready) << ::getpid() << "\n";
    for (int i = 0; i < 600 && !std::filesystem::exists(go); ++i) ::usleep(100000);
}

class WaitingAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "test-waits";
        d.version = "0.0.1";
        d.description = "test plugin that waits mid-run while the test takes its source away";
        d.rulesets = {"test-waits"};
        d.required_columns = {"ssd_person.pers_person_id"};
        d.facts = {{"person", "reads", "number", "times the child was read"}};
        return d;
    }

    Status run(Context& ctx) {
        std::vector<std::string> ids;
        if (auto st = read_children(ctx, ids); !st) return st;
        wait_for_the_test();
        if (auto st = read_children(ctx, ids); !st) return st;
        for (const auto& id : ids) {
            Facts f;
            f.set("reads", std::int64_t{2});
            if (auto st = ctx.evaluate(Subject{"person", id, id, "", "", ""}, f); !st) return st;
        }
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(WaitingAudit)
