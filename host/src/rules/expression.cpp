// The rule expression language: lexer, recursive-descent parser and tree-walking evaluator.
// See the header for the grammar and the null and type rules.
//
// Robustness: recursion depth is bounded by Expression::max_nesting, and runs of the same
// operator (a + b + c ..., a or b or c ...) are stored as one node with many operands, so
// neither parsing, evaluating nor destroying the tree recurses more than a few frames per
// nesting level, however long the input.
#include "sgaudit/rules/expression.hpp"

#include "sgaudit/rules/diagnostics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <set>
#include <utility>

namespace sgaudit::rules {

namespace detail {

enum class NodeKind { Literal, Fact, AsOf, Parameter, Not, Negate, Or, And, Arithmetic, Compare, IsNull, In, Call };
enum class Op { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge };
enum class Fn {
    WorkingDays, AddWorkingDays, AddDays, AddMonths, Age, AgeMonths, DaysBetween,
    Coalesce, IsNull, In, Count, Min, Max, Date, Year, Lower, Upper
};

struct Node {
    NodeKind kind = NodeKind::Literal;
    Value literal;            // Literal
    std::string name;         // Fact, Parameter
    Fn fn = Fn::Coalesce;     // Call
    std::vector<Op> ops;      // Arithmetic: ops[i] joins children[i] and children[i + 1]; Compare: one
    bool negated = false;     // IsNull: `is not null`; In: `not in`
    std::vector<Node> children;
};

}  // namespace detail

namespace {

using detail::Fn;
using detail::Node;
using detail::NodeKind;
using detail::Op;

// ---------------------------------------------------------------------------------------------
// Shared helpers

constexpr std::size_t kMany = std::numeric_limits<std::size_t>::max();

struct FunctionSpec {
    std::string_view name;
    Fn fn;
    std::size_t min_args;
    std::size_t max_args;
};

constexpr FunctionSpec kFunctions[] = {
    {"working_days", Fn::WorkingDays, 2, 2},   {"add_working_days", Fn::AddWorkingDays, 2, 2},
    {"add_days", Fn::AddDays, 2, 2},           {"add_months", Fn::AddMonths, 2, 2},
    {"age", Fn::Age, 2, 2},                    {"age_months", Fn::AgeMonths, 2, 2},
    {"days_between", Fn::DaysBetween, 2, 2},   {"coalesce", Fn::Coalesce, 2, kMany},
    {"is_null", Fn::IsNull, 1, 1},             {"in", Fn::In, 2, kMany},
    {"count", Fn::Count, 1, 1},                {"min", Fn::Min, 1, kMany},
    {"max", Fn::Max, 1, kMany},                {"date", Fn::Date, 1, 1},
    {"year", Fn::Year, 1, 1},                  {"lower", Fn::Lower, 1, 1},
    {"upper", Fn::Upper, 1, 1},
};

const FunctionSpec* find_function(std::string_view name) {
    for (const auto& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

std::string function_name(Fn fn) {
    for (const auto& f : kFunctions)
        if (f.fn == fn) return std::string(f.name);
    return "?";
}

const char* symbol(Op op) {
    switch (op) {
        case Op::Add: return "+";
        case Op::Sub: return "-";
        case Op::Mul: return "*";
        case Op::Div: return "/";
        case Op::Eq: return "=";
        case Op::Ne: return "!=";
        case Op::Lt: return "<";
        case Op::Le: return "<=";
        case Op::Gt: return ">";
        case Op::Ge: return ">=";
    }
    return "?";
}

// Messages quote what the author wrote; a pathological 10 000-character name should not
// produce a 10 000-character message.
std::string excerpt(std::string_view s) {
    constexpr std::size_t limit = 40;
    return s.size() <= limit ? std::string(s) : std::string(s.substr(0, limit)) + "...";
}

std::string quoted(std::string_view s) { return "'" + excerpt(s) + "'"; }

// Columns count characters, not bytes, so they match what an editor shows for text with
// accented letters.
std::size_t column_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    return column;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_word_start(char c) { return is_lower(c) || is_upper(c) || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string ascii_upper(std::string s) {
    for (char& c : s)
        if (is_lower(c)) c = static_cast<char>(c - 'a' + 'A');
    return s;
}

bool is_keyword(std::string_view w) {
    return w == "and" || w == "or" || w == "not" || w == "in" || w == "is" || w == "null" || w == "true" ||
           w == "false";
}

// One "did you mean" for every sgaudit message (diagnostics.hpp), with the same reach.
std::string unknown_function_message(std::string_view name) {
    std::string message = "unknown function " + quoted(name);
    if (name.size() > 40) return message;
    std::vector<std::string> names;
    for (const auto& f : kFunctions) names.emplace_back(f.name);
    return message + did_you_mean(name, names);
}

// The only dates arithmetic may produce: four-digit years, which is what iso() can print.
bool day_in_range(std::int64_t days) {
    static const std::int64_t first = Date::from_ymd(1, 1, 1)->days();
    static const std::int64_t last = Date::from_ymd(9999, 12, 31)->days();
    return days >= first && days <= last;
}

// ---------------------------------------------------------------------------------------------
// Lexer

struct ParseFailure {
    std::size_t offset;
    std::string message;
};

enum class Tok { Number, Text, Word, Param, LParen, RParen, Comma, Op, End, Bad };

struct Token {
    Tok kind = Tok::End;
    std::size_t offset = 0;
    std::string_view spelling;  // as written, quotes and $ included
    Value value;                // Number: the number; Text: the text; Param: the name; Bad: the message
};

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    // A lexical error becomes a Bad token at the end of the list rather than an immediate
    // failure, so that a syntax error further left is still the one reported.
    std::vector<Token> run() {
        std::vector<Token> tokens;
        try {
            while (true) {
                while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
                if (pos_ >= text_.size()) break;
                tokens.push_back(next());
            }
            tokens.push_back(Token{Tok::End, text_.size(), {}, {}});
        } catch (const ParseFailure& f) {
            tokens.push_back(Token{Tok::Bad, f.offset, {}, Value(f.message)});
        }
        return tokens;
    }

private:
    Token next() {
        const char c = text_[pos_];
        if (is_digit(c)) return number();
        if (c == '\'' || c == '"') return text_literal();
        if (c == '$') return parameter();
        if (is_word_start(c)) return word();
        return symbol();
    }

    Token number() {
        const std::size_t start = pos_;
        while (is_digit(at(pos_))) ++pos_;
        bool decimal = false;
        if (at(pos_) == '.') {
            if (!is_digit(at(pos_ + 1))) fail(pos_, "expected a digit after '.' in a number");
            decimal = true;
            ++pos_;
            while (is_digit(at(pos_))) ++pos_;
        }
        const std::string_view spelling = text_.substr(start, pos_ - start);
        if (is_word_char(at(pos_)) || at(pos_) == '.')
            fail(pos_, "unexpected character '" + std::string(1, at(pos_)) + "' directly after the number " +
                           excerpt(spelling));
        return Token{Tok::Number, start, spelling, number_value(spelling, decimal, start)};
    }

    Value number_value(std::string_view spelling, bool decimal, std::size_t start) const {
        const char* first = spelling.data();
        const char* last = first + spelling.size();
        if (decimal) {
            double d = 0;
            auto [end, ec] = std::from_chars(first, last, d);
            if (ec != std::errc() || end != last || !std::isfinite(d))
                fail(start, "the number " + excerpt(spelling) + " is too large");
            return d;
        }
        std::int64_t i = 0;
        auto [end, ec] = std::from_chars(first, last, i);
        if (ec != std::errc() || end != last) fail(start, "the number " + excerpt(spelling) + " is too large");
        return i;
    }

    Token text_literal() {
        const std::size_t start = pos_;
        const char quote = text_[pos_++];
        std::string value;
        while (true) {
            if (pos_ >= text_.size())
                fail(start, std::string("unterminated text: no closing ") + quote + " to match the one at column " +
                                std::to_string(column_of(text_, start)));
            const char c = text_[pos_++];
            if (c != quote) {
                value += c;
            } else if (pos_ < text_.size() && text_[pos_] == quote) {
                value += quote;  // a doubled quote stands for one, as in SQL
                ++pos_;
            } else {
                break;
            }
        }
        return Token{Tok::Text, start, text_.substr(start, pos_ - start), Value(std::move(value))};
    }

    Token parameter() {
        const std::size_t start = pos_++;
        if (!is_word_start(at(pos_))) fail(start, "'$' must be followed by a parameter name");
        const std::string_view name = lower_case_word();
        return Token{Tok::Param, start, text_.substr(start, pos_ - start), Value(std::string(name))};
    }

    Token word() {
        const std::size_t start = pos_;
        const std::string_view w = lower_case_word();
        return Token{Tok::Word, start, w, {}};
    }

    // Rule files are read by people; one spelling per name keeps them greppable.
    std::string_view lower_case_word() {
        const std::size_t start = pos_;
        while (is_word_char(at(pos_))) ++pos_;
        const std::string_view w = text_.substr(start, pos_ - start);
        if (std::any_of(w.begin(), w.end(), is_upper))
            fail(start, quoted(w) + " must be written in lower case (" + quoted(ascii_lower(std::string(w))) + ")");
        return w;
    }

    Token symbol() {
        const std::size_t start = pos_;
        const char c = text_[pos_];
        const char n = at(pos_ + 1);
        const bool two = (c == '=' && n == '=') || (c == '!' && n == '=') || (c == '<' && (n == '>' || n == '=')) ||
                         (c == '>' && n == '=');
        if (two) {
            pos_ += 2;
            return Token{Tok::Op, start, text_.substr(start, 2), {}};
        }
        switch (c) {
            case '(': ++pos_; return Token{Tok::LParen, start, text_.substr(start, 1), {}};
            case ')': ++pos_; return Token{Tok::RParen, start, text_.substr(start, 1), {}};
            case ',': ++pos_; return Token{Tok::Comma, start, text_.substr(start, 1), {}};
            case '+': case '-': case '*': case '/': case '=': case '<': case '>':
                ++pos_;
                return Token{Tok::Op, start, text_.substr(start, 1), {}};
            case '!': fail(start, "unexpected '!' (write 'not', or '!=' for 'not equal')");
            case '&': fail(start, "unexpected '&' (write 'and')");
            case '|': fail(start, "unexpected '|' (write 'or')");
            default: fail(start, stray_character_message(start));
        }
    }

    std::string stray_character_message(std::size_t at_offset) const {
        const auto byte = static_cast<unsigned char>(text_[at_offset]);
        if (byte < 0x20 || byte == 0x7F) return "unexpected control character (code " + std::to_string(byte) + ")";
        std::size_t end = at_offset + 1;
        if (byte >= 0x80)  // show the whole UTF-8 character, not a broken byte
            while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
        return "unexpected character '" + std::string(text_.substr(at_offset, end - at_offset)) + "'";
    }

    char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

    [[noreturn]] void fail(std::size_t offset, std::string message) const {
        throw ParseFailure{offset, std::move(message)};
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Parser

std::optional<Op> comparison_op(const Token& t) {
    if (t.kind != Tok::Op) return std::nullopt;
    const std::string_view s = t.spelling;
    if (s == "=" || s == "==") return Op::Eq;
    if (s == "!=" || s == "<>") return Op::Ne;
    if (s == "<") return Op::Lt;
    if (s == "<=") return Op::Le;
    if (s == ">") return Op::Gt;
    if (s == ">=") return Op::Ge;
    return std::nullopt;
}

std::optional<Op> additive_op(const Token& t) {
    if (t.kind == Tok::Op && t.spelling == "+") return Op::Add;
    if (t.kind == Tok::Op && t.spelling == "-") return Op::Sub;
    return std::nullopt;
}

std::optional<Op> multiplicative_op(const Token& t) {
    if (t.kind == Tok::Op && t.spelling == "*") return Op::Mul;
    if (t.kind == Tok::Op && t.spelling == "/") return Op::Div;
    return std::nullopt;
}

bool is_word(const Token& t, std::string_view w) { return t.kind == Tok::Word && t.spelling == w; }

std::string describe(const Token& t) {
    if (t.kind == Tok::End) return "the end of the expression";
    if (t.kind == Tok::Text) return "the text " + excerpt(t.spelling);
    return quoted(t.spelling);
}

Node make_node(NodeKind kind) {
    Node n;
    n.kind = kind;
    return n;
}

Node literal_node(Value v) {
    Node n = make_node(NodeKind::Literal);
    n.literal = std::move(v);
    return n;
}

Node unary_node(NodeKind kind, Node operand) {
    Node n = make_node(kind);
    n.children.push_back(std::move(operand));
    return n;
}

class Parser {
public:
    Parser(std::string_view text, std::vector<Token> tokens) : text_(text), tokens_(std::move(tokens)) {}

    Node parse() {
        if (peek().kind == Tok::End) fail_at(0, "the expression is empty");
        Node root = parse_or();
        const Token& t = peek();
        if (t.kind == Tok::RParen) fail(t, "unexpected ')' with no matching '('");
        if (t.kind != Tok::End) fail(t, "expected an operator or the end of the expression, found " + describe(t));
        return root;
    }

private:
    // Counts one level of nesting for as long as it lives.
    class Nesting {
    public:
        Nesting(Parser& p, const Token& at) : parser_(p) {
            if (++parser_.depth_ > Expression::max_nesting)
                parser_.fail(at, "the expression is nested too deeply (more than " +
                                     std::to_string(Expression::max_nesting) + " levels of brackets, 'not' or '-')");
        }
        ~Nesting() { --parser_.depth_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;

    private:
        Parser& parser_;
    };

    Node parse_or() { return parse_logical(&Parser::parse_and, "or", NodeKind::Or); }
    Node parse_and() { return parse_logical(&Parser::parse_not, "and", NodeKind::And); }

    Node parse_logical(Node (Parser::*operand)(), std::string_view keyword, NodeKind kind) {
        Node first = (this->*operand)();
        if (!is_word(peek(), keyword)) return first;
        Node chain = make_node(kind);
        chain.children.push_back(std::move(first));
        while (is_word(peek(), keyword)) {
            advance();
            chain.children.push_back((this->*operand)());
        }
        return chain;
    }

    Node parse_not() {
        if (!is_word(peek(), "not")) return parse_comparison();
        Nesting nesting(*this, peek());
        advance();
        return unary_node(NodeKind::Not, parse_not());
    }

    Node parse_comparison() {
        Node left = parse_additive();
        if (!starts_comparison()) return left;
        Node result = parse_comparison_rest(std::move(left));
        if (starts_comparison())
            fail(peek(), "comparisons cannot be chained; join them with 'and' (a < b and b < c)");
        return result;
    }

    bool starts_comparison() {
        const Token& t = peek();
        return comparison_op(t) || is_word(t, "is") || is_word(t, "in") ||
               (is_word(t, "not") && is_word(lookahead(), "in"));
    }

    Node parse_comparison_rest(Node left) {
        if (auto op = comparison_op(peek())) {
            advance();
            Node n = make_node(NodeKind::Compare);
            n.ops.push_back(*op);
            n.children.push_back(std::move(left));
            n.children.push_back(parse_additive());
            return n;
        }
        if (is_word(peek(), "is")) return parse_is(std::move(left));
        const bool negated = is_word(peek(), "not");
        if (negated) advance();
        return parse_in(std::move(left), negated);
    }

    Node parse_is(Node operand) {
        advance();  // 'is'
        Node n = unary_node(NodeKind::IsNull, std::move(operand));
        if (is_word(peek(), "not")) {
            advance();
            n.negated = true;
        }
        if (!is_word(peek(), "null")) fail(peek(), "expected 'null' or 'not null' after 'is'");
        advance();
        return n;
    }

    Node parse_in(Node operand, bool negated) {
        advance();  // 'in'
        const Token& open = peek();
        if (open.kind != Tok::LParen) fail(open, "expected '(' after 'in'");
        Nesting nesting(*this, open);
        advance();
        if (peek().kind == Tok::RParen) fail(peek(), "the list after 'in' is empty");
        Node n = unary_node(NodeKind::In, std::move(operand));
        n.negated = negated;
        for (Node& item : parse_arguments(open)) n.children.push_back(std::move(item));
        return n;
    }

    Node parse_additive() { return parse_arithmetic(&Parser::parse_multiplicative, additive_op); }
    Node parse_multiplicative() { return parse_arithmetic(&Parser::parse_unary, multiplicative_op); }

    Node parse_arithmetic(Node (Parser::*operand)(), std::optional<Op> (*op_of)(const Token&)) {
        Node first = (this->*operand)();
        auto op = op_of(peek());
        if (!op) return first;
        Node chain = make_node(NodeKind::Arithmetic);
        chain.children.push_back(std::move(first));
        while (op) {
            advance();
            chain.ops.push_back(*op);
            chain.children.push_back((this->*operand)());
            op = op_of(peek());
        }
        return chain;
    }

    Node parse_unary() {
        const Token& t = peek();
        if (t.kind != Tok::Op || t.spelling != "-") return parse_primary();
        Nesting nesting(*this, t);
        advance();
        return unary_node(NodeKind::Negate, parse_unary());
    }

    Node parse_primary() {
        const Token& t = peek();
        switch (t.kind) {
            case Tok::Number:
            case Tok::Text: advance(); return literal_node(t.value);
            case Tok::Param: {
                advance();
                Node n = make_node(NodeKind::Parameter);
                n.name = t.value.as_text();
                return n;
            }
            case Tok::LParen: return parse_group();
            case Tok::Word: return parse_word();
            default: fail(t, "expected a value, found " + describe(t));
        }
    }

    Node parse_group() {
        const Token& open = peek();
        Nesting nesting(*this, open);
        advance();
        Node inner = parse_or();
        if (peek().kind != Tok::RParen)
            fail(peek(), "expected ')' to close '(' opened at column " + column(open));
        advance();
        return inner;
    }

    Node parse_word() {
        const Token& t = peek();
        // `in` doubles as a function: in(x, a, b).
        if (lookahead().kind == Tok::LParen && (t.spelling == "in" || !is_keyword(t.spelling))) return parse_call();
        if (t.spelling == "true" || t.spelling == "false") {
            advance();
            return literal_node(t.spelling == "true");
        }
        if (t.spelling == "null") {
            advance();
            return literal_node(Null{});
        }
        if (is_keyword(t.spelling)) fail(t, "expected a value, found " + describe(t));
        advance();
        if (t.spelling == "as_of") return make_node(NodeKind::AsOf);
        Node n = make_node(NodeKind::Fact);
        n.name = std::string(t.spelling);
        return n;
    }

    Node parse_call() {
        const Token& name = peek();
        const FunctionSpec* spec = find_function(name.spelling);
        if (!spec) fail(name, unknown_function_message(name.spelling));
        advance();
        const Token& open = peek();
        Nesting nesting(*this, open);
        advance();
        const Token& first_argument = peek();
        std::vector<Node> args;
        if (peek().kind == Tok::RParen)
            advance();
        else
            args = parse_arguments(open);
        check_arity(*spec, name, args.size());
        if (spec->fn == Fn::In) return in_call(std::move(args));
        if (spec->fn == Fn::Date && args[0].kind == NodeKind::Literal && args[0].literal.is_text())
            return date_literal(args[0].literal.as_text(), first_argument);
        Node n = make_node(NodeKind::Call);
        n.fn = spec->fn;
        n.children = std::move(args);
        return n;
    }

    // After the opening '(' has been consumed; consumes the closing ')'.
    std::vector<Node> parse_arguments(const Token& open) {
        std::vector<Node> args;
        while (true) {
            args.push_back(parse_or());
            if (peek().kind == Tok::Comma) {
                advance();
                continue;
            }
            if (peek().kind == Tok::RParen) {
                advance();
                return args;
            }
            fail(peek(), "expected ',' or ')' to close '(' opened at column " + column(open));
        }
    }

    void check_arity(const FunctionSpec& spec, const Token& name, std::size_t got) {
        if (got >= spec.min_args && got <= spec.max_args) return;
        auto arguments = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
        std::string takes = spec.min_args == spec.max_args ? arguments(spec.min_args)
                            : spec.max_args == kMany      ? "at least " + arguments(spec.min_args)
                                                          : "from " + std::to_string(spec.min_args) + " to " +
                                                                arguments(spec.max_args);
        fail(name, "'" + std::string(spec.name) + "' takes " + takes + ", got " + std::to_string(got));
    }

    static Node in_call(std::vector<Node> args) {
        Node n = make_node(NodeKind::In);
        n.children = std::move(args);
        return n;
    }

    // A date written in the rule file is checked now, so a typo fails when rules load rather
    // than as an error on every subject. Literals must be exactly YYYY-MM-DD.
    Node date_literal(const std::string& text, const Token& at) {
        auto d = text.size() == 10 ? Date::parse(text) : std::nullopt;
        if (!d) fail(at, quoted(text) + " is not a valid date (write dates as date('YYYY-MM-DD'))");
        return literal_node(*d);
    }

    // The current token; a lexical error is reported only when parsing reaches it.
    const Token& peek() const {
        const Token& t = tokens_[pos_];
        if (t.kind == Tok::Bad) fail_at(t.offset, t.value.as_text());
        return t;
    }
    const Token& lookahead() const { return tokens_[std::min(pos_ + 1, tokens_.size() - 1)]; }
    void advance() {
        if (pos_ + 1 < tokens_.size()) ++pos_;
    }

    std::string column(const Token& t) const { return std::to_string(column_of(text_, t.offset)); }

    [[noreturn]] void fail(const Token& t, std::string message) const { fail_at(t.offset, std::move(message)); }
    [[noreturn]] void fail_at(std::size_t offset, std::string message) const {
        throw ParseFailure{offset, std::move(message)};
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

void collect_names(const Node& n, std::set<std::string>& facts, std::set<std::string>& parameters) {
    if (n.kind == NodeKind::Fact) facts.insert(n.name);
    if (n.kind == NodeKind::Parameter) parameters.insert(n.name);
    for (const Node& child : n.children) collect_names(child, facts, parameters);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

struct EvalFailure {
    std::string message;
};

[[noreturn]] void eval_fail(std::string message) { throw EvalFailure{std::move(message)}; }

int sign(std::int64_t x) { return (x > 0) - (x < 0); }

// NaN and infinity are not numbers a rule can judge with: NaN would make every comparison
// "equal" below, and `x <= nan` true. They come only from a plugin's facts (rule files and
// --set refuse them), and the rule's result is `error`, never a pass or fail.
void require_finite(const Value& v, std::string_view op) {
    if (v.is_double() && !std::isfinite(v.as_number()))
        eval_fail("cannot use " + std::string(std::isnan(v.as_number()) ? "nan (not a number)" : "an infinite number") +
                  " with '" + std::string(op) + "'");
}

int compare_numbers(const Value& a, const Value& b, std::string_view op) {
    require_finite(a, op);
    require_finite(b, op);
    if (a.is_int() && b.is_int()) return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
    const double x = a.as_number(), y = b.as_number();
    return (x > y) - (x < y);
}

std::string mismatch_hint(const Value& a, const Value& b) {
    auto date_and_date_text = [](const Value& x, const Value& y) {
        return x.is_date() && y.is_text() && Date::parse(y.as_text());
    };
    if (date_and_date_text(a, b) || date_and_date_text(b, a)) return " (write dates as date('YYYY-MM-DD'))";
    if (a.is_bool() && b.is_bool()) return " (true/false values can only be compared with '=' or '!=')";
    return "";
}

// <0, 0 or >0. Numbers compare across int and decimal; every other pair must be the same
// type, so text that looks like a date is never silently compared with a date.
int order_of(const Value& a, const Value& b, std::string_view op, bool equality_only) {
    if (a.is_number() && b.is_number()) return compare_numbers(a, b, op);
    if (a.is_text() && b.is_text()) return sign(a.as_text().compare(b.as_text()));
    if (a.is_date() && b.is_date()) return sign(std::int64_t{a.as_date() - b.as_date()});
    if (a.is_bool() && b.is_bool() && equality_only) return a.as_bool() == b.as_bool() ? 0 : 1;
    eval_fail("cannot compare " + std::string(a.type_name()) + " with " + b.type_name() + " using '" +
              std::string(op) + "'" + mismatch_hint(a, b));
}

Value compare(Op op, const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Null{};
    const int order = order_of(a, b, symbol(op), op == Op::Eq || op == Op::Ne);
    switch (op) {
        case Op::Eq: return order == 0;
        case Op::Ne: return order != 0;
        case Op::Lt: return order < 0;
        case Op::Le: return order <= 0;
        case Op::Gt: return order > 0;
        case Op::Ge: return order >= 0;
        default: return Null{};
    }
}

[[noreturn]] void too_large(const char* op) { eval_fail(std::string("the result of '") + op + "' is too large"); }

Value integer_arithmetic(Op op, std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    bool overflow = false;
    switch (op) {
        case Op::Add: overflow = __builtin_add_overflow(a, b, &r); break;
        case Op::Sub: overflow = __builtin_sub_overflow(a, b, &r); break;
        case Op::Mul: overflow = __builtin_mul_overflow(a, b, &r); break;
        default: break;
    }
    if (overflow) too_large(symbol(op));
    return r;
}

Value real_arithmetic(Op op, double a, double b) {
    double r = 0;
    switch (op) {
        case Op::Add: r = a + b; break;
        case Op::Sub: r = a - b; break;
        case Op::Mul: r = a * b; break;
        case Op::Div:
            if (b == 0) eval_fail("division by zero");
            r = a / b;
            break;
        default: break;
    }
    if (!std::isfinite(r)) too_large(symbol(op));
    return r;
}

Date shifted_days(Date d, std::int64_t n, const std::string& what) {
    // Bounding n first keeps the sum below from overflowing.
    constexpr std::int64_t most = 4'000'000;  // more than the 3.65 million days in years 1-9999
    const std::int64_t days = std::int64_t{d.days()} + std::clamp(n, -most, most);
    if (n < -most || n > most || !day_in_range(days))
        eval_fail(what + " goes outside the years 0001-9999");
    return Date::from_days(static_cast<std::int32_t>(days));
}

Date shifted_months(Date d, std::int64_t n, const std::string& what) {
    constexpr std::int64_t most = 12 * 10'000;
    const std::int64_t month_index = std::int64_t{d.year()} * 12 + (d.month() - 1) + std::clamp(n, -most, most);
    if (n < -most || n > most || month_index < 12 || month_index > 9999 * 12 + 11)
        eval_fail(what + " goes outside the years 0001-9999");
    return add_months(d, static_cast<int>(n));
}

Value combine(Op op, const Value& a, const Value& b) {
    if (a.is_int() && b.is_int() && op != Op::Div) return integer_arithmetic(op, a.as_int(), b.as_int());
    require_finite(a, symbol(op));
    require_finite(b, symbol(op));
    if (a.is_number() && b.is_number()) return real_arithmetic(op, a.as_number(), b.as_number());
    const std::string what = "'" + std::string(symbol(op)) + "'";
    if (a.is_date() && b.is_int() && op == Op::Add) return shifted_days(a.as_date(), b.as_int(), what);
    if (a.is_date() && b.is_int() && op == Op::Sub && b.as_int() != std::numeric_limits<std::int64_t>::min())
        return shifted_days(a.as_date(), -b.as_int(), what);
    if (a.is_int() && b.is_date() && op == Op::Add) return shifted_days(b.as_date(), a.as_int(), what);
    if (a.is_date() && b.is_date() && op == Op::Sub) return std::int64_t{a.as_date() - b.as_date()};
    const bool fractional_days = (a.is_date() && b.is_double()) || (a.is_double() && b.is_date());
    eval_fail("cannot apply " + what + " to " + a.type_name() + " and " + b.type_name() +
              (fractional_days ? " (days must be a whole number)" : ""));
}

Value negate(const Value& v) {
    if (v.is_null()) return Null{};
    if (v.is_int()) {
        if (v.as_int() == std::numeric_limits<std::int64_t>::min()) too_large("-");
        return -v.as_int();
    }
    require_finite(v, "-");
    if (v.is_double()) return -v.as_number();
    eval_fail(std::string("cannot apply unary '-' to ") + v.type_name());
}

Value logical_not(const Value& v) {
    if (v.is_null()) return Null{};
    if (v.is_bool()) return !v.as_bool();
    eval_fail(std::string("'not' needs a true/false value, got ") + v.type_name());
}

// x in (items): true on a match; otherwise null if any item is null (it might have matched),
// else false. Every item is type-checked, so a mismatch is reported whatever the data.
Value contains(const std::vector<Value>& values, std::string_view op) {
    const Value& x = values[0];
    bool found = false, saw_null = false;
    for (std::size_t i = 1; i < values.size(); ++i) {
        if (values[i].is_null()) {
            saw_null = true;
        } else if (!x.is_null() && order_of(x, values[i], op, true) == 0) {
            found = true;
        }
    }
    if (x.is_null()) return Null{};
    if (found) return true;
    if (saw_null) return Null{};
    return false;
}

// Typed access to a function's (non-null) arguments, with messages naming the function.
class Arguments {
public:
    Arguments(std::string function, const std::vector<Value>& values) : fn_(std::move(function)), values_(values) {}

    const std::string& function() const { return fn_; }
    std::size_t size() const { return values_.size(); }
    const Value& operator[](std::size_t i) const { return values_[i]; }

    Date date(std::size_t i) const {
        if (!values_[i].is_date()) wrong_type(i, "a date");
        return values_[i].as_date();
    }

    const std::string& text(std::size_t i) const {
        if (!values_[i].is_text()) wrong_type(i, "text");
        return values_[i].as_text();
    }

    const DateList& dates(std::size_t i) const {
        if (!values_[i].is_date_list()) wrong_type(i, "a list of dates");
        return values_[i].as_date_list();
    }

    // A decimal with no fractional part (from $n / 2, say) is accepted as the whole number it is.
    std::int64_t whole(std::size_t i) const {
        const Value& v = values_[i];
        if (v.is_int()) return v.as_int();
        if (v.is_double()) {
            const double d = v.as_number();
            if (d == std::trunc(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
            eval_fail("'" + fn_ + "' needs a whole number as argument " + std::to_string(i + 1) + ", got " +
                      v.to_string());
        }
        wrong_type(i, "a whole number");
    }

private:
    [[noreturn]] void wrong_type(std::size_t i, const char* wanted) const {
        eval_fail("'" + fn_ + "' needs " + wanted + " as argument " + std::to_string(i + 1) + ", got " +
                  values_[i].type_name());
    }

    std::string fn_;
    const std::vector<Value>& values_;
};

Value extreme(const Arguments& args, bool want_max) {
    if (args.size() == 1) {
        const DateList& list = args.dates(0);
        if (list.empty()) return Null{};
        return want_max ? *std::max_element(list.begin(), list.end()) : *std::min_element(list.begin(), list.end());
    }
    Value best = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        const int order = order_of(args[i], best, args.function(), false);
        if (want_max ? order > 0 : order < 0) best = args[i];
    }
    return best;
}

class Evaluator {
public:
    explicit Evaluator(const EvalEnv& env) : env_(env) {}

    Value eval(const Node& n) const {
        switch (n.kind) {
            case NodeKind::Literal: return n.literal;
            case NodeKind::Fact: return fact(n.name);
            case NodeKind::AsOf: return env_.as_of;
            case NodeKind::Parameter: return parameter(n.name);
            case NodeKind::Not: return logical_not(eval(n.children[0]));
            case NodeKind::Negate: return negate(eval(n.children[0]));
            case NodeKind::Or: return logical(n, false);
            case NodeKind::And: return logical(n, true);
            case NodeKind::Arithmetic: return arithmetic(n);
            case NodeKind::Compare: return compare(n.ops[0], eval(n.children[0]), eval(n.children[1]));
            case NodeKind::IsNull: return eval(n.children[0]).is_null() != n.negated;
            case NodeKind::In: return membership(n);
            case NodeKind::Call: return call(n);
        }
        return Null{};
    }

private:
    Value fact(const std::string& name) const {
        if (const std::string* error = env_.facts.error(name))
            eval_fail(error->empty() ? "fact '" + name + "' could not be read" : *error);
        if (const Value* v = env_.facts.find(name)) return *v;
        eval_fail("unknown fact '" + name + "'");
    }

    Value parameter(const std::string& name) const {
        std::optional<Value> v;
        if (env_.parameter) v = env_.parameter(name);
        if (!v) eval_fail("unknown parameter '$" + name + "'");
        return *v;
    }

    // Kleene logic, short-circuiting at the first operand that decides the result; a null
    // does not decide, so evaluation carries on past it.
    Value logical(const Node& n, bool is_and) const {
        bool saw_null = false;
        for (const Node& child : n.children) {
            const Value v = eval(child);
            if (v.is_null()) {
                saw_null = true;
                continue;
            }
            if (!v.is_bool())
                eval_fail(std::string(is_and ? "'and'" : "'or'") + " needs true/false values, got " + v.type_name());
            if (v.as_bool() != is_and) return v;
        }
        if (saw_null) return Null{};
        return is_and;
    }

    std::vector<Value> eval_all(const std::vector<Node>& nodes) const {
        std::vector<Value> values;
        values.reserve(nodes.size());
        for (const Node& n : nodes) values.push_back(eval(n));
        return values;
    }

    static bool any_null(const std::vector<Value>& values) {
        return std::any_of(values.begin(), values.end(), [](const Value& v) { return v.is_null(); });
    }

    Value arithmetic(const Node& n) const {
        const std::vector<Value> operands = eval_all(n.children);
        if (any_null(operands)) return Null{};
        Value result = operands[0];
        for (std::size_t i = 0; i < n.ops.size(); ++i) result = combine(n.ops[i], result, operands[i + 1]);
        return result;
    }

    Value membership(const Node& n) const {
        const Value found = contains(eval_all(n.children), n.negated ? "not in" : "in");
        if (n.negated && found.is_bool()) return !found.as_bool();
        return found;
    }

    Value call(const Node& n) const {
        if (n.fn == Fn::Coalesce) return coalesce(n);
        if (n.fn == Fn::IsNull) return eval(n.children[0]).is_null();
        const std::vector<Value> values = eval_all(n.children);
        if (any_null(values)) return Null{};
        return apply(n.fn, Arguments(function_name(n.fn), values));
    }

    // Lazy, so a fallback is only looked at when it is needed.
    Value coalesce(const Node& n) const {
        for (const Node& child : n.children) {
            Value v = eval(child);
            if (!v.is_null()) return v;
        }
        return Null{};
    }

    Value apply(Fn fn, const Arguments& args) const {
        switch (fn) {
            case Fn::WorkingDays: return working_days(args);
            case Fn::AddWorkingDays: return add_working_days(args);
            case Fn::AddDays: return shifted_days(args.date(0), args.whole(1), "'add_days'");
            case Fn::AddMonths: return shifted_months(args.date(0), args.whole(1), "'add_months'");
            case Fn::Age: return std::int64_t{age_in_years(args.date(0), args.date(1))};
            case Fn::AgeMonths: return std::int64_t{age_in_months(args.date(0), args.date(1))};
            case Fn::DaysBetween: return std::int64_t{args.date(1) - args.date(0)};
            case Fn::Count: return static_cast<std::int64_t>(args.dates(0).size());
            case Fn::Min: return extreme(args, false);
            case Fn::Max: return extreme(args, true);
            case Fn::Date: return date_from_text(args);
            case Fn::Year: return std::int64_t{args.date(0).year()};
            case Fn::Lower: return ascii_lower(args.text(0));
            case Fn::Upper: return ascii_upper(args.text(0));
            case Fn::Coalesce:
            case Fn::IsNull:
            case Fn::In: break;  // handled before the arguments are evaluated
        }
        return Null{};
    }

    Value working_days(const Arguments& args) const {
        const Date from = args.date(0), to = args.date(1);
        require_covered(from);
        require_covered(to);
        return std::int64_t{env_.calendar.working_days_after(from, to)};
    }

    Value add_working_days(const Arguments& args) const {
        const Date start = args.date(0);
        const std::int64_t n = args.whole(1);
        if (n < 0) eval_fail("'add_working_days' needs a count of 0 or more, got " + std::to_string(n));
        require_covered(start);
        // Each working day takes at least one calendar day; checking first also keeps a huge n
        // from walking the calendar for ever.
        if (n > env_.calendar.last_covered() - start)
            eval_fail(calendar_name() + " does not cover the date " + std::to_string(n) + " working days after " +
                      start.iso() + coverage());
        const Date end = env_.calendar.nth_working_day_after(start, static_cast<int>(n));
        require_covered(end);
        return end;
    }

    static Value date_from_text(const Arguments& args) {
        const std::string& text = args.text(0);
        if (auto d = Date::parse(text)) return *d;
        eval_fail("'date' could not read " + quoted(text) + " as a date (YYYY-MM-DD)");
    }

    // Outside its holiday list a calendar would count unknown bank holidays as working days.
    void require_covered(Date d) const {
        if (!env_.calendar.covers(d)) eval_fail(calendar_name() + " does not cover " + d.iso() + coverage());
    }

    std::string calendar_name() const {
        const std::string& id = env_.calendar.id();
        return id.empty() ? "the working-day calendar" : "calendar '" + id + "'";
    }

    std::string coverage() const {
        return " (it covers " + env_.calendar.first_covered().iso() + " to " + env_.calendar.last_covered().iso() + ")";
    }

    const EvalEnv& env_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Expression

Expression::Expression(std::string text, std::shared_ptr<const detail::Node> root)
    : text_(std::move(text)), root_(std::move(root)) {
    std::set<std::string> facts, parameters;
    collect_names(*root_, facts, parameters);
    identifiers_.assign(facts.begin(), facts.end());
    parameters_.assign(parameters.begin(), parameters.end());
}

std::variant<Expression, ExprError> Expression::parse(std::string_view text) {
    try {
        Parser parser(text, Lexer(text).run());
        auto root = std::make_shared<const Node>(parser.parse());
        return Expression(std::string(text), std::move(root));
    } catch (const ParseFailure& f) {
        return ExprError{column_of(text, f.offset), f.message};
    }
}

EvalResult Expression::evaluate(const EvalEnv& env) const {
    if (!root_) return EvalResult{Null{}, "the expression is empty"};
    try {
        return EvalResult{Evaluator(env).eval(*root_), {}};
    } catch (const EvalFailure& f) {
        return EvalResult{Null{}, f.message.empty() ? "evaluation failed" : f.message};
    } catch (const std::exception& e) {
        return EvalResult{Null{}, std::string("evaluation failed: ") + e.what()};
    } catch (...) {
        return EvalResult{Null{}, "evaluation failed"};
    }
}

std::vector<std::string_view> Expression::function_names() {
    std::vector<std::string_view> names;
    for (const auto& f : kFunctions) names.push_back(f.name);
    return names;
}

}  // namespace sgaudit::rules
