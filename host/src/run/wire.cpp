#include "sgaudit/run/wire.hpp"

#include <bit>
#include <cstring>

namespace sgaudit::run::wire {

// ---- writing --------------------------------------------------------------------------------

void Writer::u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
}

void Writer::value(const Value& v) {
    u8(static_cast<std::uint8_t>(v.storage().index()));
    switch (v.storage().index()) {
        case 0: break;
        case 1: u8(v.as_bool() ? 1 : 0); break;
        case 2: u64(static_cast<std::uint64_t>(v.as_int())); break;
        case 3: u64(std::bit_cast<std::uint64_t>(v.as_number())); break;
        case 4: str(v.as_text()); break;
        case 5: u32(static_cast<std::uint32_t>(v.as_date().days())); break;
        default:
            u32(static_cast<std::uint32_t>(v.as_date_list().size()));
            for (Date d : v.as_date_list()) u32(static_cast<std::uint32_t>(d.days()));
    }
}

void Writer::waiver(const Waiver& w) {
    str(w.justification);
    str(w.approver);
    u32(static_cast<std::uint32_t>(w.expires.days()));
}

void Writer::result(const Result& r) {
    str(r.plugin);
    str(r.rule);
    u8(static_cast<std::uint8_t>(r.severity));
    for (const std::string* s : {&r.subject.kind, &r.subject.id, &r.subject.person_id, &r.subject.team, &r.subject.area, &r.subject.worker})
        str(*s);
    u8(static_cast<std::uint8_t>(r.outcome));
    u8(static_cast<std::uint8_t>(r.lapse));
    u8(r.due ? 1 : 0);
    if (r.due) u32(static_cast<std::uint32_t>(r.due->days()));
    str(r.message);
    u32(static_cast<std::uint32_t>(r.evidence.size()));
    for (const auto& [k, v] : r.evidence) {
        str(k);
        value(v);
    }
    u8(r.waiver ? 1 : 0);
    if (r.waiver) waiver(*r.waiver);
    u8(r.measure ? 1 : 0);
    if (r.measure) measure(*r.measure);
}

void Writer::measure(const Measure& m) {
    u64(std::bit_cast<std::uint64_t>(m.numerator));
    u64(std::bit_cast<std::uint64_t>(m.denominator));
    u8(m.value ? 1 : 0);
    if (m.value) u64(std::bit_cast<std::uint64_t>(*m.value));
    for (const std::string* f : {&m.unit, &m.period, &m.polarity, &m.judged_against, &m.rag}) str(*f);
    u32(static_cast<std::uint32_t>(m.benchmarks.size()));
    for (const auto& [group, figure] : m.benchmarks) {
        str(group);
        u64(std::bit_cast<std::uint64_t>(figure));
    }
}

void Writer::section(const ReportSection& s) {
    for (const std::string* f : {&s.id, &s.title, &s.subject_id, &s.text}) str(*f);
    u32(static_cast<std::uint32_t>(s.table_header.size()));
    for (const auto& h : s.table_header) str(h);
    u32(static_cast<std::uint32_t>(s.table_rows.size()));
    for (const auto& row : s.table_rows) {
        u32(static_cast<std::uint32_t>(row.size()));
        for (const auto& c : row) str(c);
    }
    str(s.svg);
    str(s.svg_alt);
    for (const std::string* f : {&s.group, &s.group_key, &s.subgroup}) str(*f);
    u32(static_cast<std::uint32_t>(s.details.size()));
    for (const auto& [label, value] : s.details) {
        str(label);
        str(value);
    }
    u32(static_cast<std::uint32_t>(s.cell_fills.size()));
    for (const auto& row : s.cell_fills) {
        u32(static_cast<std::uint32_t>(row.size()));
        for (const auto& f : row) str(f);
    }
    u32(static_cast<std::uint32_t>(s.column_types.size()));
    for (const auto& t : s.column_types) str(t);
    str(s.sheet);
    u8(s.own_page ? 1 : 0);
}

void Writer::expired_waiver(const rules::ExpiredWaiver& w) {
    str(w.rule);
    str(w.subject);
    waiver(w.waiver);
}

// ---- reading --------------------------------------------------------------------------------

bool Reader::take(std::size_t n, const char* what) {
    if (!ok()) return false;
    if (in_.size() - pos_ < n) {
        error_ = std::string("it ended in the middle of ") + what;
        return false;
    }
    return true;
}

std::uint8_t Reader::u8() {
    if (!take(1, "a number")) return 0;
    return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint32_t Reader::u32() {
    if (!take(4, "a number")) return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
    return v;
}

std::uint64_t Reader::u64() {
    if (!take(8, "a number")) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
    return v;
}

std::string Reader::str() {
    std::uint32_t n = u32();
    if (!take(n, "a text")) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
}

std::uint8_t Reader::below(std::uint8_t count, const char* what) {
    std::uint8_t v = u8();
    if (ok() && v >= count) error_ = std::string("it gave ") + what + " " + std::to_string(v) + ", which does not exist";
    return ok() ? v : 0;
}

Value Reader::value() {
    switch (below(7, "value type")) {
        case 0: return Value();
        case 1: return Value(below(2, "flag") == 1);
        case 2: return Value(static_cast<std::int64_t>(u64()));
        case 3: return Value(std::bit_cast<double>(u64()));
        case 4: return Value(str());
        case 5: return Value(Date::from_days(static_cast<std::int32_t>(u32())));
        default: {
            DateList list;
            for (std::uint32_t n = u32(); ok() && n > 0; --n) list.push_back(Date::from_days(static_cast<std::int32_t>(u32())));
            return Value(std::move(list));
        }
    }
}

Waiver Reader::waiver() {
    Waiver w;
    w.justification = str();
    w.approver = str();
    w.expires = Date::from_days(static_cast<std::int32_t>(u32()));
    return w;
}

Result Reader::result() {
    Result r;
    r.plugin = str();
    r.rule = str();
    r.severity = static_cast<Severity>(below(5, "severity"));
    for (std::string* s : {&r.subject.kind, &r.subject.id, &r.subject.person_id, &r.subject.team, &r.subject.area, &r.subject.worker})
        *s = str();
    r.outcome = static_cast<Outcome>(below(5, "outcome"));
    r.lapse = static_cast<Lapse>(below(3, "lapse"));
    if (below(2, "due flag")) r.due = Date::from_days(static_cast<std::int32_t>(u32()));
    r.message = str();
    for (std::uint32_t n = u32(); ok() && n > 0; --n) {
        std::string key = str();
        r.evidence[key] = value();
    }
    if (below(2, "waiver flag") == 1) r.waiver = waiver();
    if (below(2, "measure flag") == 1) r.measure = measure();
    return r;
}

Measure Reader::measure() {
    Measure m;
    m.numerator = std::bit_cast<double>(u64());
    m.denominator = std::bit_cast<double>(u64());
    if (below(2, "value flag") == 1) m.value = std::bit_cast<double>(u64());
    for (std::string* f : {&m.unit, &m.period, &m.polarity, &m.judged_against, &m.rag}) *f = str();
    for (std::uint32_t n = u32(); ok() && n > 0; --n) {
        std::string group = str();
        m.benchmarks.emplace_back(std::move(group), std::bit_cast<double>(u64()));
    }
    return m;
}

ReportSection Reader::section() {
    ReportSection s;
    for (std::string* f : {&s.id, &s.title, &s.subject_id, &s.text}) *f = str();
    for (std::uint32_t n = u32(); ok() && n > 0; --n) s.table_header.push_back(str());
    for (std::uint32_t n = u32(); ok() && n > 0; --n) {
        std::vector<std::string> row;
        for (std::uint32_t m = u32(); ok() && m > 0; --m) row.push_back(str());
        s.table_rows.push_back(std::move(row));
    }
    s.svg = str();
    s.svg_alt = str();
    for (std::string* f : {&s.group, &s.group_key, &s.subgroup}) *f = str();
    for (std::uint32_t n = u32(); ok() && n > 0; --n) {
        std::string label = str();
        s.details.emplace_back(std::move(label), str());
    }
    for (std::uint32_t n = u32(); ok() && n > 0; --n) {
        std::vector<std::string> row;
        for (std::uint32_t m = u32(); ok() && m > 0; --m) row.push_back(str());
        s.cell_fills.push_back(std::move(row));
    }
    for (std::uint32_t n = u32(); ok() && n > 0; --n) s.column_types.push_back(str());
    s.sheet = str();
    s.own_page = u8() != 0;
    return s;
}

rules::ExpiredWaiver Reader::expired_waiver() {
    rules::ExpiredWaiver w;
    w.rule = str();
    w.subject = str();
    w.waiver = waiver();
    return w;
}

bool Reader::finish() {
    if (ok() && pos_ != in_.size()) error_ = std::to_string(in_.size() - pos_) + " byte(s) were left over";
    return ok();
}

}  // namespace sgaudit::run::wire
