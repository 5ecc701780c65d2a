// The waiver file loader (`--waivers`): any file gives waivers or diagnostics at
// file:line:column.
#include "fuzz_input.hpp"
#include "sgaudit/rules/waivers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::as_file(data, size, "fuzz-waivers.toml");
    sgaudit::rules::Diagnostics diags;
    (void)sgaudit::rules::Waivers::load(file, diags);
    return 0;
}
