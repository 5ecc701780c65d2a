#include "content_hash.hpp"

#include <algorithm>
#include <charconv>

namespace sgaudit::history::detail {

Layout layout_of(std::string_view document) {
    auto starts = [&](std::string_view format) {
        std::string head = "{\"format\":\"" + std::string(format) + "\"";
        return document.substr(0, head.size()) == head;
    };
    if (starts(kDocumentFormat)) return Layout::v3;
    return starts(kDocumentFormatV2) ? Layout::v2 : Layout::v1;
}

ContentHash::ContentHash(Layout layout) : layout_(layout) {
    if (layout_ == Layout::v2) buffer_ = kHistoryFormatV2;
    if (layout_ == Layout::v3) buffer_ = kHistoryFormat;
}
ContentHash::~ContentHash() = default;

void ContentHash::flush() {
    sha_.update(buffer_);
    buffer_.clear();
}

// Length-prefixed, so no two different field lists hash alike.
void ContentHash::text(std::string_view f) {
    char len[24];
    auto [end, ec] = std::to_chars(len, len + sizeof len, f.size());
    buffer_ += 'S';
    buffer_.append(len, end);
    buffer_ += ':';
    if (f.size() > (1 << 16)) {
        flush();
        sha_.update(f);
    } else {
        buffer_.append(f);
    }
    if (buffer_.size() > (1 << 16)) flush();
}

void ContentHash::field(const std::optional<std::string>& f) {
    if (f) text(*f);
    else buffer_ += "N;";
}

// Everything of the run row that a reader relies on, in a fixed order, then the document (v1) or
// its SHA-256 (v2).
void ContentHash::run_part(const RunSummary& s, std::string_view document) {
    if (layout_ == Layout::v1) buffer_ += kHistoryFormatV1;
    for (const std::string* f : {&s.id, &s.status, &s.started_at, &s.finished_at, &s.recorded_at, &s.operator_name,
                                 &s.host_name, &s.tool_version, &s.source, &s.as_of, &s.audit, &s.results_mode})
        text(*f);
    for (std::int64_t n : {s.pass, s.fail, s.not_applicable, s.waived, s.error}) text(std::to_string(n));
    // The scope columns, in the row since /3: empty for an older run unless put there since.
    for (const auto* f : {&s.area_filter, &s.team_filter})
        if (layout_ == Layout::v3 || *f) field(*f);
    text(document);
}

void ContentHash::before_results(const RunSummary& row, std::string_view document) {
    if (layout_ == Layout::v1) run_part(row, document);
}

void ContentHash::result(const Fields& fields, std::size_t at) {
    // Before /3 a result had kResultColumnsV2 fields, and /3 had kResultColumnsV3 before results
    // kept a measure; the later ones are empty (NULL) and add nothing, unless something was put
    // there since.
    std::size_t stored = std::min(fields.size(), at + (layout_ == Layout::v3 ? kResultColumnsV3 : kResultColumnsV2));
    for (std::size_t i = at; i < stored; ++i) field(fields[i]);
    for (std::size_t i = stored; i < fields.size(); ++i)
        if (fields[i]) field(fields[i]);
}

std::string ContentHash::finish(std::size_t results, const RunSummary& row, const std::string& document_sha256) {
    text(std::to_string(results));
    if (layout_ != Layout::v1) run_part(row, document_sha256);
    flush();
    return sha_.hex();
}

std::string ContentHash::finish_results(std::size_t results) {
    text(std::to_string(results));
    flush();
    return sha_.hex();
}

std::string chain_link(const std::string& previous, const std::string& content) {
    return util::sha256_hex("sgaudit-chain/1:" + previous + ":" + content);
}

}  // namespace sgaudit::history::detail
