// Issue 18, item 7: --pseudonymise KEYFILE on run and report. On the sample council (scripts/
// sample-data), every identifier of a child, plan, record or worker, listed here column by
// column from its CSV files, must be absent from every report file, as a whole word, in every
// format; the same key gives the same tokens in a second run and from `report`; another key
// gives others; places and agencies stay readable.
#include <cstdint>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

// The sample's identifier columns that name people or their records (teams, areas, agencies and
// the Section 11 registers are not people's and stay).
const std::map<std::string, std::vector<std::string>> kPersonalIdColumns = {
    {"ssd_person", {"pers_person_id"}},
    {"ssd_professionals", {"prof_professional_id"}},
    {"ssd_involvements", {"invo_involvements_id", "invo_professional_id", "invo_person_id", "invo_referral_id"}},
    {"ssd_cin_episodes", {"cine_referral_id", "cine_person_id"}},
    {"ssd_cin_assessments", {"cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_worker_id"}},
    {"ssd_s47_enquiry", {"s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id"}},
    {"ssd_initial_cp_conference", {"icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id", "icpc_referral_id"}},
    {"ssd_cp_plans", {"cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id"}},
    {"ssd_cp_reviews", {"cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id"}},
    {"ssd_cp_visits", {"cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id"}},
};

std::set<std::string> sample_identifiers() {
    std::set<std::string> ids;
    for (const auto& [table, columns] : kPersonalIdColumns) {
        std::ifstream in(sample_dir() + "/" + table + ".csv");
        std::string line;
        std::getline(in, line);
        std::vector<std::string> header;
        for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
        std::string row;
        while (std::getline(in, row)) {
            std::vector<std::string> cells;
            std::stringstream r(row);
            for (std::string cell; std::getline(r, cell, ',');) cells.push_back(cell);
            for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i)
                if (std::find(columns.begin(), columns.end(), header[i]) != columns.end() && !cells[i].empty()) ids.insert(cells[i]);
        }
    }
    return ids;
}

// Every identifier found as a whole word (not inside a longer run of letters and digits) in any
// file under `dir`.
std::set<std::string> identifiers_in(const fs::path& dir, const std::set<std::string>& ids) {
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) {
            if (e.path().extension() == ".xlsx") {
                const fs::path parts = e.path().parent_path() / (e.path().stem().string() + "-parts");
                REQUIRE(std::system(("unzip -q -o " + quote(e.path().string()) + " -d " + quote(parts.string())).c_str()) == 0);
                for (const auto& p : fs::recursive_directory_iterator(parts))
                    if (p.is_regular_file()) all += slurp(p.path()) + "\n";
            } else {
                all += slurp(e.path()) + "\n";
            }
        }
    std::set<std::string> found;
    for (const auto& id : ids) {
        const std::regex word("(^|[^A-Za-z0-9])" + id + "([^A-Za-z0-9]|$)");
        if (std::regex_search(all, word)) found.insert(id);
    }
    return found;
}

// The token docs/reports.md describes, worked out apart from sgaudit: HMAC-SHA-256 of the id
// under the key by the openssl command, its first 50 bits in Crockford's base32, 5 + 5
// characters joined by a hyphen.
std::string expected_token(const std::string& id, const std::string& key) {
    FILE* p = ::popen(("printf '%s' " + quote(id) + " | openssl dgst -sha256 -hmac " + quote(key) + " -hex").c_str(), "r");
    REQUIRE(p);
    char buf[256] = {};
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    ::pclose(p);
    const std::string out(buf, n);
    const std::string hex = out.substr(out.find("= ") + 2, 16);
    const std::uint64_t first64 = std::stoull(hex, nullptr, 16);
    static const char* alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string token;
    for (int i = 0; i < 10; ++i) {
        if (i == 5) token += '-';
        token += alphabet[(first64 >> (59 - 5 * i)) & 31];
    }
    return token;
}

fs::path key_file(const fs::path& dir, const std::string& name, const std::string& bytes) {
    const fs::path key = dir / name;
    write_text(key, bytes);
    fs::permissions(key, fs::perms(0600));
    return key;
}

std::vector<std::string> run_args(const std::string& src, const fs::path& out, const fs::path& key, const std::string& history) {
    return {"run", "data-quality", "case-audit", "cp-under4", "--source", src, "--as-of", "2009-03-31", "--history", history,
            "--out", out.string(), "--format", "json,html,csv,md,xlsx,junit", "--pseudonymise", key.string()};
}

}  // namespace

TEST_CASE("pseudonymise: no identifier of the sample's children, records or workers is in any report, and the tokens are stable") {
    auto dir = temp_dir("pseudonymise");
    const std::string src = sample_sqlite(dir), history = (dir / "h.db").string();
    const auto ids = sample_identifiers();
    REQUIRE(ids.count("C001"));  // the sample's first child, as a check that the CSVs were read
    REQUIRE(ids.size() > 50);
    const fs::path key = key_file(dir, "key", "0123456789abcdef0123456789abcdef");

    auto r = run_cli(run_args(src, dir / "one", key, history));
    INFO(r.all());
    REQUIRE((r.code == 0 || r.code == 1));
    CHECK(identifiers_in(dir / "one", ids).empty());
    // The reports are still about children: the same number of results, with tokens for ids.
    const auto one = read_json(dir / "one" / "report.json");
    const std::string c001_token = expected_token("C001", "0123456789abcdef0123456789abcdef");
    const auto& c001 = result(one, "dq.birth-or-expected-date-missing", c001_token);
    CHECK(c001["subject"]["kind"] == "person");
    // Places stay: teams and areas are not people.
    CHECK(one.dump().find("\"team\":\"") != std::string::npos);

    // The same key again, and from the history with `report`: the same tokens.
    auto again = run_cli(run_args(src, dir / "two", key, history));
    REQUIRE((again.code == 0 || again.code == 1));
    CHECK(slurp(dir / "two" / "report.csv") == slurp(dir / "one" / "report.csv"));
    auto rep = run_cli({"report", "latest", "--history", history, "--out", (dir / "report").string(), "--format", "csv,md,html",
                        "--pseudonymise", key.string()});
    INFO(rep.all());
    REQUIRE(rep.code == 0);
    CHECK(slurp(dir / "report" / "report.csv") == slurp(dir / "one" / "report.csv"));
    CHECK(identifiers_in(dir / "report", ids).empty());

    // The history keeps the real identifiers; a report without the key shows them.
    auto plain = run_cli({"report", "latest", "--history", history, "--out", (dir / "plain").string(), "--format", "json"});
    REQUIRE(plain.code == 0);
    CHECK(identifiers_in(dir / "plain", ids).count("C001") == 1);

    // Another key, other tokens.
    const fs::path other = key_file(dir, "other", "fedcba9876543210fedcba9876543210");
    REQUIRE(run_cli(run_args(src, dir / "three", other, history)).code <= 1);
    CHECK(find_result(read_json(dir / "three" / "report.json"), "dq.birth-or-expected-date-missing", c001_token) == nullptr);
    CHECK(find_result(read_json(dir / "three" / "report.json"), "dq.birth-or-expected-date-missing",
                      expected_token("C001", "fedcba9876543210fedcba9876543210")) != nullptr);
}

TEST_CASE("pseudonymise: a key others can read, or too short, is refused before anything runs, and its bytes are never shown") {
    auto dir = temp_dir("pseudonymise-key");
    const std::string src = sample_sqlite(dir), history = (dir / "h.db").string();
    const fs::path loose = key_file(dir, "loose", "0123456789abcdef0123456789abcdef");
    fs::permissions(loose, fs::perms(0644));
    auto r = run_cli(run_args(src, dir / "out", loose, history));
    CHECK(r.code == 2);
    CHECK(r.err.find("can be read by others: whoever has the key can tell which child a token stands for. Run chmod 600 on it") !=
          std::string::npos);
    CHECK(r.all().find("0123456789abcdef") == std::string::npos);
    CHECK(!fs::exists(dir / "out"));
    const fs::path short_key = key_file(dir, "short", "tooshort");
    auto s = run_cli(run_args(src, dir / "out", short_key, history));
    CHECK(s.code == 2);
    CHECK(s.err.find("holds 8 bytes; a key needs at least 16 (make one with: head -c 32 /dev/urandom") != std::string::npos);
    // The key's bytes are never shown (its file name, which is not secret, is).
    std::string shown = s.all();
    for (std::size_t at; (at = shown.find(short_key.string())) != std::string::npos;) shown.erase(at, short_key.string().size());
    CHECK(shown.find("tooshort") == std::string::npos);
}

TEST_CASE("pseudonymise: records with no child, ids with punctuation, and an explanation re-rendered by report name no one, and places stay") {
    auto dir = temp_dir("pseudonymise-hard");
    const std::string src = sample_sqlite(dir), history = (dir / "h.db").string();
    // A referral with no child, plans whose ids hold '#', '&', '<', '.' and '/'.
    execute_sqlite(dir / "council.db",
                   "INSERT INTO ssd_cin_episodes (cine_referral_id, cine_referral_date, cine_referral_team) VALUES ('RLEAK1', '2008-06-01', 'T-HUN-1');"
                   "INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date) VALUES "
                   "('C#5', 'C001', '2008-07-01'), ('Q&A<1>', 'C002', '2008-07-01'), ('P.77', 'C003', '2008-07-01'), ('p/q', 'C004', '2008-07-01')");
    auto ids = sample_identifiers();
    for (const char* id : {"RLEAK1"}) ids.insert(id);
    const fs::path key = key_file(dir, "key", "0123456789abcdef0123456789abcdef");
    auto r = run_cli(run_args(src, dir / "one", key, history));
    INFO(r.all());
    REQUIRE(r.code <= 1);
    CHECK(identifiers_in(dir / "one", ids).empty());
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(dir / "one"))
        if (e.is_regular_file() && e.path().extension() != ".xlsx") all += slurp(e.path());
    for (const char* raw : {"C#5", "Q&A", "Q&amp;A", "P.77", "p/q"}) CHECK_MESSAGE(all.find(raw) == std::string::npos, raw);
    // Teams and areas are places: their ids stay readable in every format.
    CHECK(all.find("T-HUN-1") != std::string::npos);
    CHECK(all.find(expected_token("T-HUN-1", "0123456789abcdef0123456789abcdef")) == std::string::npos);

    // An indicators run with --explain, stored, then re-rendered pseudonymised by report: the
    // explanation's records and children (learnt from the run's case data) are tokens too.
    REQUIRE(run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--history", history, "--explain", "NI65", "--out",
                     (dir / "plain").string(), "--format", "json"})
                .code <= 1);
    auto rep = run_cli({"report", "latest", "--history", history, "--out", (dir / "explained").string(), "--format", "json,md,html",
                        "--pseudonymise", key.string()});
    INFO(rep.all());
    REQUIRE(rep.code == 0);
    CHECK(identifiers_in(dir / "explained", ids).empty());
    // NI 65's explanation lists ten records of the sample: as tokens.
    CHECK(std::regex_search(slurp(dir / "explained" / "report.md"), std::regex("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}")));
    // What --explain prints on the terminal is pseudonymised as the reports are: the printed
    // explanation lists records (tokens), and none of their identifiers.
    auto shown = run_cli({"run", "indicators", "--source", src, "--as-of", "2009-03-31", "--no-history", "--explain", "NI65", "--out",
                          (dir / "shown").string(), "--format", "json", "--pseudonymise", key.string()});
    REQUIRE(shown.code <= 1);
    write_text(dir / "terminal" / "out.txt", shown.out);
    CHECK(identifiers_in(dir / "terminal", ids).empty());
    CHECK(std::regex_search(shown.out, std::regex("[\t\n][0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}[\t\n]")));
    // An identifier with a space inside (plan "P 002") is a whole cell of the explanation: it is
    // replaced there and inside free text ("plan P 002: first review not recorded"), on the
    // terminal and in the reports. What a plugin logs (test-good names the first plan it looked
    // at) is pseudonymised on the terminal too.
    execute_sqlite(dir / "council.db", "UPDATE ssd_cp_plans SET cppl_cp_plan_id = 'P 002' WHERE cppl_cp_plan_id = 'P002'");
    auto spaced = run_cli(with_test_plugins({"run", "indicators", "test-good", "--source", src, "--as-of", "2009-03-31", "--no-history",
                                             "--explain", "NI65", "--out", (dir / "spaced").string(), "--format", "json,md",
                                             "--pseudonymise", key.string()}));
    INFO(spaced.all());
    REQUIRE(spaced.code <= 1);
    CHECK(spaced.out.find("P 002") == std::string::npos);
    CHECK(slurp(dir / "spaced" / "report.md").find("P 002") == std::string::npos);
    CHECK(slurp(dir / "spaced" / "report.json").find("P 002") == std::string::npos);
    CHECK(spaced.out.find(expected_token("P 002", "0123456789abcdef0123456789abcdef")) != std::string::npos);
    // test-good's first plan in id order is "P 002" (a space sorts before a digit).
    CHECK(spaced.err.find("looked at") != std::string::npos);
    CHECK(spaced.err.find("P 002") == std::string::npos);
    CHECK(spaced.err.find(", the first " + expected_token("P 002", "0123456789abcdef0123456789abcdef")) != std::string::npos);
    // Without the case data, report cannot promise that: it refuses.
    auto blind = run_cli({"report", "latest", "--history", history, "--out", (dir / "blind").string(), "--pseudonymise", key.string(),
                          "--source", "sqlite:" + (dir / "no-such.db").string()});
    CHECK(blind.code == 2);
    CHECK(blind.err.find("--pseudonymise needs the run's case data to learn every identifier it could name") != std::string::npos);
}

TEST_CASE("pseudonymise: identifiers that are short numbers are refused, since text cannot tell them from dates and figures") {
    auto dir = temp_dir("pseudonymise-numbers");
    const std::string src = sample_sqlite(dir), history = (dir / "h.db").string();
    execute_sqlite(dir / "council.db", "INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date) VALUES "
                                       "('19', 'C001', '2008-07-01'), ('2009', 'C002', '2008-07-01')");
    const fs::path key = key_file(dir, "key", "0123456789abcdef0123456789abcdef");
    auto r = run_cli(run_args(src, dir / "out", key, history));
    CHECK(r.code == 2);
    CHECK(r.err.find("--pseudonymise cannot make these reports safe: some identifiers are whole numbers of fewer than 6 digits (2 in "
                     "ssd_cp_plans.cppl_cp_plan_id)") != std::string::npos);
    CHECK(!fs::exists(dir / "out" / "report.json"));
}
