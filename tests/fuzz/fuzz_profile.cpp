// The demo council's profile loader (`demo --rules-dir`, rules/demo/council.toml): any file
// gives a profile or diagnostics; a profile that would make the generator loop for ever (the
// hang the hostile review found) is refused here.
#include "fuzz_input.hpp"
#include "sgaudit/demo/council_profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::as_file(data, size, "fuzz-council.toml");
    sgaudit::demo::Profile profile;
    sgaudit::rules::Diagnostics diags;
    (void)sgaudit::demo::load_profile(file, profile, diags);
    return 0;
}
