#pragma once
// Problems found in rule files, each with file:line:column and what to do.
#include <string>
#include <string_view>
#include <vector>

namespace sgaudit::rules {

struct SourcePos {
    std::string file;
    int line = 0, column = 0;
    std::string to_string() const;  // "file:line:column" (or just "file" when unknown)
};

struct Diagnostic {
    enum class Level { error, warning } level = Level::error;
    SourcePos pos;
    std::string message;
    std::string to_string() const;  // "file:line:column: error: message"
};

class Diagnostics {
public:
    void error(SourcePos pos, std::string message);
    void warning(SourcePos pos, std::string message);
    bool has_errors() const;
    const std::vector<Diagnostic>& items() const { return items_; }
    std::string to_string() const;
    void append(const Diagnostics& other);

private:
    std::vector<Diagnostic> items_;
};

// " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sgaudit::rules
