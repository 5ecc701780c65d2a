#pragma once
// How the Section 11 sections word things: agencies, dates, ratings and rule outcomes.
#include <string>

#include "judged.hpp"

namespace s11 {

// "Demo County Council (O001)", or the id alone when the agency has no name recorded.
std::string agency_name(const S11Data& d, const std::string& org_id);
// A date read from the data, as the table cell of a date column: "2009-03-31", "" when not
// recorded, and words (never the value) when it cannot be read.
std::string date_cell(const sgaudit::Read<sgaudit::Date>& d);
// A rule's outcome in a word or two: "Met", "Not met", "Not yet due", "Waived", "Could not be judged".
std::string outcome_word(const sgaudit::RuleOutcome* o);
// At most `max` characters (UTF-8 code points), with an ellipsis when cut.
std::string shortened(const std::string& s, std::size_t max);
// The background of a rating of this RAG colour: light tints, so black text reads on each; the
// words always carry the meaning.
std::string rag_fill(const std::string& rag);
// A rating code's label on the scale, or what to say when there is none.
std::string rating_label(const Settings& s, const std::string& code);

}  // namespace s11
