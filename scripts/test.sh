#!/usr/bin/env bash
# The README's second command: set up, build, start a throwaway PostgreSQL, run every test
# (CTest) and stop the server whatever happens. PostgreSQL tests fail, never skip, when the
# server cannot be started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
bash scripts/build.sh
# playwright-core drives Debian's Chromium (no browser download); pinned by package-lock.json.
(cd tests/browser && npm ci --no-audit --no-fund --silent)
bash scripts/ctest-with-pg.sh build "$@"
