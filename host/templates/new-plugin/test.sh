#!/usr/bin/env bash
# The plugin's tests: builds it against the installed SDK, runs the cases in tests/ (rows worked by
# hand and the outcome expected of each rule) and the conformance suite.
#   SGAUDIT=/where/sgaudit/is/installed/bin/sgaudit bash test.sh
set -euo pipefail
cd "$(dirname "$0")"
sgaudit=${SGAUDIT:-sgaudit}
prefix=$(cd "$(dirname "$(command -v "$sgaudit")")/.." && pwd)
cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build >/dev/null
opts=(--plugin-dir build/bin/plugins --rules-dir rules)
"$sgaudit" "${opts[@]}" rules test tests
"$sgaudit" "${opts[@]}" plugins check @NAME@
