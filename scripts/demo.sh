#!/usr/bin/env bash
# The README's first command: set up, build, then build the synthetic demo council in an
# embedded SQLite file and run every installed audit on it as of 31 March 2009.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh sgaudit audit-plugins
exec ./build/bin/sgaudit demo --out "${SGAUDIT_DEMO_DIR:-sgaudit-demo}" "$@"
