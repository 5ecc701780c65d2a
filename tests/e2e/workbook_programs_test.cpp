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
#include "sgaudit/workbook/xlsx_reader.hpp"

namespace fs = std::filesystem;
using namespace sgaudit::workbook;

namespace {

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(SGAUDIT_TEST_TMP) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Runs a shell command with its output in `log`; fails the test, showing the output, unless it exits 0.
void run(const std::string& command, const fs::path& log) {
    const int status = std::system((command + " >" + quoted(log.string()) + " 2>&1").c_str());
    std::ifstream in(log);
    std::stringstream output;
    output << in.rdbuf();
    INFO(command << "\n" << output.str());
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

// The template filled in by fill_workbook.py with Debian's python3 (which has python3-openpyxl).
fs::path filled_by_openpyxl(const fs::path& dir) {
    sample::write_template(dir / "template.xlsx");
    run("timeout 60 /usr/bin/python3 " + quoted(std::string(SGAUDIT_SOURCE_DIR) + "/tests/workbook/fill_workbook.py") +
            " " + quoted((dir / "template.xlsx").string()) + " " + quoted((dir / "filled.xlsx").string()),
        dir / "openpyxl.log");
    return dir / "filled.xlsx";
}

// Converts `file` with LibreOffice Calc, headless, with a private profile and a time limit;
// returns the seconds it took.
double convert_with_libreoffice(const fs::path& file, const std::string& to, const fs::path& out_dir) {
    const fs::path home = out_dir.parent_path() / "lo-home";
    fs::create_directories(home);
    const auto start = std::chrono::steady_clock::now();
    run("HOME=" + quoted(home.string()) + " timeout 180 soffice -env:UserInstallation=file://" + home.string() +
            "/profile --headless --norestore --nologo --convert-to " + quoted(to) + " --outdir " +
            quoted(out_dir.string()) + " " + quoted(file.string()),
        out_dir.parent_path() / "soffice.log");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
