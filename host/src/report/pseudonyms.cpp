#include "sgaudit/report/pseudonyms.hpp"

#include <sys/stat.h>

#include <algorithm>
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

// Letters and digits (and any byte of a UTF-8 character): an identifier found in text must not
// run on into one of these on either side.
bool alnum(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
}

// Where an identifier may start (p) or end (q) in `s`: letters and digits do not run on across
// the edge ("P004." holds P004, "XP004" does not).
bool starts_at(std::string_view s, std::size_t p) { return p == 0 || !alnum(s[p - 1]) || !alnum(s[p]); }
bool ends_at(std::string_view s, std::size_t q) { return q == s.size() || !alnum(s[q]) || !alnum(s[q - 1]); }

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool short_number(std::string_view id) {
    return !id.empty() && id.size() < 6 && id.find_first_not_of("0123456789") == std::string_view::npos;
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
    if (!S_ISREG(st.st_mode)) {
        error = "--pseudonymise " + file.string() + " is not a file: give the key file (make one with: head -c 32 /dev/urandom > key; chmod 600 key)";
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

void Pseudonyms::know(std::string_view id, const std::string& where) {
    const std::string_view t = trim(id);
    if (t.empty()) return;
    if (short_number(t)) {
        ++short_numbers_[where];
        return;
    }
    if (!ids_.emplace(t).second) return;
    longest_ = std::max(longest_, t.size());
    if (t.find_first_of(" \t") != std::string_view::npos) {  // kept longest first, for with_spaced()
        auto at = std::find_if(spaced_.begin(), spaced_.end(), [&](const std::string& x) { return x.size() < t.size(); });
        spaced_.emplace(at, t);
    }
}

// `s` with every identifier that has white space inside ("P 002") replaced, where letters and
// digits do not run on at either end; text() then replaces the others word by word.
std::string Pseudonyms::with_spaced(std::string_view s) const {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool found = false;
        if (starts_at(s, i))
            for (const auto& id : spaced_) {
                const std::size_t q = i + id.size();
                if (s.compare(i, id.size(), id) != 0 || !ends_at(s, q)) continue;
                out += token(id);
                i = q;
                found = true;
                break;
            }
        if (!found) out += s[i++];
    }
    return out;
}

std::string Pseudonyms::short_numbers() const {
    std::string out;
    for (const auto& [where, n] : short_numbers_) out += (out.empty() ? "" : ", ") + std::to_string(n) + " in " + where;
    return out;
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

// Within one word (a run without white space), every identifier that starts and ends where
// letters and digits do not run on ("C#5:" holds C#5, "sheet/P.77" holds P.77, "P004." holds
// P004), the longest first.
void Pseudonyms::replace_in_word(std::string_view w, std::string& out) const {
    std::string candidate;
    for (std::size_t p = 0; p < w.size();) {
        bool found = false;
        if (starts_at(w, p))
            for (std::size_t q = std::min(w.size(), p + longest_); q > p && !found; --q) {
                if (!ends_at(w, q)) continue;
                candidate.assign(w.substr(p, q - p));
                if (ids_.count(candidate)) {
                    out += token(candidate);
                    p = q;
                    found = true;
                }
            }
        if (!found) out += w[p++];
    }
}

std::string Pseudonyms::text(std::string_view in) const {
    std::string spaced;
    if (!spaced_.empty()) spaced = with_spaced(in);
    const std::string_view s = spaced_.empty() ? in : std::string_view(spaced);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (space(s[i])) {
            out += s[i++];
            continue;
        }
        std::size_t e = i;
        while (e < s.size() && !space(s[e])) ++e;
        const std::string word(s.substr(i, e - i));
        if (ids_.count(word)) out += token(word);
        else replace_in_word(word, out);
        i = e;
    }
    return out;
}

bool Pseudonyms::personal(const Subject& s) const {
    return !s.person_id.empty() || s.kind == "person" || s.kind == "child" || ids_.count(std::string(trim(s.id)));
}

void Pseudonyms::learn(const Result& r) {
    if (!r.subject.person_id.empty() || r.subject.kind == "person" || r.subject.kind == "child")
        know(r.subject.id, "the " + r.subject.kind + " subjects of " + r.plugin);
    know(r.subject.person_id, "the children of " + r.plugin + "'s results");
    know(r.subject.worker, "the workers of " + r.plugin + "'s results");
}

void Pseudonyms::apply(Result& r) {
    learn(r);
    Subject& s = r.subject;
    if (personal(s) && !short_number(trim(s.id))) s.id = token(s.id);
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
        p.error = text(p.error);  // a crash's "last message" may name a record
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
            const bool place = c.name.find("team") != std::string::npos || c.name.find("department") != std::string::npos;
            if (!c.identifier() || place || !present.count(c.name)) continue;
            const std::string where = t.name + "." + c.name;
            Status st = db->query("SELECT DISTINCT " + c.name + " FROM " + t.name, {}, [&](const Row& row) {
                if (!row.empty() && !row[0].is_null()) p.know(to_text(row[0]), where);
                return Status::ok();
            });
            if (!st) return Status::error("reading the identifiers to pseudonymise: " + st.message());
        }
    }
    return Status::ok();
}

Status check_pseudonymisable(const Pseudonyms& p) {
    const std::string short_ones = p.short_numbers();
    if (short_ones.empty()) return Status::ok();
    return Status::error("--pseudonymise cannot make these reports safe: some identifiers are whole numbers of fewer than 6 "
                         "digits (" + short_ones + "), which text cannot tell from dates and figures (a plan 19 beside \"19 "
                         "months\"), so they could not be replaced without changing figures, or kept without naming a child");
}

}  // namespace sgaudit::report
