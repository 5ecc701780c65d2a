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
pg_env=$(bash scripts/pg-test-server.sh start "${SGAUDIT_TEST_PG_PORT:-54329}") || {
  echo "test: could not start the throwaway PostgreSQL; the PostgreSQL tests will fail" >&2
  pg_env=""
}
eval "$pg_env"
cleanup() { [ -n "${SGAUDIT_TEST_PG_DIR:-}" ] && bash scripts/pg-test-server.sh stop "$SGAUDIT_TEST_PG_DIR"; }
trap cleanup EXIT INT TERM
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
