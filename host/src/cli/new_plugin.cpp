#include "sgaudit/cli/new_plugin.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/util/private_file.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;

namespace {

// Lower-case letters, digits and hyphens, starting with a letter: the name the host loads the
// plugin by (sgaudit-NAME.so), its rule set's id and its CMake target.
bool plugin_name(const std::string& n) {
    if (n.empty() || n.size() > 40 || n[0] < 'a' || n[0] > 'z' || n.back() == '-') return false;
    for (char c : n)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string replaced(std::string text, const std::vector<std::pair<std::string, std::string>>& with) {
    for (const auto& [from, to] : with)
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

}  // namespace

int new_plugin(const std::string& name, const fs::path& dir, const std::vector<fs::path>& template_dirs) {
    if (!plugin_name(name)) {
        std::cerr << "error: '" << name << "' cannot be a plugin's name: use lower-case letters, digits and hyphens, starting with a "
                     "letter (e.g. la-visits)\n";
        return kExitUsage;
    }
    fs::path from;
    for (const auto& d : template_dirs)
        if (fs::is_directory(d / "new-plugin")) {
            from = d / "new-plugin";
            break;
        }
    if (from.empty()) {
        std::cerr << "error: the plugin template (new-plugin/) is in none of the template folders; reinstall sgaudit\n";
        return kExitUsage;
    }
    const fs::path to = dir / name;
    if (fs::exists(to)) {
        std::cerr << "error: " << to.string() << " exists already; give a new name or another --dir\n";
        return kExitUsage;
    }
    std::string snake = name, ident;
    for (char& c : snake) c = c == '-' ? '_' : c;
    bool upper = true;
    for (char c : name) {  // la-visits -> LaVisits, the audit's class name
        if (c == '-') {
            upper = true;
            continue;
        }
        ident += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    const std::vector<std::pair<std::string, std::string>> with{{"@NAME@", name}, {"@SNAKE@", snake}, {"@IDENT@", ident}};
    for (const auto& entry : fs::recursive_directory_iterator(from)) {
        if (!entry.is_regular_file()) continue;
        fs::path rel = fs::relative(entry.path(), from);
        if (rel == "plugin.cpp") rel = snake + ".cpp";
        if (rel == fs::path("rules") / "ruleset.toml") rel = fs::path("rules") / (name + ".toml");
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        if (auto st = util::make_private_directories((to / rel).parent_path()); !st) {
            std::cerr << "error: " << st.message() << "\n";
            return kExitUsage;
        }
        if (auto st = util::write_private_file(to / rel, replaced(text.str(), with)); !st) {
            std::cerr << "error: " << st.message() << "\n";
            return kExitUsage;
        }
        if (rel == "test.sh") fs::permissions(to / rel, fs::perms::owner_exec, fs::perm_options::add);
    }
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    std::cout << "Plugin " << name << " written to " << to.string() << " (" << snake << ".cpp, rules/" << name
              << ".toml, tests/, test.sh, README.md).\nBuild and test it: SGAUDIT=" << (ec ? std::string("/path/to/bin/sgaudit") : self.string())
              << " bash " << (to / "test.sh").string() << "\n";
    return kExitOk;
}

}  // namespace sgaudit::cli
