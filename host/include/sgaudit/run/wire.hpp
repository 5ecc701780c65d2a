#pragma once
// The compact binary form in which a worker's output crosses the pipe to the host: little-endian
// fixed-width integers, strings as a 32-bit length and bytes, Values tagged by type. The reader
// trusts nothing: every length is checked against what is left, every enum against its range, and
// a payload must be used up exactly.
#include <cstdint>
#include <string>
#include <string_view>

#include "sgaudit/rules/engine.hpp"
#include "sgaudit/sdk/context.hpp"

namespace sgaudit::run::wire {

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void str(std::string_view s);
    void value(const Value& v);
    void result(const Result& r);
    void section(const ReportSection& s);
    void expired_waiver(const rules::ExpiredWaiver& w);

private:
    void waiver(const Waiver& w);
    void measure(const Measure& m);
    std::string& out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    std::string str();
    Value value();
    Result result();
    ReportSection section();
    rules::ExpiredWaiver expired_waiver();
    // An enum value below `count`, else the reader fails.
    std::uint8_t below(std::uint8_t count, const char* what);

    // False once anything was short, out of range or malformed; error() says what.
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    // Fails the reader unless every byte was read.
    bool finish();

private:
    bool take(std::size_t n, const char* what);
    Waiver waiver();
    Measure measure();
    std::string_view in_;
    std::size_t pos_ = 0;
    std::string error_;
};

}  // namespace sgaudit::run::wire
