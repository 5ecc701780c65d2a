#pragma once
// Pseudonymised reports (`run` and `report` with --pseudonymise KEYFILE), for boards and peer
// councils: every child, plan, worker and record identifier in every output format, plugin
// sections, sheets and charts included, is replaced by a keyed HMAC-SHA-256 of it (OpenSSL),
// shortened to a readable token ("K7M2Q-9XWPT": 50 bits, Crockford base32). The same key gives
// the same tokens across runs, so two pseudonymised reports can still be compared; without the
// key they cannot be reversed. Places (teams, areas), agencies and recommendations are not
// people and stay as they are. The history keeps the real identifiers: it is the council's own.
//
// Every identifier passes through here, once, on its way to the reports (ReportSet): the
// subject's fields by themselves, and every text (messages, evidence, sections, SVG) by
// replacing each whole word that is a known identifier.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sgaudit/data/source.hpp"
#include "sgaudit/run/run_result.hpp"
#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/status.hpp"

namespace sgaudit::report {

class Pseudonyms {
public:
    // Reads the key: a file of at least 16 bytes (32 random bytes are right: `head -c 32
    // /dev/urandom > key`) that only its owner can read. Errors name the file, never its bytes.
    static std::optional<Pseudonyms> from_key_file(const std::filesystem::path& file, std::string& error);

    // An identifier to replace wherever it appears (surrounding white space ignored), learnt
    // from `where` (table.column, or a report field) for the error below.
    void know(std::string_view id, const std::string& where = "the reports");
    std::size_t known() const { return ids_.size(); }
    // Identifiers that are whole numbers of fewer than 6 digits: text cannot tell them from
    // dates and figures (plan 19, "19 months"), so reports with them cannot be pseudonymised.
    // Empty when there are none; else "N in table.column, ...".
    std::string short_numbers() const;
    // The token of one identifier.
    std::string token(std::string_view id) const;
    // `s` with every known identifier replaced by its token: whole words, identifiers inside a
    // word where letters and digits do not run on ("P004."), and identifiers with a space
    // inside ("P 002") wherever they appear so bounded.
    std::string text(std::string_view s) const;

    // The identifiers a result is about: its subject when that is a child's or a record of one
    // (it names a child, or is an identifier of the case data), the child, and the worker.
    void learn(const Result& r);
    // Whether a subject's own id is pseudonymised.
    bool personal(const Subject& s) const;
    // A result's own identifiers are learnt first, then every field and text is replaced.
    void apply(Result& r);
    // The run's sections, results and expired waivers, for the reports drawn at the end.
    void apply(run::RunResult& run);

private:
    std::vector<unsigned char> key_;
    std::unordered_set<std::string> ids_;
    std::size_t longest_ = 0;
    std::map<std::string, std::size_t> short_numbers_;  // where -> how many
    mutable std::unordered_map<std::string, std::string> tokens_;
    void apply(ReportSection& s) const;
    void replace_in_word(std::string_view word, std::string& out) const;
    std::string with_spaced(std::string_view s) const;
    std::vector<std::string> spaced_;  // identifiers with white space inside, longest first
};

// Learns every identifier of the case data that names a child, a record or a worker: the
// identifier columns of docs/data.md's tables, leaving out teams and areas (ssd_department, every
// column naming a team or department), agencies and the Section 11 and stocktake registers.
// Tables the source lacks are skipped.
Status learn_case_identifiers(const data::SourceSpec& source, Pseudonyms& p);

// Refuses reports that cannot be pseudonymised safely (short_numbers()), saying why.
Status check_pseudonymisable(const Pseudonyms& p);

}  // namespace sgaudit::report
