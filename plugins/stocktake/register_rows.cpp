// Reading the register for its workbook (forms.hpp). A workbook collected back replaces each
// entry's row by its exact entry_id and source and writes every column from its cells, so a row
// whose stored content a cell cannot hold as it is would be silently changed or duplicated: such
// rows stop the workbook, each named, until they are corrected in the source.
#include <cctype>
#include <map>

#include "forms.hpp"

namespace stocktake {

using namespace sgaudit;

namespace {

constexpr std::size_t kCellCharacters = 32767;  // the most a spreadsheet cell holds

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// As the audit compares sources: trimmed and in any case.
bool same_source(const Value& stored, const std::string& source) { return lower(trim(to_text(stored))) == lower(source); }

Value cell_text(const Value& v) {
    const std::string t(trim(to_text(v)));
    return t.empty() ? Value() : Value(t);
}

bool has_control_character(std::string_view t) {
    for (unsigned char c : t)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    return false;
}

// Everything that tells two rows of one entry apart, as the workbook would show them.
std::string content(const RegisterEntry& e) {
    std::string s = e.rec_ref;
    for (const Value* v : {&e.status, &e.owner, &e.local_action, &e.target, &e.evidence, &e.updated}) s += "\x1f" + to_text(*v);
    return s;
}

class RowReader {
public:
    RowReader(const std::string& source, Register& out) : source_(source), out_(out) {}

    Status row(const Row& r) {
        const std::string id = read_id(r[0]);
        if (!id.empty()) out_.ids_taken.insert(lower(id));
        if (!same_source(r[1], source_)) return Status::ok();
        if (sound_key(r, id)) read_entry(r, id);
        return Status::ok();
    }

    Status finish() {
        for (auto& [id, e] : by_id_)
            if (!conflicting_.count(id)) out_.entries.push_back(std::move(e));
        if (problems_.empty()) return Status::ok();
        std::string s = "the register of source " + source_ + " cannot be written as a workbook without changing what it holds: ";
        for (std::size_t i = 0; i < problems_.size(); ++i) s += (i ? "; " : "") + problems_[i];
        return Status::error(s + ". Correct these rows in the source, then write the workbook again (nothing was written)");
    }

private:
    void problem(std::string what) { problems_.push_back(std::move(what)); }

    // Collecting matches the stored row by its exact entry_id and source: a padded or blank one
    // would be kept beside the collected row, one entry twice.
    bool sound_key(const Row& r, const std::string& id) {
        const std::string where = "(entry_id=" + id + ")";
        if (id.empty()) problem("a row of sga_stocktake_entries of source " + source_ + " has no entry_id: give it one");
        else if (!r[0].is_text() || r[0].as_text() != id)
            problem("sga_stocktake_entries.entry_id " + where + " has spaces around it or is not text: write it as plain text");
        else if (!r[1].is_text() || r[1].as_text() != source_)
            problem("sga_stocktake_entries.source " + where + " is not written exactly " + source_ + " (other capitals or spaces): "
                    "write it exactly so");
        else return true;
        return false;
    }

    void read_entry(const Row& r, const std::string& id) {
        const std::string where = "(entry_id=" + id + ")";
        RegisterEntry e{id, read_id(r[2]), cell_text(r[3]), cell_text(r[4]), cell_text(r[5]), {}, cell_text(r[7]), r[8]};
        bool sound = text_fits("rec_ref", where, r[2]);
        for (auto [column, at] : {std::pair{"status", 3}, {"owner", 4}, {"local_action", 5}, {"evidence", 7}})
            sound = text_fits(column, where, r[at]) && sound;
        auto target = read_date(r[6], "sga_stocktake_entries.target_date", "entry_id=" + id);
        if (!target.ok()) {
            problem(target.error + ": write it as YYYY-MM-DD, or clear it");
            sound = false;
        }
        if (target.value) e.target = *target.value;
        if (auto updated = to_date(r[8])) e.updated = *updated;  // shown only: an unreadable one is shown as it is
        if (sound) keep(std::move(e), where);
    }

    bool text_fits(const char* column, const std::string& where, const Value& v) {
        const std::string t = to_text(v);
        const std::string place = std::string("sga_stocktake_entries.") + column + " " + where;
        if (t.size() > kCellCharacters) problem(place + " is longer than a spreadsheet cell holds (32,767 characters): shorten it");
        else if (has_control_character(t)) problem(place + " holds an invisible control character: type the text again");
        else return true;
        return false;
    }

    // The same entry twice is one entry when the rows agree (as the audit reads them).
    void keep(RegisterEntry e, const std::string& where) {
        auto [it, fresh] = by_id_.try_emplace(e.id, e);
        if (fresh || content(it->second) == content(e) || !conflicting_.insert(e.id).second) return;
        problem("sga_stocktake_entries holds more than one row " + where + " with different content: keep the one that is right");
    }

    const std::string& source_;
    Register& out_;
    std::map<std::string, RegisterEntry> by_id_;
    std::set<std::string> conflicting_;
    std::vector<std::string> problems_;
};

}  // namespace

std::string Register::new_id(const std::string& source, const std::string& ref) {
    std::string id = source + "-" + ref;
    for (int n = 2; ids_taken.count(lower(id)); ++n) id = source + "-" + ref + "-" + std::to_string(n);
    ids_taken.insert(lower(id));
    return id;
}

Status read_register(Context& ctx, const std::string& source, Register& out) {
    RowReader reader(source, out);
    Status st = ctx.query("SELECT entry_id, source, rec_ref, status, owner, local_action, target_date, evidence, updated_date "
                          "FROM sga_stocktake_entries",
                          {}, [&](const Row& r) { return reader.row(r); });
    if (!st) return st;
    return reader.finish();
}

}  // namespace stocktake
