#include "sgaudit/data/db_error_text.hpp"

#include <soci/soci.h>
#include <soci/postgresql/soci-postgresql.h>

namespace sgaudit::data {

namespace {

// The server's reason without SOCI's wrapping: "sqlite3_statement_backend::loadOne: X" and
// "Cannot execute query. Fatal error. ERROR:  X" both become "X".
std::string without_driver_prefix(std::string msg) {
    if (auto at = msg.find("ERROR:"); at != std::string::npos) {
        msg.erase(0, at + 6);
    } else if (msg.rfind("sqlite3_", 0) == 0) {
        if (auto colon = msg.find(": "); colon != std::string::npos) msg.erase(0, colon + 2);
    }
    auto first = msg.find_first_not_of(' ');
    return first == std::string::npos ? std::string() : msg.substr(first);
}

std::string trim_end(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '.')) s.pop_back();
    return s;
}

std::string or_no_reason(std::string msg) { return msg.empty() ? "the database gave no reason" : msg; }

}  // namespace

std::string db_error_text(const std::exception& e) {
    const auto* se = dynamic_cast<const soci::soci_error*>(&e);
    if (!se) return e.what();  // not from the database (e.g. out of memory): holds no values
    std::string msg = without_driver_prefix(se->get_error_message());
    // DETAIL, HINT, CONTEXT and LINE follow on later lines, and may quote the row.
    msg = msg.substr(0, msg.find('\n'));
    // A data exception (SQLSTATE class 22) ends with the offending value:
    // invalid input syntax for type date: "2007-02-30".
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(se); pg && pg->sqlstate().rfind("22", 0) == 0)
        msg = msg.substr(0, msg.find(": \""));
    return or_no_reason(trim_end(msg));
}

std::string db_reason_text(const std::string& message) {
    return or_no_reason(trim_end(message.substr(0, message.find('\n'))));
}

std::string db_connect_error_text(const std::exception& e) {
    const auto* se = dynamic_cast<const soci::soci_error*>(&e);
    if (!se) return e.what();
    std::string msg, line;
    for (char c : without_driver_prefix(se->get_error_message()) + "\n") {
        if (c != '\n') {
            line += c == '\t' ? ' ' : c;
            continue;
        }
        line.erase(0, line.find_first_not_of(' '));
        if (line = trim_end(line); !line.empty()) msg += (msg.empty() ? "" : "; ") + line;
        line.clear();
    }
    return or_no_reason(msg);
}

std::string locked_advice(const std::string& reason) {
    if (reason.find("database is locked") == std::string::npos && reason.find("database table is locked") == std::string::npos)
        return "";
    return "the file is locked by another program that is writing to it (sgaudit waited 5 s); run again once it has finished, "
           "or audit a copy of the file";
}

std::string query_failed_text(const std::string& where, const std::string& reason) {
    std::string text = "query failed on " + where + ": " + reason;
    if (auto locked = locked_advice(reason); !locked.empty()) return text + ". " + locked;
    for (const char* lost : {"server closed the connection", "terminating connection", "no connection to the server", "Connection failed",
                             "could not receive data from server", "SSL connection has been closed"})
        if (reason.find(lost) != std::string::npos)
            return text + ". The connection to the database server was lost mid-run (it restarted, or the session was ended), so this "
                          "plugin's results are incomplete and none are counted: run the audit again once the server is back";
    return text;
}

}  // namespace sgaudit::data
