#pragma once
// What `sgaudit` returns, for scripts and schedulers.
namespace sgaudit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;    // failures at or above --fail-on; a history that does not verify
inline constexpr int kExitUsage = 2;       // usage, rule, data or storage error
inline constexpr int kExitIncomplete = 3;  // a plugin did not complete
inline constexpr int kExitInterrupted = 130;  // Ctrl-C or SIGTERM during the audit: nothing stored or written

}  // namespace sgaudit::cli
