#include "timeline.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "sheet_words.hpp"

namespace cp4 {
using sgaudit::Date;
using sgaudit::xml_escape;

std::vector<Gap> visit_gaps(const sgaudit::WorkingCalendar& cal, Date start, const sgaudit::DateList& seen, Date until, int limit) {
    std::vector<Gap> out;  // the SDK's one convention, the gaps over the limit kept
    for (const auto& g : sgaudit::visit_gaps(start, seen, until, sgaudit::GapUnit::working_days, cal))
        if (g.length > limit) out.push_back({g.from, g.to, g.length});
    return out;
}

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string text_at(double x, double y, const char* cls, const std::string& words, const char* anchor = "start") {
    return "<text class=\"" + std::string(cls) + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" +
           xml_escape(words) + "</text>";
}

std::string circle(double cx, double cy, const std::string& cls, const std::string& title = {}) {
    const std::string at = "<circle class=\"" + cls + "\" cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"4\"";
    return title.empty() ? at + "/>" : at + "><title>" + xml_escape(title) + "</title></circle>";
}

std::string line(const char* cls, double x1, double y1, double x2, double y2) {
    return "<line class=\"" + std::string(cls) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
           "\"/>";
}

// Where things go: the lanes' names on the left, the dates from `first` to the audit date across.
constexpr double kLeft = 100, kWidth = 584, kTop = 14, kAxis = 104;
constexpr double kConference = 44, kCore = 66, kVisit = 88;
constexpr double kCharWidth = 5.2;  // of 9px sans-serif text, near enough to keep labels apart

struct Scale {
    Date first, last;
    double x(Date d) const { return kLeft + kWidth * (d - first) / std::max(1, last - first); }
    bool shows(Date d) const { return d >= first && d <= last; }
};

// More marks than a person can tell apart (a runaway extract can hold millions of visits) are
// drawn one per few pixels, its title saying how many it stands for (and, for visits, how many
// saw the child); the SVG stays small whatever the data holds.
constexpr std::size_t kMaxVisitMarks = 120;
constexpr double kBinPixels = 4;

struct LaneStyle {
    double cy;
    const char *on, *off;       // classes: child seen (or any meeting), and not seen
    const char *one, *many;     // "Visit", "visits"
    bool about_seeing = false;  // titles say whether the child was seen
};

std::string single_title(const LaneStyle& l, Date d, bool seen) {
    return std::string(l.one) + (l.about_seeing ? (seen ? ", child seen" : ", child not seen") : "") + ", " + long_date(d);
}

// Marks (only those on the scale), in date order, binned when there are too many.
void lane_marks(const std::vector<std::pair<Date, bool>>& marks, const Scale& sc, const LaneStyle& l, std::string& s) {
    std::vector<std::pair<Date, bool>> shown;
    for (const auto& m : marks)
        if (sc.shows(m.first)) shown.push_back(m);
    std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (shown.size() <= kMaxVisitMarks) {
        for (const auto& [d, seen] : shown) s += circle(sc.x(d), l.cy, seen ? l.on : l.off, single_title(l, d, seen));
        return;
    }
    auto bin_of = [&](Date d) { return static_cast<long>(sc.x(d) / kBinPixels); };
    for (std::size_t i = 0; i < shown.size();) {
        const long bin = bin_of(shown[i].first);
        const Date from = shown[i].first;
        Date to = from;
        std::size_t n = 0, seen = 0;
        for (; i < shown.size() && bin_of(shown[i].first) == bin; ++i, ++n) {
            to = shown[i].first;
            seen += shown[i].second ? 1 : 0;
        }
        std::string title = std::to_string(n) + " " + l.many + " " + long_date(from) + " to " + long_date(to);
        if (l.about_seeing) title += ", child seen at " + std::to_string(seen);
        s += circle((static_cast<double>(bin) + 0.5) * kBinPixels, l.cy, seen ? l.on : l.off, title);
    }
}

std::vector<std::pair<Date, bool>> all_on(const std::vector<Date>& dates) {
    std::vector<std::pair<Date, bool>> out;
    out.reserve(dates.size());
    for (Date d : dates) out.push_back({d, true});
    return out;
}

// The conferences, each labelled above its mark on the first of two lines with room for it
// (a label with no room is left out; the mark keeps its title and the legend its colour).
void conference_lane(const TimelineInput& t, const Scale& sc, std::string& s) {
    struct Event { Date d; const char* cls; const char* label; const char* title; };
    std::vector<Event> events;
    if (t.s47_start) events.push_back({*t.s47_start, "strategy", "Strategy", "Strategy discussion"});
    if (t.icpc) events.push_back({*t.icpc, "icpc", "ICPC", "Initial conference (ICPC)"});
    const bool many_reviews = t.reviews.size() > kMaxVisitMarks;
    if (!many_reviews)
        for (Date d : t.reviews) events.push_back({d, "review", "Review", "Review conference"});
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.d < b.d; });
    std::array<double, 2> line_end{kLeft - 40, kLeft - 40};
    for (const auto& e : events) {
        if (!sc.shows(e.d)) continue;
        const double x = sc.x(e.d), half = kCharWidth * static_cast<double>(std::string(e.label).size()) / 2;
        s += circle(x, kConference, e.cls, std::string(e.title) + ", " + long_date(e.d));
        for (std::size_t line = 0; line < line_end.size(); ++line)
            if (x - half > line_end[line] + 3) {
                s += text_at(x, kConference - 10 - 10 * static_cast<double>(line), "mark", e.label, "middle");
                line_end[line] = x + half;
                break;
            }
    }
    if (many_reviews)
        lane_marks(all_on(t.reviews), sc, {kConference, "review", "review", "Review conference", "review conferences", false}, s);
}

const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string short_date(Date d) { return std::to_string(d.day()) + " " + kMonths[d.month() - 1] + " " + std::to_string(d.year()); }

// Ticks on Mondays for a span of up to about two months, else on the first of every 1, 2, 3,
// 6 or 12 months (whichever gives at most 7); none so near an end that its label would touch
// the end's date.
std::vector<std::pair<Date, std::string>> ticks(const Scale& sc) {
    std::vector<std::pair<Date, std::string>> out;
    const int span = sc.last - sc.first;
    if (span <= 62) {
        for (Date d = sc.first.plus_days(1); d < sc.last; d = d.plus_days(1))
            if (d.iso_weekday() == 1) out.push_back({d, std::to_string(d.day()) + " " + kMonths[d.month() - 1]});
    } else {
        const int months = (sc.last.year() - sc.first.year()) * 12 + static_cast<int>(sc.last.month()) -
                           static_cast<int>(sc.first.month());
        int step = 12;
        for (int s : {1, 2, 3, 6, 12})
            if (months / s <= 7) { step = s; break; }
        for (Date d = *Date::from_ymd(sc.first.year(), sc.first.month(), 1); d < sc.last; d = sgaudit::add_months(d, 1))
            if (d > sc.first && (static_cast<int>(d.month()) - 1) % step == 0)
                out.push_back({d, (step == 12 ? std::string() : std::string(kMonths[d.month() - 1]) + " ") + std::to_string(d.year())});
    }
    std::erase_if(out, [&](const auto& t) { return sc.x(t.first) - kLeft < 70 || kLeft + kWidth - sc.x(t.first) < 70; });
    return out;
}

void axis(const Scale& sc, std::string& s) {
    s += line("axis", kLeft, kAxis, kLeft + kWidth, kAxis);
    for (const auto& [d, label] : ticks(sc)) {
        const double x = sc.x(d);
        s += line("axis", x, kAxis, x, kAxis + 4);
        s += text_at(x, kAxis + 14, "tick", label, "middle");
    }
    s += text_at(kLeft, kAxis + 14, "tick", short_date(sc.first));
    s += text_at(kLeft + kWidth, kAxis + 14, "tick", short_date(sc.last), "end");
    s += line("today", kLeft + kWidth, kTop, kLeft + kWidth, kAxis);  // the audit date, where the picture stops
    for (const auto& [y, name] : {std::pair{kConference, "Conferences"}, std::pair{kCore, "Core groups"}, std::pair{kVisit, "Visits"}})
        s += text_at(6, y + 3, "lane", name);
}

// Every kind of mark and the shading, explained inside the picture.
void legend(int visit_limit, std::string& s) {
    const double y0 = 138, row = 16;
    const std::array<double, 3> cols{6, 236, 466};
    struct Item { const char* cls; const char* kind; std::string words; };
    const std::vector<Item> items = {
        {"strategy", "circle", "Strategy discussion"}, {"icpc", "circle", "Initial conference (ICPC)"},
        {"review", "circle", "Review conference"},     {"core", "circle", "Core group"},
        {"seen", "circle", "Visit, child seen"},       {"unseen", "circle", "Visit, child not seen"},
        {"gap", "rect", "Not seen for over " + std::to_string(visit_limit) + " working days"},
        {"today", "line", "Audit date"},
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
        const double x = cols[i % cols.size()], y = y0 + row * static_cast<double>(i / cols.size());
        const Item& it = items[i];
        // The swatches' own class "key" keeps them apart from the marks they explain.
        const std::string kind = it.kind, cls = std::string(it.cls) + " key";
        if (kind == "circle") s += circle(x + 5, y - 3, cls);
        else if (kind == "rect") s += "<rect class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y - 8) + "\" width=\"10\" height=\"10\"/>";
        else s += line("today key", x + 5, y - 9, x + 5, y + 2);
        s += text_at(x + 15, y, "legend", it.words);
    }
}

}  // namespace

std::string timeline_svg(const TimelineInput& t) {
    Scale sc{t.s47_start && *t.s47_start < t.plan_start ? *t.s47_start : t.plan_start, t.as_of};
    std::string s =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 700 184\" width=\"700\" height=\"184\" role=\"img\" "
        "aria-label=\"Timeline from " + long_date(sc.first) + " to the audit date, " + long_date(sc.last) + "\">"
        "<style>svg.timeline .gap{fill:#f6d5d2}svg.timeline .axis{stroke:#888}svg.timeline .today{stroke:#b3261e;stroke-dasharray:3 2}"
        "svg.timeline text{font:9px sans-serif;fill:#333}svg.timeline .lane{font-weight:bold}svg.timeline .strategy{fill:#555}"
        "svg.timeline .icpc{fill:#1f5f8b}svg.timeline .review{fill:#2e7d4f}svg.timeline .core{fill:#c98a00}"
        "svg.timeline .seen{fill:#1d2a36}svg.timeline .unseen{fill:#fff;stroke:#b3261e}</style>";
    // Missed intervals first, behind everything else.
    for (const auto& g : t.gaps)
        s += "<rect class=\"gap\" x=\"" + num(sc.x(g.from)) + "\" y=\"" + num(kTop) + "\" width=\"" +
             num(std::max(2.0, sc.x(g.to) - sc.x(g.from))) + "\" height=\"" + num(kAxis - kTop) + "\"><title>" +
             xml_escape("Not seen for " + std::to_string(g.working_days) + " working days, " + long_date(g.from) + " to " + long_date(g.to) +
                        " (limit " + std::to_string(t.visit_limit) + ")") +
             "</title></rect>";
    axis(sc, s);
    conference_lane(t, sc, s);
    lane_marks(all_on(t.core_groups), sc, {kCore, "core", "core", "Core group", "core groups", false}, s);
    lane_marks(t.visits, sc, {kVisit, "seen", "unseen", "Visit", "visits", true}, s);
    legend(t.visit_limit, s);
    return s + "</svg>";
}

}  // namespace cp4
