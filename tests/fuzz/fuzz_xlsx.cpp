// The workbook reader behind `collect` (filled-in Section 11 returns, stocktake registers,
// judgements): any bytes give cells or an error naming the part, never a crash or a hang.
#include "fuzz_input.hpp"
#include "sgaudit/workbook/xlsx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)sgaudit::workbook::read_xlsx_bytes(fuzz::text(data, size), "fuzz.xlsx");
    return 0;
}
