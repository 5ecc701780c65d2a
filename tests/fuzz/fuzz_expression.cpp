// The rule expression parser (`check = { kind = "expression", expr = ... }`, `when = ...`):
// any text gives an Expression or an ExprError with a column, never a crash or a hang.
#include "fuzz_input.hpp"
#include "sgaudit/rules/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parsed = sgaudit::rules::Expression::parse(fuzz::text(data, size));
    if (auto* e = std::get_if<sgaudit::rules::Expression>(&parsed)) (void)e->identifiers();
    return 0;
}
