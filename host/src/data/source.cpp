#include "sgaudit/data/source.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sgaudit::data {

static const char* kPasswordAdvice =
    "put the password in the PGPASSWORD environment variable or in ~/.pgpass "
    "(https://www.postgresql.org/docs/15/libpq-pgpass.html), never on the command line";

const char* password_advice() { return kPasswordAdvice; }

// libpq keyword/value strings need values quoted when they hold spaces, quotes or backslashes.
static std::string libpq_quote(std::string_view v) {
    bool plain = !v.empty();
    for (char c : v) plain = plain && !std::isspace(static_cast<unsigned char>(c)) && c != '\'' && c != '\\';
    if (plain) return std::string(v);
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

static std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

static std::variant<SourceSpec, std::string> parse_postgresql(std::string_view url, std::string_view rest) {
    SourceSpec spec;
    spec.backend = Backend::postgresql;
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view authority = rest, dbname;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        authority = rest.substr(0, slash);
        dbname = rest.substr(slash + 1);
    }
    std::string user;
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        std::string_view userinfo = authority.substr(0, at);
        if (userinfo.find(':') != std::string_view::npos)
            return std::string("the --source URL contains a password; ") + kPasswordAdvice;
        user = percent_decode(userinfo);
        authority = authority.substr(at + 1);
    }
    std::string host(authority), port;
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
        host = std::string(authority.substr(0, colon));
        port = std::string(authority.substr(colon + 1));
    }
    std::vector<std::pair<std::string, std::string>> kv;
    if (!dbname.empty()) kv.emplace_back("dbname", percent_decode(dbname));
    if (!user.empty()) kv.emplace_back("user", user);
    if (!host.empty()) kv.emplace_back("host", percent_decode(host));
    if (!port.empty()) kv.emplace_back("port", port);
    std::string display_query;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        auto eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        std::string lower = key;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lower.find("password") != std::string::npos || lower.find("passfile") != std::string::npos)
            return std::string("the --source URL contains a password setting (") + key + "); " + kPasswordAdvice;
        if (key == "schema") {
            spec.schema = value;
        } else {
            kv.emplace_back(key, value);
        }
        display_query += (display_query.empty() ? "?" : "&") + std::string(pair);
    }
    if (dbname.empty() && !std::any_of(kv.begin(), kv.end(), [](auto& p) { return p.first == "dbname"; }))
        return std::string("the --source URL names no database: write postgresql://HOST/DBNAME (got '") +
               std::string(url) + "')";
    for (auto& [k, v] : kv) spec.connect += (spec.connect.empty() ? "" : " ") + k + "=" + libpq_quote(v);
    spec.display = std::string(url);
    return spec;
}

std::variant<SourceSpec, std::string> parse_source(std::string_view url) {
    if (url.rfind("sqlite:", 0) == 0) {
        SourceSpec spec;
        spec.backend = Backend::sqlite;
        spec.path = std::string(url.substr(7));
        if (spec.path.rfind("//", 0) == 0) spec.path = spec.path.substr(2);
        if (spec.path.empty()) return std::string("sqlite: source has no file: write sqlite:PATH, e.g. sqlite:council.db");
        spec.display = "sqlite:" + spec.path;
        return spec;
    }
    for (std::string_view scheme : {"postgresql://", "postgres://"}) {
        if (url.rfind(scheme, 0) == 0) return parse_postgresql(url, url.substr(scheme.size()));
    }
    if (url.find("password") != std::string_view::npos)
        return std::string("the source contains a password; ") + kPasswordAdvice;
    return "unknown data source '" + std::string(url) +
           "': use sqlite:PATH for a SQLite file or postgresql://HOST[:PORT]/DBNAME for PostgreSQL";
}

}  // namespace sgaudit::data
