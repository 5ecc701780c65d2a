#pragma once
// Who is running sgaudit, as the operating system knows them: recorded with every run and
// every prune, so the record says who did what.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace sgaudit::util {

inline std::string os_user() {
    // The account, not $USER, which anyone can set; $USER only when the account has no entry.
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
    if (const char* u = std::getenv("USER"); u && *u) return u;
    return "uid " + std::to_string(::geteuid());
}

}  // namespace sgaudit::util
