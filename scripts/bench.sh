#!/usr/bin/env bash
# Performance figures (not a test): builds, starts a throwaway PostgreSQL, then for each scale
# (default 1 10 100; scale 100 is national size, ~600,000 referrals a year) builds the demo
# council on SQLite and PostgreSQL and runs every plugin on each, printing one table: rows
# read, wall time, rows/s, peak RSS, the floor (the plugin's declared columns read by the
# sqlite3 shell / psql) and the ratio to it, history write time and size; then the figures for
# every result as JSON, re-rendering and comparing runs, and the growth between the two largest
# scales. Without PostgreSQL (BENCH_NO_PG=1) only SQLite is measured.
#   bash scripts/bench.sh            # scales 1 10 100
#   bash scripts/bench.sh 1 10       # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench >/dev/null
bash scripts/build.sh sgaudit audit-plugins sgaudit_bench >/dev/null
work=$(mktemp -d /var/tmp/sgaudit-bench.XXXXXX)
pg_dir=""
cleanup() {
  [ -n "$pg_dir" ] && bash scripts/pg-test-server.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
if [ -z "${BENCH_NO_PG:-}" ]; then
  eval "$(bash scripts/pg-test-server.sh start "${SGAUDIT_BENCH_PG_PORT:-54339}")"
  pg_dir=$SGAUDIT_TEST_PG_DIR
  export SGAUDIT_TEST_PG_URL
fi
echo "# sgaudit benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD)"
if [ $# -eq 0 ]; then set -- 1 10 100; fi
./build/tests/sgaudit_bench "$work" "$@"
