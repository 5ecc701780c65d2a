#include "sgaudit/rules/diagnostics.hpp"

#include <algorithm>

namespace sgaudit::rules {

std::string SourcePos::to_string() const {
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::to_string() const {
    return pos.to_string() + (level == Level::error ? ": error: " : ": warning: ") + message;
}

// A file read once per plugin that might use it would report the same problem each time:
// every problem is said once.
static bool already(const std::vector<Diagnostic>& items, const Diagnostic& d) {
    return std::any_of(items.begin(), items.end(), [&](const Diagnostic& x) {
        return x.level == d.level && x.message == d.message && x.pos.to_string() == d.pos.to_string();
    });
}
void Diagnostics::error(SourcePos pos, std::string message) {
    Diagnostic d{Diagnostic::Level::error, std::move(pos), std::move(message)};
    if (!already(items_, d)) items_.push_back(std::move(d));
}
void Diagnostics::warning(SourcePos pos, std::string message) {
    Diagnostic d{Diagnostic::Level::warning, std::move(pos), std::move(message)};
    if (!already(items_, d)) items_.push_back(std::move(d));
}
bool Diagnostics::has_errors() const {
    return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.level == Diagnostic::Level::error; });
}
std::string Diagnostics::to_string() const {
    std::string out;
    for (const auto& d : items_) out += d.to_string() + "\n";
    return out;
}
void Diagnostics::append(const Diagnostics& other) {
    for (const auto& d : other.items_)
        if (!already(items_, d)) items_.push_back(d);
}

static std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

}  // namespace sgaudit::rules
