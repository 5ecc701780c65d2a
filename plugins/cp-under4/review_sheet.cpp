#include "review_sheet.hpp"

#include <algorithm>
#include <cstdio>

namespace cp4 {
using sgaudit::Date;

std::vector<Gap> visit_gaps(const sgaudit::WorkingCalendar& cal, Date start, const sgaudit::DateList& seen, Date until, int limit) {
    std::vector<Gap> out;
    Date prev = start;
    auto close = [&](Date d) {
        int wd = cal.working_days_after(prev, d);
        if (wd > limit) out.push_back({prev, d, wd});
        prev = d;
    };
    for (Date d : seen)
        if (d > prev && d <= until) close(d);
    close(until);
    return out;
}

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// More visits than a person can tell apart (a runaway extract can hold millions) are drawn one
// mark per few pixels, its title saying how many visits it stands for and how many saw the
// child; the SVG stays small whatever the data holds.
constexpr std::size_t kMaxVisitMarks = 120;
constexpr double kBinPixels = 4;

template <class X>
void visit_marks(const TimelineInput& t, const X& x, std::string& s) {
    auto circle = [&](double cx, const char* cls, const std::string& title) {
        s += "<circle class=\"" + std::string(cls) + "\" cx=\"" + num(cx) + "\" cy=\"75\" r=\"4\"><title>" + title + "</title></circle>";
    };
    if (t.visits.size() <= kMaxVisitMarks) {
        for (const auto& [d, seen] : t.visits)
            if (d <= t.as_of) circle(x(d), seen ? "seen" : "unseen", std::string(seen ? "Visit, child seen " : "Visit, child not seen ") + d.iso());
        return;
    }
    std::size_t i = 0;
    while (i < t.visits.size() && t.visits[i].first <= t.as_of) {
        const long bin = static_cast<long>(x(t.visits[i].first) / kBinPixels);
        Date from = t.visits[i].first, to = from;
        std::size_t n = 0, seen = 0;
        for (; i < t.visits.size() && t.visits[i].first <= t.as_of && static_cast<long>(x(t.visits[i].first) / kBinPixels) == bin; ++i) {
            to = t.visits[i].first;
            ++n;
            seen += t.visits[i].second ? 1 : 0;
        }
        circle((static_cast<double>(bin) + 0.5) * kBinPixels, seen ? "seen" : "unseen",
               std::to_string(n) + " visits " + from.iso() + " to " + to.iso() + ", child seen at " + std::to_string(seen));
    }
}

}  // namespace

std::string timeline_svg(const TimelineInput& t) {
    const double left = 20, width = 660, top = 18;
    Date first = t.s47_start && *t.s47_start < t.plan_start ? *t.s47_start : t.plan_start;
    double span = std::max(1, t.as_of - first);
    auto x = [&](Date d) { return left + width * (d - first) / span; };
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 700 120\" width=\"700\" height=\"120\" "
                    "role=\"img\" aria-label=\"Timeline from the strategy discussion to the audit date\">"
                    "<style>.gap{fill:#f6d5d2}.axis{stroke:#888}.tl{font:9px sans-serif;fill:#333}.strategy{fill:#555}"
                    ".icpc{fill:#1f5f8b}.review{fill:#2e7d4f}.core{fill:#c98a00}.seen{fill:#1d2a36}.unseen{fill:#fff;stroke:#b3261e}</style>";
    // Missed intervals first, behind everything else.
    for (const auto& g : t.gaps)
        s += "<rect class=\"gap\" x=\"" + num(x(g.from)) + "\" y=\"" + num(top) + "\" width=\"" + num(std::max(2.0, x(g.to) - x(g.from))) +
             "\" height=\"84\"><title>Not seen for " + std::to_string(g.working_days) + " working days (" + g.from.iso() + " to " +
             g.to.iso() + "; limit " + std::to_string(t.visit_limit) + ")</title></rect>";
    s += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"104\" x2=\"" + num(left + width) + "\" y2=\"104\"/>";
    auto marker = [&](Date d, double y, const char* cls, const std::string& what) {
        s += "<circle class=\"" + std::string(cls) + "\" cx=\"" + num(x(d)) + "\" cy=\"" + num(y) + "\" r=\"4\"><title>" + what + " " +
             d.iso() + "</title></circle>";
    };
    if (t.s47_start) marker(*t.s47_start, 30, "strategy", "Strategy discussion");
    if (t.icpc) marker(*t.icpc, 30, "icpc", "Initial conference");
    for (Date d : t.reviews) marker(d, 30, "review", "Review conference");
    for (Date d : t.core_groups) marker(d, 50, "core", "Core group");
    visit_marks(t, x, s);
    s += "<text class=\"tl\" x=\"" + num(left) + "\" y=\"116\">" + first.iso() + "</text>";
    s += "<text class=\"tl\" x=\"" + num(left + width) + "\" y=\"116\" text-anchor=\"end\">" + t.as_of.iso() + "</text>";

    return s + "</svg>";
}

}  // namespace cp4
