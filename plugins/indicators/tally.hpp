#pragma once
// Numerators and denominators as the records are counted: for the whole council ("ALL") and
// for each area, for each reporting year; and, for `sgaudit run --explain`, every record counted.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sgaudit/sdk/date.hpp"

namespace indicators {
using namespace sgaudit;

inline constexpr const char* kCouncil = "ALL";  // as sga_population names the whole council

// A reporting year (1 April to 31 March, labelled "2008/09"), or a --period and the same span
// in the years before it.
struct Year {
    std::string label;
    Date start, end;
};

struct Tally {
    double numerator = 0, denominator = 0;
    bool denominator_recorded = true;  // false: a denominator from data (a population) is not there
    std::string error;                 // a value it depends on cannot be read: the result is `error`
};

// One record's part in a figure, for --explain: which year, where, and how it counted.
struct Counted {
    std::string year, area, record, person, how;
};

class Tallies {
public:
    Tallies(std::vector<Year> years, std::vector<std::string> areas);

    // The record counts towards the council and, when placed, its area.
    void add(std::size_t year, const std::string& area, double numerator, double denominator);
    // A value that cannot be read: the council's figure and the area's (every year when `year` is
    // empty, because the value would have said which) become errors.
    void fail(std::optional<std::size_t> year, const std::string& area, const std::string& why);
    // Which area a record belongs to cannot be told: every area's figure becomes an error.
    void fail_areas(std::optional<std::size_t> year, const std::string& why);
    // Only this one figure (the council's, kCouncil, or one area's) becomes an error.
    void fail_at(std::size_t year, const std::string& where, const std::string& why);
    void set_denominator(std::size_t year, const std::string& area, std::optional<double> denominator);

    const Tally& at(std::size_t year, const std::string& area) const;
    const std::vector<Year>& years() const { return years_; }
    const std::vector<std::string>& areas() const { return areas_; }

    // Records are listed only when asked (explaining one indicator).
    void explain(bool on) { explaining_ = on; }
    bool explaining() const { return explaining_; }
    void note(std::size_t year, const std::string& area, const std::string& record, const std::string& person, std::string how);
    // A record left out of every year because the date that says which is not recorded.
    void note_undated(const std::string& area, const std::string& record, const std::string& person, std::string how);
    const std::vector<Counted>& counted() const { return counted_; }

private:
    Tally& slot(std::size_t year, const std::string& area);
    std::vector<Year> years_;
    std::vector<std::string> areas_;
    std::map<std::pair<std::size_t, std::string>, Tally> by_;
    bool explaining_ = false;
    std::vector<Counted> counted_;
};

// The index of the year holding `d`, if any.
std::optional<std::size_t> year_of(const std::vector<Year>& years, Date d);

}  // namespace indicators
