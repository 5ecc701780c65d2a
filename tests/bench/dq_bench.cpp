// Benchmark: builds a synthetic council of a given scale in SQLite (deterministic, from a seed)
// and times `sgaudit run data-quality` on it. Prints figures; asserts nothing.
//   sgaudit_bench SCALE [WORKDIR]
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sgaudit/data/database.hpp"
#include "sgaudit/data/importer.hpp"
#include "sgaudit/sdk/sampler.hpp"

using namespace sgaudit;
namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::optional<std::string>>>;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string id(const char* prefix, std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%07zu", prefix, n);
    return buf;
}

std::string date_plus(Date base, std::uint64_t days) { return base.plus_days(static_cast<std::int32_t>(days)).iso(); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: sgaudit_bench SCALE [WORKDIR]\n";
        return 2;
    }
    const std::size_t scale = std::stoul(argv[1]);
    const fs::path work = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "sgaudit-bench";
    fs::create_directories(work);
    const fs::path db_file = work / ("council-x" + std::to_string(scale) + ".db");
    fs::remove(db_file);

    // Shaped like the seed council: ~2,400 children and referrals, ~360 plans per unit of scale.
    const std::size_t children = 2400 * scale, plans = 360 * scale;
    Sampler rng(20090331, "bench");
    const Date start = *Date::from_ymd(2006, 4, 1);
    auto t0 = std::chrono::steady_clock::now();
    std::string err;
    auto spec = std::get<data::SourceSpec>(data::parse_source("sqlite:" + db_file.string()));
    auto db = data::Database::open(spec, data::Access::read_write, err);
    if (!db || !data::init_schema(*db)) {
        std::cerr << "cannot create " << db_file << ": " << err << "\n";
        return 1;
    }
    Rows dept{{"T-HUN-1", "Huntingdon", "HUN", "Huntingdonshire"}, {"T-SCC-1", "City", "SCC", "South Cambs and City"},
              {"T-ECF-1", "Fenland", "ECF", "East Cambs and Fenland"}};
    const char* teams[] = {"T-HUN-1", "T-SCC-1", "T-ECF-1"};
    Rows person, referral, assessment, s47, icpc, plan, review, visit;
    for (std::size_t i = 0; i < children; ++i) {
        person.push_back({id("C", i), "F", date_plus(*Date::from_ymd(1995, 1, 1), rng.below(5000)), std::nullopt, std::nullopt, "WBRI"});
        std::string ref_date = date_plus(start, rng.below(1090));
        referral.push_back({id("R", i), id("C", i), ref_date, "1A", "N", std::nullopt, std::nullopt, teams[i % 3]});
        Date rd = *Date::parse(ref_date);
        assessment.push_back({id("A", i), id("C", i), id("R", i), date_plus(rd, 1), "Y", date_plus(rd, 1 + rng.below(12)), teams[i % 3], "W1"});
    }
    for (std::size_t i = 0; i < plans; ++i) {
        std::size_t child = rng.below(children);
        Date rd = *Date::parse(*referral[child][2]);
        Date strategy = rd.plus_days(3), conf = strategy.plus_days(static_cast<std::int32_t>(14 + rng.below(10)));
        s47.push_back({id("S", i), id("R", child), id("C", child), strategy.iso(), conf.iso(), "N"});
        icpc.push_back({id("I", i), id("S", i), id("C", child), id("P", i), id("R", child), "N", std::nullopt, conf.iso(), "Y"});
        std::optional<std::string> end;
        if (rng.below(3) == 0) end = date_plus(conf, 100 + rng.below(600));
        plan.push_back({id("P", i), id("R", child), id("I", i), id("C", child), conf.iso(), end, "Neglect", "Neglect"});
        Date r = conf;
        for (int k = 0; k < 3; ++k) {
            r = r.plus_days(static_cast<std::int32_t>(80 + rng.below(120)));
            review.push_back({id("RV", i * 3 + k), id("C", child), id("P", i), std::nullopt, r.iso(), "Y"});
        }
        Date v = conf;
        for (int k = 0; k < 20; ++k) {
            v = v.plus_days(static_cast<std::int32_t>(7 + rng.below(14)));
            visit.push_back({id("V", i * 20 + k), id("C", child), id("P", i), v.iso(), "Y", "N", "Y"});
        }
    }
    auto insert = [&](const char* table, const std::vector<std::string>& cols, const Rows& rows) {
        if (auto st = db->insert_rows(table, cols, rows); !st) {
            std::cerr << st.message() << "\n";
            std::exit(1);
        }
    };
    db->begin();
    insert("ssd_department", {"dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name"}, dept);
    insert("ssd_person", {"pers_person_id", "pers_sex", "pers_dob", "pers_expected_dob", "pers_death_date", "pers_ethnicity"}, person);
    insert("ssd_cin_episodes", {"cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_source_code",
                                "cine_referral_nfa", "cine_close_date", "cine_close_reason", "cine_referral_team"}, referral);
    insert("ssd_cin_assessments", {"cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_start_date",
                                   "cina_assessment_child_seen", "cina_assessment_auth_date", "cina_assessment_team",
                                   "cina_assessment_worker_id"}, assessment);
    insert("ssd_s47_enquiry", {"s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id", "s47e_s47_start_date",
                               "s47e_s47_end_date", "s47e_s47_nfa"}, s47);
    insert("ssd_initial_cp_conference", {"icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id",
                                         "icpc_referral_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date", "icpc_icpc_date",
                                         "icpc_icpc_outcome_cp_flag"}, icpc);
    insert("ssd_cp_plans", {"cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id", "cppl_cp_plan_start_date",
                            "cppl_cp_plan_end_date", "cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"}, plan);
    insert("ssd_cp_reviews", {"cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due",
                              "cppr_cp_review_date", "cppr_cp_review_quorate"}, review);
    insert("ssd_cp_visits", {"cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id", "cppv_cp_visit_date", "cppv_cp_visit_seen",
                             "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom"}, visit);
    db->commit();
    db.reset();
    double gen = seconds_since(t0);
    std::size_t rows = dept.size() + person.size() + referral.size() + assessment.size() + s47.size() + icpc.size() +
                       plan.size() + review.size() + visit.size();

    fs::path out = work / ("out-x" + std::to_string(scale));
    fs::path history = work / ("history-x" + std::to_string(scale) + ".db"), log = work / ("run-x" + std::to_string(scale) + ".log");
    fs::remove(history);
    std::string cmd = std::string(SGAUDIT_BIN) + " --quiet run data-quality --source sqlite:" + db_file.string() +
                      " --as-of 2009-03-31 --out " + out.string() + " --history " + history.string() + " > " + log.string();
    auto t1 = std::chrono::steady_clock::now();
    int rc = std::system(cmd.c_str());
    double run = seconds_since(t1);
    struct rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    auto report_bytes = fs::exists(out / "report.json") ? fs::file_size(out / "report.json") : 0;
    auto history_bytes = fs::exists(history) ? fs::file_size(history) : 0;
    // The run says how long storing took: "... stored in the history at X (N results in T s)".
    std::string stored = "?";
    {
        std::ifstream in(log);
        for (std::string line; std::getline(in, line);)
            if (auto at = line.find(" results in "); at != std::string::npos && line.find("stored in the history") != std::string::npos)
                stored = line.substr(at + 12, line.size() - at - 13);
    }
    std::printf("scale %zu: %zu rows (%zu children, %zu plans, %zu visits); build %.2f s; "
                "data-quality run %.2f s (exit %d), of which storing in the history %s; peak RSS %.0f MB; "
                "report.json %.1f MB; history %.1f MB\n",
                scale, rows, children, plans, visit.size(), gen, run, WEXITSTATUS(rc), stored.c_str(), ru.ru_maxrss / 1024.0,
                static_cast<double>(report_bytes) / 1e6, static_cast<double>(history_bytes) / 1e6);
    return 0;
}
