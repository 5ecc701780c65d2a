#pragma once

// Excel's dates: serial day numbers shown through a date number format.

#include <optional>
#include <string_view>

#include "sgaudit/sdk/date.hpp"

namespace sgaudit::workbook {

// The day a serial number stands for. In the 1900 system serial 1 is 1900-01-01 and, as in
// Excel (which kept Lotus 1-2-3's mistake), serial 60 is 1900-02-29, a day that never was, so
// from serial 61 (1900-03-01) on a serial counts from 1899-12-30. In the 1904 system serial 0 is
// 1904-01-01. The fraction (the time of day) is dropped. nullopt for serial 60 and for numbers
// before the system's first day or after 9999-12-31.
std::optional<Date> excel_serial_to_date(double serial, bool date1904);

// Built-in number formats 14-17 and 22 show dates (m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy,
// m/d/yyyy h:mm). 18-21 and 45-47 show only times or durations and are not date formats.
bool is_builtin_date_format(unsigned id);

// A custom format code shows a date when, outside quoted text, escaped characters and [...]
// sections, it has a day or year token, or a month token with no hour or second beside it (in
// "h:mm" and "mm:ss" the m is minutes). Elapsed-time formats ([h]:mm) are not dates.
bool is_date_format_code(std::string_view code);

}  // namespace sgaudit::workbook
