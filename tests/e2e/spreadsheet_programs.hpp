#pragma once
// Real spreadsheet programs for the workbook tests: openpyxl (Debian's python3-openpyxl) typing
// into cells, and LibreOffice Calc re-saving a workbook headless. `scripts/setup.sh --tests`
// installs both, so a missing program fails the tests rather than skipping them.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace e2e::programs {

namespace fs = std::filesystem;

inline std::string shell_quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a shell command with its output in `log`; fails the test, showing the output, unless it exits 0.
inline void run_shell(const std::string& command, const fs::path& log) {
    const int status = std::system((command + " >" + shell_quoted(log.string()) + " 2>&1").c_str());
    std::ifstream in(log);
    std::stringstream output;
    output << in.rdbuf();
    INFO(command << "\n" << output.str());
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

// Converts `file` with LibreOffice Calc, headless, with a private profile and a time limit, into
// `out_dir` (same base name); returns the seconds it took.
inline double convert_with_libreoffice(const fs::path& file, const std::string& to, const fs::path& out_dir) {
    const fs::path home = out_dir.parent_path() / "lo-home";
    fs::create_directories(home);
    const auto start = std::chrono::steady_clock::now();
    run_shell("HOME=" + shell_quoted(home.string()) + " timeout 180 soffice -env:UserInstallation=file://" + home.string() +
                  "/profile --headless --norestore --nologo --convert-to " + shell_quoted(to) + " --outdir " +
                  shell_quoted(out_dir.string()) + " " + shell_quoted(file.string()),
              out_dir.parent_path() / "soffice.log");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Types into cells with openpyxl (tests/workbook/type_cells.py): edits are "Sheet!C5=text:Fully met",
// "Return!B9=date:2009-12-10", "Return!B11=number:200", "Sheet!C5=blank:".
inline void type_cells(const fs::path& in, const fs::path& out, const std::vector<std::string>& edits) {
    std::string cmd = "timeout 60 /usr/bin/python3 " + shell_quoted(std::string(SGAUDIT_SOURCE_DIR) + "/tests/workbook/type_cells.py") +
                      " " + shell_quoted(in.string()) + " " + shell_quoted(out.string());
    for (const auto& e : edits) cmd += " " + shell_quoted(e);
    run_shell(cmd, out.parent_path() / (out.filename().string() + ".log"));
}

}  // namespace e2e::programs
