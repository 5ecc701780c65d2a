// One imported cell: the forms each kind of column accepts, what is stored, and errors that
// never repeat the cell (it comes from a child's record).
#include <doctest/doctest.h>

#include "sgaudit/data/import_cell.hpp"

using sgaudit::data::check_cell;
using sgaudit::data::ColumnDef;
using sgaudit::data::ColumnType;

namespace {

const ColumnDef kFlag{"cppv_cp_visit_seen", ColumnType::flag};
const ColumnDef kId{"cppv_person_id", ColumnType::id};
const ColumnDef kText{"cppl_cp_plan_latest_category", ColumnType::text};
const ColumnDef kDate{"pers_dob", ColumnType::date, false, true};
const ColumnDef kWhole{"children_0_17", ColumnType::integer};
const ColumnDef kNumber{"prof_full_time_equivalency", ColumnType::number};

std::string stored(const ColumnDef& c, const std::string& cell) {
    auto r = check_cell(c, cell);
    REQUIRE_MESSAGE(r.error.empty(), cell);
    return r.value.value_or("NULL");
}

// The error for a bad cell, checked not to contain the cell (when it is long enough not to
// occur in any sentence, as "T" or "." would).
std::string refused(const ColumnDef& c, const std::string& cell) {
    auto r = check_cell(c, cell);
    CHECK_MESSAGE(!r.error.empty(), cell);
    CHECK_MESSAGE(!r.value, cell);
    if (cell.size() >= 3) CHECK_MESSAGE(r.error.find(cell) == std::string::npos, cell);
    return r.error;
}

}  // namespace

TEST_CASE("import cell: flags in the forms sdk/read.hpp reads are stored Y or N") {
    for (const char* yes : {"Y", "y", "Yes", " YES ", "1", "true", "TRUE", "True", "\ty"}) CHECK_MESSAGE(stored(kFlag, yes) == "Y", yes);
    for (const char* no : {"N", "n", "No", "no ", "0", "false", "FALSE", " False\t"}) CHECK_MESSAGE(stored(kFlag, no) == "N", no);
    CHECK(stored(kFlag, "") == "NULL");
    CHECK(stored(kFlag, "   ") == "NULL");
    const std::string what = "is not a flag; write Y/N, Yes/No, 1/0 or True/False (stored as Y or N), or leave the cell empty "
                             "when it was not recorded";
    for (const char* bad : {"maybe", "Yess", "2", "T", "Y N", "oui"}) CHECK_MESSAGE(refused(kFlag, bad) == what, bad);
}

TEST_CASE("import cell: identifiers are stored without surrounding white space, and say when they had some") {
    auto padded = check_cell(kId, " C1 ");
    CHECK(padded.value == std::optional<std::string>("C1"));
    CHECK(padded.trimmed);
    auto tab = check_cell(kId, "C2\t");
    CHECK(tab.value == std::optional<std::string>("C2"));
    CHECK(tab.trimmed);
    auto plain = check_cell(kId, "C 3");  // a space inside is part of the identifier
    CHECK(plain.value == std::optional<std::string>("C 3"));
    CHECK(!plain.trimmed);
    CHECK(!check_cell(kId, "  ").value);
    // Text is stored as written.
    CHECK(stored(kText, " Neglect ") == " Neglect ");
}

TEST_CASE("import cell: dates, whole numbers and numbers") {
    CHECK(stored(kDate, "2009-03-31") == "2009-03-31");
    CHECK(stored(kDate, " 2009-03-31 ") == "2009-03-31");
    CHECK(stored(kDate, "2009-03-31T10:15:00") == "2009-03-31");
    const std::string not_date = "is not a date; write dates as YYYY-MM-DD (e.g. 2009-03-31)";
    for (const char* bad : {"31/03/2009", "2007-02-30", "2009-3-31", "yesterday"}) CHECK_MESSAGE(refused(kDate, bad) == not_date, bad);

    CHECK(stored(kWhole, "12") == "12");
    CHECK(stored(kWhole, "-3") == "-3");
    CHECK(stored(kWhole, " 7 ") == "7");
    for (const char* bad : {"1.5", "-", "12a", "1,000", "twelve"})
        CHECK_MESSAGE(refused(kWhole, bad) == "is not a whole number; write digits only (e.g. 12)", bad);

    for (const char* good : {"0.5", ".5", "1", "-1.25e3", "1E2", "+2.0"}) CHECK_MESSAGE(stored(kNumber, good) == good, good);
    // strtod alone would take the first four; 1e999 is beyond a double.
    for (const char* bad : {"nan", "inf", "0x1p3", "1e999", "1e", ".", "0,5", "half"})
        CHECK_MESSAGE(refused(kNumber, bad) == "is not a number; write digits, with a dot for decimals (e.g. 0.5)", bad);
}
