#pragma once
// The time now, in UTC, as sgaudit records it: run starts and ends, stored and prune times.
#include <chrono>
#include <ctime>
#include <string>

namespace sgaudit::util {

// `format` is strftime's, e.g. "%Y%m%dT%H%M%SZ".
inline std::string utc_now(const char* format) {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

// "2009-03-31T14:05:00Z".
inline std::string now_iso() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace sgaudit::util
