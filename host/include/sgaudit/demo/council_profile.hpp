#pragma once
// The shape of the demo council: rules/demo/council.toml, read and checked. Every value has a
// declared type and range (council_profile.cpp), and a value of the wrong type, out of range,
// missing or unknown is an error at its file:line:column, never a default: text where a number
// belongs is not 0, and no value can make the generator loop for ever or exhaust memory.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sgaudit/rules/diagnostics.hpp"
#include "sgaudit/sdk/date.hpp"

namespace sgaudit::demo {

struct Area {
    std::string id, name;
    double children = 0, open_cases = 0, fte = 0;
};

struct Year {
    std::string label;
    double rate = 0, repeat_share = 0, ia_share = 0;
};

// The partner agencies under the Section 11 duty in the demo council, at any scale.
constexpr std::size_t kSection11Agencies = 12;

struct Profile {
    Date first, last;
    std::vector<Area> areas;
    std::vector<Year> years;  // three reporting years, from first_day
    // [plans], [workforce], [lapses], [timescales] and [section11]: every key of council_profile.cpp's tables.
    std::map<std::string, double> plans, workforce, lapses, timescales, section11;
};

// Reads and checks the profile; false with every problem in `diags` when it is not usable.
bool load_profile(const std::filesystem::path& file, Profile& profile, rules::Diagnostics& diags);

}  // namespace sgaudit::demo
