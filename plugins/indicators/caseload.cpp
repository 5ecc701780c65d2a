// Open cases per FTE of qualified social workers, by area (the seed's Table 1; docs/indicators.md).
#include "counting.hpp"

namespace indicators {

// Only for the last year (the one the audit date ends): SSD keeps no history of staff, so the
// workers as they are now say nothing of an earlier year's FTE. Earlier years have no value.
void count_caseload(const Counting& c, Tallies& t) {
    if (t.years().empty()) return;
    const std::size_t last = t.years().size() - 1;
    for (std::size_t y = 0; y < last; ++y) {
        t.set_denominator(y, kCouncil, std::nullopt);
        for (const auto& a : t.areas()) t.set_denominator(y, a, std::nullopt);
    }
    for (std::size_t y = last; y < t.years().size(); ++y) {
        const Date d = t.years()[y].end;
        for (const auto& [person, allocations] : c.data.allocations) {
            Placement p = c.data.place(person, d);
            if (p.by == Placement::By::unknown) {
                t.fail(y, "", p.error);
                t.fail_areas(y, p.error);
                continue;
            }
            if (p.by != Placement::By::allocation) continue;
            t.add(y, p.area, 1, 0);
            t.note(y, p.area, p.involvement_id, person, "numerator (an open case allocated to " + p.worker + ")");
        }
    }
    // Every qualified worker of the council's teams holds cases; SSD keeps no history of staff, so
    // earlier years count the workers as they are now (docs/indicators.md says so).
    for (const auto& [id, w] : c.data.workers) {
        if (!w.qualified) continue;
        const std::string area = c.area_of(w.team);
        if (!w.fte.ok()) {
            t.fail(last, area, w.fte.error);
            continue;
        }
        if (!w.fte.value) {  // a case-holder whose FTE is not recorded: the caseload cannot be worked out, never counted as 0
            t.fail(last, area, "ssd_professionals.prof_full_time_equivalency (prof_professional_id=" + id + ") is not recorded for a qualified worker");
            continue;
        }
        t.add(last, area, 0, *w.fte.value);
        t.note(last, area, id, "", "denominator (a qualified worker, FTE " + std::to_string(*w.fte.value).substr(0, 4) + ")");
    }
}

}  // namespace indicators
