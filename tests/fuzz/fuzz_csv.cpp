// The CSV reader behind `db import`: any bytes give rows or errors at file:line, never a crash.
#include "fuzz_input.hpp"
#include "sgaudit/data/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)sgaudit::data::read_csv_text(fuzz::text(data, size), "fuzz.csv");
    return 0;
}
