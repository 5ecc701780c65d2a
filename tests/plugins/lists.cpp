// A test plugin that reads a list from its rule set: it declares the `standards` list it needs
// (code, title, order), reads it during the run, and reports what it read -- one subject per
// record, in the order it was handed the records, with its title and order as facts -- so a test
// can see exactly what reached the plugin, in the host or in a worker.
#include <string>

#include "sgaudit/sdk.hpp"

namespace {
using namespace sgaudit;

class ListsAudit {
public:
    static PluginDescription describe() {
        PluginDescription d;
        d.name = "test-lists";
        d.version = "1.0.0";
        d.description = "test plugin that reads a rule-set list";
        d.rulesets = {"test-lists"};
        d.facts = {{"standard", "position", "number", "where the record came in the list, from 1"},
                   {"standard", "title", "text", "the record's title"},
                   {"standard", "order", "number", "the record's order"}};
        d.lists = {{"standards", {{"code", "text"}, {"title", "text"}, {"order", "whole"}}}};
        return d;
    }

    Status run(Context& ctx) {
        const RecordList* standards = ctx.list("standards");
        if (!standards) return Status::error("the host handed over no 'standards' list");
        ReportSection read;
        read.id = "lists-read";
        read.title = "What the plugin read";
        read.text = "key " + standards->key + "; " + std::to_string(standards->size()) + " records; unknown list " +
                    (ctx.list("no-such-list") ? "present" : "absent");
        read.table_header = {"code", "title", "order"};
        std::int64_t position = 0;
        for (const Record& r : standards->records) {
            read.table_rows.push_back({r["code"].to_string(), r["title"].to_string(), r["order"].to_string()});
            Facts f;
            f.set("position", ++position);
            f.set("title", r["title"]);
            f.set("order", r["order"]);
            if (auto st = ctx.evaluate(Subject{"standard", r["code"].to_string(), "", "", "", ""}, f); !st) return st;
        }
        ctx.add_section(std::move(read));
        return Status::ok();
    }
};

}  // namespace

SGAUDIT_PLUGIN(ListsAudit)
