// The TOML rule set loader (toml++ and everything checked after it: parameters, lists, rules,
// expressions, check arguments): any file gives a rule set or diagnostics at file:line:column.
// `extends` and calendars are found in the repository's rules/.
#include "fuzz_input.hpp"
#include "sgaudit/rules/ruleset_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::as_file(data, size, "fuzz-rules.toml");
    sgaudit::rules::LoadOptions options;
    options.rule_dirs = {SGAUDIT_SOURCE_DIR "/rules"};
    sgaudit::rules::Diagnostics diags;
    (void)sgaudit::rules::load_ruleset(file, options, diags);
    return 0;
}
