#pragma once

// Which cell styles show dates: styles.xml's cell formats (<cellXfs>) and the number formats
// they use, built in or custom (<numFmts>).

#include <cstdint>
#include <vector>

#include "xml_part.hpp"

namespace sgaudit::workbook {

class CellStyles {
public:
    CellStyles() = default;  // no styles part: nothing is a date
    explicit CellStyles(const XmlPart& styles);

    // Whether the cell format at this index (a cell's s="...") shows a date. An index the
    // styles do not have is an ordinary number, as a spreadsheet program shows it.
    bool is_date(std::uint32_t style_index) const {
        return style_index < date_styles_.size() && date_styles_[style_index];
    }

private:
    std::vector<bool> date_styles_;
};

}  // namespace sgaudit::workbook
