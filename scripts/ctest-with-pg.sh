#!/usr/bin/env bash
# Runs CTest in BUILD_DIR with a throwaway PostgreSQL (scripts/pg-test-server.sh) that is stopped
# whatever happens; arguments after BUILD_DIR go to ctest. PostgreSQL tests fail, never skip,
# when the server cannot be started. Used by scripts/test.sh and scripts/sanitize.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
shift
pg_env=$(bash scripts/pg-test-server.sh start "${SGAUDIT_TEST_PG_PORT:-54329}") || {
  echo "test: could not start the throwaway PostgreSQL; the PostgreSQL tests will fail" >&2
  pg_env=""
}
eval "$pg_env"
cleanup() { [ -n "${SGAUDIT_TEST_PG_DIR:-}" ] && bash scripts/pg-test-server.sh stop "$SGAUDIT_TEST_PG_DIR"; }
trap cleanup EXIT INT TERM
# A test that hangs (a deadlock, say) fails after 5 minutes instead of holding the run: the
# slowest test takes about 25 s, under AddressSanitizer.
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300 "$@"
