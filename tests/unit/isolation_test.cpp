// The pieces of process isolation that need no process: the wire format, the framing, how the
// host reads a worker's frames, how it names the way a worker ended, limits as people write
// them, and how a plugin's counts are kept out of the totals when it stops part-way.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include <doctest/doctest.h>

#include "sgaudit/run/frame_dispatch.hpp"
#include "sgaudit/run/frames.hpp"
#include "sgaudit/run/plugin_limits.hpp"
#include "sgaudit/run/result_collector.hpp"
#include "sgaudit/run/summary_counts.hpp"
#include "sgaudit/run/wire.hpp"
#include "sgaudit/run/worker_ending.hpp"
#include "sgaudit/util/quantity.hpp"

using namespace sgaudit;
using namespace sgaudit::run;

namespace {

Result sample_result() {
    Result r;
    r.plugin = "p";
    r.rule = "r.one";
    r.severity = Severity::critical;
    r.subject = {"cp_plan", "P1", "C1", "T-1", "A", "W1"};
    r.outcome = Outcome::waived;
    static constexpr char kMessage[] = "text with \0 a nul and \xff bytes";
    r.message = std::string(kMessage, sizeof kMessage - 1);  // 29 bytes, the NUL inside included
    r.evidence = {{"null", Value()},
                  {"flag", Value(true)},
                  {"int", Value(std::int64_t{-9'000'000'000})},
                  {"double", Value(2.5)},
                  {"text", Value("é")},
                  {"date", Value(*Date::parse("2009-03-31"))},
                  {"dates", Value(DateList{*Date::parse("1900-01-01"), *Date::parse("2100-12-31")})}};
    r.waiver = Waiver{"agreed", "Head of Service", *Date::parse("2010-01-01")};
    return r;
}

// Collects what a dispatch hands on.
struct Collected final : PluginOutput {
    std::vector<Result> results;
    std::vector<ReportSection> sections;
    std::vector<std::string> logs;
    std::vector<rules::ExpiredWaiver> expired;
    void add(Result&& r) override { results.push_back(std::move(r)); }
    void section(ReportSection&& s) override { sections.push_back(std::move(s)); }
    void log(LogLevel, std::string_view m) override { logs.emplace_back(m); }
    void progress(std::uint64_t, std::uint64_t) override {}
    void expired_waiver(const rules::ExpiredWaiver& w) override { expired.push_back(w); }
};

std::string frame(frames::Type type, const std::string& payload = {}) {
    std::string out;
    frames::append(out, type, payload);
    return out;
}

std::string hello() {
    std::string p;
    wire::Writer(p).u32(frames::kProtocol);
    return frame(frames::Type::hello, p);
}

std::string result_frame(const Result& r) {
    std::string p;
    wire::Writer(p).result(r);
    return frame(frames::Type::result, p);
}

}  // namespace

TEST_CASE("wire: a result, a section and an expired waiver cross unchanged") {
    Result r = sample_result();
    std::string bytes;
    wire::Writer w(bytes);
    w.result(r);
    ReportSection s{"timeline/P1", "Timeline", "P1", "text", {"a", "b"}, {{"1", "2"}, {}, {"3"}}, "<svg/>", "alt",
                    "Team T1", "T1", "Worker SW1", {{"Next visit due", "14 April 2009"}, {"", ""}},
                    {{"#A8DAB5", ""}, {}, {"#FFD580"}}, {"date", "number"}, "Heat map"};
    w.section(s);
    rules::ExpiredWaiver e{"r.one", "P2", Waiver{"why", "who", *Date::parse("2008-01-01")}};
    w.expired_waiver(e);

    wire::Reader in(bytes);
    Result back = in.result();
    ReportSection s2 = in.section();
    rules::ExpiredWaiver e2 = in.expired_waiver();
    REQUIRE(in.finish());
    CHECK(back.plugin == r.plugin);
    CHECK(back.rule == r.rule);
    CHECK(back.severity == r.severity);
    CHECK(back.subject.person_id == "C1");
    CHECK(back.subject.area == "A");
    CHECK(back.outcome == r.outcome);
    CHECK(back.message == r.message);
    CHECK(back.evidence == r.evidence);
    REQUIRE(back.waiver);
    CHECK(back.waiver->approver == "Head of Service");
    CHECK(back.waiver->expires == r.waiver->expires);
    CHECK(s2.table_rows == s.table_rows);
    CHECK(s2.table_header == s.table_header);
    CHECK(s2.svg == s.svg);
    CHECK(s2.group == "Team T1");
    CHECK(s2.group_key == "T1");
    CHECK(s2.subgroup == "Worker SW1");
    CHECK(s2.details == s.details);
    CHECK(s2.cell_fills == s.cell_fills);
    CHECK(s2.column_types == s.column_types);
    CHECK(s2.sheet == "Heat map");
    CHECK(e2.subject == "P2");
    CHECK(e2.waiver.expires == e.waiver.expires);
}

TEST_CASE("wire: short, out-of-range and left-over input is refused, never guessed at") {
    // What reading `bytes` with `read` says is wrong with them (empty: nothing).
    auto problem = [](const std::string& bytes, auto read) {
        wire::Reader in(bytes);
        read(in);
        return in.finish() ? std::string() : in.error();
    };
    auto a_result = [](wire::Reader& in) { in.result(); };
    std::string bytes;
    wire::Writer(bytes).result(sample_result());
    CHECK(problem(bytes, a_result).empty());
    for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1})
        CHECK(problem(bytes.substr(0, cut), a_result).find("it ended in the middle of") == 0);
    CHECK(problem(bytes + "x", a_result) == "1 byte(s) were left over");

    std::string bad_severity;
    wire::Writer w(bad_severity);
    w.str("plugin");
    w.str("rule");
    w.u8(9);
    CHECK(problem(bad_severity, a_result) == "it gave severity 9, which does not exist");
    // A count far beyond the bytes there are ends the read instead of looping or allocating.
    std::string huge;
    wire::Writer h(huge);
    h.u8(6);  // a list of dates
    h.u32(0xffffffffu);
    CHECK(problem(huge, [](wire::Reader& in) { in.value(); }) == "it ended in the middle of a number");
}

TEST_CASE("frames: whole frames come out however the bytes arrive, and bad headers are malformed") {
    std::string stream = hello() + result_frame(sample_result()) + frame(frames::Type::out_of_memory);
    frames::Reader reader;
    std::vector<frames::Type> types;
    for (char c : stream) {
        reader.feed(std::string_view(&c, 1));
        while (auto f = reader.next()) types.push_back(f->type);
    }
    CHECK(types == std::vector<frames::Type>{frames::Type::hello, frames::Type::result, frames::Type::out_of_memory});
    CHECK_FALSE(reader.partial());
    reader.feed(stream.substr(0, 7));
    CHECK_FALSE(reader.next());
    CHECK(reader.partial());

    frames::Reader junk;
    junk.feed("\xde\xad\xbe\xef not a frame");
    CHECK_FALSE(junk.next());
    CHECK(junk.error().find("a frame of 4022250974 bytes") == 0);
    frames::Reader unknown;
    unknown.feed(std::string("\x01\x00\x00\x00\x63", 5));
    CHECK_FALSE(unknown.next());
    CHECK(unknown.error() == "a frame of unknown type 99");
    frames::Reader empty;
    empty.feed(std::string(4, '\0'));
    CHECK_FALSE(empty.next());
    CHECK_FALSE(empty.error().empty());
}

TEST_CASE("frame dispatch: results are handed on as they arrive, and anything out of protocol is malformed") {
    auto dispatch = [](const std::string& bytes, Collected& out) {
        WorkerSeen seen;
        FrameDispatch d("p", out, seen);
        d.bytes(bytes);
        d.end();
        return seen;
    };
    std::string done;
    wire::Writer dw(done);
    dw.u8(0);
    dw.str("it failed");
    std::string log;
    wire::Writer lw(log);
    lw.u8(static_cast<std::uint8_t>(LogLevel::warn));
    lw.str("last words");
    Collected ok;
    auto seen = dispatch(hello() + result_frame(sample_result()) + frame(frames::Type::log, log) +
                             frame(frames::Type::out_of_memory) + frame(frames::Type::done, done),
                         ok);
    CHECK(seen.malformed.empty());
    CHECK(ok.results.size() == 1);
    CHECK(ok.logs == std::vector<std::string>{"last words"});
    CHECK(seen.last_log == "last words");
    CHECK(seen.out_of_memory);
    REQUIRE(seen.done_ok);
    CHECK_FALSE(*seen.done_ok);
    CHECK(seen.done_message == "it failed");

    Collected none;
    CHECK(dispatch(result_frame(sample_result()), none).malformed == "it did not begin with the worker's greeting");
    CHECK(none.results.empty());
    Result other = sample_result();
    other.plugin = "someone-else";
    CHECK(dispatch(hello() + result_frame(other), none).malformed == "a result for another plugin, 'someone-else'");
    CHECK(dispatch(hello() + frame(frames::Type::done, done) + result_frame(sample_result()), none).malformed ==
          "it sent more after it had finished");
    CHECK(dispatch(hello() + frame(frames::Type::progress, "short"), none).malformed.find("a progress report that could not be read") == 0);
    CHECK(none.results.empty());
    Collected partial;
    auto cut = dispatch(hello() + result_frame(sample_result()).substr(0, 10), partial);
    CHECK(cut.malformed.empty());
    CHECK(cut.truncated);
}

TEST_CASE("worker endings: each way a worker ends has its status and a reason to act on") {
    PluginLimits limits;
    limits.timeout = std::chrono::seconds(2);
    limits.memory = 256ull << 20;
    auto exited = [](int code) { return code << 8; };  // as waitpid() reports an exit
    WorkerSeen fine;
    fine.done_ok = true;
    CHECK(judge(fine, limits).status == PluginStatus::ok);

    WorkerSeen segv;
    segv.wait_status = SIGSEGV;
    segv.last_log = "judged\n3 things";
    auto e = judge(segv, limits);
    CHECK(e.status == PluginStatus::crashed);
    CHECK(e.reason == "killed by signal SIGSEGV (Segmentation fault); its last message was \"judged 3 things\"");

    WorkerSeen quit;
    quit.wait_status = exited(7);
    CHECK(judge(quit, limits).reason == "exited with status 7 before it finished");
    quit.wait_status = exited(0);  // exit(0) mid-run is no more a finish than exit(7)
    CHECK(judge(quit, limits).status == PluginStatus::crashed);

    WorkerSeen slow = segv;
    slow.timed_out = true;
    slow.wait_status = SIGKILL;
    CHECK(judge(slow, limits).status == PluginStatus::timed_out);
    CHECK(judge(slow, limits).reason.find("did not finish within --plugin-timeout 2s and was stopped") == 0);

    WorkerSeen hog;
    hog.done_ok = false;
    hog.done_message = "plugin threw: std::bad_alloc";
    hog.out_of_memory = true;
    CHECK(judge(hog, limits).status == PluginStatus::failed);
    CHECK(judge(hog, limits).reason == "ran out of memory: it reached its limit (--plugin-memory 256 MiB): plugin threw: std::bad_alloc");
    hog.done_ok = true;  // it caught the failure and carried on: what it delivered may lack results
    CHECK(judge(hog, limits).status == PluginStatus::failed);

    WorkerSeen chatty = fine;
    chatty.stdout_bytes = 12;
    CHECK(judge(chatty, limits).status == PluginStatus::failed);
    CHECK(judge(chatty, limits).reason.find("wrote 12 byte(s) to standard output") == 0);

    WorkerSeen junk = fine;
    junk.malformed = "a frame of unknown type 99";
    CHECK(judge(junk, limits).reason == "sent malformed output (a frame of unknown type 99) and was stopped");
    WorkerSeen cut = fine;
    cut.truncated = true;
    CHECK(judge(cut, limits).status == PluginStatus::failed);
    CHECK(signal_name(SIGABRT) == "SIGABRT (Aborted)");
}

TEST_CASE("limits: durations and sizes as people write them, and nothing else") {
    using std::chrono::milliseconds;
    CHECK(std::get<milliseconds>(util::parse_duration("90s")) == milliseconds(90'000));
    CHECK(std::get<milliseconds>(util::parse_duration("30m")) == milliseconds(1'800'000));
    CHECK(std::get<milliseconds>(util::parse_duration("2h")) == milliseconds(7'200'000));
    CHECK(std::get<milliseconds>(util::parse_duration("250ms")) == milliseconds(250));
    for (const char* bad : {"", "90", "s", "1.5h", "-1s", "10 parsecs", "0s", "400d"})
        CHECK_MESSAGE(std::holds_alternative<std::string>(util::parse_duration(bad)), bad);
    CHECK(std::get<std::uint64_t>(util::parse_size("512MiB")) == 512ull << 20);
    CHECK(std::get<std::uint64_t>(util::parse_size("4GiB")) == 4ull << 30);
    CHECK(std::get<std::uint64_t>(util::parse_size("2GB")) == 2'000'000'000ull);
    for (const char* bad : {"", "512", "4gib", "1.5GiB", "99999999999999999999TiB"})
        CHECK_MESSAGE(std::holds_alternative<std::string>(util::parse_size(bad)), bad);
    CHECK(std::get<std::string>(run::memory_from("1MiB")) == "'1MiB' is too little for any plugin; give at least 16 MiB");
    CHECK(util::format_duration(milliseconds(5'400'000)) == "1h 30m");
    CHECK(util::format_duration(milliseconds(2'000)) == "2s");
    CHECK(util::format_size(256ull << 20) == "256 MiB");
    CHECK(util::format_size(1500) == "1500 bytes");
}

TEST_CASE("collector: a plugin's counts join the totals only when it completes, and its results stream on either way") {
    rules::RuleSet rs;
    rules::Rule rule;
    rule.id = "r.one";
    rs.rules.push_back(rule);
    struct Listed final : ResultStream {
        std::size_t n = 0;
        void add(const Result&) override { ++n; }
    } listed;
    SummaryCounts counts;
    ResultFanout fanout(false);
    fanout.add_counter(counts);
    fanout.add_lister(listed);
    // Each result names the plugin that made it, as the rule engine's always do.
    auto deliver = [&](ResultCollector& c, const char* plugin, Outcome o) {
        Result r = sample_result();
        r.plugin = plugin;
        r.rule = "r.one";
        r.outcome = o;
        c.add(std::move(r));
    };
    ResultCollector partial(fanout, "p", rs);
    deliver(partial, "p", Outcome::fail);
    deliver(partial, "p", Outcome::pass);
    CHECK(partial.delivered() == 2);
    partial.finish(false);
    ResultCollector whole(fanout, "q", rs);
    deliver(whole, "q", Outcome::fail);
    whole.finish(true);
    CHECK(listed.n == 3);  // every result went on to the reports and the history
    RunResult run;
    counts.fill(run);
    REQUIRE(run.rule_summary.size() == 1);  // only the plugin that completed
    CHECK(run.rule_summary[0].plugin == "q");
    CHECK(run.rule_summary[0].fail == 1);
    CHECK(run.totals.evaluated == 1);
    CHECK(run.by_area["A"].fail == 1);
}

TEST_CASE("frame writer: a result too large to send fails the plugin, a section too large is left out and said") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    {
        frames::Writer out(fds[1]);
        ReportSection big;
        big.svg.assign(frames::kMaxFrame, 'x');
        out.section(std::move(big));
        Result huge = sample_result();
        huge.message.assign(frames::kMaxFrame, 'x');
        CHECK_THROWS_AS(out.add(std::move(huge)), std::length_error);
        out.done(Status::ok());  // what the plugin said does not matter: a result is missing
    }
    ::close(fds[1]);
    std::string bytes;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) bytes.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    Collected got;
    WorkerSeen seen;
    FrameDispatch dispatch("p", got, seen);
    dispatch.bytes(bytes);
    CHECK(seen.malformed.empty());
    CHECK(got.sections.empty());
    REQUIRE(got.logs.size() == 1);
    CHECK(got.logs[0].find("a report section of ") == 0);
    CHECK(got.logs[0].find("was left out of the report") != std::string::npos);
    REQUIRE(seen.done_ok);
    CHECK_FALSE(*seen.done_ok);
    CHECK(seen.done_message.find("it produced a result of ") == 0);
}
