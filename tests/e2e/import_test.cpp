// `sgaudit db import` with the inputs a council's folder may really hold: named pipes, links to
// devices, huge files, names in upper case, padded identifiers, flags written Yes/No or 1/0, and a
// database that refuses a batch. Every expected message is written out by hand below.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace e2e;

namespace {

const std::string kPersonHeader = "pers_person_id,pers_sex,pers_dob,pers_expected_dob,pers_death_date,pers_ethnicity\n";
const std::string kDepartment = "dept_team_id,dept_team_name,dept_team_parent_id,dept_team_parent_name\nT1,Team 1,A1,Area 1\n";

// A new SQLite case-data file with the tables made; its --source.
std::string new_case_file(const fs::path& dir) {
    std::string src = "sqlite:" + (dir / "c.db").string();
    REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
    return src;
}

std::unique_ptr<sgaudit::data::Database> open_db(const std::string& url, sgaudit::data::Access access) {
    std::string err;
    auto db = sgaudit::data::Database::open(std::get<sgaudit::data::SourceSpec>(sgaudit::data::parse_source(url)), access, err);
    REQUIRE_MESSAGE(db, err);
    return db;
}

// Every row of a query, each as its values joined by '|' (NULL as \N).
std::vector<std::string> rows_of(const std::string& url, const std::string& sql) {
    auto db = open_db(url, sgaudit::data::Access::read_only);
    std::vector<std::string> out;
    REQUIRE(db->query(sql, {}, [&](const sgaudit::Row& r) {
        std::string line;
        for (const auto& v : r) line += (line.empty() ? "" : "|") + (v.is_null() ? std::string("\\N") : v.to_string());
        out.push_back(line);
        return sgaudit::Status::ok();
    }));
    return out;
}

std::string count_of(const std::string& url, const std::string& table) {
    return rows_of(url, "SELECT COUNT(*) FROM " + table).at(0);
}

}  // namespace

TEST_CASE("db import: a named pipe, a link to a device or an oversized file is refused at once, naming the file") {
    auto dir = temp_dir("import-special");
    std::string src = new_case_file(dir);
    fs::path csv = dir / "csv";
    write_text(csv / "ssd_department.csv", kDepartment);
    const std::string person = (csv / "ssd_person.csv").string();
    std::string expected;
    SUBCASE("a named pipe, which would block the import for ever") {
        REQUIRE(::mkfifo(person.c_str(), 0600) == 0);
        expected = person + ": cannot read \"" + person + "\": it is a named pipe (FIFO), not a regular file; only ordinary "
                   "files are imported: save the table's export as a file and import that";
    }
    SUBCASE("a link to /dev/zero, which would be read until memory ran out") {
        fs::create_symlink("/dev/zero", person);
        expected = person + ": cannot read \"" + person + "\": it is a character device, not a regular file; only ordinary "
                   "files are imported: save the table's export as a file and import that";
    }
    SUBCASE("a file one byte over the 1 GiB limit (sparse: it takes no disk)") {
        write_text(person, "");
        fs::resize_file(person, (std::uintmax_t{1} << 30) + 1);
        // 2^30 + 1 = 1073741825.
        expected = person + ": \"" + person + "\" is 1073741825 bytes, over the 1 GiB limit for one CSV file (1073741824 "
                   "bytes); check that it is the right file, or load a table this large into PostgreSQL with its own tools "
                   "and point --source at it";
    }
    auto r = run_cli_within(60, {"db", "import", csv.string(), "--source", src});
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find(expected + "\n") != std::string::npos);
    CHECK(r.err.find("error: 1 problem(s); nothing was imported") != std::string::npos);
    CHECK(count_of(src, "ssd_department") == "0");
}

TEST_CASE("db import: a link to an ordinary file is read like the file") {
    auto dir = temp_dir("import-link");
    std::string src = new_case_file(dir);
    write_text(dir / "elsewhere" / "departments.csv", kDepartment);
    fs::create_directories(dir / "csv");
    fs::create_symlink(dir / "elsewhere" / "departments.csv", dir / "csv" / "ssd_department.csv");
    auto r = run_cli_within(60, {"db", "import", (dir / "csv").string(), "--source", src});
    INFO(r.all());
    CHECK(r.code == 0);
    CHECK(r.out.find("  ssd_department: 1 rows\n") != std::string::npos);
}

TEST_CASE("db import: file names are matched without regard to case, and two files for one table are refused") {
    auto dir = temp_dir("import-case");
    std::string src = new_case_file(dir);
    // Upper-case extensions (and names), as Windows exports write them, are imported ...
    write_text(dir / "a" / "ssd_person.CSV", kPersonHeader + "C1,F,,,,\nC2,M,,,,\n");
    write_text(dir / "a" / "SSD_DEPARTMENT.Csv", kDepartment);
    auto ok = run_cli({"db", "import", (dir / "a").string(), "--source", src});
    INFO(ok.all());
    REQUIRE(ok.code == 0);
    // Listed in file-name order, and "SSD_DEPARTMENT.Csv" sorts before "ssd_person.CSV".
    CHECK(ok.out.find("  ssd_department: 1 rows\n  ssd_person: 2 rows\n") != std::string::npos);
    CHECK(count_of(src, "ssd_person") == "2");
    // ... and two files naming one table is an error naming both ('C' sorts before 'c').
    write_text(dir / "b" / "ssd_person.csv", kPersonHeader + "C3,F,,,,\n");
    write_text(dir / "b" / "ssd_person.CSV", kPersonHeader + "C4,M,,,,\n");
    auto twice = run_cli({"db", "import", (dir / "b").string(), "--source", src, "--replace"});
    INFO(twice.all());
    CHECK(twice.code == 2);
    CHECK(twice.err.find((dir / "b" / "ssd_person.CSV").string() + " and " + (dir / "b" / "ssd_person.csv").string() +
                         " both hold table ssd_person (file names are matched without regard to case); keep one of them\n") !=
          std::string::npos);
    CHECK(rows_of(src, "SELECT pers_person_id FROM ssd_person ORDER BY 1") == std::vector<std::string>{"C1", "C2"});
}

TEST_CASE("db import: flags in every form the data model reads are stored Y/N, identifiers are stored trimmed with a count") {
    auto dir = temp_dir("import-forms");
    std::string src = new_case_file(dir);
    write_text(dir / "csv" / "ssd_cp_visits.csv",
               "cppv_cp_visit_id,cppv_person_id,cppv_cp_plan_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,"
               "cppv_cp_visit_bedroom\n"
               "V1,C1,P1,2009-01-05,Y,N,y\n"
               "V2, C1 ,P1,2009-01-12,Yes,no,TRUE\n"
               " V3,C1,P1 ,2009-01-19, 1 ,0,False\n"
               "V4,C2,P2,2009-01-26,true,FALSE,\n"
               "V5\t,C2,P2,2009-02-02,n,N,N\n");
    auto r = run_cli({"db", "import", (dir / "csv").string(), "--source", src});
    INFO(r.all());
    REQUIRE(r.code == 0);
    CHECK(rows_of(src, "SELECT cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, cppv_cp_visit_seen, cppv_cp_visit_seen_alone, "
                       "cppv_cp_visit_bedroom FROM ssd_cp_visits ORDER BY 1") ==
          std::vector<std::string>{"V1|C1|P1|Y|N|Y", "V2|C1|P1|Y|N|Y", "V3|C1|P1|Y|N|N", "V4|C2|P2|Y|N|\\N", "V5|C2|P2|N|N|N"});
    // Trimmed: visit ids " V3" and "V5<tab>", person id " C1 ", plan id "P1 "; in header order.
    CHECK(r.out.find("Imported into " + src + "\n"
                     "note: ssd_cp_visits.cppv_cp_visit_id: 2 identifier value(s) had white space around them, stored without it\n"
                     "note: ssd_cp_visits.cppv_person_id: 1 identifier value(s) had white space around them, stored without it\n"
                     "note: ssd_cp_visits.cppv_cp_plan_id: 1 identifier value(s) had white space around them, stored without it\n") !=
          std::string::npos);
    CHECK(r.out.find("cppv_cp_visit_date") == std::string::npos);
}

TEST_CASE("db import: a bad cell is reported by file:line:column, column and what to write, never by its value") {
    auto dir = temp_dir("import-no-values");
    std::string src = new_case_file(dir);
    fs::path csv = dir / "csv";
    write_text(csv / "ssd_professionals.csv",
               "prof_professional_id,prof_social_worker_registration_no,prof_professional_job_title,prof_professional_department,"
               "prof_full_time_equivalency,prof_agency_worker_flag\n"
               "W1,SW1,Social Worker,T1,zero point five,Maybe\n");
    write_text(csv / "ssd_person.csv", kPersonHeader + "C1,F,29/02/2004,,31/12/2008,WBRI\n");
    write_text(csv / "sga_population.csv", "area_id,period_start,period_end,children_0_17\nALL,2008-04-01,2009-03-31,12k\n");
    auto r = run_cli({"db", "import", csv.string(), "--source", src});
    INFO(r.all());
    CHECK(r.code == 2);
    const std::string prof = (csv / "ssd_professionals.csv").string(), person = (csv / "ssd_person.csv").string(),
                      population = (csv / "sga_population.csv").string();
    // "W1,SW1,Social Worker,T1," is 24 characters: the FTE starts in column 25; "zero point five," is 16 more: 41.
    CHECK(r.err.find(prof + ":2:25: ssd_professionals.prof_full_time_equivalency is not a number; write digits, with a dot for "
                     "decimals (e.g. 0.5)\n") != std::string::npos);
    CHECK(r.err.find(prof + ":2:41: ssd_professionals.prof_agency_worker_flag is not a flag; write Y/N, Yes/No, 1/0 or True/False "
                     "(stored as Y or N), or leave the cell empty when it was not recorded\n") != std::string::npos);
    // "C1,F," is 5 characters: the date of birth starts in column 6; "29/02/2004,," is 12 more: 18.
    CHECK(r.err.find(person + ":2:6: ssd_person.pers_dob is not a date; write dates as YYYY-MM-DD (e.g. 2009-03-31)\n") !=
          std::string::npos);
    CHECK(r.err.find(person + ":2:18: ssd_person.pers_death_date is not a date; write dates as YYYY-MM-DD (e.g. 2009-03-31)\n") !=
          std::string::npos);
    // "ALL,2008-04-01,2009-03-31," is 26 characters: column 27.
    CHECK(r.err.find(population + ":2:27: sga_population.children_0_17 is not a whole number; write digits only (e.g. 12)\n") !=
          std::string::npos);
    CHECK(r.err.find("error: 5 problem(s); nothing was imported") != std::string::npos);
    for (const char* value : {"zero point five", "Maybe", "29/02/2004", "31/12/2008", "12k"}) CHECK_MESSAGE(r.all().find(value) == std::string::npos, value);
}

namespace {

// 50 children on lines 2-51 (Q001 to Q050), except that line 48 repeats line 47's key Q046;
// those two are born on 29 February 2004, everyone else on 10 May 2006.
std::string fifty_children() {
    std::string text = kPersonHeader;
    for (int i = 1; i <= 50; ++i) {
        char id[8];
        std::snprintf(id, sizeof id, "Q%03d", i == 47 ? 46 : i);
        text += std::string(id) + ",F," + (i == 46 || i == 47 ? "2004-02-29" : "2006-05-10") + ",,,WBRI\n";
    }
    return text;
}

// A refused import: the database's reason with the table, the file and the batch's lines, and
// nothing from the rows. ssd_person has 6 columns, so a statement holds 250 / 6 = 41 rows: lines
// 2-42, then 43-51, where the repeated key and the 2004 births are.
void expect_refused_batch(const std::string& src, const fs::path& csv, const std::string& reason) {
    auto r = run_cli({"db", "import", csv.string(), "--source", src});
    INFO(r.all());
    CHECK(r.code == 2);
    CHECK(r.err.find("cannot insert into ssd_person (lines 43-51 of " + (csv / "ssd_person.csv").string() + "): " + reason +
                     "; nothing was imported\n") != std::string::npos);
    for (const char* value : {"2004-02-29", "2006-05-10", "Q046", "WBRI", " with :p"}) CHECK_MESSAGE(r.all().find(value) == std::string::npos, value);
    CHECK(count_of(src, "ssd_person") == "0");
}

}  // namespace

TEST_CASE("db import: a batch the database refuses names table, file and lines, never a value (SQLite)") {
    auto dir = temp_dir("import-refused");
    std::string src = new_case_file(dir);
    // The data model has no key constraints (duplicates are for data quality to find); a council's
    // own database may.
    REQUIRE(open_db(src, sgaudit::data::Access::read_write)->execute("CREATE UNIQUE INDEX person_key ON ssd_person (pers_person_id)"));
    write_text(dir / "csv" / "ssd_person.csv", fifty_children());
    expect_refused_batch(src, dir / "csv", "UNIQUE constraint failed: ssd_person.pers_person_id");
}

TEST_CASE("db import: a batch the database refuses names table, file and lines, never a value (PostgreSQL)") {
    auto dir = temp_dir("import-refused-pg");
    write_text(dir / "csv" / "ssd_person.csv", fifty_children());
    // A new schema on the test server with the data model's tables and the council's own
    // constraint `sql`; its --source.
    auto constrained = [](const std::string& schema, const std::string& sql) {
        std::string src = pg_source(schema);
        REQUIRE_MESSAGE(!src.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
        REQUIRE(run_cli({"db", "init", "--source", src}).code == 0);
        REQUIRE(open_db(src, sgaudit::data::Access::read_write)->execute(sql));
        return src;
    };
    // PostgreSQL adds "DETAIL: Key (pers_person_id)=(Q046) already exists." or "Failing row
    // contains (Q046, F, 2004-02-29, ...)": left out.
    SUBCASE("a key violation") {
        std::string src = constrained("import_key", "ALTER TABLE ssd_person ADD CONSTRAINT person_key UNIQUE (pers_person_id)");
        expect_refused_batch(src, dir / "csv", "duplicate key value violates unique constraint \"person_key\"");
    }
    SUBCASE("a check on the date of birth") {
        std::string src = constrained("import_check", "ALTER TABLE ssd_person ADD CONSTRAINT born_2005_on CHECK (pers_dob >= DATE '2005-01-01')");
        expect_refused_batch(src, dir / "csv", "new row for relation \"ssd_person\" violates check constraint \"born_2005_on\"");
    }
}

TEST_CASE("database errors on PostgreSQL give the reason without the value it quotes") {
    std::string src = pg_source("db_error_values");
    REQUIRE_MESSAGE(!src.empty(), "SGAUDIT_TEST_PG_URL is not set: run the tests with scripts/test.sh");
    auto db = open_db(src, sgaudit::data::Access::read_write);
    // PostgreSQL says: date/time field value out of range: "2007-02-30".
    auto st = db->query("SELECT CAST(:d AS DATE)", {sgaudit::Value("2007-02-30")}, [](const sgaudit::Row&) { return sgaudit::Status::ok(); });
    REQUIRE(!st);
    CHECK(st.message() == "query failed on " + src + ": date/time field value out of range");
}
