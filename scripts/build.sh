#!/usr/bin/env bash
# Installs what is missing, then configures and builds sgaudit into ./build (idempotent).
# With arguments, builds only those targets (the demo needs only `sgaudit` and its plugins).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build -j "$(nproc)" --target "$@"
else
  cmake --build build -j "$(nproc)"
fi
