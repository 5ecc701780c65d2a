#pragma once
// How sgaudit writes an indicator's figures in words, once for every place that does (the
// `measure` check's messages, the regional report): one decimal, as the published tables give
// them; counts whole when they are whole.
#include <cstdio>
#include <string>

namespace sgaudit::util {

// "61.9"
inline std::string one_decimal(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// "1234", or "109.5" for a count that is not whole (an FTE)
inline std::string count_text(double n) {
    if (n == static_cast<double>(static_cast<long long>(n)) && n > -1e15 && n < 1e15) return std::to_string(static_cast<long long>(n));
    return one_decimal(n);
}

// "61.9%", "317.0 per 10,000", "21.3": a value in its measure's unit (Measure::unit)
inline std::string figure_text(double value, const std::string& unit) {
    return one_decimal(value) + (unit == "percent" ? "%" : unit == "per_10000" ? " per 10,000" : "");
}

}  // namespace sgaudit::util
