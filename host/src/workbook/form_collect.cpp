#include "sgaudit/workbook/form_collect.hpp"

#include <map>
#include <set>

#include "row_changes.hpp"
#include "sgaudit/workbook/judgement_document.hpp"
#include "sgaudit/util/sha256.hpp"
#include "sgaudit/workbook/collection_id.hpp"
#include "sgaudit/workbook/form_check.hpp"

namespace sgaudit::workbook {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCollections = "sga_collections";

// One workbook checked and ready to write.
struct Pending {
    fs::path file;
    std::string sha256;
    Marker marker;
    std::vector<CollectedRows> tables;
    // By index into `tables`, the sheets with FormSheet::stamp_changed: how their rows compared.
    // Their unchanged rows are no longer in `tables` (nothing is written for them).
    std::map<std::size_t, RowChanges> stamped;
    bool judgements = false;  // about a run: kept in the run history, nothing written to the source
};

std::string identity(const Marker& m) { return m.plugin + "\x1f" + m.form + "\x1f" + describe_marker(m.pairs); }

const Form* find_form(const std::vector<Form>& forms, const Marker& m) {
    for (const auto& f : forms)
        if (f.name == m.form && f.marker == m.pairs) return &f;
    return nullptr;
}

class Collector {
public:
    Collector(const FormSource& forms, data::Database& db, const CollectOptions& opt) : forms_(forms), db_(db), opt_(opt) {}

    // Reads and checks one file; its problems go to `errors`.
    void check(const fs::path& file) {
        const std::string name = file.string();
        auto read = read_xlsx_file(file);
        if (auto* e = std::get_if<XlsxError>(&read)) return errors_.push_back(e->to_string());
        const auto& wb = std::get<Workbook>(read);
        auto marker = read_marker(wb);
        if (auto* e = std::get_if<XlsxError>(&marker)) return errors_.push_back(e->to_string());
        Pending p{file, {}, std::get<Marker>(marker), {}, {}};
        if (!belongs_here(name, p.marker)) return;
        const Form* form = form_for(name, p.marker);
        if (!form) return;
        auto checked = check_filled_form(wb, *form);
        if (auto* problems = std::get_if<std::vector<XlsxError>>(&checked)) {
            for (const auto& e : *problems) errors_.push_back(e.to_string());
            return;
        }
        p.tables = std::move(std::get<std::vector<CollectedRows>>(checked));
        p.judgements = form->judgements;
        if (Status st = util::sha256_file(file, p.sha256); !st) return errors_.push_back(name + ": " + st.message());
        pending_.push_back(std::move(p));
    }

    CollectOutcome finish() {
        CollectOutcome out;
        if (errors_.empty()) apart();
        if (errors_.empty()) check_tables();
        if (errors_.empty()) compare_stamped();
        if (errors_.empty() && !opt_.dry_run) judged_ ? keep_judgements() : write_all();
        out.errors = std::move(errors_);
        if (out.errors.empty())
            for (const auto& p : pending_) {
                out.collected.push_back(summary(p));
                std::size_t rows = 0;
                for (const auto& t : p.tables) rows += t.rows.size();
                out.files.push_back({p.file, p.sha256, p.marker.plugin, p.marker.form, describe_marker(p.marker.pairs),
                                     p.marker.version, rows});
            }
        return out;
    }

private:
    // The round asked for, and no workbook twice (the same agency's return given in two files).
    bool belongs_here(const std::string& name, const Marker& m) {
        if (!opt_.round.empty() && m.value("round") != opt_.round) {
            errors_.push_back(name + ": this workbook is for round " + (m.value("round").empty() ? "(none)" : m.value("round")) +
                              ", not " + opt_.round + " (--round): collect it with the workbooks of its own round");
            return false;
        }
        auto [it, fresh] = seen_.emplace(identity(m), name);
        if (!fresh) {
            errors_.push_back(name + ": the same workbook as " + it->second + " (" + m.plugin + " " + m.form + ", " +
                              describe_marker(m.pairs) + "): collect only the one that is complete");
            return false;
        }
        return true;
    }

    // The form the plugin writes today for this workbook's marker.
    const Form* form_for(const std::string& name, const Marker& m) {
        FormRequest request{m.value("round"), m.value("run"), m.pairs};
        auto& forms = kept_[identity(m)];
        if (Status st = forms_(m.plugin, request, forms); !st) {
            errors_.push_back(name + ": " + st.message());
            return nullptr;
        }
        const Form* f = find_form(forms, m);
        if (!f) {
            errors_.push_back(name + ": plugin '" + m.plugin + "' has no workbook '" + m.form + "' for " + describe_marker(m.pairs) +
                              " now (the agency or case is no longer in scope, or the rule set no longer lists the round): "
                              "check the rule set, or write the workbooks again");
            return nullptr;
        }
        if (f->version != m.version) {
            errors_.push_back(name + ": this is version " + std::to_string(m.version) + " of the workbook '" + m.form +
                              "', and plugin '" + m.plugin + "' now reads version " + std::to_string(f->version) +
                              ": write the workbook again with `sgaudit workbook` and copy in what was filled in");
            return nullptr;
        }
        return f;
    }

    // Judgements go to the run history and data to the source: two stores cannot be written all
    // or nothing together, so one collect does one or the other.
    void apart() {
        std::size_t judged = 0;
        for (const auto& p : pending_) judged += p.judgements ? 1 : 0;
        judged_ = judged > 0;
        if (judged == 0 || judged == pending_.size()) return;
        std::string runs, data;
        for (const auto& p : pending_) {
            std::string& list = p.judgements ? runs : data;
            list += (list.empty() ? "" : ", ") + p.file.string();
        }
        errors_.push_back("these workbooks hold judgements about a run, kept in the run history: " + runs + "; these hold data "
                          "for the source: " + data + ". Collect them in two commands, one for each");
    }

    void keep_judgements() {
        if (!opt_.keep_judgements) return errors_.push_back("judgements about a run can only be kept in a run history (--history)");
        std::vector<CollectedJudgement> list;
        for (const auto& p : pending_) {
            std::size_t rows = 0;
            for (const auto& t : p.tables) rows += t.rows.size();
            list.push_back({p.file, p.sha256, p.marker.plugin, p.marker.form, p.marker.value("run"), p.marker.pairs,
                            judgement_document(p.tables), rows});
        }
        if (Status st = opt_.keep_judgements(list); !st) errors_.push_back(st.message() + " (nothing was collected from any file)");
    }

    // Every table and column written must be in the source (an older database may lack new tables).
    void check_tables() {
        if (judged_) return;
        std::map<std::string, std::set<std::string>> needed;
        needed[kCollections] = {"collection_id", "file_name", "sha256", "plugin", "form", "form_version", "marker",
                                "rows_collected", "collected_by", "collected_at"};
        for (const auto& p : pending_)
            for (const auto& t : p.tables) {
                needed[t.table].insert(t.columns.begin(), t.columns.end());
                if (!t.stamp_changed.empty()) needed[t.table].insert(t.stamp_changed);
            }
        for (const auto& [table, cols] : needed) {
            auto have = db_.columns(table);
            for (const auto& c : cols)
                if (!have.count(c)) {
                    errors_.push_back("the source has no column " + table + "." + c + ": run `sgaudit db init --source ...` on it, "
                                      "which adds the tables and columns missing, then collect again");
                    break;
                }
        }
    }

    // Rows of a stamped sheet that read the same as the table's are left out (not rewritten); the
    // others get the collection date. Done before writing (and in a dry run), against the table
    // as it is before any file is written.
    void compare_stamped() {
        for (auto& p : pending_)
            for (std::size_t i = 0; i < p.tables.size(); ++i) {
                auto& t = p.tables[i];
                if (t.stamp_changed.empty()) continue;
                auto written = p.marker.written.find(t.sheet);
                if (written == p.marker.written.end()) {
                    errors_.push_back(XlsxError{p.file.string(), t.sheet, "",
                                                "this workbook was written by an earlier sgaudit, which did not record what its rows "
                                                "said; changes made to " + t.table + " since cannot be told from changes made in "
                                                "the workbook: write the workbook again and copy in what was filled in"}.to_string());
                    continue;
                }
                RowChanges& counts = p.stamped[i];
                if (Status st = keep_changed_rows(db_, t, written->second, opt_.stamp_date, counts); !st)
                    return errors_.push_back(p.file.string() + ": " + st.message());
                for (const auto& [cell, message] : counts.conflicts)
                    errors_.push_back(XlsxError{p.file.string(), t.sheet, cell, message}.to_string());
            }
    }

    void write_all() {
        if (Status st = db_.begin(); !st) return errors_.push_back("cannot write to the source: " + st.message());
        for (std::size_t i = 0; i < pending_.size(); ++i)
            if (Status st = write(pending_[i], i); !st) {
                db_.rollback();
                errors_.push_back(pending_[i].file.string() + ": " + st.message() + " (nothing was collected from any file)");
                return;
            }
        if (Status st = db_.commit(); !st) errors_.push_back("cannot write to the source: " + st.message());
    }

    Status write(const Pending& p, std::size_t index) {
        std::size_t rows = 0;
        for (const auto& t : p.tables) {
            if (Status st = remove_replaced(t); !st) return st;
            if (Status st = remove_rows_replaced(t); !st) return st;
            auto describe = [&](std::size_t a, std::size_t b) {
                return "rows " + std::to_string(a + 1) + "-" + std::to_string(b + 1) + " of sheet " + t.sheet;
            };
            if (!t.rows.empty())
                if (Status st = db_.insert_rows(t.table, t.columns, t.rows, describe); !st) return st;
            rows += t.rows.size();
        }
        const std::string id = new_collection_id(opt_.collected_at, index, p.sha256);
        std::vector<std::optional<std::string>> row = {id, p.file.filename().string(), p.sha256, p.marker.plugin, p.marker.form,
                                                       std::to_string(p.marker.version), describe_marker(p.marker.pairs),
                                                       std::to_string(rows), opt_.collected_by, opt_.collected_at};
        return db_.insert_rows(kCollections, {"collection_id", "file_name", "sha256", "plugin", "form", "form_version", "marker",
                                              "rows_collected", "collected_by", "collected_at"},
                               {row});
    }

    Status remove_replaced(const CollectedRows& t) {
        if (t.replaces.empty()) return Status::ok();
        std::string sql = "DELETE FROM " + t.table + " WHERE ";
        std::vector<Value> params;
        for (std::size_t i = 0; i < t.replaces.size(); ++i) {
            sql += (i ? " AND " : "") + t.replaces[i].first + " = :p" + std::to_string(i);
            params.push_back(t.replaces[i].second);
        }
        return db_.execute(sql, params);
    }

    Status remove_rows_replaced(const CollectedRows& t) {
        if (t.replace_rows_by.empty()) return Status::ok();
        std::vector<std::size_t> at;
        const std::string sql = "DELETE FROM " + t.table + " WHERE " + key_condition(t, at);
        for (const auto& row : t.rows)
            if (Status st = db_.execute(sql, key_values(row, at)); !st) return st;
        return Status::ok();
    }

    std::string summary(const Pending& p) const {
        std::string s = p.file.string() + ": " + p.marker.plugin + " " + p.marker.form + " (" + describe_marker(p.marker.pairs) + "):";
        if (p.judgements) {
            for (const auto& t : p.tables) s += " " + std::to_string(t.rows.size()) + " row(s) of " + t.table + ";";
            s.back() = ',';
            return s + " kept in the run history with run " + p.marker.value("run") + ". SHA-256 " + p.sha256;
        }
        for (std::size_t i = 0; i < p.tables.size(); ++i) {
            const auto& t = p.tables[i];
            auto stamped = p.stamped.find(i);
            if (stamped == p.stamped.end()) {
                s += " " + std::to_string(t.rows.size()) + " row(s) for " + t.table + ";";
                continue;
            }
            const RowChanges& c = stamped->second;
            s += " " + std::to_string(c.changed + c.added + c.unchanged + c.changed_since) + " row(s) for " + t.table + ": " +
                 std::to_string(c.changed) + " changed, " + std::to_string(c.added) + " new, " + std::to_string(c.unchanged) +
                 " unchanged (" + t.stamp_changed + " " + opt_.stamp_date + " on the changed and new; the unchanged are left as they are)";
            if (c.changed_since)
                s += ", " + std::to_string(c.changed_since) + " changed in " + t.table + " after this workbook was written and "
                     "not in it (left as " + t.table + " has them)";
            s += ";";
        }
        s.back() = '.';
        return s + " SHA-256 " + p.sha256;
    }

    const FormSource& forms_;
    data::Database& db_;
    const CollectOptions& opt_;
    std::vector<std::string> errors_;
    std::vector<Pending> pending_;
    std::map<std::string, std::string> seen_;
    std::map<std::string, std::vector<Form>> kept_;  // the forms each workbook was checked against
    bool judged_ = false;  // the workbooks hold judgements about runs (apart)
};

}  // namespace

CollectOutcome collect_workbooks(const std::vector<fs::path>& files, const FormSource& forms, data::Database& db,
                                 const CollectOptions& options) {
    Collector c(forms, db, options);
    for (const auto& f : files) c.check(f);
    return c.finish();
}

}  // namespace sgaudit::workbook
