#include "sgaudit/data/csv_reader.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace sgaudit::data {

std::string CsvError::to_string() const {
    std::string out = file;
    if (line > 0) {
        out += ':';
        out += std::to_string(line);
        if (column > 0) {
            out += ':';
            out += std::to_string(column);
        }
    }
    out += ": ";
    out += message;
    return out;
}

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 if s[i]
// does not start one.  Follows the Unicode "well-formed byte sequences"
// table, which rejects overlong forms, surrogates and values above
// U+10FFFF by narrowing the range allowed for the second byte.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 == 0xE0) {
        len = 3;
        lo = 0xA0;  // below is an overlong 2-byte value
    } else if (b0 == 0xED) {
        len = 3;
        hi = 0x9F;  // above are UTF-16 surrogates
    } else if (b0 >= 0xE1 && b0 <= 0xEF) {
        len = 3;
    } else if (b0 == 0xF0) {
        len = 4;
        lo = 0x90;  // below is an overlong 3-byte value
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
        len = 4;
    } else if (b0 == 0xF4) {
        len = 4;
        hi = 0x8F;  // above is beyond U+10FFFF
    } else {
        return 0;  // continuation byte, C0/C1 (always overlong) or F5..FF
    }
    if (s.size() - i < len) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

std::string hex_byte(unsigned char b) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out = "0x";
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0F];
    return out;
}

std::string trim_blanks(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

std::string ascii_lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

std::string count_of_fields(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " field" : " fields");
}

class ErrorList {
public:
    explicit ErrorList(std::string file) : file_(std::move(file)) {}

    void add(std::size_t line, std::size_t column, std::string message) {
        if (overflowed_) return;
        if (errors_.size() == kCsvMaxErrors) {
            overflowed_ = true;
            overflow_line_ = line;
            return;
        }
        errors_.push_back(CsvError{file_, line, column, std::move(message)});
    }

    bool empty() const { return errors_.empty(); }
    bool overflowed() const { return overflowed_; }

    std::vector<CsvError> take() {
        // Errors are found almost in file order, but a record's field-count
        // error is only known after its later fields have been checked;
        // sorting keeps the report readable top to bottom.
        std::stable_sort(errors_.begin(), errors_.end(), [](const CsvError& a, const CsvError& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        if (overflowed_) {
            errors_.push_back(CsvError{
                file_, 0, 0,
                "too many errors; stopped after the first " + std::to_string(kCsvMaxErrors) +
                    " (at line " + std::to_string(overflow_line_) +
                    "); fix these and run the import again"});
        }
        return std::move(errors_);
    }

private:
    std::string file_;
    std::vector<CsvError> errors_;
    bool overflowed_ = false;
    std::size_t overflow_line_ = 0;
};

struct Position {
    std::size_t line = 0;
    std::size_t column = 0;
};

class Parser {
public:
    Parser(std::string_view text, const std::string& file) : in_(text), errors_(file) {
        table_.file = file;
    }

    CsvResult run();

private:
    bool at_end() const { return pos_ >= in_.size(); }
    bool next_is(std::size_t offset, char c) const {
        return pos_ + offset < in_.size() && in_[pos_ + offset] == c;
    }

    bool skip_blank_line();
    void report_blank_lines();
    Position parse_record(CsvRecord& rec);
    bool parse_unquoted(std::string& out, Position start, bool quote_already_reported);
    void parse_quoted(std::string& out);
    void take_char(std::string& out);
    void report_encoding(const std::string& message);
    void accept_header(CsvRecord& rec);
    void accept_record(CsvRecord&& rec, Position end);

    std::string_view in_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t col_ = 1;
    ErrorList errors_;
    CsvTable table_;
    bool have_header_ = false;
    // A file saved in the wrong encoding has bad bytes on nearly every line,
    // often several per line; one report per line is enough to act on.
    std::size_t encoding_error_line_ = 0;
    std::size_t lone_cr_error_line_ = 0;
    // Blank lines are only an error if a record follows them, which is not
    // known until the next non-blank line is seen.
    std::size_t blank_first_line_ = 0;
    std::size_t blank_count_ = 0;
    bool saw_blank_line_ = false;
    // An unclosed quote swallows the rest of the file into one field; any
    // other complaint about that record would only be a consequence.
    bool unterminated_quote_ = false;
};

CsvResult Parser::run() {
    if (in_.size() >= 2 && ((in_[0] == '\xFF' && in_[1] == '\xFE') || (in_[0] == '\xFE' && in_[1] == '\xFF'))) {
        // Every byte would be reported otherwise; this is the one fix needed.
        errors_.add(1, 1, "the file is UTF-16 encoded; save it as UTF-8 (in Excel: \"CSV UTF-8\")");
        return errors_.take();
    }
    if (in_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    if (at_end()) {
        errors_.add(1, 1, "empty file; the first line must be the header");
        return errors_.take();
    }

    while (!at_end() && !errors_.overflowed()) {
        if (skip_blank_line()) continue;
        report_blank_lines();
        CsvRecord rec;
        const Position end = parse_record(rec);
        if (!have_header_) {
            accept_header(rec);
        } else {
            accept_record(std::move(rec), end);
        }
    }
    // Blank lines still pending here are trailing ones, which are harmless.

    if (!have_header_ && saw_blank_line_) {
        errors_.add(1, 1, "the file contains only blank lines; the first line must be the header");
    }
    if (!errors_.empty() || errors_.overflowed()) return errors_.take();
    return std::move(table_);
}

// Lines holding only spaces or tabs count as blank: they look blank in a
// spreadsheet or editor, and a "wrong number of fields" error on an
// invisible line would only confuse.
bool Parser::skip_blank_line() {
    std::size_t p = pos_;
    while (p < in_.size() && (in_[p] == ' ' || in_[p] == '\t')) ++p;
    std::size_t next = 0;
    bool newline = true;
    if (p == in_.size()) {
        next = p;
        newline = false;
    } else if (in_[p] == '\n') {
        next = p + 1;
    } else if (in_[p] == '\r' && p + 1 < in_.size() && in_[p + 1] == '\n') {
        next = p + 2;
    } else {
        return false;
    }
    if (blank_count_ == 0) blank_first_line_ = line_;
    ++blank_count_;
    saw_blank_line_ = true;
    pos_ = next;
    if (newline) {
        ++line_;
        col_ = 1;
    }
    return true;
}

void Parser::report_blank_lines() {
    if (blank_count_ == 0) return;
    std::string message;
    if (blank_count_ == 1) {
        message = "blank line; remove it";
    } else {
        message = std::to_string(blank_count_) + " blank lines (lines " + std::to_string(blank_first_line_) + " to " +
                  std::to_string(blank_first_line_ + blank_count_ - 1) + "); remove them";
    }
    if (!have_header_) {
        message += " (the first line must be the header)";
    } else if (table_.header.size() == 1) {
        // With one column an empty value and a blank line look the same.
        message += " (for an empty value in a one-column file write \"\")";
    }
    errors_.add(blank_first_line_, 1, std::move(message));
    blank_count_ = 0;
}

// Returns the position of the record terminator (or end of file), which is
// where a "too few fields" error points.
Position Parser::parse_record(CsvRecord& rec) {
    rec.line = line_;
    if (have_header_) {
        // Avoids regrowing four vectors per record on large imports.
        const std::size_t n = table_.header.size();
        rec.fields.reserve(n);
        rec.columns.reserve(n);
        rec.quoted.reserve(n);
        rec.lines.reserve(n);
    }
    for (;;) {
        const Position start{line_, col_};
        std::string text;
        bool quoted = false;
        if (!at_end() && in_[pos_] == '"') {
            quoted = true;
            parse_quoted(text);
        } else {
            quoted = parse_unquoted(text, start, false);
        }
        rec.fields.push_back(std::move(text));
        rec.columns.push_back(start.column);
        rec.lines.push_back(start.line);
        rec.quoted.push_back(quoted);

        const Position end{line_, col_};
        if (at_end()) return end;
        const char c = in_[pos_];
        if (c == ',') {
            ++pos_;
            ++col_;
            continue;
        }
        if (c == '\n') {
            ++pos_;
            ++line_;
            col_ = 1;
            return end;
        }
        // Field parsers stop only at EOF, ',', '\n' or '\r'.
        if (next_is(1, '\n')) {
            pos_ += 2;
            ++line_;
            col_ = 1;
            return end;
        }
        if (lone_cr_error_line_ != line_) {
            lone_cr_error_line_ = line_;
            errors_.add(line_, col_,
                        "line break is a lone carriage return (old Mac format); save the file with "
                        "Windows (CRLF) or Unix (LF) line endings");
        }
        // Ending the record here keeps the following text from being
        // reported again as extra fields.
        ++pos_;
        ++col_;
        return end;
    }
}

// Returns true if the field turned out to be quoted after leading spaces
// (reported as an error, then read as quoted so a comma inside the quotes
// does not also produce a bogus field-count error).
bool Parser::parse_unquoted(std::string& out, Position start, bool quote_already_reported) {
    bool quote_reported = quote_already_reported;
    while (!at_end()) {
        // Plain ASCII needs neither validation nor decoding; copying it in
        // runs keeps large files fast.
        const std::size_t run_start = pos_;
        while (pos_ < in_.size()) {
            const auto b = static_cast<unsigned char>(in_[pos_]);
            if (b >= 0x80 || b == ',' || b == '\n' || b == '\r' || b == '"' || b == 0) break;
            ++pos_;
        }
        out.append(in_.data() + run_start, pos_ - run_start);
        col_ += pos_ - run_start;
        if (at_end()) break;

        const char c = in_[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        if (c == '"') {
            if (!quote_reported && !out.empty() && out.find_first_not_of(" \t") == std::string::npos) {
                errors_.add(start.line, start.column,
                            "space before the opening quote; remove it (a quoted field must start with the quote)");
                out.clear();
                parse_quoted(out);
                return true;
            }
            if (!quote_reported) {
                quote_reported = true;
                errors_.add(line_, col_,
                            "quote (\") inside an unquoted field; put the whole field in double quotes and write "
                            "each quote in it as two quotes (\"\")");
            }
            out.push_back('"');
            ++pos_;
            ++col_;
            continue;
        }
        take_char(out);
    }
    return false;
}

void Parser::parse_quoted(std::string& out) {
    const Position open{line_, col_};
    ++pos_;
    ++col_;
    for (;;) {
        if (at_end()) {
            unterminated_quote_ = true;
            errors_.add(open.line, open.column,
                        "quoted field is never closed: the quote here runs to the end of the file; add the "
                        "closing quote (write a quote inside a quoted field as two quotes \"\")");
            return;
        }
        const std::size_t run_start = pos_;
        while (pos_ < in_.size()) {
            const auto b = static_cast<unsigned char>(in_[pos_]);
            if (b >= 0x80 || b == '"' || b == '\n' || b == '\r' || b == 0) break;
            ++pos_;
        }
        out.append(in_.data() + run_start, pos_ - run_start);
        col_ += pos_ - run_start;
        if (at_end()) continue;

        const char c = in_[pos_];
        if (c == '"') {
            if (next_is(1, '"')) {
                out.push_back('"');
                pos_ += 2;
                col_ += 2;
                continue;
            }
            ++pos_;
            ++col_;
            break;
        }
        if (c == '\n' || (c == '\r' && next_is(1, '\n'))) {
            // Stored as LF whatever the file used, so the same spreadsheet
            // exported on Windows or elsewhere imports identical values.
            out.push_back('\n');
            pos_ += (c == '\r') ? 2 : 1;
            ++line_;
            col_ = 1;
            continue;
        }
        if (c == '\r') {
            out.push_back('\r');
            ++pos_;
            ++col_;
            continue;
        }
        take_char(out);
    }

    if (at_end()) return;
    const char c = in_[pos_];
    if (c == ',' || c == '\n' || c == '\r') return;
    errors_.add(line_, col_,
                "text after the closing quote; a quoted field must end at its closing quote, and a quote inside "
                "it must be written as two quotes (\"\")");
    // Typically an unescaped quote inside the value ("say "hi" now"); read
    // on to the next separator so the rest of the line is still checked.
    parse_unquoted(out, Position{line_, col_}, true);
}

void Parser::take_char(std::string& out) {
    const auto b = static_cast<unsigned char>(in_[pos_]);
    std::size_t len = 1;
    if (b == 0) {
        // Valid UTF-8, but a C-string truncation hazard downstream and the
        // usual sign of UTF-16 without a BOM.
        report_encoding("NUL byte (0x00); the file may be UTF-16, save it as UTF-8");
    } else {
        len = utf8_sequence_length(in_, pos_);
        if (len == 0) {
            report_encoding("invalid UTF-8 (byte " + hex_byte(b) + "); save the file as UTF-8");
            // Resynchronise on the next byte; each stray byte counts as one
            // column, which is how editors display them.
            len = 1;
        }
    }
    out.append(in_.data() + pos_, len);
    pos_ += len;
    ++col_;
}

void Parser::report_encoding(const std::string& message) {
    if (encoding_error_line_ == line_) return;
    encoding_error_line_ = line_;
    errors_.add(line_, col_, message);
}

void Parser::accept_header(CsvRecord& rec) {
    have_header_ = true;
    const std::size_t n = rec.fields.size();
    table_.header.reserve(n);
    table_.header_columns = rec.columns;
    // Keyed case-insensitively: the database treats "ID" and "id" as the
    // same column, so they would collide on import.
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < n; ++i) {
        std::string name = trim_blanks(rec.fields[i]);
        const std::size_t line = rec.lines[i];
        const std::size_t column = rec.columns[i];
        const std::string field_no = std::to_string(i + 1);
        if (name.empty()) {
            if (i + 1 == n && n > 1) {
                errors_.add(line, column,
                            "header field " + field_no +
                                " is empty (a trailing comma?); give every column a name or remove the extra comma");
            } else {
                errors_.add(line, column, "header field " + field_no + " is empty; give every column a name");
            }
        } else if (name.find_first_of("\r\n") != std::string::npos && !(unterminated_quote_ && i + 1 == n)) {
            errors_.add(line, column,
                        "header name in field " + field_no + " contains a line break; put the name on one line");
        } else {
            auto [it, inserted] = seen.emplace(ascii_lower(name), i);
            if (!inserted) {
                const std::size_t j = it->second;
                const std::string& other = table_.header[j];
                std::string message;
                if (other == name) {
                    message = "duplicate column name \"" + name + "\": header fields " + std::to_string(j + 1) +
                              " and " + field_no + " have the same name; rename one of them";
                } else {
                    message = "duplicate column name: header field " + std::to_string(j + 1) + " \"" + other +
                              "\" and field " + field_no + " \"" + name +
                              "\" differ only in letter case; rename one of them";
                }
                errors_.add(line, column, std::move(message));
            }
        }
        table_.header.push_back(std::move(name));
    }
    // Otherwise a semicolon- or tab-separated export reads as a valid
    // one-column table and fails later with a baffling message.
    if (n == 1 && !rec.quoted[0]) {
        const std::string& only = table_.header[0];
        const char* separator = only.find(';') != std::string::npos    ? "semicolons"
                                : only.find('\t') != std::string::npos ? "tabs"
                                                                       : nullptr;
        if (separator != nullptr) {
            errors_.add(rec.lines[0], rec.columns[0],
                        std::string("the header has a single column and contains ") + separator +
                            "; the file seems to be separated by " + separator +
                            ", save it with commas as separators");
        }
    }
}

void Parser::accept_record(CsvRecord&& rec, Position end) {
    const std::size_t expected = table_.header.size();
    const std::size_t found = rec.fields.size();
    if (unterminated_quote_) {
        // Nothing to check: the record's real end is unknown.
    } else if (found > expected) {
        errors_.add(rec.lines[expected], rec.columns[expected],
                    "expected " + count_of_fields(expected) + " (as in the header), found " + std::to_string(found) +
                        "; remove the extra fields, or put a value containing a comma in double quotes");
    } else if (found < expected) {
        errors_.add(end.line, end.column,
                    "expected " + count_of_fields(expected) + " (as in the header), found " + std::to_string(found) +
                        "; add the missing fields (leave a field empty if it has no value)");
    }
    // Once the file is known to be bad no table is returned, so keeping
    // records would only cost memory.
    if (errors_.empty()) table_.records.push_back(std::move(rec));
}

}  // namespace

CsvResult read_csv_text(std::string_view text, const std::string& file_label) {
    return Parser(text, file_label).run();
}

}  // namespace sgaudit::data
