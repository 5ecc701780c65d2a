// Workbooks filled in by real spreadsheet programs read back with the same values: the sample
// template (written with libxlsxwriter) filled in with openpyxl, then re-saved by LibreOffice
// Calc, which rewrites every part its own way. `scripts/setup.sh --tests` installs both, so a
// missing program fails these tests rather than skipping them.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sample_workbook.hpp"
#include "spreadsheet_programs.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

namespace fs = std::filesystem;
using namespace sgaudit::workbook;
using e2e::programs::convert_with_libreoffice;
using e2e::programs::run_shell;
using e2e::programs::shell_quoted;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(SGAUDIT_TEST_TMP) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The template filled in by fill_workbook.py with Debian's python3 (which has python3-openpyxl).
fs::path filled_by_openpyxl(const fs::path& dir) {
    sample::write_template(dir / "template.xlsx");
    run_shell("timeout 60 /usr/bin/python3 " + shell_quoted(std::string(SGAUDIT_SOURCE_DIR) + "/tests/workbook/fill_workbook.py") +
            " " + shell_quoted((dir / "template.xlsx").string()) + " " + shell_quoted((dir / "filled.xlsx").string()),
        dir / "openpyxl.log");
    return dir / "filled.xlsx";
}

}  // namespace

TEST_CASE("a workbook filled in with openpyxl reads back with every value, dates still dates") {
    const fs::path dir = fresh_dir("workbook-openpyxl");
    const XlsxResult result = read_xlsx_file(filled_by_openpyxl(dir));
    sample::check_workbook(sample::workbook_of(result), sample::Program::openpyxl);
}

TEST_CASE("the filled workbook re-saved by LibreOffice Calc reads back the same, its .ods is refused by name") {
    const fs::path dir = fresh_dir("workbook-libreoffice");
    const fs::path filled = filled_by_openpyxl(dir);
    const double xlsx_seconds = convert_with_libreoffice(filled, "xlsx:Calc MS Excel 2007 XML", dir / "xlsx");
    const XlsxResult result = read_xlsx_file(dir / "xlsx" / "filled.xlsx");
    sample::check_workbook(sample::workbook_of(result), sample::Program::libreoffice);

    const double ods_seconds = convert_with_libreoffice(filled, "ods", dir / "ods");
    const fs::path renamed = dir / "ods" / "renamed.xlsx";
    fs::rename(dir / "ods" / "filled.ods", renamed);
    const XlsxResult ods = read_xlsx_file(renamed);
    REQUIRE(std::holds_alternative<XlsxError>(ods));
    CHECK(std::get<XlsxError>(ods).to_string() ==
          renamed.string() + ": this is an OpenDocument spreadsheet (.ods) named as an .xlsx file; open it in Excel "
                             "or LibreOffice Calc and save it again as Excel Workbook (.xlsx)");
    MESSAGE("LibreOffice: to .xlsx " << xlsx_seconds << " s, to .ods " << ods_seconds << " s");
}
