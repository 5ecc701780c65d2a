// Unit tests for rule-set lists (sgaudit/rules/ruleset_lists.hpp): a base pack's list, an overlay
// that renames, adds and removes items, every kind of bad list with its file:line:column, the
// lists a plugin declares it reads, and the history's stored form. Every expected item, origin,
// message and column below is worked out by hand from the rule-file text in this file.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sgaudit/history/run_codec.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"
#include "rule_file_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sgaudit;
using namespace sgaudit::rules;

fs::path test_dir() {
    static const fs::path dir = rule_files::fresh_folder("lists-test");
    return dir;
}

std::string write(const std::string& name, const std::string& text) { return rule_files::write(test_dir(), name, text); }

// Line 10: "  { code = " is 11 characters, so S1's code is in column 12; its title in 26, its order
// in 66 and its due date in 75 (the two titles are 30 characters with their quotes). Line 12 the
// same, and its note in column 94. The fields are declared on lines 16 to 20, in column 1.
const std::string kBase =
    "[ruleset]\n"                                                                                                   // 1
    "id = \"base\"\n"                                                                                               // 2
    "version = \"1.0.0\"\n"                                                                                         // 3
    "plugin = \"x\"\n"                                                                                              // 4
    "\n"                                                                                                            // 5
    "[lists.standards]\n"                                                                                           // 6
    "key = \"code\"\n"                                                                                              // 7
    "optional = [\"note\"]\n"                                                                                       // 8
    "items = [\n"                                                                                                   // 9
    "  { code = \"S1\", title = \"Senior management commitment\", order = 1, due = 2009-06-30 },\n"                 // 10
    "  { code = \"S2\", title = \"Clear statement of responsibilities\", order = 2, due = 2009-06-30 },\n"          // 11
    "  { code = \"S3\", title = \"Clear line of accountability\", order = 3, due = 2009-09-30, note = \"minuted\" },\n"  // 12
    "]\n"                                                                                                           // 13
    "\n"                                                                                                            // 14
    "[lists.standards.fields]\n"                                                                                    // 15
    "code = \"text\"\n"                                                                                             // 16
    "title = \"text\"\n"                                                                                            // 17
    "order = { type = \"whole\", min = 1, max = 20 }\n"                                                             // 18
    "due = \"date\"\n"                                                                                              // 19
    "note = \"text\"\n";                                                                                            // 20

// The overlay: drops S2, renames S3, adds S9, in [[...items]] tables ("code = " is 7 characters,
// "title = " and "order = " 8, "due = " 6).
const std::string kLocal =
    "[ruleset]\n"                     // 1
    "id = \"local\"\n"                // 2
    "extends = \"base\"\n"            // 3
    "\n"                              // 4
    "[lists.standards]\n"             // 5
    "remove = [\"S2\"]\n"             // 6
    "\n"                              // 7
    "[[lists.standards.items]]\n"     // 8
    "code = \"S3\"\n"                 // 9
    "title = \"Safer recruitment\"\n" // 10
    "\n"                              // 11
    "[[lists.standards.items]]\n"     // 12
    "code = \"S9\"\n"                 // 13
    "title = \"Supervision\"\n"       // 14
    "order = 9\n"                     // 15
    "due = 2010-03-31\n";             // 16

using rule_files::with_line;

rule_files::Loaded load(const std::string& file, const plugin::Manifest* plugin = nullptr) {
    return rule_files::load(file, LoadOptions{{test_dir()}, {}, {}, plugin});
}

std::string base_path() { return (test_dir() / "base.toml").string(); }
std::string local_path() { return (test_dir() / "local.toml").string(); }

// The one error loading `file` gives, as printed.
std::string only_error(const std::string& file, const plugin::Manifest* plugin = nullptr) { return load(file, plugin).only_error(); }

Value date(const char* iso) { return Value(*Date::parse(iso)); }

std::string at(const std::string& file, int line, int column) { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }

// "S1: code=S1 title=... | code@base:10:12 title@..." for comparing a record and its origin at once.
std::string described(const RuleList& l, std::size_t i) {
    std::string s = l.data.records[i]["code"].to_string() + ":";
    for (const auto& [name, v] : l.data.records[i].fields()) s += " " + name + "=" + v.to_string();
    s += " | from " + l.origins[i].defined_at.to_string();
    for (const auto& [name, pos] : l.origins[i].set_at) s += " " + name + "@" + pos.to_string();
    return s;
}

}  // namespace

TEST_CASE("lists: a base pack's list loads with its fields in declared order, each value typed") {
    write("base.toml", kBase);
    auto l = load(base_path());
    REQUIRE_MESSAGE(l.rs.has_value(), l.diags.to_string());
    CHECK(l.diags.items().empty());
    const RecordList* standards = l.rs->list("standards");
    REQUIRE(standards != nullptr);
    CHECK(l.rs->list("ratings") == nullptr);
    CHECK(standards->key == "code");
    std::vector<std::string> fields;
    for (const auto& f : standards->fields) fields.push_back(f.name + " " + f.type + (f.optional ? " optional" : ""));
    CHECK(fields == std::vector<std::string>{"code text", "title text", "order whole", "due date", "note text optional"});
    REQUIRE(standards->size() == 3);
    CHECK(standards->records[0]["order"] == Value(1));
    CHECK(standards->records[0]["due"] == date("2009-06-30"));
    CHECK(standards->records[0]["note"].is_null());
    CHECK(standards->records[2]["note"] == Value("minuted"));
    CHECK(standards->find(Value("S2")) == &standards->records[1]);
    CHECK(standards->find(Value("S7")) == nullptr);
    const RuleList& list = l.rs->lists.at("standards");
    CHECK(list.declared_at.to_string() == at(base_path(), 6, 8));
    CHECK(list.fields[2].spec.describe() == "whole number from 1 to 20");
    CHECK(list.fields[2].spec.declared_at.to_string() == at(base_path(), 18, 1));
}

TEST_CASE("lists: an overlay renames one item, adds one and removes one, and every value keeps where it was written") {
    write("base.toml", kBase);
    write("local.toml", kLocal);
    auto l = load(local_path());
    REQUIRE_MESSAGE(l.rs.has_value(), l.diags.to_string());
    const RuleList& list = l.rs->lists.at("standards");
    REQUIRE(list.data.records.size() == 3);
    const std::string b = base_path(), o = local_path();
    CHECK(described(list, 0) == "S1: code=S1 title=Senior management commitment order=1 due=2009-06-30 note=null | from " +
                                    at(b, 10, 12) + " code@" + at(b, 10, 12) + " due@" + at(b, 10, 75) + " order@" +
                                    at(b, 10, 66) + " title@" + at(b, 10, 26));
    CHECK(described(list, 1) == "S3: code=S3 title=Safer recruitment order=3 due=2009-09-30 note=minuted | from " + at(b, 12, 12) +
                                    " code@" + at(b, 12, 12) + " due@" + at(b, 12, 75) + " note@" + at(b, 12, 94) + " order@" +
                                    at(b, 12, 66) + " title@" + at(o, 10, 9));
    CHECK(described(list, 2) == "S9: code=S9 title=Supervision order=9 due=2010-03-31 note=null | from " + at(o, 13, 8) +
                                    " code@" + at(o, 13, 8) + " due@" + at(o, 16, 7) + " order@" + at(o, 15, 9) + " title@" +
                                    at(o, 14, 9));
    CHECK(l.rs->list("standards")->find(Value("S2")) == nullptr);
}

TEST_CASE("lists: both TOML spellings of items give the same list") {
    // The three items' lines and the closing bracket go; S1 is written as a table instead.
    std::string tables = kBase;
    for (int n : {13, 12, 11}) tables = with_line(tables, n, "");
    tables = with_line(tables, 10, "code = \"S1\"\ntitle = \"Senior management commitment\"\norder = 1\ndue = 2009-06-30");
    write("base.toml", with_line(tables, 9, "[[lists.standards.items]]"));
    auto l = load(base_path());
    REQUIRE_MESSAGE(l.rs.has_value(), l.diags.to_string());
    const RecordList* standards = l.rs->list("standards");
    REQUIRE(standards->size() == 1);
    CHECK(standards->records[0]["title"] == Value("Senior management commitment"));
    CHECK(standards->records[0]["order"] == Value(1));
    CHECK(l.rs->lists.at("standards").origins[0].defined_at.to_string() == at(base_path(), 10, 8));
}

namespace {

struct FileCase {
    int line;
    std::string text, expected;  // expected: after "file:", "line:column: error: ..."
};

void check_base_errors(const std::vector<FileCase>& cases) {
    for (const auto& c : cases) {
        INFO(c.text);
        write("base.toml", with_line(kBase, c.line, c.text));
        CHECK(only_error(base_path()) == base_path() + ":" + c.expected);
    }
}

void check_overlay_errors(const std::vector<FileCase>& cases) {
    write("base.toml", kBase);
    for (const auto& c : cases) {
        INFO(c.text);
        write("local.toml", with_line(kLocal, c.line, c.text));
        CHECK(only_error(local_path()) == local_path() + ":" + c.expected);
    }
}

std::string s1(const std::string& rest) { return "  { code = \"S1\", title = \"Senior management commitment\"" + rest + " },"; }

}  // namespace

TEST_CASE("lists: each kind of bad item is an error at its file:line:column") {
    const std::string item = "10:66: error: list 'standards' item 'S1' field 'order' must be ";
    check_base_errors({
        {10, s1(", order = \"one\", due = 2009-06-30"), item + "whole number, found text 'one'"},
        {10, s1(", order = 21, due = 2009-06-30"), item + "from 1 to 20, found 21"},
        {10, s1(", order = 1.5, due = 2009-06-30"), item + "whole number, found 1.5"},
        // A date that is not a date; a date in quotes. ", order = 1, due = " ends in column 74.
        {10, s1(", order = 1, due = \"30 June 2009\""),
         "10:75: error: list 'standards' item 'S1' field 'due' must be date, found text '30 June 2009'"},
        {10, s1(", order = 1, due = \"2009-06-30\""),
         "10:75: error: list 'standards' item 'S1' field 'due' must be date, found text '2009-06-30' (write a date without "
         "quotes: 2009-06-30)"},
        // A required field left out: the error is at the item's key.
        {10, s1(", due = 2009-06-30"),
         "10:12: error: list 'standards' item 'S1' has no order (every item needs each field not listed in optional = [...])"},
        // An unknown field, at its name: ", order = 1, due = 2009-06-30, " ends in column 86.
        {10, s1(", order = 1, due = 2009-06-30, titel = \"x\""),
         "10:87: error: list 'standards' item 'S1' has field 'titel', which the list does not declare (did you mean 'title'?)"},
        // The same key twice in one file.
        {11, "  { code = \"S1\", title = \"Again\", order = 2, due = 2009-06-30 },",
         "11:12: error: list 'standards' has two items with code = 'S1' (the first at " + base_path() + ":10:12)"},
        {10, "  { title = \"Senior management commitment\", order = 1, due = 2009-06-30 },",
         "10:3: error: list 'standards' item has no code = ... (the list's key); every item needs one"},
        {10, "  { code = 1, title = \"Senior management commitment\", order = 1, due = 2009-06-30 },",
         "10:12: error: list 'standards' field 'code' must be text, found whole number 1"},
    });
}

TEST_CASE("lists: each kind of bad declaration is an error at its file:line:column") {
    check_base_errors({
        {7, "", "6:8: error: list 'standards' needs key = \"FIELD\": the field that tells its items apart"},
        {7, "key = \"cod\"", "7:7: error: list 'standards' key 'cod' is not one of its fields (did you mean 'code'?)"},
        {7, "key = \"due\"", "7:7: error: list 'standards' key 'due' must be a text or whole field, not date"},
        {8, "optional = [\"code\"]", "7:7: error: list 'standards' key 'code' may not be optional: every item needs one"},
        {8, "optional = [\"note\", \"notes\"]",
         "8:21: error: list 'standards' optional names field 'notes', which it does not declare (did you mean 'note'?)"},
        {8, "optional = [\"note\"]\nitmes = []", "9:1: error: unknown key 'itmes' in list 'standards' (did you mean 'items'?)"},
        {19, "due = \"day\"",
         "19:7: error: list 'standards' field 'due' type must be one of whole, number, text, date, flag, choice, found 'day' "
         "(did you mean 'date'?)"},
        // The key's field refused: its own error only, not also "key 'code' is not one of its fields".
        {16, "code = \"txt\"",
         "16:8: error: list 'standards' field 'code' type must be one of whole, number, text, date, flag, choice, found 'txt' "
         "(did you mean 'text'?)"},
        {20, "note = \"choice\"",
         "20:8: error: list 'standards' field 'note' of type choice needs its choices: write note = { type = \"choice\", "
         "choices = [\"...\", \"...\"] }"},
        {18, "order = { type = \"whole\", min = 20, max = 1 }", "18:43: error: list 'standards' field 'order' max 1 is below its min 20"},
    });
}

TEST_CASE("lists: an overlay may not change a list's key or a field's type, and removes only what exists") {
    const std::string b = base_path();
    check_overlay_errors({
        {6, "key = \"title\"",
         "6:7: error: list 'standards' key is 'code' (declared at " + b + ":6:8); a pack that extends it or an overlay may not change it"},
        {6, "fields = { order = \"number\" }",
         "6:12: error: list 'standards' field 'order' is declared at " + b +
             ":18:1 as whole number from 1 to 20; a pack that extends it or an overlay may not change its type"},
        {6, "fields = { lead = \"text\" }",
         "6:12: error: list 'standards' field 'lead' is new in this file, so the items of the packs it extends do not have it: "
         "list it in optional = [\"lead\"]"},
        {6, "optional = [\"title\"]",
         "6:13: error: list 'standards' field 'title' is required (declared at " + b +
             ":17:1); a pack that extends it or an overlay may not make it optional"},
        {6, "remove = [\"S7\"]", "6:11: error: list 'standards' remove names 'S7', which the packs it extends do not have (did you mean 'S1'?)"},
        // A value of an inherited field is checked against the base's declaration, which the message names.
        {15, "order = 0",
         "15:9: error: list 'standards' item 'S9' field 'order' must be from 1 to 20, found 0 (declared whole number from 1 to 20 "
         "at " + b + ":18:1)"},
    });
    // A new optional field is fine, and items may give it.
    write("local.toml", with_line(with_line(kLocal, 10, "title = \"Safer recruitment\"\nlead = \"HR\""), 6,
                                 "remove = [\"S2\"]\nfields = { lead = \"text\" }\noptional = [\"lead\"]"));
    auto l = load(local_path());
    REQUIRE_MESSAGE(l.rs.has_value(), l.diags.to_string());
    CHECK(l.rs->list("standards")->find(Value("S3"))->operator[]("lead") == Value("HR"));
    CHECK(l.rs->list("standards")->find(Value("S1"))->operator[]("lead").is_null());
}

TEST_CASE("lists: the lists a plugin declares it reads are checked, naming the plugin and the file") {
    write("base.toml", kBase);
    plugin::Manifest m;
    m.name = "section11";
    auto error_for = [&](std::vector<ListDecl> lists) {
        m.lists = std::move(lists);
        return only_error(base_path(), &m);
    };
    const std::string b = base_path();
    CHECK(error_for({{"ratings", {{"code", "text"}, {"label", "text"}}}}) ==
          b + ":1:1: error: plugin 'section11' reads list 'ratings', which rule set 'base' does not have: declare "
              "[lists.ratings] with a key and the fields code (text), label (text)");
    CHECK(error_for({{"standards", {{"order", "number"}}}}) ==
          b + ":18:1: error: plugin 'section11' reads list 'standards' field 'order' as number, but the rule set declares it whole");
    CHECK(error_for({{"standards", {{"short_title", "text"}}}}) ==
          b + ":6:8: error: plugin 'section11' reads list 'standards' field 'short_title' (text), which the list does not declare");
    CHECK(error_for({{"standards", {{"note", "text"}}}}) ==
          b + ":20:1: error: plugin 'section11' reads list 'standards' field 'note' on every item, but the rule set declares it optional");
    CHECK(error_for({{"standards", {{"order", "integer"}}}}) ==
          b + ":6:8: error: plugin 'section11' reads list 'standards' field 'order' as 'integer', which is not a type (whole, "
              "number, text, date, flag, choice): the plugin must be corrected");
    m.lists = {{"standards", {{"code", "text"}, {"title", "text"}, {"order", "whole"}, {"note", "text", true}}}};
    auto ok = load(b, &m);
    CHECK_MESSAGE(ok.rs.has_value(), ok.diags.to_string());
}

TEST_CASE("lists: the history keeps a rule set's lists, and reads a rule set stored before lists") {
    write("base.toml", kBase);
    write("local.toml", kLocal);
    auto l = load(local_path());
    REQUIRE(l.rs.has_value());
    run::RunResult run;
    run.id = "r1";
    run.as_of = *Date::parse("2009-03-31");
    run.period = Period{*Date::parse("2008-04-01"), *Date::parse("2009-03-31")};
    run::PluginRun p;
    p.name = "x";
    p.has_ruleset = true;
    p.ruleset = *l.rs;
    run.plugins.push_back(p);

    run::RunResult back;
    REQUIRE(history::decode_document(history::encode_document(run), back).is_ok());
    const RuleList& kept = back.plugins.at(0).ruleset.lists.at("standards");
    const RuleList& used = l.rs->lists.at("standards");
    CHECK(kept.data.key == "code");
    CHECK(kept.declared_at.to_string() == used.declared_at.to_string());
    REQUIRE(kept.data.records.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(described(kept, i) == described(used, i));
    CHECK(kept.fields.at(3).spec.type == ParamType::date);
    CHECK(kept.data.fields.at(4).optional);
    // Stored again, it is the same document.
    CHECK(history::encode_document(back) == history::encode_document(run));

    // A rule set with no lists stores no "lists" key, as before lists existed, and reads back with none.
    run.plugins[0].ruleset.lists.clear();
    const std::string old = history::encode_document(run);
    CHECK(old.find("\"lists\"") == std::string::npos);
    run::RunResult older;
    REQUIRE(history::decode_document(old, older).is_ok());
    CHECK(older.plugins.at(0).ruleset.lists.empty());
}
