#include "tally.hpp"

namespace indicators {

Tallies::Tallies(std::vector<Year> years, std::vector<std::string> areas) : years_(std::move(years)), areas_(std::move(areas)) {}

Tally& Tallies::slot(std::size_t year, const std::string& area) { return by_[{year, area}]; }

const Tally& Tallies::at(std::size_t year, const std::string& area) const {
    static const Tally none;
    auto it = by_.find({year, area});
    return it == by_.end() ? none : it->second;
}

void Tallies::add(std::size_t year, const std::string& area, double numerator, double denominator) {
    Tally& council = slot(year, kCouncil);
    council.numerator += numerator;
    council.denominator += denominator;
    if (area.empty()) return;
    Tally& t = slot(year, area);
    t.numerator += numerator;
    t.denominator += denominator;
}

void Tallies::fail(std::optional<std::size_t> year, const std::string& area, const std::string& why) {
    for (std::size_t y = 0; y < years_.size(); ++y) {
        if (year && *year != y) continue;
        for (const std::string& where : {std::string(kCouncil), area}) {
            if (where.empty()) continue;
            Tally& t = slot(y, where);
            if (t.error.empty()) t.error = why;
        }
    }
}

void Tallies::fail_areas(std::optional<std::size_t> year, const std::string& why) {
    for (std::size_t y = 0; y < years_.size(); ++y) {
        if (year && *year != y) continue;
        for (const auto& a : areas_) {
            Tally& t = slot(y, a);
            if (t.error.empty()) t.error = "which area a record belongs to cannot be told: " + why;
        }
    }
}

void Tallies::fail_at(std::size_t year, const std::string& where, const std::string& why) {
    Tally& t = slot(year, where);
    if (t.error.empty()) t.error = why;
}

void Tallies::note_undated(const std::string& area, const std::string& record, const std::string& person, std::string how) {
    if (explaining_) counted_.push_back({"(no date)", area, record, person, std::move(how)});
}

void Tallies::set_denominator(std::size_t year, const std::string& area, std::optional<double> denominator) {
    Tally& t = slot(year, area);
    t.denominator = denominator.value_or(0);
    t.denominator_recorded = denominator.has_value();
}

void Tallies::note(std::size_t year, const std::string& area, const std::string& record, const std::string& person, std::string how) {
    if (explaining_) counted_.push_back({years_[year].label, area, record, person, std::move(how)});
}

std::optional<std::size_t> year_of(const std::vector<Year>& years, Date d) {
    for (std::size_t y = 0; y < years.size(); ++y)
        if (years[y].start <= d && d <= years[y].end) return y;
    return std::nullopt;
}

}  // namespace indicators
