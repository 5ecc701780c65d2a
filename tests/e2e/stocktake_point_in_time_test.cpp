// What the console and the report say about the run history's stocktakes: a point-in-time re-run
// (an audit date before the latest stocktake of the same pack and source) names the later ones,
// and an earlier run changed since it was stored is warned about on stderr, not only in the
// report. The register of tests/fixtures/stocktake/data, left as it is between the audits.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;
using nlohmann::json;

namespace {

std::string laming() { return std::string(SGAUDIT_SOURCE_DIR) + "/rules/stocktake/laming-2009.toml"; }

struct Audit {
    json report;
    std::string err;
};

Audit audit(const fs::path& db, const fs::path& history, const std::string& as_of, const fs::path& out) {
    auto r = run_cli({"run", "stocktake", "--rules", laming(), "--source", "sqlite:" + db.string(), "--as-of", as_of, "--format",
                      "json", "--out", out.string(), "--history", history.string()});
    INFO(r.all());
    REQUIRE(r.code == 0);
    return {read_json(out / "report.json"), r.err};
}

std::string progress_text(const json& report) { return plugin_section(report, "stocktake/laming-2009", "progress")["text"]; }

fs::path register_db(const fs::path& dir) {
    fs::path db = dir / "s.db";
    REQUIRE(run_cli({"db", "init", "--source", "sqlite:" + db.string()}).code == 0);
    REQUIRE(run_cli({"db", "import", fixtures() + "/stocktake/data", "--source", "sqlite:" + db.string()}).code == 0);
    return db;
}

const std::string kPointInTime = "Point-in-time";

std::string point_in_time(const std::string& later, const std::string& as_of) {
    return "Point-in-time re-run: the run history holds later stocktakes of this pack on this source (audit dates " + later +
           "). This run compares only with the stocktakes before " + as_of +
           ", and reads the register as it is now as of that date; `sgaudit report RUN` shows a stored stocktake as it was.";
}

}  // namespace

// Stocktakes as of 31 August, 30 September and 31 October 2009, then 30 September again. The
// register does not change, so against 31 August every one of the 11 Laming entries is unchanged
// (L05's target, 2009-09-30, is the audit date itself: still in time). The re-run names the one
// later date, 2009-10-31; a re-run of 31 August names both later dates, each once although 30
// September is stored twice. The latest date run again is no point-in-time re-run.
TEST_CASE("stocktake point in time: a re-run of an earlier audit date names the later stocktakes in the report and on the console") {
    auto dir = temp_dir("stocktake-point-in-time");
    fs::path db = register_db(dir), history = dir / "h.db";
    auto august = audit(db, history, "2009-08-31", dir / "aug");
    auto september = audit(db, history, "2009-09-30", dir / "sep");
    auto october = audit(db, history, "2009-10-31", dir / "oct");
    for (const auto* a : {&august, &september, &october}) {
        CHECK(progress_text(a->report).rfind(kPointInTime, 0) != 0);
        CHECK(a->err.find("Point-in-time") == std::string::npos);
    }

    auto again = audit(db, history, "2009-09-30", dir / "sep-again");
    const std::string note = point_in_time("2009-10-31", "2009-09-30");
    CHECK(progress_text(again.report) ==
          note + " Since the stocktake of 2009-08-31 (run " + august.report["run"]["id"].get<std::string>() +
              "): 0 moved to compliant, 0 slipped (0 no longer compliant, 0 now past the target date), 0 new, 0 no longer in the "
              "register, 0 changed status otherwise, 11 unchanged.");
    CHECK(again.err.find("warning: [stocktake/laming-2009] " + note) != std::string::npos);

    auto first = audit(db, history, "2009-08-31", dir / "aug-again");
    const std::string both = point_in_time("2009-09-30, 2009-10-31", "2009-08-31");
    CHECK(progress_text(first.report) ==
          both + " No earlier stocktake of this pack on this source is in the run history: progress is shown from the next run on "
                 "a later audit date.");
    CHECK(first.err.find("warning: [stocktake/laming-2009] " + both) != std::string::npos);

    auto latest = audit(db, history, "2009-10-31", dir / "oct-again");
    CHECK(progress_text(latest.report).rfind(kPointInTime, 0) != 0);
    CHECK(latest.err.find("Point-in-time") == std::string::npos);
}

// Someone edits the stored stocktake of 30 September: the next one cannot show progress, the
// report says so, and so does stderr, as a warning naming the run.
TEST_CASE("stocktake point in time: an earlier run changed since it was stored is a warning on the console") {
    auto dir = temp_dir("stocktake-changed-run-warning");
    fs::path db = register_db(dir), history = dir / "h.db";
    auto september = audit(db, history, "2009-09-30", dir / "sep");
    CHECK(september.err.find("warning:") == std::string::npos);
    execute_sqlite(history, "UPDATE sgaudit_history_result SET message = 'edited' WHERE rule = 'stocktake.current'");
    auto october = audit(db, history, "2009-10-31", dir / "oct");
    const std::string changed = "the earlier runs could not be read from the history: run " +
                                september.report["run"]["id"].get<std::string>() + " has been changed since it was stored";
    CHECK(progress_text(october.report).rfind("Progress cannot be shown: " + changed, 0) == 0);
    CHECK(october.err.find("warning: [stocktake/laming-2009] " + changed) != std::string::npos);
    CHECK(october.err.find("it runs without them: what it shows against earlier runs (such as progress since them) is not shown") !=
          std::string::npos);
}
