// Storing a run that the history database refuses: the error says which results of which run
// and the database's reason, never the results' content (SOCI's own message lists every value
// bound to the statement: subjects, dates, evidence).
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

TEST_CASE("history: a batch of results the database refuses is named by run and seq, never by its values") {
    auto dir = temp_dir("history-store-refused");
    std::string src = tiny_source(dir);
    const std::string history = (dir / "h.db").string();
    auto run = [&](const std::string& out) {
        return run_cli({"--plugin-dir", SGAUDIT_TEST_PLUGIN_DIR, "--rules-dir", fixtures() + "/rules", "run", "test-good", "--source",
                        src, "--as-of", "2009-03-31", "--history", history, "--out", (dir / out).string(), "--format", "json"});
    };
    REQUIRE(run("first").code == 0);
    {
        // A full disk, as the database would report it.
        std::string err;
        auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source("sqlite:" + history)),
                                                sgaudit::data::Access::read_write, err);
        REQUIRE_MESSAGE(db, err);
        REQUIRE(db->execute("CREATE TRIGGER refuse BEFORE INSERT ON sgaudit_history_result "
                            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));
    }
    auto r = run("second");
    INFO(r.all());
    CHECK(r.code == 2);
    // test-good judges the tiny fixture's 2 plans by 4 rules: 8 results, seq 0-7, one batch.
    CHECK(r.err.find("error: the run was not stored in the history at sqlite:" + history +
                     ": cannot insert into sgaudit_history_result (the results with seq 0-7 of run ") != std::string::npos);
    CHECK(r.err.find("): database or disk is full\n") != std::string::npos);
    // The plans' start dates (evidence of every result), the children and SOCI's list of bound values.
    for (const char* value : {"2009-01-05", "2008-10-01", "K1", "K2", " with :p"})
        CHECK_MESSAGE(r.err.find(value) == std::string::npos, value);
}
