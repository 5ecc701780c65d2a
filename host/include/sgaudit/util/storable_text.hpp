#pragma once
// Text as a database will keep it: valid UTF-8 (bad bytes become U+FFFD) and no NUL bytes,
// which PostgreSQL refuses. Case systems are not always UTF-8, and every report and the history
// must say the same, so each result is made storable once, as it leaves the rule engine.
#include <string>
#include <string_view>

#include "sgaudit/sdk/result.hpp"

namespace sgaudit::util {

std::string storable_text(std::string_view s);

// The length of the valid UTF-8 character (not NUL) at s[i], or 0 when there is none.
std::size_t storable_char_length(std::string_view s, std::size_t i);

// True when `s` is already storable (the common case: nothing to copy).
bool is_storable(std::string_view s);

// Every text of a result that came from case data or a plugin, in place.
void make_storable(Result& r);

}  // namespace sgaudit::util
