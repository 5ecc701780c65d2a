#include "sgaudit/report/pseudonyms.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sgaudit/data/database.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/sdk/read.hpp"

namespace sgaudit::report {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMinKeyBytes = 16;

// Characters an identifier may hold; a word is a maximal run of them.
bool id_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == '/' || u >= 0x80;
}

// Tables whose identifiers are not people's: places, agencies and the councils' registers.
bool about_people(const data::TableDef& t) {
    for (const char* not_people : {"ssd_department", "sga_population", "sga_organisations", "sga_s11_", "sga_stocktake_", "sga_collections"})
        if (t.name.rfind(not_people, 0) == 0) return false;
    return true;
}

}  // namespace

std::optional<Pseudonyms> Pseudonyms::from_key_file(const fs::path& file, std::string& error) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        error = "--pseudonymise " + file.string() + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        error = "--pseudonymise " + file.string() + " can be read by others: whoever has the key can tell which child a token "
                "stands for. Run chmod 600 on it";
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() < kMinKeyBytes) {
        error = "--pseudonymise " + file.string() + " holds " + std::to_string(key.size()) + " bytes; a key needs at least " +
                std::to_string(kMinKeyBytes) + " (make one with: head -c 32 /dev/urandom > " + file.string() + "; chmod 600 " +
                file.string() + ")";
        return std::nullopt;
    }
    Pseudonyms p;
    p.key_ = std::move(key);
    return p;
}

void Pseudonyms::know(std::string_view id) {
    const std::string_view t = trim(id);
    if (!t.empty()) ids_.emplace(t);
}

std::string Pseudonyms::token(std::string_view raw) const {
    const std::string id(trim(raw));
    if (auto it = tokens_.find(id); it != tokens_.end()) return it->second;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(id.data()), id.size(), mac, &len);
    static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford: no I, L, O, U
    std::string out;
    std::uint64_t bits = 0;
    for (int i = 0; i < 7; ++i) bits = (bits << 8) | mac[i];  // 56 bits; the first 50 are used
    for (int i = 0; i < 10; ++i) {
        if (i == 5) out += '-';
        out += kAlphabet[(bits >> (51 - 5 * i)) & 31];
    }
    tokens_.emplace(id, out);
    return out;
}

std::string Pseudonyms::text(std::string_view s) const {
    std::string out;
    out.reserve(s.size());
    auto replace = [&](std::string_view word) {
        if (ids_.count(std::string(word))) out += token(word);
        else out.append(word);
    };
    for (std::size_t i = 0; i < s.size();) {
        if (!id_char(s[i])) {
            out += s[i++];
            continue;
        }
        std::size_t end = i;
        while (end < s.size() && id_char(s[end])) ++end;
        const std::string_view word = s.substr(i, end - i);
        if (ids_.count(std::string(word))) {
            out += token(word);
        } else {
            // Not an identifier whole: its parts between '.' and '/' may be ("case/C001",
            // "P004." at a sentence's end, an anchor "subject.cp-under4.P001").
            std::size_t from = 0;
            for (std::size_t k = 0; k <= word.size(); ++k)
                if (k == word.size() || word[k] == '.' || word[k] == '/') {
                    replace(word.substr(from, k - from));
                    if (k < word.size()) out += word[k];
                    from = k + 1;
                }
        }
        i = end;
    }
    return out;
}

namespace {
// A subject about a child (it names one) is pseudonymised; a place, an agency or a
// recommendation is not.
bool personal(const Subject& s) { return !s.person_id.empty() || s.kind == "person" || s.kind == "child"; }
}  // namespace

void Pseudonyms::learn(const Result& r) {
    if (personal(r.subject)) know(r.subject.id);
    know(r.subject.person_id);
    know(r.subject.worker);
}

void Pseudonyms::apply(Result& r) {
    learn(r);
    Subject& s = r.subject;
    if (personal(s)) s.id = token(s.id);
    if (!s.person_id.empty()) s.person_id = token(s.person_id);
    if (!s.worker.empty()) s.worker = token(s.worker);
    r.message = text(r.message);
    for (auto& [key, v] : r.evidence)
        if (const auto* t = std::get_if<std::string>(&v.storage())) v = Value(text(*t));
    if (r.waiver) r.waiver->justification = text(r.waiver->justification);
}

void Pseudonyms::apply(ReportSection& s) const {
    for (std::string* t : {&s.id, &s.title, &s.subject_id, &s.text, &s.svg, &s.svg_alt, &s.group, &s.group_key, &s.subgroup, &s.sheet})
        *t = text(*t);
    for (auto& h : s.table_header) h = text(h);
    for (auto& row : s.table_rows)
        for (auto& c : row) c = text(c);
    for (auto& [label, value] : s.details) value = text(value);
}

void Pseudonyms::apply(run::RunResult& run) {
    for (auto& r : run.results) apply(r);
    for (auto& p : run.plugins) {
        for (auto& s : p.sections) apply(s);
        for (auto& e : p.expired_waivers) {
            e.subject = text(e.subject);
            e.waiver.justification = text(e.waiver.justification);
        }
    }
}

Status learn_case_identifiers(const data::SourceSpec& source, Pseudonyms& p) {
    std::string error;
    auto db = data::Database::open(source, data::Access::read_only, error);
    if (!db) return Status::error(error);
    for (const auto& t : data::case_data_schema()) {
        if (!about_people(t)) continue;
        const auto present = db->columns(t.name);  // empty: the source has no such table
        for (const auto& c : t.columns) {
            if (!c.identifier() || c.name.find("team") != std::string::npos || !present.count(c.name)) continue;
            Status st = db->query("SELECT DISTINCT " + c.name + " FROM " + t.name, {}, [&](const Row& row) {
                if (!row.empty() && !row[0].is_null()) p.know(to_text(row[0]));
                return Status::ok();
            });
            if (!st) return Status::error("reading the identifiers to pseudonymise: " + st.message());
        }
    }
    return Status::ok();
}

}  // namespace sgaudit::report
