#include "sgaudit/cli/rules_test.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <cmath>

#include <nlohmann/json.hpp>

#include "sgaudit/cli/exit_codes.hpp"
#include "sgaudit/data/database.hpp"
#include "sgaudit/data/importer.hpp"
#include "sgaudit/data/schema.hpp"
#include "sgaudit/rules/ruleset_toml.hpp"
#include "sgaudit/rules/toml_file.hpp"
#include "sgaudit/run/region_runs.hpp"

namespace sgaudit::cli {
namespace fs = std::filesystem;
using rules::pos_of;

namespace {

struct Expect {
    std::string rule, subject, outcome;
    std::optional<double> value;  // an indicator's figure, as the report gives it (to 0.05)
    rules::SourcePos pos;
};

struct Case {
    fs::path file;
    std::string name, plugin, as_of;
    fs::path rules;  // empty: the plugin's default rule set
    std::vector<std::string> set;  // parameters, as run --set gives them ("plugin.name=value")
    std::vector<std::pair<std::string, std::vector<std::string>>> columns;  // table -> columns
    std::vector<std::vector<std::vector<Value>>> rows;                       // per table
    std::vector<Expect> expects;
};

std::optional<std::string> text_of(const toml::table& t, const char* key, const std::string& file, rules::Diagnostics& d, bool required = true) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required) d.error(pos_of(t, file), std::string("needs ") + key + " = \"...\"");
        return std::nullopt;
    }
    if (n->is_date()) {  // as_of = 2009-03-31, written without quotes
        const auto v = n->as_date()->get();
        return Date::from_ymd(v.year, v.month, v.day)->iso();
    }
    if (!n->is_string()) {
        d.error(pos_of(*n, file), std::string(key) + " must be text");
        return std::nullopt;
    }
    return *n->value<std::string>();
}

// A cell: text, a whole number, or a date (written without quotes); empty text is NULL.
Value cell_of(const toml::node& n) {
    if (n.is_date()) {
        auto d = n.as_date()->get();
        return Date::from_ymd(d.year, d.month, d.day)->iso();
    }
    if (n.is_integer()) return std::to_string(*n.value<std::int64_t>());
    if (n.is_floating_point()) return std::to_string(*n.value<double>());
    auto s = n.value<std::string>().value_or("");
    return s.empty() ? Value(Null{}) : Value(s);
}

void read_tables(const toml::table& tables, Case& c, rules::Diagnostics& d) {
    const std::string file = c.file.string();
    for (auto&& [key, node] : tables) {
        const std::string table(key.str());
        const data::TableDef* def = data::find_table(table);
        const toml::table* t = node.as_table();
        if (!def || !t) {
            d.error(pos_of(key, file), "table '" + table + "' is not in the data model (docs/data.md)");
            continue;
        }
        std::vector<std::string> cols;
        if (const toml::array* a = (*t)["columns"].as_array())
            for (const auto& col : *a) {
                auto name = col.value<std::string>().value_or("");
                if (!def->find(name)) d.error(pos_of(col, file), "'" + name + "' is not a column of " + table);
                cols.push_back(name);
            }
        std::vector<std::vector<Value>> rows;
        if (const toml::array* a = (*t)["rows"].as_array())
            for (const auto& row : *a) {
                const toml::array* r = row.as_array();
                if (!r || r->size() != cols.size()) {
                    d.error(pos_of(row, file), "each row of " + table + " needs one value per column (" + std::to_string(cols.size()) + ")");
                    continue;
                }
                std::vector<Value> values;
                for (const auto& v : *r) values.push_back(cell_of(v));
                rows.push_back(std::move(values));
            }
        c.columns.emplace_back(table, std::move(cols));
        c.rows.push_back(std::move(rows));
    }
}

std::optional<Case> read_case(const fs::path& file, rules::Diagnostics& d) {
    auto t = rules::parse_toml_file(file, d);
    if (!t || !(*t)["case"].as_table()) return std::nullopt;  // not a case file
    Case c;
    c.file = file;
    const std::string f = file.string();
    rules::check_keys(*t, {"case", "tables", "expect"}, "a case file (expected [case], [tables.TABLE] and [[expect]])", f, d);
    const toml::table& head = *(*t)["case"].as_table();
    rules::check_keys(head, {"name", "plugin", "as_of", "rules", "set"}, "[case]", f, d);
    c.name = text_of(head, "name", f, d).value_or(file.stem().string());
    c.plugin = text_of(head, "plugin", f, d).value_or("");
    c.as_of = text_of(head, "as_of", f, d).value_or("");
    if (auto r = text_of(head, "rules", f, d, false)) c.rules = file.parent_path() / *r;
    if (const toml::node* set = head.get("set")) {
        const toml::array* a = set->as_array();
        if (a)
            for (const auto& v : *a)
                if (v.is_string()) c.set.push_back(*v.value<std::string>());
        if (!a || c.set.size() != a->size()) d.error(pos_of(*set, f), "set must be a list of \"plugin.parameter=value\" texts, as run --set takes");
    }
    if (const toml::table* tables = (*t)["tables"].as_table()) read_tables(*tables, c, d);
    if (const toml::array* ex = (*t)["expect"].as_array())
        for (const auto& e : *ex) {
            const toml::table* et = e.as_table();
            if (!et) continue;
            rules::check_keys(*et, {"rule", "subject", "outcome", "value"}, "[[expect]]", f, d);
            Expect x{text_of(*et, "rule", f, d).value_or(""), text_of(*et, "subject", f, d).value_or(""), text_of(*et, "outcome", f, d).value_or(""),
                     std::nullopt, pos_of(*et, f)};
            if (const toml::node* v = et->get("value")) {
                if (v->is_number()) x.value = v->value<double>();
                else d.error(pos_of(*v, f), "value must be a number (the figure the report gives, e.g. 61.2)");
            }
            static const std::set<std::string> outcomes{"pass", "fail", "not_applicable", "waived", "error", "none"};
            if (!outcomes.count(x.outcome))
                d.error(pos_of(*et, f), "outcome must be pass, fail, not_applicable, waived, error, or none (the subject gets no result from the rule)");
            c.expects.push_back(std::move(x));
        }
    if (c.expects.empty()) d.error({f, 1, 1}, "the case expects nothing: add [[expect]] tables with rule, subject and outcome");
    return c;
}

Status load_rows(const Case& c, const fs::path& db_file) {
    std::string err;
    auto db = data::create_sqlite_case_file(db_file, err);
    if (!db) return Status::error(err);
    for (std::size_t i = 0; i < c.columns.size(); ++i) {
        const auto& [table, cols] = c.columns[i];
        std::string sql = "INSERT INTO " + table + " (", marks;
        for (std::size_t k = 0; k < cols.size(); ++k) {
            sql += (k ? ", " : "") + cols[k];
            marks += (k ? ", :v" : ":v") + std::to_string(k);
        }
        sql += ") VALUES (" + marks + ")";
        for (const auto& row : c.rows[i])
            if (auto st = db->execute(sql, row); !st) return st;
    }
    return Status::ok();
}

std::string figure(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

// Compares one expectation with the report's result for that rule and subject, and prints the
// line. Two results for one rule and subject are a fault of the plugin, whatever they say.
bool print_expectation(const Expect& x, const nlohmann::json& report) {
    std::vector<const nlohmann::json*> found;
    for (const auto& r : report["results"])
        if (r["rule"] == x.rule && r["subject"]["id"] == x.subject) found.push_back(&r);
    std::string got = "no result", want = x.outcome == "none" ? "no result" : x.outcome;
    bool ok = found.empty() && x.outcome == "none";
    if (found.size() > 1) {
        got = std::to_string(found.size()) + " results for this rule and subject (one expected)";
    } else if (found.size() == 1) {
        const auto& r = *found.front();
        got = r["outcome"].get<std::string>();
        ok = got == x.outcome;
        if (x.value) {
            want += " with value " + figure(*x.value);
            const bool has = r.contains("value") && r["value"].is_number();
            got += has ? " with value " + figure(r["value"].get<double>()) : " with no value";
            ok = ok && has && std::abs(r["value"].get<double>() - *x.value) <= 0.05;
        }
        got += " (" + r["message"].get<std::string>() + ")";
    }
    std::cout << (ok ? "  ok    " : "  FAIL  ") << x.rule << " " << x.subject << ": " << (ok ? want : "expected " + want + ", got " + got)
              << (ok ? "" : " (" + x.pos.file + ":" + std::to_string(x.pos.line) + ")") << "\n";
    return ok;
}

}  // namespace

int test_rules(const fs::path& dir, const std::vector<std::string>& global_args) {
    rules::Diagnostics d;
    std::vector<Case> cases;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
        if (auto c = read_case(f, d)) cases.push_back(std::move(*c));
    for (const auto& item : d.items()) std::cerr << item.to_string() << "\n";
    if (d.has_errors()) return kExitUsage;
    if (cases.empty()) {
        std::cerr << "error: no case files in " << dir.string() << " (each a .toml with [case], [tables.TABLE] and [[expect]])\n";
        return kExitUsage;
    }
    std::string tmpl = (fs::temp_directory_path() / "sgaudit-rules-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return kExitUsage;
    const fs::path work(tmpl);
    int passed = 0, failed = 0;
    std::map<std::string, std::set<std::string>> rules_of, covered;  // by rule set: "plugin" or "plugin (file)"
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const fs::path db = work / ("case" + std::to_string(i) + ".db"), out = work / ("case" + std::to_string(i));
        std::cout << c.file.filename().string() << ": " << c.name << "\n";
        if (auto st = load_rows(c, db); !st) {
            std::cout << "  FAIL  the rows could not be loaded: " << st.message() << "\n";
            failed += static_cast<int>(c.expects.size());
            continue;
        }
        std::vector<std::string> args = global_args;
        for (const std::string& a : {std::string("run"), c.plugin, std::string("--source"), "sqlite:" + db.string(), std::string("--as-of"), c.as_of})
            args.push_back(a);
        if (!c.rules.empty()) for (const std::string& a : {std::string("--rules"), c.rules.string()}) args.push_back(a);
        for (const auto& p : c.set) for (const std::string& a : {std::string("--set"), p}) args.push_back(a);
        const auto [code, seconds, report] = run::run_for_report(args, out);
        if (report.is_null() || (code != 0 && code != 1)) {
            std::cout << "  FAIL  the audit did not run (exit " << code << "; see " << out.string() << ".log)\n";
            failed += static_cast<int>(c.expects.size());
            continue;
        }
        const std::string set_key = c.rules.empty() ? c.plugin : c.plugin + " (" + c.rules.lexically_normal().filename().string() + ")";
        for (const auto& s : report["rule_summary"]) rules_of[set_key].insert(s["rule"].get<std::string>());
        for (const auto& x : c.expects) {
            covered[set_key].insert(x.rule);
            const bool ok = print_expectation(x, report);
            (ok ? passed : failed)++;
        }
    }
    std::cout << "\n" << passed << " passed, " << failed << " failed\n";
    for (const auto& [plugin, all] : rules_of)
        for (const auto& r : all)
            if (!covered[plugin].count(r)) std::cout << "uncovered: " << plugin << " rule " << r << " (no case expects anything of it)\n";
    if (failed == 0) {
        std::error_code ec;
        fs::remove_all(work, ec);
    }
    return failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace sgaudit::cli
