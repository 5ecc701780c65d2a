// The demo council's profile (demo/council.toml): every value type- and range-checked, each
// problem at file:line:column. The small profile in tests/fixtures/demo-profile is changed one
// line at a time; positions are counted by hand in that file.
#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

const std::string kFixture = fixtures() + "/demo-profile/demo/council.toml";

// The fixture with line `line` (1-based; 0 for none) replaced by `text` (removed when empty), in dir/demo.
fs::path profile_with(const fs::path& dir, int line, const std::string& text) {
    std::istringstream in(slurp(kFixture));
    std::string out, l;
    for (int n = 1; std::getline(in, l); ++n)
        if (n != line) out += l + "\n";
        else if (!text.empty()) out += text + "\n";
    write_text(dir / "demo" / "council.toml", out);
    return dir / "demo" / "council.toml";
}

CliResult demo_with(const fs::path& rules_dir, const fs::path& out) {
    // Bounded: these profiles once made the generator loop for ever or exhaust memory.
    return run_cli_within(120, {"--rules-dir", rules_dir.string(), "demo", "--out", out.string(), "--no-run"});
}

}  // namespace

TEST_CASE("demo profile: the small test profile builds a council (so the cases below fail only for their one change)") {
    auto dir = temp_dir("demo-profile-ok");
    profile_with(dir / "rules", 0, "");  // unchanged
    auto r = demo_with(dir / "rules", dir / "out");
    INFO(r.all());
    CHECK(r.code == 0);
    CHECK(r.out.find("Demo council (seed 2009, scale 1) built in") != std::string::npos);
}

TEST_CASE("demo profile: a value of the wrong type or out of range is an error at its line and column, never 0 or a loop") {
    auto dir = temp_dir("demo-profile-bad");
    struct Case {
        int line;
        std::string text, message;
    };
    // Columns: the value starts after "key = ", so at the key's length + 4.
    const Case cases[] = {
        // An interval of 0 months never moves on to the next review.
        {52, "review_interval_months = 0", ":52:26: error: [timescales] review_interval_months must be a whole number from 1 to 24, found 0"},
        // Text where a number belongs once read as 0.
        {49, "icpc_working_days = \"ten\"", ":49:21: error: [timescales] icpc_working_days must be a whole number from 5 to 60, found text"},
        // A billion full-time workers once filled memory.
        {13, "fte = 1e9", ":13:7: error: [[area]] fte must be a number from 1 to 1000, found 1000000000.0"},
        // Visits are spread from 3 working days up to the interval: 2 leaves no range.
        {53, "visit_interval_working_days = 2", ":53:31: error: [timescales] visit_interval_working_days must be a whole number from 3 to 60, found 2"},
        {36, "under_4_share = 1.5", ":36:17: error: [plans] under_4_share must be a share from 0 to 1, found 1.5"},
        {37, "unborn = 1.0", ":37:10: error: [plans] unborn must be a whole number from 0 to 1000, found 1.0"},
        {6, "last_day = \"2009-03-31\"", ":6:12: error: [council] last_day must be a date (e.g. 2009-03-31), found text"},
        {6, "last_day = 2005-03-31", ":6:12: error: [council] last_day must be after first_day"},
        {11, "children_0_17 = -5", ":11:17: error: [[area]] children_0_17 must be a whole number from 1 to 200000, found -5"},
    };
    for (const auto& c : cases) {
        fs::path file = profile_with(dir / "rules", c.line, c.text);
        auto r = demo_with(dir / "rules", dir / "out");
        INFO(c.text << "\n" << r.all());
        CHECK(r.code == 2);
        CHECK(r.err.find(file.string() + c.message + "\n") != std::string::npos);
        CHECK(r.err.find("error: the demo profile has problems") != std::string::npos);
    }
}

TEST_CASE("demo profile: a missing or misspelt key is an error, with what to write") {
    auto dir = temp_dir("demo-profile-keys");
    // Line 52 (review_interval_months) removed: [timescales] opens on line 46.
    fs::path file = profile_with(dir / "rules", 52, "");
    auto missing = demo_with(dir / "rules", dir / "out");
    INFO(missing.all());
    CHECK(missing.code == 2);
    CHECK(missing.err.find(file.string() + ":46:1: error: [timescales] has no review_interval_months; add it (a whole number from 1 to 24)\n") !=
          std::string::npos);
    // Misspelt: missing under its right name, and unknown under the wrong one ("review_intervall_months" is 23 characters).
    profile_with(dir / "rules", 52, "review_intervall_months = 6");
    auto typo = demo_with(dir / "rules", dir / "out");
    INFO(typo.all());
    CHECK(typo.code == 2);
    CHECK(typo.err.find(file.string() + ":46:1: error: [timescales] has no review_interval_months") != std::string::npos);
    CHECK(typo.err.find(file.string() + ":52:27: error: unknown key 'review_intervall_months' in [timescales] (did you mean "
                        "'review_interval_months'?)\n") != std::string::npos);
}

TEST_CASE("demo profile: [section11] counts are checked, and its agency-level lapses must fit the council's 12 agencies") {
    auto dir = temp_dir("demo-profile-s11");
    // Fixed counts, at most 3 of a kind (line 88: missing_return; [section11] opens on line 87).
    fs::path file = profile_with(dir / "rules", 88, "missing_return = 4");
    auto range = demo_with(dir / "rules", dir / "out");
    INFO(range.all());
    CHECK(range.code == 2);
    CHECK(range.err.find(file.string() + ":88:18: error: [section11] missing_return must be a whole number from 0 to 3, found 4\n") !=
          std::string::npos);
    // Eight agencies by default (one for each agency-level kind); 3 + 3 + 2 of the first three kinds make 13.
    std::string text = slurp(kFixture);
    const std::vector<std::pair<std::string, std::string>> more = {
        {"missing_return = 1", "missing_return = 3"}, {"late_return = 1", "late_return = 3"}, {"unsigned_return = 1", "unsigned_return = 2"}};
    for (const auto& [from, to] : more) text.replace(text.find(from), from.size(), to);
    write_text(dir / "rules" / "demo" / "council.toml", text);
    auto many = demo_with(dir / "rules", dir / "out");
    INFO(many.all());
    CHECK(many.code == 2);
    CHECK(many.err.find(file.string() + ":87:1: error: [section11] plants lapses on 13 agencies (missing_return to contradicted_self_rating, "
                        "one agency each), but the demo council has 12: lower them\n") != std::string::npos);
}
